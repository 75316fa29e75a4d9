package org.netlever.examples.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.netlever.examples.e2e.LeverBilling.ALICE_PC;
import static org.netlever.examples.e2e.LeverBilling.BOB_PC;
import static org.netlever.examples.e2e.LeverBilling.CAROL_PC;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netlever.aaa.ip.Ipv4Address;
import org.netlever.aaa.lease.DhcpdLeasesFollower;
import org.netlever.aaa.lease.FollowerPositions;
import org.netlever.aaa.lease.LeaseAction;
import org.netlever.aaa.lease.LeaseHistoryEntry;
import org.netlever.aaa.testing.Await;

/**
 * Issue 14, S1.1-S1.3 against a real ISC dhcpd 4.4 (Debian isc-dhcp-server) in a network namespace (its relay
 * agent in another, see {@link IsolatedDhcpLab}), with no lever script: netlever follows dhcpd's {@code dhcpd.leases}. Relayed requests with Option 82 get addresses and land on
 * the right subscribers; a release and expiries (15 s leases) free them; the follower is stopped, a lease is given
 * meanwhile and dhcpd restarted — which rewrites the file, renaming the old one to {@code dhcpd.leases~} — and the
 * follower started again: the missed commit arrives, and nothing is doubled.
 */
class DhcpdLeasesFollowerEndToEndTest {

    @Test
    @DisplayName("issue 14 S1.1-S1.3 real dhcpd + dhcpd.leases follower: commit, release, expiry, restart across a rewrite")
    void realDhcpd_leasesFollower_everyChangeOnce(@TempDir Path dir) throws Exception {
        String dhcpd = Peers.require("dhcpd", "isc-dhcp-server");
        try (IsolatedDhcpLab lab = IsolatedDhcpLab.create(); LeverBilling billing = new LeverBilling(dir, false)) {
            Path conf = Files.writeString(dir.resolve("dhcpd.conf"), "ddns-update-style none;\nauthoritative;\n"
                    + "default-lease-time 15;\nmax-lease-time 15;\nmin-lease-time 15;\nstash-agent-options true;\n"
                    + "subnet 203.0.113.0 netmask 255.255.255.0 { }\n"
                    + "subnet 198.51.100.0 netmask 255.255.255.0 {\n  range 198.51.100.10 198.51.100.200;\n"
                    + "  option routers 198.51.100.1;\n}\n");
            Path leasesFile = Files.createFile(dir.resolve("dhcpd.leases"));
            Process server = startDhcpd(lab.server(), dhcpd, conf, leasesFile, dir, 1);
            FollowerPositions positions = new FollowerPositions(billing.db, Clock.systemUTC());
            DhcpdLeasesFollower.Builder followers = DhcpdLeasesFollower.builder(leasesFile, billing.leases, positions)
                    .pollInterval(Duration.ofMillis(100));
            DhcpdLeasesFollower follower = followers.build();
            follower.start();
            try {
                // S1.3 S1.6 S1.7: a switch port and a PON ONU, their Option 82 read from dhcpd.leases.
                IsolatedDhcpLab.Lease alice = lab.lease(ALICE_PC, LeverBilling.dlinkPort(5));
                IsolatedDhcpLab.Lease carol = lab.lease(CAROL_PC, LeverBilling.zteOnu());
                await("alice's lease", () -> holder(billing, alice).equals("alice"));
                await("carol's lease", () -> holder(billing, carol).equals("carol"));
                assertThat(billing.leases.lease(alice.ip()).orElseThrow().devicePort()).hasValue(5);

                // S1.2: a release is written as a free record without Option 82; it frees the address.
                lab.release(ALICE_PC, alice);
                await("alice's release", () -> billing.leases.lease(alice.ip()).isEmpty());
                assertThat(actions(billing, alice.ip())).as(Files.readString(leasesFile))
                        .containsExactly(LeaseAction.ASSIGN, LeaseAction.RELEASE);

                // Stopped: bob's commit goes to the file; dhcpd restarts, rewriting it (the old one becomes ~).
                follower.close();
                IsolatedDhcpLab.Lease bob = lab.lease(BOB_PC, LeverBilling.dlinkPort(6));
                LeverBilling.await("dhcpd to write bob's lease", () -> LeverBilling.contains(leasesFile,
                        "hardware ethernet 02:00:00:00:0b:0b;"));
                server.destroy();
                assertThat(server.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
                startDhcpd(lab.server(), dhcpd, conf, leasesFile, dir, 2);
                assertThat(dir.resolve("dhcpd.leases~")).exists();
                assertThat(billing.leases.lease(bob.ip())).isEmpty();
                follower = followers.build();
                follower.start();
                await("bob's commit, missed while stopped", () -> holder(billing, bob).equals("bob"));

                // S1.2: the pool timer expires carol's and bob's 15 s leases.
                await("the expiries", () -> billing.leases.allLeases().isEmpty());
                assertThat(actions(billing, carol.ip())).containsExactly(LeaseAction.ASSIGN, LeaseAction.EXPIRE);
                assertThat(actions(billing, bob.ip())).containsExactly(LeaseAction.ASSIGN, LeaseAction.EXPIRE);
                assertThat(actions(billing, alice.ip())).containsExactly(LeaseAction.ASSIGN, LeaseAction.RELEASE);
                assertThat(follower.parseProblems()).isZero();
                // Each lease record once in the event log; the rewrite's copies were duplicates, not logged again.
                List<String> ids = billing.db.withHandle(h -> h.createQuery("SELECT source_event_id FROM dhcp_event "
                        + "WHERE source = 'dhcpd-leases'").mapTo(String.class).list());
                assertThat(ids).doesNotHaveDuplicates().hasSize(6);
                assertThat(billing.leases.outcomeCounts()).containsKey("unchanged_duplicate");
            } finally {
                follower.close();
            }
        }
    }

    private static Process startDhcpd(NetnsLab lab, String dhcpd, Path conf, Path leasesFile, Path dir, int run)
            throws Exception {
        Path log = dir.resolve("dhcpd-" + run + ".log");
        Process p = lab.start(log, List.of(), dhcpd, "-4", "-f", "-d", "-cf", conf.toString(), "-lf",
                leasesFile.toString(), "-pf", dir.resolve("dhcpd-" + run + ".pid").toString(), lab.inner);
        LeverBilling.await("dhcpd to start (" + log + ")", () -> LeverBilling.contains(log,
                "Server starting service."));
        return p;
    }

    private static void await(String what, java.util.function.BooleanSupplier condition) {
        Await.until(what, Duration.ofSeconds(40), condition);
    }

    private static String holder(LeverBilling billing, IsolatedDhcpLab.Lease ack) {
        return DhcpdLeverEndToEndTest.holder(billing, ack.ack());
    }

    private static List<LeaseAction> actions(LeverBilling billing, Ipv4Address ip) {
        return billing.leases.history(ip, 10).stream().map(LeaseHistoryEntry::action).toList();
    }
}
