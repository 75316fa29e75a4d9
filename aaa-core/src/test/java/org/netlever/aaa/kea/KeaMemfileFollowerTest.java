package org.netlever.aaa.kea;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
import org.netlever.aaa.lease.RecordedEvent;
import org.netlever.aaa.lease.Subscriber;
import org.netlever.aaa.store.Database;
import org.netlever.aaa.testing.Await;
import org.netlever.aaa.testing.DatabaseKind;
import org.netlever.aaa.testing.MutableClock;
import org.netlever.device.BuiltInDeviceManagers;
import org.netlever.device.Device;
import org.netlever.device.DeviceManagers;
import org.netlever.device.DeviceResolver;
import org.netlever.device.InMemoryDeviceDirectory;
import org.netlever.option82.MacAddress;

/**
 * KeaMemfileFollower on Kea 2.2's recorded lease files and on files changed the way Kea and kea-lfc change them
 * (S1.1-S1.3, issue 14), with the lease store on H2 and PostgreSQL.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(DatabaseKind.class)
class KeaMemfileFollowerTest {

    static final String HEADER =
            "address,hwaddr,client_id,valid_lifetime,expire,subnet_id,fqdn_fwd,fqdn_rev,hostname,state,user_context";
    /** perfdhcp's Option 82 in the vectors: the D-Link switch below, port 5 (alice). */
    static final String RAI = "{ \"ISC\": { \"relay-agent-info\": \"0x010600040064000502080006F8E903E755A6\" } }";
    static final long T = 1_796_155_800L;

    @Parameter
    DatabaseKind kind;

    @TempDir
    Path dir;

    private DatabaseKind.TestDatabase testDb;
    private Database db;
    private MutableClock clock;
    private LeaseService leases;
    private FollowerPositions positions;
    private Path file;
    private KeaMemfileFollower follower;

    @BeforeEach
    void setUp() {
        testDb = kind.open();
        db = testDb.database();
        clock = new MutableClock(Instant.ofEpochSecond(T));
        Device sw = Device.of("sw-1", BuiltInDeviceManagers.DLINK_SWITCH, MacAddress.parse("f8:e9:03:e7:55:a6"));
        InMemorySubscriberDirectory subscribers = new InMemorySubscriberDirectory()
                .bind("sw-1", Subscriber.onPort("alice", 5, "internet"));
        IpPools pools = new IpPools(db, clock);
        pools.add(IpPool.builder("internet-1", Ipv4Network.parse("198.51.100.0/24"), "internet")
                .range(Ipv4Address.parse("198.51.100.10"), Ipv4Address.parse("198.51.100.200")).build());
        leases = LeaseService.builder(db)
                .devices(new DeviceResolver(DeviceManagers.builtIns(), InMemoryDeviceDirectory.of(sw)))
                .subscribers(subscribers).pools(pools).clock(clock).build();
        positions = new FollowerPositions(db, clock);
        file = dir.resolve("kea-leases4.csv");
    }

    @AfterEach
    void tearDown() {
        if (follower != null) {
            follower.close();
        }
        testDb.close();
    }

    private KeaMemfileFollower follow() {
        follower = KeaMemfileFollower.builder(file).leases(leases).positions(positions).clock(clock)
                .pollInterval(Duration.ofMillis(20)).maxBackoff(Duration.ofMillis(100)).build();
        follower.start();
        return follower;
    }

    private void awaitDelivered(long n) {
        Await.until(n + " events delivered (now " + follower.eventsDelivered() + ")",
                () -> follower.eventsDelivered() >= n);
    }

    private void copyVector(String name) throws IOException {
        Files.write(file, KeaLease4Test.vector(name), StandardCharsets.UTF_8);
    }

    static String row(String ip, String mac, long valid, long expire, int state) {
        return ip + "," + mac + ",," + valid + "," + expire + ",1,0,0,,"  + state + "," + RAI;
    }

    private static void append(Path f, String... lines) throws IOException {
        Files.writeString(f, String.join("\n", lines) + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    private List<LeaseAction> actions(String ip) {
        return leases.history(Ipv4Address.parse(ip), 20).stream().map(LeaseHistoryEntry::action).toList();
    }

    private List<RecordedEvent> events() {
        return leases.recentEvents(1000).stream().filter(e -> e.source() == EventSource.KEA_MEMFILE).toList();
    }

    private long duplicates() {
        return leases.outcomeCounts().getOrDefault("unchanged_duplicate", 0L);
    }

    @Test
    @DisplayName("S1.2 S1.3 Kea 2.2's recorded file (hold-reclaimed-time 0): commits, renewals, expiries")
    void follow_recordedExpiries_assignsRenewsAndExpiresEach() throws IOException {
        copyVector("kea-2.2-memfile-hold0.csv");
        clock.set(Instant.ofEpochSecond(1_796_155_900L));

        follow();
        awaitDelivered(11);

        for (String ip : List.of("198.51.100.10", "198.51.100.11", "198.51.100.12", "198.51.100.13")) {
            assertThat(actions(ip)).as(ip).containsExactly(LeaseAction.ASSIGN, LeaseAction.EXPIRE);
        }
        assertThat(leases.allLeases()).isEmpty();
        assertThat(leases.outcomeCounts()).containsEntry("assigned", 4L).containsEntry("renewed", 3L)
                .containsEntry("freed", 4L);
        assertThat(events()).hasSize(11).allSatisfy(e -> assertThat(e.sourceEventId()).isPresent());
        assertThat(follower.parseProblems()).isZero();
    }

    @Test
    @DisplayName("S1.2 Kea 2.2's recorded DHCPRELEASE (valid lifetime 0 before the lease ran out) is a release")
    void follow_recordedRelease_isRelease() throws IOException {
        copyVector("kea-2.2-memfile-release.csv");
        clock.set(Instant.ofEpochSecond(1_796_155_810L));

        follow();
        awaitDelivered(9);

        assertThat(actions("198.51.100.12")).containsExactly(LeaseAction.ASSIGN, LeaseAction.RELEASE);
        assertThat(leases.allLeases()).extracting(l -> l.ip().toString())
                .containsExactlyInAnyOrder("198.51.100.10", "198.51.100.11", "198.51.100.13");
        assertThat(leases.lease(Ipv4Address.parse("198.51.100.10")).orElseThrow().subscriberId()).isEqualTo("alice");
    }

    @Test
    @DisplayName("S1.2 Kea 2.2's recorded expired-reclaimed rows (state 2) are expiries, their flush changes nothing")
    void follow_recordedReclaimed_isExpiry() throws IOException {
        copyVector("kea-2.2-memfile-hold3.csv");

        follow();
        awaitDelivered(7);

        assertThat(actions("198.51.100.10")).containsExactly(LeaseAction.ASSIGN, LeaseAction.EXPIRE);
        assertThat(actions("198.51.100.11")).containsExactly(LeaseAction.ASSIGN, LeaseAction.EXPIRE);
        assertThat(leases.outcomeCounts()).containsEntry("unchanged_not_held", 2L);
        assertThat(leases.allLeases()).isEmpty();
    }

    @Test
    @DisplayName("S1.1 rows appended live and a Lease File Cleanup (F -> F.2, new F, F.1) are each handled once")
    void follow_appendsAndCleanup_eachRowOnce() throws IOException {
        append(file, HEADER, row("198.51.100.10", "02:00:00:00:00:01", 600, T + 600, 0));
        follow();
        awaitDelivered(1);

        // Half a row is not read until Kea finishes it.
        String second = row("198.51.100.11", "02:00:00:00:00:02", 600, T + 610, 0);
        Files.writeString(file, second.substring(0, 20), StandardOpenOption.APPEND);
        Await.until("a poll or two", () -> true);
        assertThat(follower.parseProblems()).isZero();
        Files.writeString(file, second.substring(20) + "\n", StandardOpenOption.APPEND);
        awaitDelivered(2);

        // Kea's cleanup: the live file becomes F.2 and a new F starts; a row lands in each.
        Path f2 = dir.resolve("kea-leases4.csv.2");
        append(file, row("198.51.100.10", "02:00:00:00:00:01", 600, T + 620, 0));
        Files.move(file, f2);
        append(file, HEADER, row("198.51.100.12", "02:00:00:00:00:03", 600, T + 630, 0));
        awaitDelivered(4);
        // kea-lfc merges F.2 into F.1 and removes F.2; Kea goes on appending to F.
        append(dir.resolve("kea-leases4.csv.1"), HEADER, row("198.51.100.10", "02:00:00:00:00:01", 600, T + 620, 0),
                row("198.51.100.11", "02:00:00:00:00:02", 600, T + 610, 0));
        Files.delete(f2);
        append(file, row("198.51.100.11", "02:00:00:00:00:02", 0, T + 10, 0));
        awaitDelivered(5);

        assertThat(events()).hasSize(5);
        assertThat(duplicates()).isZero();
        assertThat(actions("198.51.100.10")).containsExactly(LeaseAction.ASSIGN);
        assertThat(actions("198.51.100.11")).containsExactly(LeaseAction.ASSIGN, LeaseAction.RELEASE);
        assertThat(actions("198.51.100.12")).containsExactly(LeaseAction.ASSIGN);
    }

    @Test
    @DisplayName("S1.1 a restart resumes at the stored position, in F.2 if a cleanup renamed the file meanwhile")
    void restart_resumesFromPosition_nothingLostOrDoubled() throws IOException {
        append(file, HEADER, row("198.51.100.10", "02:00:00:00:00:01", 600, T + 600, 0),
                row("198.51.100.11", "02:00:00:00:00:02", 600, T + 600, 0));
        follow();
        awaitDelivered(2);
        follower.close();

        append(file, row("198.51.100.12", "02:00:00:00:00:03", 600, T + 600, 0));
        Files.move(file, dir.resolve("kea-leases4.csv.2"));
        append(file, HEADER, row("198.51.100.10", "02:00:00:00:00:01", 0, T, 0));
        follow();
        awaitDelivered(2);

        assertThat(events()).hasSize(4);
        assertThat(duplicates()).isZero();
        assertThat(actions("198.51.100.10")).containsExactly(LeaseAction.ASSIGN, LeaseAction.RELEASE);
        assertThat(actions("198.51.100.12")).containsExactly(LeaseAction.ASSIGN);
    }

    @Test
    @DisplayName("S1.1 a cleanup that consumed the file while stopped: F.1 and F re-read, nothing doubled")
    void restart_afterCleanupConsumedTheFile_rereadsWithoutDoubling() throws IOException {
        append(file, HEADER, row("198.51.100.10", "02:00:00:00:00:01", 600, T + 600, 0),
                row("198.51.100.11", "02:00:00:00:00:02", 600, T + 600, 0));
        follow();
        awaitDelivered(2);
        follower.close();

        // While stopped: a renewal of .10, then a whole cleanup; the compacted F.1 keeps the latest rows.
        append(file, row("198.51.100.10", "02:00:00:00:00:01", 600, T + 700, 0));
        append(dir.resolve("kea-leases4.csv.1"), HEADER, row("198.51.100.11", "02:00:00:00:00:02", 600, T + 600, 0),
                row("198.51.100.10", "02:00:00:00:00:01", 600, T + 700, 0));
        Files.delete(file);
        append(file, HEADER, row("198.51.100.13", "02:00:00:00:00:04", 600, T + 710, 0));
        follow();
        awaitDelivered(3);

        assertThat(duplicates()).isEqualTo(1);
        assertThat(actions("198.51.100.10")).containsExactly(LeaseAction.ASSIGN);
        assertThat(leases.lease(Ipv4Address.parse("198.51.100.10")).orElseThrow().expiresAt())
                .contains(Instant.ofEpochSecond(T + 700));
        assertThat(leases.allLeases()).hasSize(3);
    }

    /** Commits .10 and .11, stops; while stopped Kea releases .11 and a cleanup compacts both of its rows away. */
    private void releaseCompactedAwayWhileStopped(java.util.function.Consumer<KeaMemfileFollower.Builder> settings)
            throws IOException {
        append(file, HEADER, row("198.51.100.10", "02:00:00:00:00:01", 600, T + 600, 0),
                row("198.51.100.11", "02:00:00:00:00:02", 600, T + 600, 0));
        follower = builder(settings);
        follower.start();
        awaitDelivered(2);
        follower.close();

        append(file, row("198.51.100.11", "02:00:00:00:00:02", 0, T + 5, 0));
        append(dir.resolve("kea-leases4.csv.1"), HEADER, row("198.51.100.10", "02:00:00:00:00:01", 600, T + 600, 0));
        Files.delete(file);
        append(file, HEADER, row("198.51.100.13", "02:00:00:00:00:04", 600, T + 710, 0));
        clock.advance(Duration.ofSeconds(30));
        follower = builder(settings);
        follower.start();
        awaitDelivered(1);
    }

    private KeaMemfileFollower builder(java.util.function.Consumer<KeaMemfileFollower.Builder> settings) {
        KeaMemfileFollower.Builder b = KeaMemfileFollower.builder(file).leases(leases).positions(positions)
                .clock(clock).pollInterval(Duration.ofMillis(20)).maxBackoff(Duration.ofMillis(100));
        settings.accept(b);
        return b.build();
    }

    @Test
    @DisplayName("S1.3 a free compacted away while stopped: with servedNetworks the lease no row has is released")
    void restart_cleanupCompactedAFreeAway_servedNetworksFreeIt() throws IOException {
        // A lease of the same network that another DHCP server reported (not a Kea memfile follower) is not touched.
        String otherRow = row("198.51.100.50", "02:00:00:00:00:09", 600, T + 600, 0);
        leases.handle(KeaLeaseEvents.event(KeaLease4.fromColumns(org.netlever.aaa.kea.internal.KeaCsv.columns(
                List.of(HEADER.split(",")), otherRow)), false, EventSource.KEA, "other-server-1", java.util.Optional
                .empty(), java.util.Optional.empty(), clock.instant()).orElseThrow());

        releaseCompactedAwayWhileStopped(b -> b.servedNetworks(List.of(Ipv4Network.parse("198.51.100.0/24"))));
        Await.until("the compacted-away lease is freed",
                () -> leases.lease(Ipv4Address.parse("198.51.100.11")).isEmpty());

        assertThat(actions("198.51.100.11")).containsExactly(LeaseAction.ASSIGN, LeaseAction.RELEASE);
        assertThat(events()).filteredOn(e -> e.sourceEventId().orElse("").startsWith("lfc/198.51.100.11/"))
                .hasSize(1);
        assertThat(leases.lease(Ipv4Address.parse("198.51.100.10"))).as("still in F.1").isPresent();
        assertThat(leases.lease(Ipv4Address.parse("198.51.100.13"))).isPresent();
        assertThat(leases.lease(Ipv4Address.parse("198.51.100.50"))).as("another server's lease").isPresent();

        // Done once: a further restart reads on from its position and frees nothing more.
        Await.until("the reconciliation marked done",
                () -> positions.load(follower.name() + "#reconcile").filter("done"::equals).isPresent());
        long delivered = events().size();
        follower.close();
        follower = builder(b -> b.servedNetworks(List.of(Ipv4Network.parse("198.51.100.0/24"))));
        follower.start();
        append(file, row("198.51.100.14", "02:00:00:00:00:05", 600, T + 720, 0));
        awaitDelivered(1);
        assertThat(events()).hasSize((int) delivered + 1);
        assertThat(leases.lease(Ipv4Address.parse("198.51.100.50"))).isPresent();
    }

    @Test
    @DisplayName("S1.3 a free compacted away while stopped, no servedNetworks: the documented gap, lease kept")
    void restart_cleanupCompactedAFreeAway_withoutServedNetworksTheLeaseStays() throws IOException {
        releaseCompactedAwayWhileStopped(b -> { });
        Await.until("the new commit is read", () -> leases.lease(Ipv4Address.parse("198.51.100.13")).isPresent());
        assertThat(leases.lease(Ipv4Address.parse("198.51.100.11"))).isPresent();
        assertThat(actions("198.51.100.11")).containsExactly(LeaseAction.ASSIGN);
    }

    @Test
    @DisplayName("S1.3 a reconciliation interrupted before the files were read to the end starts again")
    void restart_pendingReconciliation_isRedoneFromTheStarts() throws IOException {
        append(file, HEADER, row("198.51.100.10", "02:00:00:00:00:01", 600, T + 600, 0),
                row("198.51.100.11", "02:00:00:00:00:02", 600, T + 600, 0));
        follower = builder(b -> { });
        follower.start();
        awaitDelivered(2);
        follower.close();
        // As if a follower had found its position gone, marked the reconciliation pending and stopped.
        positions.save(follower.name() + "#reconcile", "pending");
        append(file, row("198.51.100.11", "02:00:00:00:00:02", 0, T + 5, 0));
        java.nio.file.Path one = dir.resolve("kea-leases4.csv.1");
        append(one, HEADER, row("198.51.100.10", "02:00:00:00:00:01", 600, T + 600, 0));
        Files.delete(file);
        append(file, HEADER);
        // The stored position would be gone anyway here; what matters is that the pending mark makes it read all.
        follower = builder(b -> b.servedNetworks(List.of(Ipv4Network.parse("198.51.100.0/24"))));
        follower.start();
        Await.until("the lease no row has is freed", () -> leases.lease(Ipv4Address.parse("198.51.100.11")).isEmpty());
        // Marked done after the frees, by the follower's thread.
        Await.until("the reconciliation marked done",
                () -> positions.load(follower.name() + "#reconcile").filter("done"::equals).isPresent());
        assertThat(leases.lease(Ipv4Address.parse("198.51.100.10"))).isPresent();
    }

    @Test
    @DisplayName("S1.5 rows that cannot be read are counted and skipped; the follower goes on")
    void follow_garbageRows_countedAndSkipped() throws IOException {
        append(file, HEADER, "not,a,lease",
                "198.51.100.10,02:00:00:00:00:01,,600,1796156400,1,0,0,,0,{ \"ISC\": { \"relay-agent-info\": \"0x0109\" } }",
                "198.51.100.999,02:00:00:00:00:01,,600,1796156400,1,0,0,,0,",
                row("198.51.100.11", "02:00:00:00:00:02", 600, T + 600, 0));
        follow();
        awaitDelivered(1);

        assertThat(follower.parseProblems()).isEqualTo(3);
        assertThat(actions("198.51.100.11")).containsExactly(LeaseAction.ASSIGN);
        assertThat(leases.lease(Ipv4Address.parse("198.51.100.10"))).isEmpty();
    }

    @Test
    void start_fileMissing_waitsForKeaToWriteIt() throws IOException {
        follow();
        Await.until("a poll or two", () -> true);
        append(file, HEADER, row("198.51.100.10", "02:00:00:00:00:01", 600, T + 600, 0));
        awaitDelivered(1);

        assertThat(actions("198.51.100.10")).containsExactly(LeaseAction.ASSIGN);
    }
}
