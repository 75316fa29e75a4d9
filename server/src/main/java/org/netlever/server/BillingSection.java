package org.netlever.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.netlever.aaa.ip.Ipv4Address;
import org.netlever.aaa.ip.Ipv4Network;
import org.netlever.aaa.radius.RadiusAttribute;
import org.netlever.aaa.radius.RadiusDictionary;
import org.netlever.device.DeviceKey;
import org.netlever.device.DeviceManager;
import org.netlever.device.DeviceManagers;
import org.netlever.device.DeviceSpiException;
import org.netlever.option82.MacAddress;
import org.netlever.server.ServeConfig.Billing;
import org.netlever.server.ServeConfig.CallTariff;
import org.netlever.server.ServeConfig.Device;
import org.netlever.server.ServeConfig.Pcrf;
import org.netlever.server.ServeConfig.PcrfPlan;
import org.netlever.server.ServeConfig.Pool;
import org.netlever.server.ServeConfig.RateTariff;
import org.netlever.server.ServeConfig.Subscriber;
import org.netlever.server.billing.ReferenceBilling;

/**
 * The {@code billing} section of a configuration: the reference billing's pools, devices, subscribers and tariffs,
 * each reference between them checked. Not thread-safe: one per read.
 */
final class BillingSection {

    private final ConfigFields f;

    BillingSection(ConfigFields f) {
        this.f = f;
    }

    /** The device SPI's own checks: something to be found by, names well-formed, an interface only with its relay. */
    private void checkDevice(Device device, String at) {
        if ("?".equals(device.id()) || "?".equals(device.type())) {
            return;
        }
        try {
            device.toDevice();
        } catch (DeviceSpiException e) {
            f.problem(at, e.getMessage() + " (set mac, serial, hostName or relayAddress)");
        }
    }

    /**
     * A device declared by a host name or relay its type's manager does not say its model sends would never be found
     * by it. (MAC and serial, which every type could be registered by before, are not checked.)
     */
    private void checkKeys(Device device, DeviceManager manager, String at) {
        Set<DeviceKey> keys = manager.deviceKeys();
        Map<String, DeviceKey> declared = new LinkedHashMap<>();
        device.hostName().ifPresent(v -> declared.put("hostName", DeviceKey.HOST_NAME));
        device.relayAddress().ifPresent(v -> declared.put("relayAddress", device.relayInterface().isPresent()
                ? DeviceKey.RELAY_INTERFACE : DeviceKey.RELAY_ADDRESS));
        declared.forEach((field, key) -> {
            if (!keys.contains(key)) {
                f.problem(at + "." + field, "devices of type '" + manager.typeCode() + "' are not found by "
                        + key + "; they are found by " + new TreeSet<>(keys));
            }
        });
    }

    /** {@code billing}; the subscribers' tariff plans are checked against the PCRF definitions, if they were read. */
    Billing billing(JsonNode node, Pcrf pcrf, RadiusDictionary dictionary) {
        f.known(node, "billing", "pools", "devices", "subscribers", "callTariffs", "rateTariffs", "reservationTtl",
                "maxConcurrentCalls", "writers");
        DeviceManagers managers = knownDeviceTypes();
        Set<String> poolIds = new HashSet<>();
        Set<String> poolKinds = new HashSet<>();
        List<Pool> pools = f.each(node, "billing", "pools", (item, at) -> {
            Pool pool = pool(item, at);
            String id = given(item, "id");
            if (id != null && !poolIds.add(id)) {
                f.problem(at + ".id", "pool '" + id + "' is listed twice");
            }
            String kind = given(item, "kind");
            if (kind != null) {
                poolKinds.add(kind);
            }
            return pool;
        });
        Set<String> deviceIds = new HashSet<>();
        List<Device> devices = f.each(node, "billing", "devices", (item, at) -> {
            Device device = device(item, at, managers);
            String id = given(item, "id");
            if (id != null && !deviceIds.add(id)) {
                f.problem(at + ".id", "device '" + id + "' is listed twice");
            }
            return device;
        });
        Map<String, RateTariff> rateTariffs = new LinkedHashMap<>();
        f.each(node, "billing", "rateTariffs", (item, at) -> {
            RateTariff tariff = rateTariff(item, at, dictionary);
            if (tariff != null && rateTariffs.putIfAbsent(tariff.id(), tariff) != null) {
                f.problem(at + ".id", "rate tariff '" + tariff.id() + "' is listed twice");
            }
            return null;
        });
        Set<String> subscriberIds = new HashSet<>();
        References references = new References(deviceIds::contains, poolKinds, rateTariffs::containsKey);
        List<Subscriber> subscribers = f.each(node, "billing", "subscribers", (item, at) -> {
            Subscriber subscriber = subscriber(item, at, pcrf, references);
            String id = given(item, "id");
            if (id != null && !subscriberIds.add(id)) {
                f.problem(at + ".id", "subscriber '" + id + "' is listed twice");
            }
            return subscriber;
        });
        List<CallTariff> tariffs = f.each(node, "billing", "callTariffs", this::callTariff);
        Duration reservationTtl = f.duration(node, "billing", "reservationTtl", ReferenceBilling.DEFAULT_RESERVATION_TTL);
        OptionalInt maxCalls = node.get("maxConcurrentCalls") == null ? ReferenceBilling.DEFAULT_MAX_CONCURRENT_CALLS
                : OptionalInt.of(f.integer(node, "billing", "maxConcurrentCalls", 1, 1, 1_000_000));
        int writers = f.integer(node, "billing", "writers", ReferenceBilling.DEFAULT_WRITERS, 1, 64);
        return new Billing(pools, devices, subscribers, tariffs, List.copyOf(rateTariffs.values()), reservationTtl,
                maxCalls, writers);
    }

    /** A field's text as {@link ConfigFields#text} reads it, without a second problem when it is not one. */
    private static String given(JsonNode item, String field) {
        JsonNode value = item.get(field);
        return value == null || !value.isValueNode() || value.isNull() || value.asText().isBlank() ? null
                : value.asText();
    }

    /**
     * What a subscriber entry may refer to: the devices, pool kinds and rate tariffs declared beside it (the file) or
     * stored (the API). Thread-safe when its predicates are.
     *
     * @param device whether a device id is known
     * @param poolKinds the pool kinds; empty when there are no pools yet (then any kind is accepted)
     * @param rateTariff whether a rate tariff id is known
     */
    record References(Predicate<String> device, Set<String> poolKinds, Predicate<String> rateTariff) {
    }

    /** One {@code billing.pools} entry; null (and problems) when it is not usable. */
    Pool pool(JsonNode item, String at) {
        f.known(item, at, "id", "network", "kind", "gateway");
        String id = f.required(item, at, "id");
        String kind = f.required(item, at, "kind");
        Ipv4Network network = f.parsed(item, at, "network", Ipv4Network::parse);
        Optional<String> gateway = f.text(item, at, "gateway");
        return id == null || kind == null || network == null ? null : new Pool(id, network, kind, gateway);
    }

    /** One {@code billing.devices} entry, its type checked against the managers (unless they could not be loaded). */
    Device device(JsonNode item, String at, DeviceManagers managers) {
        f.known(item, at, "id", "type", "mac", "serial", "hostName", "relayAddress", "relayInterface");
        String id = f.required(item, at, "id");
        String type = f.required(item, at, "type");
        Optional<MacAddress> mac = Optional.ofNullable(item.get("mac") == null ? null
                : f.parsed(item, at, "mac", MacAddress::parse));
        Optional<Ipv4Address> relay = Optional.ofNullable(item.get("relayAddress") == null ? null
                : f.parsed(item, at, "relayAddress", Ipv4Address::parse));
        Device device = new Device(id == null ? "?" : id, type == null ? "?" : type, mac,
                f.text(item, at, "serial"), f.text(item, at, "hostName"), relay,
                f.text(item, at, "relayInterface"));
        if (type != null && managers != null && managers.find(type).isEmpty()) {
            f.problem(at + ".type", "unknown device type '" + type + "'; the known types are "
                    + new TreeSet<>(managers.typeCodes()));
        }
        boolean unparsed = item.get("mac") != null && mac.isEmpty()
                || item.get("relayAddress") != null && relay.isEmpty();
        if (!unparsed) {
            checkDevice(device, at);
        }
        if (type != null && managers != null) {
            managers.find(type).ifPresent(m -> checkKeys(device, m, at));
        }
        return id == null || type == null ? null : device;
    }

    /** One {@code billing.rateTariffs} entry, its attributes parsed with the dictionary. */
    RateTariff rateTariff(JsonNode item, String at, RadiusDictionary dictionary) {
        f.known(item, at, "id", "attributes");
        String id = f.required(item, at, "id");
        List<RadiusAttribute> attributes = new ArrayList<>();
        List<String> lines = f.texts(item, at, "attributes");
        for (int i = 0; i < lines.size(); i++) {
            attribute(dictionary, lines.get(i), at + ".attributes[" + i + "]").ifPresent(attributes::add);
        }
        return id == null ? null : new RateTariff(id, attributes);
    }

    /** One {@code billing.subscribers} entry, its references checked; its tariff plan too when the PCRF was read. */
    Subscriber subscriber(JsonNode item, String at, Pcrf pcrf, References references) {
        f.known(item, at, "id", "device", "port", "poolKind", "phone", "balance", "domain", "tariffPlan",
                "rateTariff");
        String id = f.required(item, at, "id");
        Optional<String> device = f.text(item, at, "device");
        device.filter(d -> !references.device().test(d)).ifPresent(d -> f.problem(at + ".device",
                "no device '" + d + "' in billing.devices"));
        OptionalInt port = item.get("port") == null ? OptionalInt.empty()
                : OptionalInt.of(f.integer(item, at, "port", 1, 1, 65_535));
        String poolKind = f.text(item, at, "poolKind").orElse("dynamic");
        if (!references.poolKinds().isEmpty() && !references.poolKinds().contains(poolKind)) {
            f.problem(at + ".poolKind", "no pool of kind '" + poolKind + "' in billing.pools");
        }
        Optional<String> phone = f.text(item, at, "phone");
        phone.filter(p -> !p.matches("\\d{1,32}")).ifPresent(p -> f.problem(at + ".phone",
                "digits only, got '" + p + "'"));
        BigDecimal balance = item.get("balance") == null ? BigDecimal.ZERO : f.decimal(item, at, "balance");
        Optional<String> domain = f.text(item, at, "domain");
        Optional<String> plan = f.text(item, at, "tariffPlan");
        if (plan.isPresent() != domain.isPresent()) {
            f.problem(at, "a PCRF subscriber needs both domain and tariffPlan");
        }
        if (pcrf != null) {
            plan.filter(p -> pcrf.definitions().tariffPlan(p).isEmpty()).ifPresent(p -> f.problem(
                    at + ".tariffPlan", "no tariff plan '" + p + "' in " + pcrf.definitionsFile()));
        }
        Optional<String> rateTariff = f.text(item, at, "rateTariff");
        rateTariff.filter(t -> !references.rateTariff().test(t)).ifPresent(t -> f.problem(at + ".rateTariff",
                "no rate tariff '" + t + "' in billing.rateTariffs"));
        Optional<PcrfPlan> pcrfPlan = domain.isPresent() && plan.isPresent()
                ? Optional.of(new PcrfPlan(domain.get(), plan.get())) : Optional.empty();
        return id == null || balance == null ? null
                : new Subscriber(id, device, port, poolKind, phone, balance, pcrfPlan, rateTariff);
    }

    /** One {@code billing.callTariffs} entry. */
    CallTariff callTariff(JsonNode item, String at) {
        f.known(item, at, "prefix", "perMinute");
        String prefix = f.required(item, at, "prefix");
        if (prefix != null && !prefix.matches("\\d{0,32}")) {
            f.problem(at + ".prefix", "digits only (empty for every number), got '" + prefix + "'");
        }
        BigDecimal price = f.decimal(item, at, "perMinute");
        if (price != null && price.signum() < 0) {
            f.problem(at + ".perMinute", "not negative, got " + price);
        }
        return prefix == null || price == null ? null : new CallTariff(prefix, price);
    }

    /** One {@code Name = value} line, parsed with the dictionary (quotes around the value are optional). */
    private Optional<RadiusAttribute> attribute(RadiusDictionary dictionary, String line, String at) {
        int eq = line.indexOf('=');
        if (eq <= 0) {
            f.problem(at, "an attribute as 'Name = value', got '" + line + "'");
            return Optional.empty();
        }
        String name = line.substring(0, eq).strip();
        String value = line.substring(eq + 1).strip();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
        }
        try {
            return Optional.of(dictionary.parse(name, value));
        } catch (RuntimeException e) {
            f.problem(at, e.getMessage());
            return Optional.empty();
        }
    }

    /** The device managers {@code billing.devices[].type} is checked against; null if they cannot be loaded. */
    DeviceManagers knownDeviceTypes() {
        try {
            return ServeConfigReader.deviceManagers();
        } catch (DeviceSpiException e) {
            f.problem("billing.devices", "the device managers cannot be loaded: " + e.getMessage());
            return null;
        }
    }
}
