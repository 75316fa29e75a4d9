package org.netlever.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netlever.server.testing.ExampleConfig;

/**
 * Issue 11: a start that fails — a listener that cannot bind, a database that cannot be opened — is reported as the
 * configuration field and the address, stops what it started, and leaves no files behind.
 */
class NetleverServerStartFailureTest {

    /** TEST-NET-1 (RFC 5737): never an address of this host. */
    private static final InetAddress NOT_LOCAL = address("192.0.2.1");

    @TempDir
    Path dir;

    private ServeConfig config;
    private Path data;

    @BeforeEach
    void setUp() {
        config = ExampleConfig.in(dir).read();
        data = dir.resolve("server/config/data");
    }

    private static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static InetSocketAddress loopback(int port) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    private ServeConfig withLever(InetSocketAddress listen) {
        ServeConfig.Lever l = config.lever();
        return config.toBuilder().lever(new ServeConfig.Lever(listen, l.secret(), l.maxSkew(), l.requestTimeout(),
                l.idleTimeout(), l.threads())).build();
    }

    private ServeConfig withOps(InetSocketAddress listen) {
        ServeConfig.Ops o = config.ops();
        return config.toBuilder().ops(new ServeConfig.Ops(listen, o.requestTimeout(), o.idleTimeout())).build();
    }

    private ServeConfig withSoftswitch(UnaryOperator<ServeConfig.Radius> change) {
        ServeConfig.Softswitch s = config.softswitch();
        return config.toBuilder().softswitch(new ServeConfig.Softswitch(change.apply(s.radius()),
                s.interimInterval(), s.mapping())).build();
    }

    private ServeConfig withBras(UnaryOperator<ServeConfig.Radius> change) {
        ServeConfig.Bras b = config.bras();
        return config.toBuilder().bras(new ServeConfig.Bras(change.apply(b.radius()), b.coa(), b.idleTimeout(),
                b.mapping())).build();
    }

    /** Starting fails with exactly this problem. */
    private void assertStartFails(ServeConfig broken, String field, String reason) {
        assertThatThrownBy(() -> NetleverServer.start(broken, Clock.systemUTC()).close())
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement()
                        .hasToString(config.file() + ": " + field + ": " + reason));
    }

    private List<String> filesUnder(Path root) throws IOException {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    @DisplayName("issue 11: lever.listen in use is reported as the field and the address, and leaves no database")
    void start_leverAddressInUse_namesTheField_andLeavesNothingBehind() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            assertStartFails(withLever(loopback(port)), "lever.listen",
                    "cannot listen on 127.0.0.1:" + port + ": Address already in use");
        }
        assertThat(data).as("the H2 database start-up created, and its directory, are gone").doesNotExist();
        assertThat(filesUnder(dir.resolve("server/config"))).noneMatch(f -> f.endsWith(".db"));
    }

    @Test
    void start_opsAddressNotLocal_namesTheField() {
        assertStartFails(withOps(new InetSocketAddress(NOT_LOCAL, 9464)), "ops.listen",
                "cannot listen on 192.0.2.1:9464: Cannot assign requested address");
        assertThat(data).doesNotExist();
    }

    @Test
    void start_radiusPortInUse_namesTheAuthOrAcctField() throws IOException {
        try (DatagramSocket taken = new DatagramSocket(loopback(0))) {
            int port = taken.getLocalPort();
            assertStartFails(withSoftswitch(r -> new ServeConfig.Radius(r.auth(), loopback(port), r.clients(), r.tuning())),
                    "softswitch.acct", "cannot listen on 127.0.0.1:" + port + ": Address already in use");
            assertStartFails(withBras(r -> new ServeConfig.Radius(loopback(port), r.acct(), r.clients(), r.tuning())),
                    "bras.auth", "cannot listen on 127.0.0.1:" + port + ": Address already in use");
        }
        assertThat(data).doesNotExist();
    }

    @Test
    void start_brasAddressNotLocal_namesBrasAuth() {
        // The CoA client sends from the BRAS listener's address, and binds it first.
        assertStartFails(withBras(r -> new ServeConfig.Radius(new InetSocketAddress(NOT_LOCAL, 11812), r.acct(),
                r.clients(), r.tuning())), "bras.auth", "cannot listen on 192.0.2.1:11812: Cannot assign requested address");
        assertThat(data).doesNotExist();
    }

    @Test
    @DisplayName("issue 11: a failed start on an existing database keeps it and adds no file")
    void start_failsOnAnExistingDatabase_keepsItAndAddsNothing() throws IOException {
        NetleverServer.start(config, Clock.systemUTC()).close();
        List<String> before = filesUnder(data);
        assertThat(before).anyMatch(f -> f.endsWith("netlever.mv.db"));

        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertStartFails(withLever(loopback(taken.getLocalPort())), "lever.listen", "cannot listen on 127.0.0.1:"
                    + taken.getLocalPort() + ": Address already in use");
        }
        assertThat(filesUnder(data)).isEqualTo(before);
        NetleverServer.start(config, Clock.systemUTC()).close();
    }

    @Test
    @DisplayName("issue 11: a database that cannot be opened leaves no file behind either")
    void start_databaseCannotOpen_leavesNothingBehind() {
        ServeConfig.Storage s = config.storage();
        ServeConfig broken = config.toBuilder().storage(new ServeConfig.Storage(s.url() + ";NO_SUCH_SETTING=1",
                s.user(), s.password(), s.durability(), s.poolSize())).build();
        assertThatThrownBy(() -> NetleverServer.start(broken, Clock.systemUTC()).close())
                .isInstanceOf(RuntimeException.class);
        assertThat(data).doesNotExist();
    }
}
