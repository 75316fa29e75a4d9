package org.netlever.examples.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.netlever.examples.e2e.LeverBilling.ALICE_PC;
import static org.netlever.examples.e2e.LeverBilling.BOB_PC;
import static org.netlever.examples.e2e.LeverBilling.CAROL_PC;
import static org.netlever.examples.e2e.LeverBilling.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netlever.aaa.lease.Lease;
import org.netlever.aaa.lease.LeaseAction;
import org.netlever.aaa.lease.LeaseHistoryEntry;
import org.netlever.aaa.lease.RecordedEvent;
import org.netlever.option82.MacAddress;
import org.netlever.option82.RelayAgentInformation;

/**
 * S1.1-S1.8 against a real ISC dhcpd 4.4 (Debian isc-dhcp-server) in a network namespace, configured with the shipped
 * examples/lever/dhcpd.conf and running the shipped lever script: relayed requests with Option 82 get addresses, the
 * lever reports them, and netlever records each lease on the right subscriber; a release frees it; an unknown
 * switch is rejected and recorded; and an event sent while netlever is down is spooled and delivered later.
 */
class DhcpdLeverEndToEndTest {

    @Test
    @DisplayName("S1.1-S1.8 real dhcpd + lever script: switch and ONU subscribers, release, rejection, spooling")
    void realDhcpd_leverScript_leasesLandOnTheRightSubscribers(@TempDir Path dir) throws Exception {
        Peers.require("dhcpd", "isc-dhcp-server");
        Peers.require("curl", "curl");
        Peers.require("openssl", "openssl");
        try (NetnsLab lab = NetnsLab.create(); LeverBilling billing = new LeverBilling(dir)) {
            Path log = startDhcpd(lab, billing, dir, "", lab.inner);

            try (DhcpRelayAgent relay = new DhcpRelayAgent(NetnsLab.RELAY, NetnsLab.SERVER)) {
                // S1.3 S1.6 S1.7: a switch port and a PON ONU.
                DhcpRelayAgent.Ack alice = relay.lease(ALICE_PC, LeverBilling.dlinkPort(5));
                await("alice's lease", () -> holder(billing, alice).equals("alice"));
                DhcpRelayAgent.Ack carol = relay.lease(CAROL_PC, LeverBilling.zteOnu());
                await("carol's lease", () -> holder(billing, carol).equals("carol"));
                Lease aliceLease = billing.leases.lease(alice.ip()).orElseThrow();
                assertThat(aliceLease.mac()).contains(ALICE_PC);
                assertThat(aliceLease.devicePort()).hasValue(5);
                assertThat(billing.leases.lease(carol.ip()).orElseThrow().devicePort()).isEmpty();

                // dhcpd prints what it passes to the lever; netlever decoded the same bytes.
                assertThat(Files.readString(log)).contains("execute_statement argv[1] = commit")
                        .contains("execute_statement argv[4] = 0:6:f8:e9:3:e7:55:a6")
                        .contains("execute_statement argv[5] = 0:4:0:98:0:5");

                // S1.2: a release frees the address.
                relay.release(ALICE_PC, alice);
                await("alice's release", () -> billing.leases.lease(alice.ip()).isEmpty());
                List<LeaseHistoryEntry> history = billing.leases.history(alice.ip(), 10);
                assertThat(history).extracting(LeaseHistoryEntry::action)
                        .containsExactly(LeaseAction.ASSIGN, LeaseAction.RELEASE);

                // S1.5: a switch nobody registered is rejected and recorded.
                RelayAgentInformation stranger = RelayAgentInformation.parse(
                        "0x010600040064000302080006001B54C2A080");
                DhcpRelayAgent.Ack unknown = relay.lease(MacAddress.parse("02:00:00:00:0d:0d"), stranger);
                await("the rejection to be recorded", () -> billing.leases.events(unknown.ip(), 5).stream()
                        .anyMatch(e -> e.reason().orElse("").startsWith("UNKNOWN_DEVICE")));
                assertThat(billing.leases.lease(unknown.ip())).isEmpty();

                // No event lost: netlever is down, the lever spools; netlever returns, the spool is delivered.
                billing.stopServer();
                DhcpRelayAgent.Ack bob = relay.lease(BOB_PC, LeverBilling.dlinkPort(6));
                await("the lever to keep bob's commit spooled", () -> spooledQuietly(billing) == 1
                        && LeverBilling.contains(log, "execute_statement argv[3] = 2:0:0:0:b:b"));
                assertThat(billing.leases.lease(bob.ip())).isEmpty();
                billing.startServer();
                lab.exec(billing.lever.toString(), "flush");
                await("the spooled commit", () -> holder(billing, bob).equals("bob"));
                // The commit's background flusher may still be removing what it delivered.
                await("the spool to drain", () -> spooledQuietly(billing) == 0);
                assertThat(billing.leases.recentEvents(20)).extracting(RecordedEvent::outcome)
                        .contains("assigned", "freed", "rejected");
            }
        }
    }

    /**
     * Starts a real dhcpd in the lab's server namespace with the shipped lever snippet, the lab's subnets (the relay
     * subnet 198.51.100.0/24 with a range) and {@code moreSubnets}, serving {@code interfaces}; waits until it serves.
     *
     * @return its log
     */
    static Path startDhcpd(NetnsLab lab, LeverBilling billing, Path dir, String moreSubnets, String... interfaces)
            throws Exception {
        String dhcpd = Peers.require("dhcpd", "isc-dhcp-server");
        Path conf = dir.resolve("dhcpd.conf");
        String snippet = Files.readString(LeverBilling.REPOSITORY.resolve("examples/lever/dhcpd.conf"))
                .replace("/usr/local/sbin/netlever-lever", billing.lever.toString());
        Files.writeString(conf, "ddns-update-style none;\nauthoritative;\ndefault-lease-time 600;\n"
                + "max-lease-time 600;\n" + snippet + "\nsubnet 203.0.113.0 netmask 255.255.255.0 { }\n"
                + "subnet 198.51.100.0 netmask 255.255.255.0 {\n  range 198.51.100.10 198.51.100.200;\n"
                + "  option routers 198.51.100.1;\n}\n" + moreSubnets);
        Path leasesFile = Files.createFile(dir.resolve("dhcpd.leases"));
        Path log = dir.resolve("dhcpd.log");
        List<String> command = new java.util.ArrayList<>(List.of(dhcpd, "-4", "-f", "-d", "-cf", conf.toString(),
                "-lf", leasesFile.toString(), "-pf", dir.resolve("dhcpd.pid").toString()));
        command.addAll(List.of(interfaces));
        lab.start(log, List.of(), command.toArray(new String[0]));
        await("dhcpd to start (" + log + ")", () -> LeverBilling.contains(log, "Server starting service."));
        return log;
    }

    static String holder(LeverBilling billing, DhcpRelayAgent.Ack ack) {
        return billing.leases.lease(ack.ip()).map(Lease::subscriberId).orElse("");
    }

    static long spooledQuietly(LeverBilling billing) {
        try {
            return billing.spooled();
        } catch (java.io.IOException e) {
            return -1;
        }
    }
}
