package org.netlever.aaa.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.netlever.aaa.lease.DhcpdLeasesFile.active;
import static org.netlever.aaa.lease.DhcpdLeasesFile.released;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.netlever.aaa.ip.Ipv4Address;
import org.netlever.aaa.store.Database;
import org.netlever.aaa.testing.Await;
import org.netlever.aaa.testing.DatabaseKind;
import org.netlever.aaa.testing.MutableClock;

/**
 * DhcpdLeasesFollower on H2 and PostgreSQL (issue 14, S1.1-S1.3): a file written as dhcpd writes it — records
 * appended, half-written records, rewrites renaming the old file to {@code ~} — and followers stopped and started in
 * between; every lease change is in the event log once, none is lost.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(DatabaseKind.class)
class DhcpdLeasesFollowerTest {

    private static final String ALICE = "02:00:00:00:0a:11";
    private static final String BOB = "02:00:00:00:0b:0b";
    private static final Instant T = Instant.parse("2026-12-01T20:04:16Z");

    @Parameter
    DatabaseKind kind;

    @TempDir
    Path dir;

    private DatabaseKind.TestDatabase testDb;
    private Database db;
    private LeaseService leases;
    private FollowerPositions positions;
    private DhcpdLeasesFile file;
    private DhcpdLeasesFollower follower;

    @BeforeEach
    void setUp() {
        testDb = kind.open();
        db = testDb.database();
        MutableClock clock = new MutableClock(Network.T0);
        IpPools pools = new IpPools(db, clock);
        pools.add(Network.INTERNET);
        leases = LeaseService.builder(db).devices(Network.devices()).subscribers(Network.subscribers()).pools(pools)
                .clock(clock).build();
        positions = new FollowerPositions(db, clock);
        file = new DhcpdLeasesFile(dir.resolve("dhcpd.leases"));
    }

    @AfterEach
    void tearDown() {
        if (follower != null) {
            follower.close();
        }
        testDb.close();
    }

    private DhcpdLeasesFollower start() {
        if (follower != null) {
            follower.close();
        }
        follower = DhcpdLeasesFollower.builder(file.path, leases, positions).pollInterval(Duration.ofMillis(20))
                .maxBackoff(Duration.ofMillis(200)).batchSize(2).build();
        follower.start();
        return follower;
    }

    private String holder(String ip) {
        return leases.lease(Ipv4Address.parse(ip)).map(Lease::subscriberId).orElse("");
    }

    private long logged() {
        return db.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM dhcp_event WHERE source = 'dhcpd-leases'")
                .mapTo(Long.class).one());
    }

    private List<LeaseAction> history(String ip) {
        return leases.history(Ipv4Address.parse(ip), 20).stream().map(LeaseHistoryEntry::action).toList();
    }

    private static void await(String what, java.util.function.BooleanSupplier condition) {
        Await.until(what, Duration.ofSeconds(20), condition);
    }

    @Test
    @DisplayName("S1.1-S1.3 the recorded dhcpd file: three commits, a release and two expiries, each once")
    void follow_recordedFile_everyChangeOnce() throws Exception {
        Files.writeString(file.path, DhcpdLeasesFile.recorded("commit-release-expiry"),
                java.nio.charset.StandardCharsets.ISO_8859_1);
        start();

        await("six events", () -> follower.eventsDelivered() == 6);
        assertThat(history("198.51.100.10")).containsExactly(LeaseAction.ASSIGN, LeaseAction.RELEASE);
        assertThat(history("198.51.100.11")).containsExactly(LeaseAction.ASSIGN, LeaseAction.EXPIRE);
        assertThat(history("198.51.100.12")).containsExactly(LeaseAction.ASSIGN, LeaseAction.EXPIRE);
        assertThat(leases.allLeases()).isEmpty();
        assertThat(logged()).isEqualTo(6);
        assertThat(follower.parseProblems()).isZero();
    }

    @Test
    @DisplayName("S1.3 a record dhcpd is still writing is read once it is complete")
    void follow_halfWrittenRecord_readWhenComplete() throws Exception {
        file.create();
        start();
        String alice = active("198.51.100.10", ALICE, 5, T, 600);
        String bob = active("198.51.100.11", BOB, 6, T, 600);
        file.append(alice + bob.substring(0, 70));

        await("alice's commit", () -> holder("198.51.100.10").equals("alice"));
        file.append(bob.substring(70));
        await("bob's commit", () -> holder("198.51.100.11").equals("bob"));
        // The lease is visible once its transaction commits; the follower counts the event just after.
        await("two events delivered", () -> follower.eventsDelivered() == 2);
        assertThat(follower.eventsDelivered()).isEqualTo(2);
        assertThat(follower.parseProblems()).isZero();
    }

    @Test
    @DisplayName("issue 14: a rewrite while following — the old file finished, the snapshot duplicates, a renewal new")
    void follow_rewrite_nothingLostNothingDoubled() throws Exception {
        file.create();
        file.append(active("198.51.100.10", ALICE, 5, T, 600));
        start();
        await("alice's commit", () -> follower.eventsDelivered() == 1);

        // dhcpd: bob's commit still goes to the old file, then the rewrite; alice's renewal to the new file.
        String bob = active("198.51.100.11", BOB, 6, T.plusSeconds(1), 600);
        file.append(bob);
        file.rewrite(active("198.51.100.10", ALICE, 5, T, 600).replace("  cltt", "  tstp 2 2026/12/01 20:14:16;\n"
                + "  cltt") + bob);
        file.append(active("198.51.100.10", ALICE, 5, T.plusSeconds(300), 600));

        await("the renewal", () -> follower.eventsDelivered() == 5);
        assertThat(holder("198.51.100.11")).isEqualTo("bob");
        assertThat(history("198.51.100.10")).containsExactly(LeaseAction.ASSIGN);
        assertThat(history("198.51.100.11")).containsExactly(LeaseAction.ASSIGN);
        assertThat(logged()).as("alice's commit and renewal, bob's commit").isEqualTo(3);
        assertThat(leases.outcomeCounts()).containsEntry("unchanged_duplicate", 2L).containsEntry("renewed", 1L);
    }

    @Test
    @DisplayName("issue 14: stopped, dhcpd releases and rewrites — on start the ~ file is finished, the release once")
    void restart_releaseAndRewriteWhileStopped_deliveredOnce() throws Exception {
        file.create();
        file.append(active("198.51.100.10", ALICE, 5, T, 600) + active("198.51.100.11", BOB, 6, T, 600));
        start();
        await("both commits", () -> follower.eventsDelivered() == 2);
        follower.close();

        // Alice's renewal is only in the old file: the snapshot has her release, her latest record.
        String release = released("198.51.100.10", ALICE, T.plusSeconds(30), T.plusSeconds(60));
        file.append(active("198.51.100.10", ALICE, 5, T.plusSeconds(30), 600) + release);
        file.rewrite(release + active("198.51.100.11", BOB, 6, T, 600));
        file.append(released("198.51.100.11", BOB, T, T.plusSeconds(120)));
        start();

        await("both releases", () -> leases.allLeases().isEmpty());
        await("the ~ file's and the new file's records", () -> follower.eventsDelivered() == 5);
        assertThat(history("198.51.100.10")).containsExactly(LeaseAction.ASSIGN, LeaseAction.RELEASE);
        assertThat(history("198.51.100.11")).containsExactly(LeaseAction.ASSIGN, LeaseAction.RELEASE);
        assertThat(logged()).as("two commits, alice's renewal, two releases").isEqualTo(5);
        assertThat(leases.outcomeCounts()).containsEntry("renewed", 1L).containsEntry("unchanged_duplicate", 2L);
    }

    @Test
    @DisplayName("issue 14: a release seen only in the rewritten file (as free) is still delivered once")
    void restart_releaseOnlyInTheSnapshot_deliveredOnce() throws Exception {
        file.create();
        file.append(active("198.51.100.10", ALICE, 5, T, 600));
        start();
        await("alice's commit", () -> follower.eventsDelivered() == 1);
        follower.close();

        // Released and rewritten twice while netlever was stopped: the saved file is gone, ~ is the middle one.
        String release = released("198.51.100.10", ALICE, T, T.plusSeconds(60));
        file.rewrite(release);
        file.rewrite(release);
        start();

        await("the release", () -> leases.allLeases().isEmpty());
        await("~ and the current file read", () -> follower.eventsDelivered() == 2);
        assertThat(history("198.51.100.10")).containsExactly(LeaseAction.ASSIGN, LeaseAction.RELEASE);
        assertThat(logged()).isEqualTo(2);
    }

    @Test
    @DisplayName("issue 14: a position whose inode a new file reuses is not applied to it (checksum of the tail)")
    void restart_positionInAnotherFile_readFromTheStart() throws Exception {
        file.create();
        file.append(active("198.51.100.10", ALICE, 5, T, 600));
        start();
        await("alice's commit", () -> follower.eventsDelivered() == 1);
        follower.close();
        String saved = positions.load(follower.name()).orElseThrow();

        // The same file (same inode) with other content of the same length before the saved offset.
        String content = Files.readString(file.path, java.nio.charset.StandardCharsets.ISO_8859_1);
        Files.writeString(file.path, content.replace("198.51.100.10", "198.51.100.12").replace(ALICE, BOB)
                .replace("0:4:0:98:0:5", "0:4:0:98:0:6"), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(positions.load(follower.name())).contains(saved);
        start();

        await("bob's commit", () -> holder("198.51.100.12").equals("bob"));
    }

    @Test
    @DisplayName("S1.5 garbage, a bad address and a bootp record are counted and skipped; the next lease is read")
    void follow_garbage_countedAndFollowingGoesOn() throws Exception {
        file.create();
        file.append("lease 300.1.1.1 {\n  binding state active;\n}\n"
                + "lease 198.51.100.20 {\n  starts 2 2026/12/01 20:00:00;\n  binding state bootp;\n}\n"
                + "lease 198.51.100.21 {\n  binding state free;\n}\n"
                + "}}} ;;; garbage \"unterminated\n");
        start();
        file.append("\"\n" + active("198.51.100.10", ALICE, 5, T, 600));

        await("alice's commit", () -> holder("198.51.100.10").equals("alice"));
        Map<String, Long> problems = follower.problems();
        assertThat(problems).containsEntry("unreadable", 2L).containsEntry("not-an-event", 1L)
                .containsEntry("untimed", 1L);
        assertThat(follower.parseProblems()).isEqualTo(3);
    }

    @Test
    void follow_fileAppearsLater_readFromItsStart() throws Exception {
        start();
        file.create();
        file.append(active("198.51.100.10", ALICE, 5, T, 600));

        await("alice's commit", () -> holder("198.51.100.10").equals("alice"));
    }

    @Test
    void builder_badSettings_refused() {
        var b = DhcpdLeasesFollower.builder(file.path, leases, positions);
        assertThatThrownBy(() -> b.pollInterval(Duration.ofMillis(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.batchSize(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.maxBackoff(Duration.ofMillis(50)).pollInterval(Duration.ofSeconds(1)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shorter than the poll interval");
        DhcpdLeasesFollower f = DhcpdLeasesFollower.builder(file.path, leases, positions).build();
        assertThat(f.name()).isEqualTo("dhcpd-leases:" + file.path.toAbsolutePath());
        f.start();
        assertThatThrownBy(f::start).isInstanceOf(IllegalStateException.class);
        f.close();
        f.close();
    }
}
