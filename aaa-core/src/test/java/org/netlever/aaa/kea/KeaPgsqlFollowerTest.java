package org.netlever.aaa.kea;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.netlever.aaa.dhcp.EventSource;
import org.netlever.aaa.ip.IpPool;
import org.netlever.aaa.ip.Ipv4Address;
import org.netlever.aaa.ip.Ipv4Network;
import org.netlever.aaa.lease.FollowerPositions;
import org.netlever.aaa.lease.InMemorySubscriberDirectory;
import org.netlever.aaa.lease.IpPools;
import org.netlever.aaa.lease.LeaseAction;
import org.netlever.aaa.lease.LeaseHistoryEntry;
import org.netlever.aaa.lease.LeaseService;
import org.netlever.aaa.lease.Subscriber;
import org.netlever.aaa.store.Database;
import org.netlever.aaa.testing.Await;
import org.netlever.aaa.testing.DatabaseKind;
import org.netlever.aaa.testing.MutableClock;
import org.netlever.aaa.testing.Peers;
import org.netlever.device.BuiltInDeviceManagers;
import org.netlever.device.Device;
import org.netlever.device.DeviceManagers;
import org.netlever.device.DeviceResolver;
import org.netlever.device.InMemoryDeviceDirectory;
import org.netlever.option82.MacAddress;

/**
 * KeaPgsqlFollower on the schema Debian's {@code kea-admin db-init pgsql} (Kea 2.2) makes, on the embedded
 * PostgreSQL, with lease4 changed the way Kea 2.2 changes it (S1.1-S1.3, issue 14); netlever's own store on H2 and
 * PostgreSQL. The real kea-dhcp4 writing to it is KeaPgsqlFollowerEndToEndTest in examples.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(DatabaseKind.class)
class KeaPgsqlFollowerTest {

    private static final String RAI = "{ \"ISC\": { \"relay-agent-info\": \"0x010600040064000502080006F8E903E755A6\" } }";

    @Parameter
    DatabaseKind kind;

    private DatabaseKind.TestDatabase testDb;
    private MutableClock clock;
    private LeaseService leases;
    private FollowerPositions positions;
    private String keaUrl;
    private Connection kea;
    private KeaPgsqlFollower follower;

    @BeforeEach
    void setUp() throws Exception {
        String keaAdmin = Peers.require("kea-admin", "kea-admin");
        Peers.require("psql", "postgresql-client");
        keaUrl = DatabaseKind.newPostgresUrl();
        // jdbc:postgresql://localhost:<port>/<name>
        String hostPort = keaUrl.substring("jdbc:postgresql://".length(), keaUrl.lastIndexOf('/'));
        Process init = new ProcessBuilder(keaAdmin, "db-init", "pgsql", "-h", "localhost", "-P",
                hostPort.substring(hostPort.indexOf(':') + 1), "-u", "postgres", "-p", "", "-n",
                keaUrl.substring(keaUrl.lastIndexOf('/') + 1)).redirectErrorStream(true).start();
        String out = new String(init.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(init.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(init.exitValue()).as("kea-admin db-init pgsql: %s", out).isZero();
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        kea = DriverManager.getConnection(keaUrl, p);

        testDb = kind.open();
        Database db = testDb.database();
        clock = new MutableClock(Instant.now());
        Device sw = Device.of("sw-1", BuiltInDeviceManagers.DLINK_SWITCH, MacAddress.parse("f8:e9:03:e7:55:a6"));
        IpPools pools = new IpPools(db, clock);
        pools.add(IpPool.builder("internet-1", Ipv4Network.parse("198.51.100.0/24"), "internet")
                .range(Ipv4Address.parse("198.51.100.10"), Ipv4Address.parse("198.51.100.200")).build());
        leases = LeaseService.builder(db)
                .devices(new DeviceResolver(DeviceManagers.builtIns(), InMemoryDeviceDirectory.of(sw)))
                .subscribers(new InMemorySubscriberDirectory().bind("sw-1", Subscriber.onPort("alice", 5, "internet")))
                .pools(pools).clock(clock).build();
        positions = new FollowerPositions(db, clock);
    }

    @AfterEach
    void tearDown() throws SQLException {
        if (follower != null) {
            follower.close();
        }
        if (kea != null) {
            kea.close();
        }
        if (testDb != null) {
            testDb.close();
        }
    }

    private KeaPgsqlFollower follow() {
        follower = KeaPgsqlFollower.builder(keaUrl).user("postgres").leases(leases).positions(positions)
                .clock(clock).pollInterval(Duration.ofMillis(200)).maxBackoff(Duration.ofMillis(200)).build();
        follower.start();
        return follower;
    }

    private void awaitDelivered(long n) {
        Await.until(n + " events delivered (now " + follower.eventsDelivered() + ")",
                () -> follower.eventsDelivered() >= n);
    }

    private void sql(String statement) throws SQLException {
        try (Statement s = kea.createStatement()) {
            s.execute(statement);
        }
    }

    private long number(String query) throws SQLException {
        try (Statement s = kea.createStatement(); ResultSet r = s.executeQuery(query)) {
            r.next();
            return r.getLong(1);
        }
    }

    /** Kea 2.2's INSERT of a new lease (PgSqlLeaseMgr's INSERT_LEASE4 columns). */
    private void insert(String ip, String mac, long valid, Instant expire) throws SQLException {
        sql("INSERT INTO lease4 (address, hwaddr, client_id, valid_lifetime, expire, subnet_id, fqdn_fwd, fqdn_rev, "
                + "hostname, state, user_context) VALUES (" + address(ip) + ", decode('"
                + mac.replace(":", "") + "', 'hex'), NULL, " + valid + ", to_timestamp(" + expire.getEpochSecond()
                + "), 1, false, false, '', 0, '" + RAI + "')");
    }

    private long address(String ip) {
        return Ipv4Address.parse(ip).bits() & 0xFFFF_FFFFL;
    }

    private List<LeaseAction> actions(String ip) {
        return leases.history(Ipv4Address.parse(ip), 20).stream().map(LeaseHistoryEntry::action).toList();
    }

    @Test
    @DisplayName("S1.2 S1.3 insert, update (renewal), delete before the end (release): assign, renew, release")
    void follow_insertRenewDelete_assignsRenewsReleases() throws SQLException {
        follow();
        Await.until("the outbox installed", () -> outboxInstalled());
        Instant now = clock.instant();
        // Kea's renewal: cltt moves to now, expire = cltt + valid lifetime.
        insert("198.51.100.10", "02:00:00:00:00:01", 600, now.plusSeconds(599));
        sql("UPDATE lease4 SET expire = to_timestamp(" + now.plusSeconds(600).getEpochSecond() + ") WHERE address = "
                + address("198.51.100.10"));
        awaitDelivered(2);
        sql("DELETE FROM lease4 WHERE address = " + address("198.51.100.10"));
        awaitDelivered(3);

        assertThat(actions("198.51.100.10")).containsExactly(LeaseAction.ASSIGN, LeaseAction.RELEASE);
        assertThat(leases.outcomeCounts()).containsEntry("assigned", 1L).containsEntry("renewed", 1L)
                .containsEntry("freed", 1L);
        assertThat(leases.recentEvents(1).get(0).source()).isEqualTo(EventSource.KEA_PGSQL);
        Await.until("the outbox emptied", () -> outboxRows() == 0);
    }

    @Test
    @DisplayName("S1.2 a reclaimed lease (state 2) is an expiry; its flush and a deletion after the end too")
    void follow_reclaimedAndExpiredDelete_areExpiries() throws SQLException {
        Instant now = clock.instant();
        follow();
        Await.until("the outbox installed", () -> outboxInstalled());
        insert("198.51.100.10", "02:00:00:00:00:01", 600, now.plusSeconds(600));
        insert("198.51.100.11", "02:00:00:00:00:02", 1, now.minusSeconds(5));
        awaitDelivered(2);
        sql("UPDATE lease4 SET state = 2 WHERE address = " + address("198.51.100.10"));
        sql("DELETE FROM lease4 WHERE address = " + address("198.51.100.10"));
        // hold-reclaimed-time 0: Kea deletes the expired lease at once.
        sql("DELETE FROM lease4 WHERE address = " + address("198.51.100.11"));
        awaitDelivered(5);

        assertThat(actions("198.51.100.10")).containsExactly(LeaseAction.ASSIGN, LeaseAction.EXPIRE);
        assertThat(actions("198.51.100.11")).containsExactly(LeaseAction.ASSIGN, LeaseAction.EXPIRE);
        assertThat(leases.outcomeCounts()).containsEntry("unchanged_not_held", 1L);
    }

    @Test
    @DisplayName("S1.1 changes while netlever is down wait in the outbox; rows read again are duplicates")
    void restart_outboxKeepsChanges_andRereadRowsAreDuplicates() throws SQLException {
        follow();
        Await.until("the outbox installed", () -> outboxInstalled());
        follower.close();

        Instant now = clock.instant();
        insert("198.51.100.10", "02:00:00:00:00:01", 600, now.plusSeconds(600));
        insert("198.51.100.11", "02:00:00:00:00:02", 600, now.plusSeconds(600));
        assertThat(outboxRows()).isEqualTo(2);
        List<String> copies = new ArrayList<>();
        try (Statement s = kea.createStatement(); ResultSet r = s.executeQuery("SELECT id, op, changed_at, address, "
                + "encode(hwaddr, 'hex'), valid_lifetime, expire, state FROM netlever_lease4_outbox")) {
            while (r.next()) {
                copies.add("(" + r.getLong(1) + ", '" + r.getString(2) + "', '" + r.getString(3) + "', "
                        + r.getLong(4) + ", decode('" + r.getString(5) + "', 'hex'), " + r.getLong(6) + ", '"
                        + r.getString(7) + "', 1, '', " + r.getLong(8) + ", '" + RAI + "')");
            }
        }
        follow();
        awaitDelivered(2);
        Await.until("the outbox emptied", () -> outboxRows() == 0);

        // A crash after the events were durable but before the rows were deleted: the same rows again.
        follower.close();
        sql("INSERT INTO netlever_lease4_outbox (id, op, changed_at, address, hwaddr, valid_lifetime, expire, "
                + "subnet_id, hostname, state, user_context) VALUES " + String.join(", ", copies));
        follow();
        awaitDelivered(2);

        assertThat(leases.outcomeCounts()).containsEntry("assigned", 2L).containsEntry("unchanged_duplicate", 2L);
        assertThat(actions("198.51.100.10")).containsExactly(LeaseAction.ASSIGN);
        assertThat(positions.load(follower.name())).hasValueSatisfying(p -> assertThat(p).startsWith("outbox-id="));
    }

    @Test
    @DisplayName("S1.1 the outbox installs idempotently beside Kea's own lease4 triggers, which keep counting")
    void install_twice_oneTriggerAndKeasStatisticsIntact() throws SQLException {
        follow();
        Await.until("the outbox installed", () -> outboxInstalled());
        follower.close();
        follow();
        insert("198.51.100.10", "02:00:00:00:00:01", 600, clock.instant().plusSeconds(600));
        awaitDelivered(1);

        assertThat(number("SELECT COUNT(*) FROM pg_trigger WHERE tgrelid = 'lease4'::regclass "
                + "AND tgname = 'netlever_lease4_outbox'")).isEqualTo(1);
        assertThat(number("SELECT COUNT(*) FROM pg_trigger WHERE tgrelid = 'lease4'::regclass AND NOT tgisinternal"))
                .as("Kea's statistics triggers and netlever's").isGreaterThan(1);
        assertThat(number("SELECT leases FROM lease4_stat WHERE subnet_id = 1 AND state = 0")).isEqualTo(1);
    }

    @Test
    @DisplayName("S1.5 an unreadable outbox row is counted, skipped and removed; a lost connection is retried")
    void follow_badRowAndLostConnection_goOn() throws SQLException {
        follow();
        Await.until("the outbox installed", () -> outboxInstalled());
        sql("INSERT INTO netlever_lease4_outbox (op, address, hwaddr, valid_lifetime, expire, subnet_id, state) "
                + "VALUES ('I', 3325256714, decode('0102', 'hex'), 600, now(), 1, 0)");
        insert("198.51.100.11", "02:00:00:00:00:02", 600, clock.instant().plusSeconds(600));
        awaitDelivered(1);
        assertThat(follower.parseProblems()).isEqualTo(1);

        sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN%' "
                + "OR (datname = current_database() AND pid <> pg_backend_pid() AND application_name <> 'psql')");
        insert("198.51.100.12", "02:00:00:00:00:03", 600, clock.instant().plusSeconds(600));
        awaitDelivered(2);

        assertThat(actions("198.51.100.12")).containsExactly(LeaseAction.ASSIGN);
        Await.until("the outbox emptied", () -> outboxRows() == 0);
    }

    private boolean outboxInstalled() {
        try {
            return number("SELECT COUNT(*) FROM pg_trigger WHERE tgname = 'netlever_lease4_outbox'") == 1;
        } catch (SQLException e) {
            return false;
        }
    }

    private long outboxRows() {
        try {
            return number("SELECT COUNT(*) FROM netlever_lease4_outbox");
        } catch (SQLException e) {
            return -1;
        }
    }

}
