package org.netlever.benchmarks;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

import org.h2.jdbcx.JdbcConnectionPool;
import org.netlever.aaa.dhcp.DhcpEvent;
import org.netlever.aaa.dhcp.DhcpEventType;
import org.netlever.aaa.dhcp.EventSource;
import org.netlever.aaa.ip.IpPool;
import org.netlever.aaa.ip.Ipv4Address;
import org.netlever.aaa.ip.Ipv4Network;
import org.netlever.aaa.lease.IpPools;
import org.netlever.aaa.lease.LeaseService;
import org.netlever.aaa.lease.Subscriber;
import org.netlever.aaa.lease.SubscriberDirectory;
import org.netlever.aaa.store.Database;
import org.netlever.device.BuiltInDeviceManagers;
import org.netlever.device.Device;
import org.netlever.device.DeviceManagers;
import org.netlever.device.DeviceResolver;
import org.netlever.device.InMemoryDeviceDirectory;
import org.netlever.option82.MacAddress;
import org.netlever.option82.RelayAgentInformation;
import org.postgresql.ds.PGConnectionPoolDataSource;

/**
 * The access network the lease benchmarks run on: {@value #SWITCHES} D-Link switches with {@value #PORTS} ports
 * each, one subscriber per port (24,000 subscribers), one pool in 100.64.0.0/16. Address {@code i} belongs to the
 * subscriber on switch {@code i / PORTS}, port {@code i % PORTS + 1}.
 *
 * <p>Not thread-safe to build; the service it builds is.
 */
final class LeaseBench implements AutoCloseable {

    static final int SWITCHES = 500;
    static final int PORTS = 48;
    static final int SUBSCRIBERS = SWITCHES * PORTS;
    static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

    final Database db;
    final LeaseService leases;
    private final AutoCloseable cleanup;
    private final DhcpEvent[] commits = new DhcpEvent[SUBSCRIBERS];

    private LeaseBench(Database db, AutoCloseable cleanup) {
        this.db = db;
        this.cleanup = cleanup;
        List<Device> devices = new ArrayList<>();
        for (int s = 0; s < SWITCHES; s++) {
            devices.add(Device.of("sw-" + s, BuiltInDeviceManagers.DLINK_SWITCH, switchMac(s)));
        }
        SubscriberDirectory subscribers = new SubscriberDirectory() {
            @Override
            public List<Subscriber> findByDevice(Device device) {
                throw new UnsupportedOperationException("switch subscribers are found by port");
            }

            @Override
            public List<Subscriber> findByDevicePort(Device device, int port) {
                return List.of(new Subscriber(device.id() + "/" + port, OptionalInt.of(port), "internet", true, true));
            }
        };
        IpPools pools = new IpPools(db, Clock.systemUTC());
        pools.add(IpPool.builder("cgnat", Ipv4Network.parse("100.64.0.0/16"), "internet").build());
        leases = LeaseService.builder(db).pools(pools).subscribers(subscribers)
                .devices(new DeviceResolver(DeviceManagers.builtIns(),
                        InMemoryDeviceDirectory.of(devices.toArray(new Device[0]))))
                .build();
        for (int i = 0; i < SUBSCRIBERS; i++) {
            commits[i] = commit(i, T0);
        }
    }

    static MacAddress switchMac(int s) {
        return MacAddress.of(0x02_00_5E_00_00_00L + s);
    }

    static Ipv4Address ip(int i) {
        return Ipv4Address.parse("100.64.0.0").plus(1 + i);
    }

    /** The commit of subscriber {@code i}'s address, as dhcpd reports it through the lever. */
    static DhcpEvent commit(int i, Instant at) {
        int s = i / PORTS;
        int port = i % PORTS + 1;
        byte[] circuit = {0, 4, 0, 100, 0, (byte) port};
        byte[] remote = new byte[8];
        remote[1] = 6;
        System.arraycopy(switchMac(s).toBytes(), 0, remote, 2, 6);
        return DhcpEvent.builder(DhcpEventType.COMMIT, ip(i), EventSource.ISC_DHCPD, at)
                .clientMac(MacAddress.of(0x0A_00_00_00_00_00L + i))
                .option82(RelayAgentInformation.of(circuit, remote))
                .leaseTime(Duration.ofMinutes(10))
                .build();
    }

    static DhcpEvent release(int i, Instant at) {
        return DhcpEvent.builder(DhcpEventType.RELEASE, ip(i), EventSource.ISC_DHCPD, at)
                .clientMac(MacAddress.of(0x0A_00_00_00_00_00L + i)).build();
    }

    DhcpEvent commitOf(int i) {
        return commits[i];
    }

    /** Gives every subscriber its lease, so that commits are renewals. */
    void assignAll() {
        for (int i = 0; i < SUBSCRIBERS; i++) {
            leases.commit(commits[i]);
        }
    }

    static LeaseBench h2() {
        Database db = Database.h2InMemory();
        return new LeaseBench(db, db);
    }

    /**
     * An H2 file database in a new temporary directory, with the default durability (every commit written and
     * fsynced before it returns, group-committed): what {@code netlever serve} runs on by default.
     */
    static LeaseBench h2File() {
        try {
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("netlever-bench");
            Database db = Database.h2File(dir.resolve("leases"));
            return new LeaseBench(db, () -> {
                db.close();
                try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(dir)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static EmbeddedPostgres postgres;

    static synchronized LeaseBench postgres() {
        try {
            if (postgres == null) {
                postgres = EmbeddedPostgres.builder().start();
            }
            try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS netlever_bench WITH (FORCE)");
                s.execute("CREATE DATABASE netlever_bench");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        PGConnectionPoolDataSource pg = new PGConnectionPoolDataSource();
        pg.setServerNames(new String[] {"localhost"});
        pg.setPortNumbers(new int[] {postgres.getPort()});
        pg.setDatabaseName("netlever_bench");
        pg.setUser("postgres");
        JdbcConnectionPool pool = JdbcConnectionPool.create(pg);
        pool.setMaxConnections(32);
        return new LeaseBench(Database.of(pool), pool::dispose);
    }

    @Override
    public void close() {
        try {
            cleanup.close();
        } catch (Exception e) {
            throw new IllegalStateException("cannot close the benchmark database", e);
        }
    }
}
