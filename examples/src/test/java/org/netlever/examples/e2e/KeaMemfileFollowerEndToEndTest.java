package org.netlever.examples.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.netlever.examples.e2e.LeverBilling.ALICE_PC;
import static org.netlever.examples.e2e.LeverBilling.BOB_PC;
import static org.netlever.examples.e2e.LeverBilling.CAROL_PC;
import static org.netlever.examples.e2e.LeverBilling.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netlever.aaa.dhcp.EventSource;
import org.netlever.aaa.kea.KeaMemfileFollower;
import org.netlever.aaa.lease.FollowerPositions;
import org.netlever.aaa.lease.LeaseAction;
import org.netlever.aaa.lease.LeaseHistoryEntry;
import org.netlever.aaa.lease.RecordedEvent;

/**
 * S1.1-S1.3, issue 14: a real Kea 2.2 (Debian kea-dhcp4-server) in a network namespace writes its memfile lease file
 * with store-extended-info, and netlever's KeaMemfileFollower reads it — no hook, no process per lease: commits land
 * on the right subscribers, a release and an expiry free them, and a follower stopped while Kea goes on leasing and
 * cleaning up its file (lfc-interval 2 s) catches up on start without losing or doubling an event.
 */
class KeaMemfileFollowerEndToEndTest {

    @Test
    @DisplayName("S1.1-S1.3 real Kea memfile followed: commit, release, expiry, a restart across Lease File Cleanup")
    void realKeaMemfile_followed_commitReleaseExpiryAndRestart(@TempDir Path dir) throws Exception {
        String kea = requireKea();
        try (NetnsLab lab = NetnsLab.create(); LeverBilling billing = new LeverBilling(dir)) {
            Path leaseFile = dir.resolve("kea-leases4.csv");
            Path log = startMemfileKea(kea, lab, dir, leaseFile);
            FollowerPositions positions = new FollowerPositions(billing.db, Clock.systemUTC());

            try (DhcpRelayAgent relay = new DhcpRelayAgent(NetnsLab.RELAY, NetnsLab.SERVER)) {
                DhcpRelayAgent.Ack alice;
                try (KeaMemfileFollower follower = follower(leaseFile, billing, positions)) {
                    alice = relay.lease(ALICE_PC, LeverBilling.dlinkPort(5));
                    await("alice's lease", () -> DhcpdLeverEndToEndTest.holder(billing, alice).equals("alice"));
                    assertThat(billing.leases.recentEvents(1).get(0).source()).isEqualTo(EventSource.KEA_MEMFILE);

                    relay.release(ALICE_PC, alice);
                    await("alice's release", () -> billing.leases.lease(alice.ip()).isEmpty());
                    assertThat(follower.eventsDelivered()).isEqualTo(2);
                }

                // Stopped: Kea leases to bob and cleans its file up (twice, so the file the position is in is gone).
                DhcpRelayAgent.Ack bob = relay.lease(BOB_PC, LeverBilling.dlinkPort(6));
                int cleanups = count(log, "DHCPSRV_MEMFILE_LFC_START");
                await("two Lease File Cleanups", () -> count(log, "DHCPSRV_MEMFILE_LFC_START") >= cleanups + 2);
                assertThat(billing.leases.lease(bob.ip())).isEmpty();

                try (KeaMemfileFollower follower = follower(leaseFile, billing, positions)) {
                    await("bob's lease, caught up", () -> DhcpdLeverEndToEndTest.holder(billing, bob).equals("bob"));

                    DhcpRelayAgent.Ack carol = relay.lease(CAROL_PC, LeverBilling.zteOnu());
                    await("carol's lease", () -> DhcpdLeverEndToEndTest.holder(billing, carol).equals("carol"));
                    await("carol's lease to expire (valid-lifetime 8 s)",
                            () -> billing.leases.lease(carol.ip()).isEmpty());
                    assertThat(actions(billing, carol)).containsExactly(LeaseAction.ASSIGN, LeaseAction.EXPIRE);
                    assertThat(follower.parseProblems()).isZero();
                }
                assertThat(actions(billing, alice)).containsExactly(LeaseAction.ASSIGN, LeaseAction.RELEASE);
                assertThat(actions(billing, bob)).startsWith(LeaseAction.ASSIGN).doesNotHaveDuplicates();
                // Every row Kea wrote was handled once: re-read rows are recorded as duplicates, never applied twice.
                List<RecordedEvent> events = billing.leases.recentEvents(1000);
                assertThat(events).filteredOn(e -> !e.outcome().equals("unchanged")
                        || !e.reason().orElse("").startsWith("DUPLICATE")).extracting(e -> e.sourceEventId().orElse(""))
                        .doesNotHaveDuplicates();
            }
        }
    }

    @Test
    @DisplayName("S1.3 real Kea: a release while netlever is stopped, compacted away by Lease File Cleanup, is freed")
    void realKeaMemfile_releaseCompactedAwayWhileStopped_isFreedWithServedNetworks(@TempDir Path dir)
            throws Exception {
        String kea = requireKea();
        try (NetnsLab lab = NetnsLab.create(); LeverBilling billing = new LeverBilling(dir)) {
            Path leaseFile = dir.resolve("kea-leases4.csv");
            Path log = startMemfileKea(kea, lab, dir, leaseFile);
            FollowerPositions positions = new FollowerPositions(billing.db, Clock.systemUTC());
            List<org.netlever.aaa.ip.Ipv4Network> served =
                    List.of(org.netlever.aaa.ip.Ipv4Network.parse("198.51.100.0/24"));
            try (DhcpRelayAgent relay = new DhcpRelayAgent(NetnsLab.RELAY, NetnsLab.SERVER)) {
                DhcpRelayAgent.Ack alice;
                try (KeaMemfileFollower follower = follower(leaseFile, billing, positions, served)) {
                    alice = relay.lease(ALICE_PC, LeverBilling.dlinkPort(5));
                    await("alice's lease", () -> DhcpdLeverEndToEndTest.holder(billing, alice).equals("alice"));
                    assertThat(follower.eventsDelivered()).isEqualTo(1);
                }
                // Stopped: alice releases, and two cleanups compact her lease's rows away (Kea no longer has it).
                relay.release(ALICE_PC, alice);
                DhcpRelayAgent.Ack bob = relay.lease(BOB_PC, LeverBilling.dlinkPort(6));
                int cleanups = count(log, "DHCPSRV_MEMFILE_LFC_START");
                await("two Lease File Cleanups", () -> count(log, "DHCPSRV_MEMFILE_LFC_START") >= cleanups + 2);
                assertThat(billing.leases.lease(alice.ip())).as("not yet known to netlever").isPresent();

                try (KeaMemfileFollower follower = follower(leaseFile, billing, positions, served)) {
                    await("bob's lease, caught up", () -> DhcpdLeverEndToEndTest.holder(billing, bob).equals("bob"));
                    await("alice's lease, which no row has any more, freed",
                            () -> billing.leases.lease(alice.ip()).isEmpty());
                    assertThat(follower.parseProblems()).isZero();
                }
                assertThat(actions(billing, alice)).hasSize(2).first().isEqualTo(LeaseAction.ASSIGN);
                assertThat(billing.leases.events(alice.ip(), 1).get(0).sourceEventId().orElse(""))
                        .startsWith("lfc/" + alice.ip() + "/");
                assertThat(billing.leases.lease(bob.ip())).as("bob's lease is in the files").isPresent();
            }
        }
    }

    /** kea-dhcp4 and kea-lfc, installed (or the test is skipped, or fails when peers are required). */
    private static String requireKea() {
        String kea = Peers.require("kea-dhcp4", "kea-dhcp4-server");
        Peers.require("kea-lfc", "kea-dhcp4-server");
        return kea;
    }

    /** Kea on a memfile lease file that it cleans up every 2 s (kea-lfc); its log. */
    private static Path startMemfileKea(String kea, NetnsLab lab, Path dir, Path leaseFile)
            throws java.io.IOException {
        return startKea(kea, lab, dir, """
                { "type": "memfile", "persist": true, "name": "%s", "lfc-interval": 2 }""".formatted(leaseFile));
    }

    /**
     * Starts kea-dhcp4 in the lab's namespace on its inner interface with a lease database, store-extended-info on,
     * valid-lifetime 8 s and reclamation every second; waits until it has started.
     *
     * @return its log
     */
    static Path startKea(String kea, NetnsLab lab, Path dir, String leaseDatabase) throws java.io.IOException {
        Path conf = Files.writeString(dir.resolve("kea-dhcp4.json"), """
                { "Dhcp4": {
                    "interfaces-config": { "interfaces": [ "%s" ], "dhcp-socket-type": "udp" },
                    "lease-database": %s,
                    "store-extended-info": true,
                    "valid-lifetime": 8,
                    "expired-leases-processing": { "reclaim-timer-wait-time": 1 },
                    "subnet4": [ { "id": 1, "subnet": "198.51.100.0/24",
                                   "pools": [ { "pool": "198.51.100.10 - 198.51.100.200" } ] } ],
                    "loggers": [ { "name": "kea-dhcp4", "severity": "INFO",
                                   "output_options": [ { "output": "stdout" } ] } ] } }
                """.formatted(lab.inner, leaseDatabase));
        Path log = dir.resolve("kea.log");
        lab.start(log, List.of("KEA_PIDFILE_DIR=" + dir, "KEA_LOCKFILE_DIR=" + dir), kea, "-c", conf.toString());
        await("kea-dhcp4 to start (" + log + ")", () -> LeverBilling.contains(log, "DHCP4_STARTED"));
        return log;
    }

    static List<LeaseAction> actions(LeverBilling billing, DhcpRelayAgent.Ack ack) {
        return billing.leases.history(ack.ip(), 20).stream().map(LeaseHistoryEntry::action).toList();
    }

    private static KeaMemfileFollower follower(Path leaseFile, LeverBilling billing, FollowerPositions positions) {
        return follower(leaseFile, billing, positions, List.of());
    }

    private static KeaMemfileFollower follower(Path leaseFile, LeverBilling billing, FollowerPositions positions,
            List<org.netlever.aaa.ip.Ipv4Network> served) {
        KeaMemfileFollower follower = KeaMemfileFollower.builder(leaseFile).leases(billing.leases)
                .positions(positions).pollInterval(Duration.ofMillis(50)).servedNetworks(served).build();
        follower.start();
        return follower;
    }

    private static int count(Path log, String text) {
        try {
            return (int) Files.readAllLines(log).stream().filter(l -> l.contains(text)).count();
        } catch (java.io.IOException e) {
            return 0;
        }
    }
}
