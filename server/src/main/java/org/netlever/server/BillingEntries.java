package org.netlever.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.netlever.aaa.radius.RadiusDictionary;

/**
 * One entry of a configuration's {@code billing} section read on its own — what the operations API's writes take as
 * their body — by the same code that reads the file ({@link BillingSection}), so an entry the API accepts is one the
 * file would accept and a problem reads the same. Problems name the field under {@value #BODY} (such as
 * {@code body.mac}); {@code body} alone for the entry as a whole.
 *
 * <p>Thread-safe: stateless; each read has its own problem list.
 */
public final class BillingEntries {

    /** The path problems of an entry are given under. */
    public static final String BODY = "body";

    private static final Path SOURCE = Path.of("request body");

    private BillingEntries() {
    }

    /**
     * A {@code billing.pools} entry.
     *
     * @param body the entry
     * @return the pool
     * @throws ConfigException with every problem found
     */
    public static ServeConfig.Pool pool(JsonNode body) {
        return read(body, (section, item) -> section.pool(item, BODY));
    }

    /**
     * A {@code billing.devices} entry, its type checked against the device managers.
     *
     * @param body the entry
     * @return the device
     * @throws ConfigException with every problem found
     */
    public static ServeConfig.Device device(JsonNode body) {
        return read(body, (section, item) -> section.device(item, BODY, section.knownDeviceTypes()));
    }

    /**
     * A {@code billing.rateTariffs} entry.
     *
     * @param body the entry
     * @param dictionary the dictionary its attributes are parsed with
     * @return the rate tariff
     * @throws ConfigException with every problem found
     */
    public static ServeConfig.RateTariff rateTariff(JsonNode body, RadiusDictionary dictionary) {
        return read(body, (section, item) -> section.rateTariff(item, BODY, dictionary));
    }

    /**
     * A {@code billing.callTariffs} entry.
     *
     * @param body the entry
     * @return the call tariff
     * @throws ConfigException with every problem found
     */
    public static ServeConfig.CallTariff callTariff(JsonNode body) {
        return read(body, (section, item) -> section.callTariff(item, BODY));
    }

    /**
     * A {@code billing.subscribers} entry, its references checked against what exists.
     *
     * @param body the entry
     * @param pcrf the PCRF section its tariff plan is checked against
     * @param device whether a device id exists
     * @param poolKinds the kinds of the pools there are (empty: any)
     * @param rateTariff whether a rate tariff id exists
     * @return the subscriber
     * @throws ConfigException with every problem found
     */
    public static ServeConfig.Subscriber subscriber(JsonNode body, ServeConfig.Pcrf pcrf, Predicate<String> device,
            Set<String> poolKinds, Predicate<String> rateTariff) {
        BillingSection.References references = new BillingSection.References(device, Set.copyOf(poolKinds),
                rateTariff);
        return read(body, (section, item) -> section.subscriber(item, BODY, pcrf, references));
    }

    private interface EntryReader<T> {
        T read(BillingSection section, JsonNode item);
    }

    private static <T> T read(JsonNode body, EntryReader<T> reader) {
        ConfigFields f = new ConfigFields(SOURCE);
        if (body == null || !body.isObject()) {
            f.problem(BODY, "a mapping, the entry as the configuration's billing section writes it");
            throw new ConfigException(f.problems());
        }
        T entry = reader.read(new BillingSection(f), body);
        if (!f.problems().isEmpty() || entry == null) {
            throw new ConfigException(f.problems().isEmpty()
                    ? List.of(new ConfigProblem(SOURCE.toString(), BODY, "not a usable entry"))
                    : f.problems());
        }
        return entry;
    }
}
