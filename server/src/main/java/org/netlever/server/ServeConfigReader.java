package org.netlever.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.netlever.aaa.http.HttpEndpoint;
import org.netlever.aaa.lease.NasSyncWorker;
import org.netlever.aaa.lever.LeverSecret;
import org.netlever.aaa.lever.LeverServer;
import org.netlever.aaa.store.Database;
import org.netlever.aaa.store.Durability;
import org.netlever.device.DeviceManagers;
import org.netlever.pcrf.PcrfEngine;
import org.netlever.pcrf.PcrfLeadership;
import org.netlever.pcrf.ReauthRetry;
import org.netlever.pcrf.ResetPolicy;
import org.netlever.pcrf.model.DefinitionsJson;
import org.netlever.pcrf.model.PcrfDefinitionException;
import org.netlever.pcrf.model.PcrfDefinitions;
import org.netlever.server.ServeConfig.Billing;
import org.netlever.server.ServeConfig.Bras;
import org.netlever.server.ServeConfig.CoaEndpoint;
import org.netlever.server.ServeConfig.Leadership;
import org.netlever.server.ServeConfig.Lever;
import org.netlever.server.ServeConfig.NasSync;
import org.netlever.server.ServeConfig.Ops;
import org.netlever.server.ServeConfig.Pcrf;
import org.netlever.server.ServeConfig.RadiusCommon;
import org.netlever.server.ServeConfig.Softswitch;
import org.netlever.server.ServeConfig.Storage;

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
 *             sessionIdleTimeout (PT30M), lineRate (10000000000 bits per second)
 * nasSync:    coa: {address, secretFile} (absent: log the changes), interval (PT1S)
 * ops:        listen (127.0.0.1:9464), requestTimeout (PT10S), idleTimeout (PT30S), tokens: [{name, file, role}]
 * billing:    pools: [{id, network, kind, gateway}],
 *             devices: [{id, type, mac | serial | hostName | relayAddress [+ relayInterface]}],
 *             subscribers: [{id, device, port, poolKind, phone, balance, domain, tariffPlan}],
 *             callTariffs: [{prefix, perMinute}]
 * followers:  [{type: kea-memfile, leaseFile (required), name, pollInterval, batchSize, maxBackoff}
 *              | {type: kea-pgsql, url (required), user, passwordFile, installOutbox (true), name, pollInterval,
 *                 batchSize, maxBackoff}]
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

    /** The top-level sections, in the order the reference page documents them. */
    static final List<String> SECTIONS = List.of("storage", "lever", "radius", "softswitch", "bras", "pcrf",
            "nasSync", "ops", "billing", "followers");

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
        private final RadiusSections radius;
        private final Path file;
        private final Path dir;

        Reader(Path file) {
            this.f = new ConfigFields(file);
            this.radius = new RadiusSections(f);
            this.file = file;
            this.dir = file.getParent();
        }

        ServeConfig config(JsonNode root) {
            f.known(root, "", SECTIONS.toArray(String[]::new));   // followers is a list, the others mappings
            Storage storage = storage(f.section(root, "storage"));
            Lever lever = lever(f.section(root, "lever"));
            RadiusCommon common = radius.common(f.section(root, "radius"));
            Softswitch softswitch = radius.softswitch(f.section(root, "softswitch"), common.dictionary());
            Bras bras = radius.bras(f.section(root, "bras"), common.dictionary());
            Pcrf pcrf = pcrf(f.section(root, "pcrf"));
            NasSync nasSync = nasSync(f.section(root, "nasSync"));
            Ops ops = ops(f.section(root, "ops"));
            Billing billing = new BillingSection(f).billing(f.section(root, "billing"), pcrf, common.dictionary());
            List<ServeConfig.Follower> followers = followers(root);
            if (!f.problems().isEmpty()) {
                return null;
            }
            return ServeConfig.builder().file(file).storage(storage).lever(lever).radius(common).softswitch(softswitch)
                    .bras(bras).pcrf(pcrf).nasSync(nasSync).ops(ops).billing(billing).followers(followers).build();
        }

        /** {@code followers:}, a list of entries each read by the section of its {@code type}. */
        List<ServeConfig.Follower> followers(JsonNode root) {
            DhcpdFollowerSection dhcpd = new DhcpdFollowerSection(f);
            KeaFollowerSection kea = new KeaFollowerSection(f);
            return f.each(root, "", "followers", (item, at) -> {
                String type = f.required(item, at, "type");
                if (DhcpdFollowerSection.TYPE.equals(type)) {
                    return dhcpd.follower(item, at);
                }
                if (KeaFollowerSection.handles(type)) {
                    return kea.follower(item, at);
                }
                if (type != null) {
                    f.problem(at + ".type", "unknown follower type '" + type + "'; expected "
                            + DhcpdFollowerSection.TYPE + ", kea-memfile or kea-pgsql");
                }
                java.util.Set<String> every = new java.util.LinkedHashSet<>(List.of(DhcpdFollowerSection.FIELDS));
                every.addAll(KeaFollowerSection.fields());
                f.known(item, at, every.toArray(String[]::new));
                return null;
            });
        }

        Ops ops(JsonNode node) {
            f.known(node, "ops", "listen", "requestTimeout", "idleTimeout", "tokens");
            InetSocketAddress listen = f.address(node, "ops", "listen", "127.0.0.1:9464");
            Duration requestTimeout = f.duration(node, "ops", "requestTimeout", HttpEndpoint.DEFAULT_REQUEST_TIMEOUT);
            Duration idleTimeout = f.duration(node, "ops", "idleTimeout", HttpEndpoint.DEFAULT_IDLE_TIMEOUT);
            List<ApiToken> tokens = f.each(node, "ops", "tokens", this::token);
            java.util.Set<String> names = new java.util.HashSet<>();
            for (ApiToken t : tokens) {
                if (!names.add(t.name())) {
                    f.problem("ops.tokens", "two tokens are named '" + t.name() + "'");
                }
            }
            return listen == null || names.size() != tokens.size() ? null
                    : new Ops(listen, requestTimeout, idleTimeout, tokens);
        }

        private ApiToken token(JsonNode item, String at) {
            f.known(item, at, "name", "file", "role");
            Optional<String> name = f.text(item, at, "name");
            Optional<String> file = f.text(item, at, "file");
            Optional<String> roleName = f.text(item, at, "role");
            ApiToken.Role role = roleName.map(r -> switch (r) {
                case "read" -> ApiToken.Role.READ;
                case "admin" -> ApiToken.Role.ADMIN;
                default -> null;
            }).orElse(null);
            if (name.isEmpty()) {
                f.problem(at + ".name", "required: the name the token is known by in logs");
            }
            if (file.isEmpty()) {
                f.problem(at + ".file", "required: the file holding the token (openssl rand -hex 32 > FILE)");
            }
            if (role == null) {
                f.problem(at + ".role", "read or admin" + roleName.map(r -> ", got '" + r + "'").orElse(" (required)"));
            }
            if (name.isEmpty() || file.isEmpty() || role == null) {
                return null;
            }
            String text = f.secretText(at + ".file", file.get());
            if (text == null) {
                return null;
            }
            String first = text.lines().findFirst().orElse("").strip();
            if (first.length() < ApiToken.MIN_LENGTH) {
                f.problem(at + ".file", "the token must have at least " + ApiToken.MIN_LENGTH + " characters, it has "
                        + first.length());
                return null;
            }
            return ApiToken.of(name.get(), role, first);
        }

        // -------------------------------------------------------------------------------------------- sections

        Storage storage(JsonNode node) {
            f.known(node, "storage", "url", "user", "passwordFile", "durability", "poolSize");
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
            Durability durability = f.enumeration(node, "storage", "durability", Durability.class,
                    Database.DEFAULT_DURABILITY, "SYNC (written and fsynced before anything is acknowledged) or WRITE"
                            + " (written, not fsynced)");
            int poolSize = f.integer(node, "storage", "poolSize", Storage.DEFAULT_POOL_SIZE, 1, 10_000);
            return new Storage(url, user, password, durability, poolSize);
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

        Pcrf pcrf(JsonNode node) {
            f.known(node, "pcrf", "definitions", "reauthRate", "resetPolicy", "compatibilityPollInterval",
                    "sessionIdleTimeout", "lineRate", "leadership", "reauthRetry");
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
            ResetPolicy policy = f.enumeration(node, "pcrf", "resetPolicy", ResetPolicy.class,
                    PcrfEngine.DEFAULT_RESET_POLICY, "RESTART_SCENARIO or REARM_CURRENT_STEP");
            Optional<Duration> poll = node.get("compatibilityPollInterval") == null ? Optional.empty()
                    : Optional.of(f.duration(node, "pcrf", "compatibilityPollInterval", Duration.ofHours(1)));
            Duration idle = f.duration(node, "pcrf", "sessionIdleTimeout", PcrfEngine.DEFAULT_SESSION_IDLE_TIMEOUT);
            long lineRate = f.longNumber(node, "pcrf", "lineRate", PcrfEngine.DEFAULT_LINE_RATE_BITS_PER_SECOND);
            if (lineRate < 8) {
                f.problem("pcrf.lineRate", "bits per second, at least 8, got " + lineRate);
            }
            JsonNode lead = f.object(node, "pcrf", "leadership");
            f.known(lead, "pcrf.leadership", "retry", "lockKey");
            Leadership leadership = new Leadership(
                    f.duration(lead, "pcrf.leadership", "retry", PcrfLeadership.DEFAULT_RETRY),
                    f.longNumber(lead, "pcrf.leadership", "lockKey", PcrfLeadership.DEFAULT_LOCK_KEY));
            JsonNode retryNode = f.object(node, "pcrf", "reauthRetry");
            f.known(retryNode, "pcrf.reauthRetry", "maxAttempts", "initialBackoff", "maxBackoff");
            ReauthRetry d = ReauthRetry.DEFAULT;
            ReauthRetry retry = null;
            try {
                retry = new ReauthRetry(f.integer(retryNode, "pcrf.reauthRetry", "maxAttempts", d.maxAttempts(), 1,
                        1_000_000), f.duration(retryNode, "pcrf.reauthRetry", "initialBackoff", d.initialBackoff()),
                        f.duration(retryNode, "pcrf.reauthRetry", "maxBackoff", d.maxBackoff()));
            } catch (RuntimeException e) {
                f.problem("pcrf.reauthRetry", e.getMessage());
            }
            return definitions == null || retry == null ? null
                    : new Pcrf(definitionsFile, definitions, rate, policy, poll, idle, lineRate, leadership, retry);
        }

        NasSync nasSync(JsonNode node) {
            f.known(node, "nasSync", "coa", "interval", "initialBackoff", "maxBackoff", "claimTimeout", "batchSize",
                    "maxAttempts");
            Optional<CoaEndpoint> coa = Optional.empty();
            JsonNode coaNode = node.get("coa");
            if (coaNode != null) {
                if (!coaNode.isObject()) {
                    f.problem("nasSync.coa", "a mapping with address and secretFile");
                } else {
                    coa = Optional.ofNullable(radius.coaEndpoint(coaNode, "nasSync.coa", false));
                }
            }
            Duration initial = f.duration(node, "nasSync", "initialBackoff", NasSyncWorker.DEFAULT_INITIAL_BACKOFF);
            Duration max = f.duration(node, "nasSync", "maxBackoff", NasSyncWorker.DEFAULT_MAX_BACKOFF);
            if (max.compareTo(initial) < 0) {
                f.problem("nasSync.maxBackoff", "at least initialBackoff (" + initial + "), got " + max);
            }
            return new NasSync(coa, f.duration(node, "nasSync", "interval", NasSyncWorker.DEFAULT_INTERVAL), initial,
                    max, f.duration(node, "nasSync", "claimTimeout", NasSyncWorker.DEFAULT_CLAIM_TIMEOUT),
                    f.integer(node, "nasSync", "batchSize", NasSyncWorker.DEFAULT_BATCH_SIZE, 1, 100_000),
                    f.integer(node, "nasSync", "maxAttempts", NasSyncWorker.DEFAULT_MAX_ATTEMPTS, 0, 1_000_000));
        }
    }
}
