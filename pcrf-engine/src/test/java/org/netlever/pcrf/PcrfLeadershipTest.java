package org.netlever.pcrf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.netlever.aaa.store.Database;
import org.netlever.aaa.testing.Await;
import org.netlever.aaa.testing.DatabaseKind;
import org.netlever.aaa.testing.MutableClock;
import org.postgresql.ds.PGConnectionPoolDataSource;

/**
 * PCRF leadership on a real PostgreSQL shared by several "processes" (each a {@link Database} on a connection pool
 * of its own, as {@code netlever serve} has) and on H2: one leader, takeover from the store when the leader closes or
 * its lock session is killed, the old engine fenced off, and H2 always leading.
 */
class PcrfLeadershipTest {

    private static final ZoneId YEKT = ZoneId.of("Asia/Yekaterinburg");
    private static final String USER = "79139001234";
    private static final String DOMAIN = "Auto1_test.Sibir.OTT.root";
    private static final Duration RETRY = Duration.ofMillis(100);
    private static final Duration TAKEOVER = Duration.ofSeconds(15);

    private final MutableClock clock = new MutableClock(ZonedDateTime.of(LocalDateTime.parse("2026-11-23T09:00"),
            YEKT).toInstant());
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();

    @AfterEach
    void tearDown() throws Exception {
        while (!resources.isEmpty()) {
            resources.pop().close();
        }
    }

    private <T extends AutoCloseable> T closing(T resource) {
        resources.push(resource);
        return resource;
    }

    /** One process's database on the shared PostgreSQL: its own pool, so its lock session is its own. */
    private Database process(String url) {
        PGConnectionPoolDataSource pg = new PGConnectionPoolDataSource();
        pg.setURL(url);
        pg.setUser("postgres");
        JdbcConnectionPool pool = JdbcConnectionPool.create(pg);
        closing(pool::dispose);
        return closing(Database.of(pool));
    }

    /** Two processes' databases on one new database of the kind; H2 has one process, so both are the same. */
    private List<Database> twoProcesses(DatabaseKind kind) {
        if (kind == DatabaseKind.H2) {
            Database db = closing(kind.open()).database();
            return List.of(db, db);
        }
        String url = DatabaseKind.newPostgresUrl();
        return List.of(process(url), process(url));
    }

    /** A leadership whose engines run the seed, recording what its listener is told in {@code events}. */
    private PcrfLeadership.Builder leadership(Database db, List<String> events) {
        return PcrfLeadership.builder(db, fence -> PcrfEngine.builder(db, Seed.definitions()).clock(clock)
                        .fence(fence).build().start())
                .retry(RETRY)
                .listener(new PcrfLeadership.Listener() {
                    @Override
                    public void gained(PcrfEngine engine, long epoch) {
                        events.add("gained " + epoch);
                    }

                    @Override
                    public void lost(PcrfEngine engine, long epoch) {
                        events.add("lost " + epoch);
                    }
                });
    }

    private PcrfLeadership start(Database db, List<String> events) {
        return closing(leadership(db, events).start());
    }

    private static AccountingUpdate accounting(long seconds) {
        return new AccountingUpdate(seconds == 0 ? AccountingUpdate.Kind.START : AccountingUpdate.Kind.INTERIM, "s1",
                USER, "limit2h1Gb", "bras-1", Duration.ofSeconds(seconds), 0, 0, true);
    }

    /** Attaches the subscriber and stores one hour of its session: acknowledged state a successor must load. */
    private static void oneHourUsed(PcrfEngine engine) {
        engine.attach(USER, DOMAIN, "limitTP");
        engine.account(accounting(0));
        engine.account(accounting(3600));
    }

    private static Duration remaining(PcrfEngine engine) {
        return engine.state(USER).orElseThrow().current().remainingTime().orElseThrow();
    }

    private static int leaders(PcrfLeadership... leaderships) {
        int leading = 0;
        for (PcrfLeadership l : leaderships) {
            leading += l.isLeader() ? 1 : 0;
        }
        return leading;
    }

    /** Ends the database session holding the leadership lock, as a network partition or a killed backend would. */
    private static int terminateLockSession(String url) throws SQLException {
        long key = PcrfLeadership.DEFAULT_LOCK_KEY;
        try (Connection c = DriverManager.getConnection(url, "postgres", "");
                PreparedStatement ps = c.prepareStatement("SELECT COUNT(pg_terminate_backend(pid)) FROM pg_locks "
                        + "WHERE locktype = 'advisory' AND granted AND classid::bigint = ? AND objid::bigint = ? "
                        + "AND objsubid = 1")) {
            ps.setLong(1, key >>> 32);
            ps.setLong(2, key & 0xFFFF_FFFFL);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void start_aloneOnTheDatabase_leadsAtOnceAndTheNextLeadLoadsTheStore(DatabaseKind kind) {
        List<Database> processes = twoProcesses(kind);
        List<String> events = new CopyOnWriteArrayList<>();

        PcrfLeadership first = start(processes.get(0), events);
        assertThat(first.isLeader()).as("leads when start returns").isTrue();
        assertThat(first.epoch()).hasValue(1);
        PcrfEngine engine = first.engine().orElseThrow();
        oneHourUsed(engine);
        first.close();
        assertThat(first.isLeader()).isFalse();
        assertThat(first.engine()).isEmpty();
        assertThat(first.epoch()).isEmpty();

        PcrfLeadership second = start(processes.get(1), events);
        assertThat(second.epoch()).as("each lead takes the next epoch").hasValue(2);
        assertThat(remaining(second.engine().orElseThrow())).as("what the first acknowledged")
                .isEqualTo(Duration.ofHours(1));
        // The listener is told on the leadership's thread, after isLeader() already answers true.
        Await.until("the listener told of the take-over", TAKEOVER, () -> events.size() >= 3);
        assertThat(events).containsExactly("gained 1", "lost 1", "gained 2");
    }

    @Test
    void twoLeaderships_onePostgres_exactlyOneLeads() {
        String url = DatabaseKind.newPostgresUrl();
        List<String> events = new CopyOnWriteArrayList<>();
        PcrfLeadership first = start(process(url), events);
        AtomicInteger standbyChecks = new AtomicInteger();
        PcrfLeadership second = closing(PcrfLeadership.builder(process(url), fence -> {
            throw new AssertionError("the standby must not build an engine while the first leads");
        }).retry(RETRY).listener(new PcrfLeadership.Listener() {
            @Override
            public void checked(boolean leads) {
                if (!leads) {
                    standbyChecks.incrementAndGet();
                }
            }
        }).start());

        assertThat(first.isLeader()).as("the first to start takes the lock").isTrue();
        Await.until("the standby has tried to take over five times", TAKEOVER,
                () -> standbyChecks.get() >= 5);
        assertThat(leaders(first, second)).isEqualTo(1);
        assertThat(second.engine()).isEmpty();
        assertThat(second.epoch()).isEmpty();
        assertThat(events).containsExactly("gained 1");
    }

    @Test
    void leaderClosed_standbyTakesOverWithTheAcknowledgedState() {
        String url = DatabaseKind.newPostgresUrl();
        List<String> events = new CopyOnWriteArrayList<>();
        PcrfLeadership first = start(process(url), events);
        PcrfLeadership second = start(process(url), events);
        oneHourUsed(first.engine().orElseThrow());

        // The first process's database (and its pool, where the lock connection returns) stays open.
        first.close();

        Await.until("the standby takes over", TAKEOVER, second::isLeader);
        assertThat(second.epoch()).hasValue(2);
        PcrfEngine successor = second.engine().orElseThrow();
        assertThat(remaining(successor)).isEqualTo(Duration.ofHours(1));
        assertThat(successor.state(USER).orElseThrow().activeSessions()).isEqualTo(1);
        // The listener is told on the leadership's thread, after isLeader() already answers true.
        Await.until("the listener told of the take-over", TAKEOVER, () -> events.size() >= 3);
        assertThat(events).containsExactly("gained 1", "lost 1", "gained 2");
    }

    @Test
    void lockSessionTerminated_standbyTakesOverAndTheOldEngineIsFenced() throws SQLException {
        String url = DatabaseKind.newPostgresUrl();
        PcrfLeadership first = closing(leadership(process(url), new CopyOnWriteArrayList<>())
                .retry(Duration.ofMinutes(10)).start());   // would notice the lost lock only in ten minutes
        PcrfLeadership second = start(process(url), new CopyOnWriteArrayList<>());
        PcrfEngine old = first.engine().orElseThrow();
        oneHourUsed(old);

        assertThat(terminateLockSession(url)).isEqualTo(1);
        Await.until("the standby takes over", TAKEOVER, second::isLeader);
        assertThat(first.engine()).as("the old leader has not noticed").containsSame(old);

        PcrfEngine successor = second.engine().orElseThrow();
        successor.account(accounting(5400));
        assertThatThrownBy(() -> old.account(accounting(7200))).as("its quota transition would overwrite the state")
                .isInstanceOf(PcrfFencedException.class);
        assertThat(remaining(successor)).isEqualTo(Duration.ofMinutes(30));

        second.close();
        PcrfLeadership third = start(process(url), new CopyOnWriteArrayList<>());
        PcrfEngine stored = third.engine().orElseThrow();
        assertThat(stored.state(USER).orElseThrow().step()).as("the old engine's transition never landed").isZero();
        assertThat(remaining(stored)).as("the successor's write stands").isEqualTo(Duration.ofMinutes(30));
        assertThat(stored.history(USER, 10)).isEmpty();
    }

    @Test
    void lockSessionTerminated_leaderStepsDownAndLeadsAgainUnderANewEpoch() throws SQLException {
        String url = DatabaseKind.newPostgresUrl();
        List<String> events = new CopyOnWriteArrayList<>();
        PcrfLeadership only = start(process(url), events);

        assertThat(terminateLockSession(url)).isEqualTo(1);

        Await.until("the leader notices and leads again", TAKEOVER, () -> events.size() == 3);
        // A first attempt may fail and burn an epoch: H2's pool hands the dead connection out once more.
        assertThat(events.subList(0, 2)).containsExactly("gained 1", "lost 1");
        assertThat(events.get(2)).startsWith("gained ");
        long epoch = only.epoch().orElseThrow();
        assertThat(epoch).isGreaterThan(1);
        assertThat(events.get(2)).isEqualTo("gained " + epoch);
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void engineBuiltWithoutItsFence_startFailsAndReleasesTheLead(DatabaseKind kind) {
        List<Database> processes = twoProcesses(kind);
        Database db = processes.get(0);
        PcrfLeadership.Builder unfenced = PcrfLeadership.builder(db,
                fence -> PcrfEngine.builder(db, Seed.definitions()).clock(clock).build());

        assertThatThrownBy(unfenced::start).isInstanceOf(PcrfException.class)
                .hasMessageContaining("with the fence it is given");

        // Another process leads at once: on PostgreSQL the lock was released before its connection went back to the
        // pool, where it would otherwise stay held.
        assertThat(start(processes.get(1), new CopyOnWriteArrayList<>()).isLeader()).isTrue();
    }
}
