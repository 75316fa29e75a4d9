package org.netlever.examples.e2e;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.netlever.aaa.ip.IpPool;
import org.netlever.aaa.ip.Ipv4Address;
import org.netlever.aaa.ip.Ipv4Network;
import org.netlever.aaa.lease.InMemorySubscriberDirectory;
import org.netlever.aaa.lease.IpPools;
import org.netlever.aaa.lease.LeaseService;
import org.netlever.aaa.lease.Subscriber;
import org.netlever.aaa.lever.LeverSecret;
import org.netlever.aaa.lever.LeverServer;
import org.netlever.aaa.store.Database;
import org.netlever.aaa.testing.Await;
import org.netlever.device.BuiltInDeviceManagers;
import org.netlever.device.Device;
import org.netlever.device.DeviceManagers;
import org.netlever.device.DeviceResolver;
import org.netlever.device.InMemoryDeviceDirectory;
import org.netlever.option82.MacAddress;
import org.netlever.option82.RelayAgentInformation;

/**
 * The billing side of the end-to-end tests: netlever's lease service and lever endpoint on 203.0.113.1, with a
 * D-Link switch (alice on port 5, bob on port 6) and a ZTE ONU (carol), and the shipped lever script installed in a
 * temporary directory with its configuration, secret and spool.
 */
final class LeverBilling implements AutoCloseable {

    static final Path REPOSITORY = Path.of(System.getProperty("netlever.repository", "..")).toAbsolutePath();
    static final LeverSecret SECRET = LeverSecret.of("5b0e8c7d2a914f36b1e0d9c8a7f6e5d4");
    static final MacAddress SWITCH = MacAddress.parse("f8:e9:03:e7:55:a6");
    static final MacAddress ALICE_PC = MacAddress.parse("02:00:00:00:0a:11");
    static final MacAddress BOB_PC = MacAddress.parse("02:00:00:00:0b:0b");
    static final MacAddress CAROL_PC = MacAddress.parse("02:00:00:00:0c:a1");

    final Database db = Database.h2InMemory();
    final LeaseService leases;
    /** The registered devices; a test may register more. */
    final InMemoryDeviceDirectory devices;
    /** The bound subscribers; a test may bind more. */
    final InMemorySubscriberDirectory subscribers;
    /** The pools; a test may add more. */
    final IpPools pools;
    final Path dir;
    final Path lever;
    final Path spool;
    private LeverServer server;
    private int port;

    LeverBilling(Path dir) throws IOException {
        this(dir, true);
    }

    /** @param leverEndpoint whether to start the lever endpoint (a lease follower needs none) */
    LeverBilling(Path dir, boolean leverEndpoint) throws IOException {
        this.dir = dir;
        pools = new IpPools(db, java.time.Clock.systemUTC());
        pools.add(IpPool.builder("internet-1", Ipv4Network.parse("198.51.100.0/24"), "internet")
                .gateway(Ipv4Address.parse("198.51.100.1")).build());
        devices = InMemoryDeviceDirectory.of(Device.of("sw-1", BuiltInDeviceManagers.DLINK_SWITCH, SWITCH),
                Device.builder("onu-1", BuiltInDeviceManagers.ZTE_ONU).serial("ZTEGC0288E70").build());
        subscribers = new InMemorySubscriberDirectory()
                .bind("sw-1", Subscriber.onPort("alice", 5, "internet"))
                .bind("sw-1", Subscriber.onPort("bob", 6, "internet"))
                .bind("onu-1", Subscriber.onDevice("carol", "internet"));
        leases = LeaseService.builder(db).devices(new DeviceResolver(DeviceManagers.builtIns(), devices))
                .pools(pools).subscribers(subscribers).build();
        if (leverEndpoint) {
            startServer();
        }

        lever = dir.resolve("netlever-lever");
        Files.copy(REPOSITORY.resolve("examples/lever/netlever-lever"), lever);
        Files.setPosixFilePermissions(lever, PosixFilePermissions.fromString("rwx------"));
        spool = dir.resolve("spool");
        Path secretFile = Files.writeString(dir.resolve("lever.secret"), "5b0e8c7d2a914f36b1e0d9c8a7f6e5d4\n");
        Files.writeString(dir.resolve("lever.conf"), "NETLEVER_URL=http://" + NetnsLab.NETLEVER + ":" + port + "\n"
                + "NETLEVER_SECRET_FILE=" + secretFile + "\nNETLEVER_SPOOL=" + spool + "\nNETLEVER_TIMEOUT=5\n");
    }

    void startServer() {
        InetSocketAddress address = new InetSocketAddress(addressOf(NetnsLab.NETLEVER), port);
        server = LeverServer.builder(leases, SECRET).bind(address).threads(2).build().start();
        port = server.address().getPort();
    }

    void stopServer() {
        server.close();
    }

    private static InetAddress addressOf(String ip) {
        try {
            return InetAddress.getByName(ip);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static RelayAgentInformation dlinkPort(int port) {
        return RelayAgentInformation.parse(String.format("0x01060004009800%02x02080006f8e903e755a6", port));
    }

    static RelayAgentInformation zteOnu() {
        return RelayAgentInformation.of("ZTEGC0288E70".getBytes(), "45:47:c0:28:8e:70".getBytes());
    }

    long spooled() throws IOException {
        if (!Files.isDirectory(spool)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(spool)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".event")).count();
        }
    }

    /** Waits for a condition the lever or a DHCP server makes true in the background (they can take seconds). */
    static void await(String what, BooleanSupplier condition) {
        Await.until(what, Duration.ofSeconds(30), condition);
    }

    static boolean contains(Path log, String text) {
        try {
            return Files.exists(log) && Files.readString(log).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        db.close();
    }
}
