package org.netlever.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import org.netlever.aaa.http.HttpEndpoint;
import org.netlever.aaa.ip.Ipv4Network;
import org.netlever.aaa.lever.LeverSecret;
import org.netlever.aaa.lever.LeverServer;
import org.netlever.aaa.radius.RadiusSecret;
import org.netlever.aaa.radius.server.RadiusClientDefinition;
import org.netlever.aaa.store.Database;
import org.netlever.aaa.store.Durability;
import org.netlever.device.DeviceManagers;
import org.netlever.device.DeviceSpiException;
import org.netlever.server.ServeConfig.Billing;
import org.netlever.server.ServeConfig.Bras;
import org.netlever.server.ServeConfig.CallTariff;
import org.netlever.server.ServeConfig.CoaEndpoint;
import org.netlever.server.ServeConfig.Device;
import org.netlever.server.ServeConfig.Lever;
import org.netlever.server.ServeConfig.NasSync;
import org.netlever.server.ServeConfig.Ops;
import org.netlever.server.ServeConfig.Pcrf;
import org.netlever.server.ServeConfig.Pool;
import org.netlever.server.ServeConfig.Radius;
import org.netlever.server.ServeConfig.Storage;
import org.netlever.server.ServeConfig.Subscriber;
import org.netlever.option82.MacAddress;
import org.netlever.pcrf.PcrfEngine;
import org.netlever.pcrf.ResetPolicy;
import org.netlever.pcrf.model.DefinitionsJson;
import org.netlever.pcrf.model.PcrfDefinitionException;
import org.netlever.pcrf.model.PcrfDefinitions;

/**
 * Reads a {@link ServeConfig} from a YAML ({@code .yaml}, {@code .yml}) or JSON file, and reports every problem at once
 * — file, field and reason — instead of stopping at the first. Paths in the file (secrets, definitions, the H2
 * database) are relative to the file's directory. Fields whose names start with {@code _} are comments; any other
 * unknown field is a problem, so a typo never silently drops a setting.
 *
 * <p>The sections and their defaults:
 *
 * <pre>
 * storage:    url (jdbc:h2:file:&lt;dir&gt;/data/netlever), user, passwordFile, durability (SYNC; H2 file only)
 * lever:      listen (127.0.0.1:8067), secretFile (required), maxSkew (PT5M), requestTimeout (PT10S),
 *             idleTimeout (PT30S), threads (32)
 * softswitch: auth (127.0.0.1:1812), acct (127.0.0.1:1813), clients: [{name, address, secretFile}]
 * bras:       auth (127.0.0.1:11812), acct (127.0.0.1:11813), clients: [...], coa: [{nas, address, secretFile}]
 * pcrf:       definitions (required), reauthRate (200), resetPolicy (RESTART_SCENARIO), compatibilityPollInterval,
 *             sessionIdleTimeout (PT30M)
 * nasSync:    coa: {address, secretFile} (absent: log the changes), interval (PT1S)
 * ops:        listen (127.0.0.1:9464), requestTimeout (PT10S), idleTimeout (PT30S)
 * billing:    pools: [{id, network, kind, gateway}], devices: [{id, type, mac | serial}],
 *             subscribers: [{id, device, port, poolKind, phone, balance, domain, tariffPlan}],
 *             callTariffs: [{prefix, perMinute}]
 * </pre>
 *
 * <p>Durations are ISO-8601 ({@code PT30S}) or whole seconds; addresses are {@code host:port}. The HTTP endpoints'
 * {@code requestTimeout} (a whole request must arrive within it, or it is answered 408 and closed) and
 * {@code idleTimeout} (a connection with no request in progress is closed after it) default to
 * {@link HttpEndpoint#DEFAULT_REQUEST_TIMEOUT} and {@link HttpEndpoint#DEFAULT_IDLE_TIMEOUT}.
 *
 * <p>Stateless and thread-safe.
 */
public final class ServeConfigReader {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ServeConfigReader() {
    }

    /**
     * Reads and validates a configuration file.
     *
     * @param file the file
     * @return the configuration
     * @throws ConfigException listing every problem, an unreadable file included
     */
    public static ServeConfig read(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        String name = absolute.getFileName().toString().toLowerCase(Locale.ROOT);
        ObjectMapper mapper = name.endsWith(".yaml") || name.endsWith(".yml") ? YAML : JSON;
        JsonNode root;
        try {
            root = mapper.readTree(Files.readString(absolute, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw single(absolute, "(document)", "not valid " + (mapper == YAML ? "YAML" : "JSON") + " at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ": "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw single(absolute, "(document)", "cannot be read: "
                    + ConfigFields.unreadable(absolute).orElse(e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            throw single(absolute, "(document)", "a mapping of sections (storage, lever, softswitch, bras, pcrf, "
                    + "nasSync, ops, billing)");
        }
        Reader reader = new Reader(absolute);
        ServeConfig config = reader.config(root);
        if (!reader.f.problems().isEmpty()) {
            throw new ConfigException(reader.f.problems());
        }
        return config;
    }

    /**
     * The device managers the server resolves devices with, and the reader checks {@code billing.devices[].type}
     * against: the built-in ones and every plugin discovered on the class path.
     */
    static DeviceManagers deviceManagers() {
        return DeviceManagers.builtIns().withDiscovered(ServeConfigReader.class.getClassLoader());
    }

    private static ConfigException single(Path file, String field, String reason) {
        return new ConfigException(List.of(new ConfigProblem(file.toString(), field, reason)));
    }

    /** Walks the tree, collecting problems; returns placeholder-free values only when there were none. */
    private static final class Reader {
        private final ConfigFields f;
        private final Path file;
        private final Path dir;

        Reader(Path file) {
            this.f = new ConfigFields(file);
            this.file = file;
            this.dir = file.getParent();
        }

        ServeConfig config(JsonNode root) {
            f.known(root, "", "storage", "lever", "softswitch", "bras", "pcrf", "nasSync", "ops", "billing");
            Storage storage = storage(f.section(root, "storage"));
            Lever lever = lever(f.section(root, "lever"));
            Radius softswitch = radius(f.section(root, "softswitch"), "softswitch", 1812, 1813);
            Bras bras = bras(f.section(root, "bras"));
            Pcrf pcrf = pcrf(f.section(root, "pcrf"));
            NasSync nasSync = nasSync(f.section(root, "nasSync"));
            Ops ops = ops(f.section(root, "ops"));
            Billing billing = billing(f.section(root, "billing"), pcrf);
            if (!f.problems().isEmpty()) {
                return null;
            }
            return new ServeConfig(file, storage, lever, softswitch, bras, pcrf, nasSync, ops, billing);
        }

        Ops ops(JsonNode node) {
            f.known(node, "ops", "listen", "requestTimeout", "idleTimeout");
            InetSocketAddress listen = f.address(node, "ops", "listen", "127.0.0.1:9464");
            Duration requestTimeout = f.duration(node, "ops", "requestTimeout", HttpEndpoint.DEFAULT_REQUEST_TIMEOUT);
            Duration idleTimeout = f.duration(node, "ops", "idleTimeout", HttpEndpoint.DEFAULT_IDLE_TIMEOUT);
            return listen == null ? null : new Ops(listen, requestTimeout, idleTimeout);
        }

        // -------------------------------------------------------------------------------------------- sections

        Storage storage(JsonNode node) {
            f.known(node, "storage", "url", "user", "passwordFile", "durability");
            String url = f.text(node, "storage", "url").orElse("jdbc:h2:file:" + dir.resolve("data/netlever"));
            if (!url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
                f.problem("storage.url", "a jdbc:h2: or jdbc:postgresql: URL, got '" + url + "'");
            }
            String h2File = "jdbc:h2:file:";
            if (url.startsWith(h2File)) {
                // Like every other path here, an H2 file is relative to this file, not to the working directory.
                int options = url.indexOf(';');
                String name = options < 0 ? url.substring(h2File.length()) : url.substring(h2File.length(), options);
                if (!name.startsWith("~") && !Path.of(name).isAbsolute()) {
                    url = h2File + dir.resolve(name).normalize() + (options < 0 ? "" : url.substring(options));
                }
            }
            String user = f.text(node, "storage", "user").orElse("");
            String password = f.text(node, "storage", "passwordFile").map(name -> f.secretText("storage.passwordFile", name))
                    .orElse("");
            Durability durability = Database.DEFAULT_DURABILITY;
            Optional<String> durabilityName = f.text(node, "storage", "durability");
            if (durabilityName.isPresent()) {
                try {
                    durability = Durability.valueOf(durabilityName.get());
                } catch (IllegalArgumentException e) {
                    f.problem("storage.durability", "SYNC (written and fsynced before anything is acknowledged) or "
                            + "WRITE (written, not fsynced), got '" + durabilityName.get() + "'");
                }
            }
            return new Storage(url, user, password, durability);
        }

        Lever lever(JsonNode node) {
            f.known(node, "lever", "listen", "secretFile", "maxSkew", "requestTimeout", "idleTimeout", "threads");
            InetSocketAddress listen = f.address(node, "lever", "listen", "127.0.0.1:8067");
            LeverSecret secret = null;
            Optional<String> secretFile = f.text(node, "lever", "secretFile");
            if (secretFile.isEmpty()) {
                f.problem("lever.secretFile", "required: the file holding the secret the lever script signs with");
            } else {
                String text = f.secretText("lever.secretFile", secretFile.get());
                if (text != null) {
                    try {
                        secret = LeverSecret.of(text);
                    } catch (RuntimeException e) {
                        f.problem("lever.secretFile", e.getMessage());
                    }
                }
            }
            Duration maxSkew = f.duration(node, "lever", "maxSkew", LeverServer.DEFAULT_MAX_SKEW);
            Duration requestTimeout = f.duration(node, "lever", "requestTimeout", HttpEndpoint.DEFAULT_REQUEST_TIMEOUT);
            Duration idleTimeout = f.duration(node, "lever", "idleTimeout", HttpEndpoint.DEFAULT_IDLE_TIMEOUT);
            return secret == null || listen == null ? null
                    : new Lever(listen, secret, maxSkew, requestTimeout, idleTimeout,
                            f.integer(node, "lever", "threads", LeverServer.DEFAULT_THREADS, 1, 4096));
        }

        Radius radius(JsonNode node, String path, int authPort, int acctPort, String... more) {
            List<String> fields = new ArrayList<>(List.of("auth", "acct", "clients"));
            fields.addAll(List.of(more));
            f.known(node, path, fields.toArray(String[]::new));
            InetSocketAddress auth = f.address(node, path, "auth", "127.0.0.1:" + authPort);
            InetSocketAddress acct = f.address(node, path, "acct", "127.0.0.1:" + acctPort);
            List<RadiusClientDefinition> clients = new ArrayList<>();
            Set<String> names = new HashSet<>();
            f.each(node, path, "clients", (item, at) -> {
                f.known(item, at, "name", "address", "secretFile");
                String name = f.required(item, at, "name");
                String address = f.required(item, at, "address");
                String secret = f.text(item, at, "secretFile").map(file -> f.secretText(at + ".secretFile", file)).orElse(null);
                if (item.get("secretFile") == null) {
                    f.problem(at + ".secretFile", "required: the file holding the RADIUS shared secret");
                }
                if (name != null && !names.add(name)) {
                    f.problem(at + ".name", "'" + name + "' is listed twice");
                }
                if (name != null && address != null && secret != null) {
                    try {
                        clients.add(RadiusClientDefinition.of(name, address, secret));
                    } catch (RuntimeException e) {
                        f.problem(at, e.getMessage());
                    }
                }
                return null;
            });
            if (node.get("clients") == null || node.get("clients").isEmpty()) {
                f.problem(path + ".clients", "at least one RADIUS client (name, address, secretFile)");
            }
            // A bad address is already a problem; no config is built then.
            return auth == null || acct == null ? null : new Radius(auth, acct, clients);
        }

        Bras bras(JsonNode node) {
            Radius radius = radius(node, "bras", 11812, 11813, "coa");
            List<CoaEndpoint> coa = new ArrayList<>();
            coa.addAll(f.each(node, "bras", "coa", (item, at) -> coaEndpoint(item, at, true)));
            if (node.get("coa") == null || node.get("coa").isEmpty()) {
                f.problem("bras.coa", "at least one CoA endpoint (nas, address, secretFile) for services-reauth");
            }
            return radius == null ? null : new Bras(radius, coa);
        }

        CoaEndpoint coaEndpoint(JsonNode item, String at, boolean withNas) {
            if (withNas) {
                f.known(item, at, "nas", "address", "secretFile");
            } else {
                f.known(item, at, "address", "secretFile");
            }
            String nas = withNas ? f.required(item, at, "nas") : "*";
            InetSocketAddress address = item.get("address") == null ? null : f.address(item, at, "address", null);
            if (address != null && address.getPort() == 0) {
                f.problem(at + ".address", "a port from 1 to 65535 (3799 by RFC 5176), got 0");
                address = null;
            }
            if (item.get("address") == null) {
                f.problem(at + ".address", "required: the CoA host:port (3799 by RFC 5176)");
            }
            String secret = f.required(item, at, "secretFile");
            String text = secret == null ? null : f.secretText(at + ".secretFile", secret);
            if (nas == null || address == null || text == null) {
                return null;
            }
            try {
                return new CoaEndpoint(nas, address, RadiusSecret.of(text));
            } catch (RuntimeException e) {
                f.problem(at + ".secretFile", e.getMessage());
                return null;
            }
        }

        Pcrf pcrf(JsonNode node) {
            f.known(node, "pcrf", "definitions", "reauthRate", "resetPolicy", "compatibilityPollInterval",
                    "sessionIdleTimeout");
            Path definitionsFile = null;
            PcrfDefinitions definitions = null;
            Optional<String> name = f.text(node, "pcrf", "definitions");
            if (name.isEmpty()) {
                f.problem("pcrf.definitions", "required: the PCRF definitions' JSON file (see DefinitionsJson)");
            } else {
                definitionsFile = dir.resolve(name.get()).normalize();
                Optional<String> unreadable = ConfigFields.unreadable(definitionsFile);
                if (unreadable.isPresent()) {
                    f.problem("pcrf.definitions", "cannot read " + definitionsFile + ": " + unreadable.get());
                } else {
                    try {
                        definitions = DefinitionsJson.read(definitionsFile);
                    } catch (PcrfDefinitionException e) {
                        Path source = definitionsFile;
                        e.problems().forEach(p -> f.problem(source, p.field(), p.reason()));
                    } catch (RuntimeException e) {
                        f.problem("pcrf.definitions", e.getMessage());
                    }
                }
            }
            int rate = f.integer(node, "pcrf", "reauthRate", PcrfEngine.DEFAULT_REAUTH_PER_SECOND, 1, 1_000_000);
            ResetPolicy policy = PcrfEngine.DEFAULT_RESET_POLICY;
            Optional<String> policyName = f.text(node, "pcrf", "resetPolicy");
            if (policyName.isPresent()) {
                try {
                    policy = ResetPolicy.valueOf(policyName.get());
                } catch (IllegalArgumentException e) {
                    f.problem("pcrf.resetPolicy", "RESTART_SCENARIO or REARM_CURRENT_STEP, got '" + policyName.get()
                            + "'");
                }
            }
            Optional<Duration> poll = node.get("compatibilityPollInterval") == null ? Optional.empty()
                    : Optional.of(f.duration(node, "pcrf", "compatibilityPollInterval", Duration.ofHours(1)));
            Duration idle = f.duration(node, "pcrf", "sessionIdleTimeout", PcrfEngine.DEFAULT_SESSION_IDLE_TIMEOUT);
            return definitions == null ? null
                    : new Pcrf(definitionsFile, definitions, rate, policy, poll, idle);
        }

        NasSync nasSync(JsonNode node) {
            f.known(node, "nasSync", "coa", "interval");
            Optional<CoaEndpoint> coa = Optional.empty();
            JsonNode coaNode = node.get("coa");
            if (coaNode != null) {
                if (!coaNode.isObject()) {
                    f.problem("nasSync.coa", "a mapping with address and secretFile");
                } else {
                    coa = Optional.ofNullable(coaEndpoint(coaNode, "nasSync.coa", false));
                }
            }
            return new NasSync(coa, f.duration(node, "nasSync", "interval", Duration.ofSeconds(1)));
        }

        Billing billing(JsonNode node, Pcrf pcrf) {
            f.known(node, "billing", "pools", "devices", "subscribers", "callTariffs");
            DeviceManagers managers = knownDeviceTypes();
            Set<String> poolIds = new HashSet<>();
            Set<String> poolKinds = new HashSet<>();
            List<Pool> pools = f.each(node, "billing", "pools", (item, at) -> {
                f.known(item, at, "id", "network", "kind", "gateway");
                String id = f.required(item, at, "id");
                String kind = f.required(item, at, "kind");
                Ipv4Network network = f.parsed(item, at, "network", Ipv4Network::parse);
                Optional<String> gateway = f.text(item, at, "gateway");
                if (id != null && !poolIds.add(id)) {
                    f.problem(at + ".id", "pool '" + id + "' is listed twice");
                }
                if (kind != null) {
                    poolKinds.add(kind);
                }
                return id == null || kind == null || network == null ? null : new Pool(id, network, kind, gateway);
            });
            Set<String> deviceIds = new HashSet<>();
            List<Device> devices = f.each(node, "billing", "devices", (item, at) -> {
                f.known(item, at, "id", "type", "mac", "serial");
                String id = f.required(item, at, "id");
                String type = f.required(item, at, "type");
                Optional<MacAddress> mac = Optional.ofNullable(item.get("mac") == null ? null
                        : f.parsed(item, at, "mac", MacAddress::parse));
                Optional<String> serial = f.text(item, at, "serial");
                if (item.get("mac") == null && serial.isEmpty()) {
                    f.problem(at, "a device needs its mac (switches) or serial (PON terminals)");
                }
                if (id != null && !deviceIds.add(id)) {
                    f.problem(at + ".id", "device '" + id + "' is listed twice");
                }
                if (type != null && managers != null && managers.find(type).isEmpty()) {
                    f.problem(at + ".type", "unknown device type '" + type + "'; the known types are "
                            + new TreeSet<>(managers.typeCodes()));
                }
                return id == null || type == null ? null : new Device(id, type, mac, serial);
            });
            Set<String> subscriberIds = new HashSet<>();
            List<Subscriber> subscribers = f.each(node, "billing", "subscribers", (item, at) -> {
                f.known(item, at, "id", "device", "port", "poolKind", "phone", "balance", "domain", "tariffPlan");
                String id = f.required(item, at, "id");
                Optional<String> device = f.text(item, at, "device");
                device.filter(d -> !deviceIds.contains(d)).ifPresent(d -> f.problem(at + ".device",
                        "no device '" + d + "' in billing.devices"));
                OptionalInt port = item.get("port") == null ? OptionalInt.empty()
                        : OptionalInt.of(f.integer(item, at, "port", 1, 1, 65_535));
                String poolKind = f.text(item, at, "poolKind").orElse("dynamic");
                if (!poolKinds.isEmpty() && !poolKinds.contains(poolKind)) {
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
                if (id != null && !subscriberIds.add(id)) {
                    f.problem(at + ".id", "subscriber '" + id + "' is listed twice");
                }
                return id == null || balance == null ? null
                        : new Subscriber(id, device, port, poolKind, phone, balance, domain, plan);
            });
            List<CallTariff> tariffs = f.each(node, "billing", "callTariffs", (item, at) -> {
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
            });
            return new Billing(pools, devices, subscribers, tariffs);
        }

        /** The device managers {@code billing.devices[].type} is checked against; null if they cannot be loaded. */
        DeviceManagers knownDeviceTypes() {
            try {
                return deviceManagers();
            } catch (DeviceSpiException e) {
                f.problem("billing.devices", "the device managers cannot be loaded: " + e.getMessage());
                return null;
            }
        }

    }
}
