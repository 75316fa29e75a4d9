package org.netlever.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.netlever.server.ServeConfig;
import org.netlever.server.ServeConfigReader;

/**
 * The shipped example configuration ({@code server/config/netlever.yaml}) laid out in a test's directory as in the
 * repository — {@code server/config/} and the {@code examples/pcrf/} it refers to — with its secrets written and every listener moved to a free
 * loopback port, plus the few edits tests need. Not thread-safe: one per test.
 */
public final class ExampleConfig {

    /** The lever's secret in {@code server/config/secrets/lever.secret}. */
    public static final String LEVER_SECRET = "lever-secret-0123456789abcdef";
    /** The softswitch's RADIUS secret. */
    public static final String SOFTSWITCH_SECRET = "softswitch-secret-0123456789";
    /** The BRAS's RADIUS and CoA secret. */
    public static final String BRAS_SECRET = "bras-secret-0123456789";
    /** The NAS's CoA secret, when {@link #nasCoaPort} turns NAS sync by CoA on. */
    public static final String NAS_SECRET = "nas-secret-0123456789abcd";

    /** The read-only API token in {@code server/config/secrets/ops-read.token} (named {@code support}). */
    public static final String READ_TOKEN = "read-token-0123456789abcdef0123456789abcdef";
    /** The admin API token in {@code server/config/secrets/ops-admin.token} (named {@code admin}). */
    public static final String ADMIN_TOKEN = "admin-token-0123456789abcdef0123456789abcdef";

    private static final Path ROOT = Path.of(System.getProperty("netlever.repository", "..")).toAbsolutePath();
    private static final List<String> PORTS = List.of("8067", "1812", "1813", "11812", "11813", "9464");

    private final Path dir;
    private String leverListen;
    private Integer brasCoaPort;
    private String postgresUrl;
    private Integer nasCoaPort;
    private Path keaMemfile;

    private ExampleConfig(Path dir) {
        this.dir = dir;
    }

    /**
     * The example, to be written under a directory.
     *
     * @param dir the test's directory
     * @return the example
     */
    public static ExampleConfig in(Path dir) {
        return new ExampleConfig(dir);
    }

    /**
     * Where the lever endpoint listens instead of 127.0.0.1 (port 0: a free one).
     *
     * @param host the address
     * @return this
     */
    public ExampleConfig leverHost(String host) {
        return leverListen(host + ":0");
    }

    /**
     * Where the lever endpoint listens, as {@code host:port}, instead of a free loopback port.
     *
     * @param address the address, as the configuration writes it
     * @return this
     */
    public ExampleConfig leverListen(String address) {
        this.leverListen = address;
        return this;
    }

    /**
     * The port of the BRAS's CoA listener on 127.0.0.1.
     *
     * @param port the port
     * @return this
     */
    public ExampleConfig brasCoaPort(int port) {
        this.brasCoaPort = port;
        return this;
    }

    /**
     * Turns on NAS sync by CoA (S1.8) to a NAS listening on 127.0.0.1, with {@link #NAS_SECRET}.
     *
     * @param port the NAS's CoA port
     * @return this
     */
    public ExampleConfig nasCoaPort(int port) {
        this.nasCoaPort = port;
        return this;
    }

    /**
     * Adds a {@code kea-memfile} follower of a lease file (issue 14), with a short poll interval.
     *
     * @param leaseFile Kea's lease file; it need not exist yet
     * @return this
     */
    public ExampleConfig keaMemfile(Path leaseFile) {
        this.keaMemfile = leaseFile;
        return this;
    }

    /**
     * Stores in PostgreSQL (user {@code postgres}) instead of the H2 file.
     *
     * @param url the JDBC URL
     * @return this
     */
    public ExampleConfig postgres(String url) {
        this.postgresUrl = url;
        return this;
    }

    /**
     * Writes the configuration, its secrets and the PCRF definitions it refers to.
     *
     * @return the configuration file
     */
    public Path write() {
        try {
            Path configDir = Files.createDirectories(dir.resolve("server/config"));
            Files.createDirectories(dir.resolve("examples/pcrf"));
            Files.copy(ROOT.resolve("examples/pcrf/limit-2h-1gb.json"), dir.resolve("examples/pcrf/limit-2h-1gb.json"));
            Files.copy(ROOT.resolve("server/config/dictionary.mikrotik"), configDir.resolve("dictionary.mikrotik"));
            Path secrets = Files.createDirectories(configDir.resolve("secrets"));
            Files.writeString(secrets.resolve("lever.secret"), LEVER_SECRET + "\n");
            Files.writeString(secrets.resolve("softswitch.secret"), SOFTSWITCH_SECRET + "\n");
            Files.writeString(secrets.resolve("bras.secret"), BRAS_SECRET + "\n");
            Files.writeString(secrets.resolve("nas.secret"), NAS_SECRET + "\n");
            Files.writeString(secrets.resolve("ops-read.token"), READ_TOKEN + "\n");
            Files.writeString(secrets.resolve("ops-admin.token"), ADMIN_TOKEN + "\n");
            String yaml = Files.readString(ROOT.resolve("server/config/netlever.yaml"));
            if (leverListen != null) {
                yaml = yaml.replace("listen: 127.0.0.1:8067", "listen: " + leverListen);
            }
            if (nasCoaPort != null) {
                String off = "  # coa: { address: 127.0.0.1:3799, secretFile: secrets/nas.secret }";
                if (!yaml.contains(off)) {
                    throw new IllegalStateException("the example no longer has the line " + off);
                }
                yaml = yaml.replace(off, "  coa: { address: 127.0.0.1:" + nasCoaPort
                        + ", secretFile: secrets/nas.secret }");
            }
            if (brasCoaPort != null) {
                yaml = yaml.replace("address: 127.0.0.1:3799", "address: 127.0.0.1:" + brasCoaPort);
            }
            if (postgresUrl != null) {
                yaml = yaml.replace("  url: jdbc:h2:file:./data/netlever", "  url: " + postgresUrl
                        + "\n  user: postgres");
            }
            if (keaMemfile != null) {
                yaml = yaml + "\nfollowers:\n  - { type: kea-memfile, leaseFile: \"" + keaMemfile
                        + "\", pollInterval: PT0.05S }\n";
            }
            for (String port : PORTS) {
                yaml = yaml.replace("127.0.0.1:" + port + "\n", "127.0.0.1:0\n")
                        .replace("127.0.0.1:" + port + " ", "127.0.0.1:0 ");
            }
            return Files.writeString(configDir.resolve("netlever.yaml"), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes the configuration and reads it back.
     *
     * @return the configuration
     */
    public ServeConfig read() {
        return ServeConfigReader.read(write());
    }
}
