package org.netlever.server.billing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import org.netlever.aaa.ip.IpPool;
import org.netlever.aaa.ip.Ipv4Address;
import org.netlever.aaa.radius.RadiusAttribute;
import org.netlever.aaa.radius.RadiusDictionary;
import org.netlever.option82.MacAddress;
import org.netlever.server.ServeConfig;

/**
 * The reference billing's entries as the configuration's {@code billing} section writes them — what the operations
 * API answers and takes back as a {@code PUT} body, and what {@link BillingChanges} records before and after a
 * change. Every field is written, absent ones as {@code null}; money as decimal strings; a rate tariff's attributes
 * as {@code Name = value} lines of the dictionary.
 *
 * <p>Thread-safe: immutable.
 */
public final class BillingJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final RadiusDictionary dictionary;

    /**
     * Entries written with a dictionary.
     *
     * @param dictionary the dictionary rate tariffs' attributes are named by
     */
    public BillingJson(RadiusDictionary dictionary) {
        this.dictionary = Objects.requireNonNull(dictionary, "dictionary");
    }

    /**
     * A {@code billing.pools} entry.
     *
     * @param pool the pool
     * @return {@code {id, network, kind, gateway}}
     */
    public ObjectNode pool(IpPool pool) {
        ObjectNode out = MAPPER.createObjectNode();
        out.put("id", pool.id());
        out.put("network", pool.network().toString());
        out.put("kind", pool.kind());
        out.put("gateway", pool.gateway().map(Ipv4Address::toString).orElse(null));
        return out;
    }

    /**
     * A {@code billing.devices} entry.
     *
     * @param d the device
     * @return {@code {id, type, mac, serial, hostName, relayAddress, relayInterface}}
     */
    public ObjectNode device(ServeConfig.Device d) {
        ObjectNode out = MAPPER.createObjectNode();
        out.put("id", d.id());
        out.put("type", d.type());
        out.put("mac", d.mac().map(MacAddress::toString).orElse(null));
        out.put("serial", d.serial().orElse(null));
        out.put("hostName", d.hostName().orElse(null));
        out.put("relayAddress", d.relayAddress().map(Ipv4Address::toString).orElse(null));
        out.put("relayInterface", d.relayInterface().orElse(null));
        return out;
    }

    /**
     * A {@code billing.subscribers} entry, with its balance as it stands.
     *
     * @param s the subscriber
     * @return {@code {id, device, port, poolKind, phone, balance, domain, tariffPlan, rateTariff}}
     */
    public ObjectNode subscriber(ServeConfig.Subscriber s) {
        ObjectNode out = MAPPER.createObjectNode();
        out.put("id", s.id());
        out.put("device", s.device().orElse(null));
        if (s.port().isPresent()) {
            out.put("port", s.port().getAsInt());
        } else {
            out.putNull("port");
        }
        out.put("poolKind", s.poolKind());
        out.put("phone", s.phone().orElse(null));
        out.put("balance", s.balance().toPlainString());
        out.put("domain", s.pcrf().map(ServeConfig.PcrfPlan::domain).orElse(null));
        out.put("tariffPlan", s.pcrf().map(ServeConfig.PcrfPlan::tariffPlan).orElse(null));
        out.put("rateTariff", s.rateTariff().orElse(null));
        return out;
    }

    /**
     * A {@code billing.callTariffs} entry.
     *
     * @param t the tariff
     * @return {@code {prefix, perMinute}}
     */
    public ObjectNode callTariff(ServeConfig.CallTariff t) {
        ObjectNode out = MAPPER.createObjectNode();
        out.put("prefix", t.prefix());
        out.put("perMinute", t.perMinute().toPlainString());
        return out;
    }

    /**
     * A {@code billing.rateTariffs} entry.
     *
     * @param t the tariff
     * @return {@code {id, attributes}}, each attribute a {@code Name = value} line
     */
    public ObjectNode rateTariff(ServeConfig.RateTariff t) {
        ObjectNode out = MAPPER.createObjectNode();
        out.put("id", t.id());
        ArrayNode attributes = out.putArray("attributes");
        for (RadiusAttribute a : t.attributes()) {
            attributes.add(dictionary.format(a));
        }
        return out;
    }
}
