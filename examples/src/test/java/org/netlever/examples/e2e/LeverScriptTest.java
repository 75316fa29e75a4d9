package org.netlever.examples.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.netlever.examples.e2e.LeverBilling.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netlever.aaa.ip.IpPool;
import org.netlever.aaa.ip.Ipv4Address;
import org.netlever.aaa.ip.Ipv4Network;
import org.netlever.aaa.lease.InMemorySubscriberDirectory;
import org.netlever.aaa.lease.IpPools;
import org.netlever.aaa.lease.Lease;
import org.netlever.aaa.lease.LeaseService;
import org.netlever.aaa.lease.RecordedEvent;
import org.netlever.aaa.lease.Subscriber;
import org.netlever.aaa.lever.LeverServer;
import org.netlever.aaa.store.Database;
import org.netlever.device.BuiltInDeviceManagers;
import org.netlever.device.Device;
import org.netlever.device.DeviceManagers;
import org.netlever.device.DeviceResolver;
import org.netlever.device.InMemoryDeviceDirectory;

/**
 * The shipped lever script's contract, on loopback (no root, no namespace): it spools and returns, delivers in the
 * background, keeps events while the endpoint is down or refuses it, forwards Kea's variables, and encodes what it
 * sends. Needs sh, curl and openssl.
 */
class LeverScriptTest {

    @TempDir
    Path dir;
    private Database db;
    private LeaseService leases;
    private LeverServer server;
    private Path lever;
    private Path spool;
    private int port;

    @BeforeEach
    void setUp() throws IOException {
        Peers.require("curl", "curl");
        Peers.require("openssl", "openssl");
        db = Database.h2InMemory();
        IpPools pools = new IpPools(db, java.time.Clock.systemUTC());
        pools.add(IpPool.builder("internet-1", Ipv4Network.parse("198.51.100.0/24"), "internet")
                .gateway(Ipv4Address.parse("198.51.100.1")).build());
        leases = LeaseService.builder(db).pools(pools)
                .devices(new DeviceResolver(DeviceManagers.builtIns(), InMemoryDeviceDirectory.of(
                        Device.of("sw-1", BuiltInDeviceManagers.DLINK_SWITCH, LeverBilling.SWITCH))))
                .subscribers(new InMemorySubscriberDirectory().bind("sw-1", Subscriber.onPort("alice", 5, "internet")))
                .build();
        startServer(0);
        lever = dir.resolve("netlever-lever");
        Files.copy(LeverBilling.REPOSITORY.resolve("examples/lever/netlever-lever"), lever);
        Files.setPosixFilePermissions(lever, PosixFilePermissions.fromString("rwx------"));
        spool = dir.resolve("spool");
        Path secret = Files.writeString(dir.resolve("secret"), "5b0e8c7d2a914f36b1e0d9c8a7f6e5d4\n");
        Files.writeString(dir.resolve("lever.conf"), "NETLEVER_URL=http://127.0.0.1:" + port + "\n"
                + "NETLEVER_SECRET_FILE=" + secret + "\nNETLEVER_SPOOL=" + spool + "\nNETLEVER_TIMEOUT=5\n");
    }

    private void startServer(int wantedPort) {
        server = LeverServer.builder(leases, LeverBilling.SECRET).threads(2)
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), wantedPort)).build().start();
        port = server.address().getPort();
    }

    @AfterEach
    void tearDown() {
        server.close();
        db.close();
    }

    private int run(Map<String, String> env, String... args) throws Exception {
        return run(true, env, args);
    }

    private int run(boolean silent, Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("sh", lever.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        if (silent) {
            assertThat(new String(out, StandardCharsets.UTF_8)).as("the lever prints nothing").isEmpty();
        }
        return p.exitValue();
    }

    private long spooled() throws IOException {
        try (Stream<Path> files = Files.list(spool)) {
            return files.filter(f -> f.toString().endsWith(".event")).count();
        }
    }

    private String holder(String ip) {
        return leases.lease(Ipv4Address.parse(ip)).map(Lease::subscriberId).orElse("");
    }

    @Test
    @DisplayName("S1.1 a dhcpd commit is spooled, delivered in the background, and the spool emptied")
    void commit_deliveredAndSpoolEmptied() throws Exception {
        assertThat(run(Map.of(), "commit", "198.51.100.10", "2:0:0:0:a:11", "0:6:f8:e9:3:e7:55:a6", "0:4:0:98:0:5"))
                .isZero();
        await("the commit", () -> holder("198.51.100.10").equals("alice"));
        await("the spool to empty", () -> spooledQuietly() == 0);
        RecordedEvent e = leases.recentEvents(1).get(0);
        assertThat(e.sourceEventId()).as("the lever's spool id travels with the event").isPresent();
        assertThat(e.occurredAt()).isPresent();
    }

    @Test
    @DisplayName("no event lost: while the endpoint is down, events stay spooled; a flush delivers them in order")
    void endpointDown_spooledThenFlushed() throws Exception {
        server.close();
        assertThat(run(Map.of(), "commit", "198.51.100.10", "2:0:0:0:a:11", "0:6:f8:e9:3:e7:55:a6", "0:4:0:98:0:5"))
                .as("the lever still succeeds for the DHCP server").isZero();
        assertThat(run(Map.of(), "release", "198.51.100.10", "2:0:0:0:a:11")).isZero();
        awaitNoFlusher();
        assertThat(run(Map.of(), "flush")).as("flush reports the failure").isNotZero();
        assertThat(spooled()).isEqualTo(2);

        startServer(port);
        assertThat(run(Map.of(), "flush")).isZero();
        assertThat(spooled()).isZero();
        assertThat(leases.history(Ipv4Address.parse("198.51.100.10"), 5)).as("commit, then release, in order")
                .extracting(h -> h.action().name()).containsExactly("ASSIGN", "RELEASE");
    }

    @Test
    @DisplayName("a refused request (wrong secret: 401) keeps the events spooled")
    void wrongSecret_keptSpooled() throws Exception {
        Files.writeString(dir.resolve("secret"), "ffffffffffffffffffffffffffffffff\n");
        assertThat(run(Map.of(), "commit", "198.51.100.10", "2:0:0:0:a:11", "0:6:f8:e9:3:e7:55:a6", "0:4:0:98:0:5"))
                .isZero();
        awaitNoFlusher();
        assertThat(run(Map.of(), "flush")).isNotZero();
        assertThat(spooled()).isEqualTo(1);
        assertThat(leases.recentEvents(5)).as("nothing recorded from an unauthenticated request").isEmpty();
    }

    @Test
    @DisplayName("S1.1 Kea: leases4_committed is forwarded with its variables; hooks reported again elsewhere are not")
    void kea_forwardedAndFiltered() throws Exception {
        Map<String, String> env = Map.of("LEASES4_SIZE", "1", "LEASES4_AT0_ADDRESS", "198.51.100.20",
                "LEASES4_AT0_HWADDR", "02:00:00:00:0a:11", "LEASES4_AT0_HOSTNAME", "alice's laptop & co",
                "QUERY4_OPTION_82", "0x010600040098000502080006F8E903E755A6", "DELETED_LEASES4_SIZE", "0");
        assertThat(run(env, "lease4_renew")).isZero();
        assertThat(Files.exists(spool) ? spooled() : 0).as("lease4_renew is reported again as leases4_committed")
                .isZero();
        assertThat(run(env, "leases4_committed")).isZero();
        await("the Kea commit", () -> holder("198.51.100.20").equals("alice"));
        assertThat(leases.recentEvents(1).get(0).source().label()).isEqualTo("kea");
        assertThat(leases.events(Ipv4Address.parse("198.51.100.20"), 1)).singleElement()
                .satisfies(e -> assertThat(e.outcome()).isEqualTo("assigned"));
        assertThat(run(false, Map.of(), "bogus")).as("an unknown event is a usage error").isEqualTo(2);
    }

    /** Waits until the background flusher the last event started has finished. */
    private void awaitNoFlusher() {
        await("the background flusher to finish", () -> {
            try {
                Path pidFile = spool.resolve(".flusher");
                if (!Files.exists(pidFile)) {
                    return true;
                }
                long pid = Long.parseLong(Files.readString(pidFile).strip());
                return ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true);
            } catch (IOException | NumberFormatException e) {
                return false;
            }
        });
    }

    private long spooledQuietly() {
        try {
            return spooled();
        } catch (IOException e) {
            return -1;
        }
    }
}
