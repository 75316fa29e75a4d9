package org.netlever.examples.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.netlever.examples.e2e.LeverBilling.ALICE_PC;
import static org.netlever.examples.e2e.LeverBilling.CAROL_PC;
import static org.netlever.examples.e2e.LeverBilling.await;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netlever.aaa.dhcp.EventSource;
import org.netlever.aaa.lease.LeaseAction;
import org.netlever.aaa.lease.LeaseHistoryEntry;

/**
 * S1.1-S1.8 against a real Kea 2.2 (Debian kea-dhcp4-server) in a network namespace, configured from the shipped
 * examples/lever/kea-dhcp4.json (interface, lease file, lever path and lifetimes replaced), its run_script hook
 * calling the shipped lever script: commits land on the right subscribers, a release and an expiry free them.
 */
class KeaLeverEndToEndTest {

    private static final JsonMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_JAVA_COMMENTS).build();

    @Test
    @DisplayName("S1.1-S1.8 real Kea run_script + lever script: commit, release and expiry")
    void realKea_leverScript_commitReleaseExpiry(@TempDir Path dir) throws Exception {
        String kea = Peers.require("kea-dhcp4", "kea-dhcp4-server");
        Peers.require("curl", "curl");
        Peers.require("openssl", "openssl");
        Path hook = Path.of("/usr/lib/x86_64-linux-gnu/kea/hooks/libdhcp_run_script.so");
        if (!Files.exists(hook)) {
            Peers.unavailable(hook + " is missing (Debian package kea-dhcp4-server)");
        }
        try (NetnsLab lab = NetnsLab.create(); LeverBilling billing = new LeverBilling(dir)) {
            ObjectNode root = (ObjectNode) JSON.readTree(LeverBilling.REPOSITORY.resolve("examples/lever/kea-dhcp4.json")
                    .toFile());
            ObjectNode dhcp4 = (ObjectNode) root.get("Dhcp4");
            ((ArrayNode) dhcp4.get("interfaces-config").get("interfaces")).removeAll().add(lab.inner);
            ((ObjectNode) dhcp4.get("lease-database")).put("name", dir.resolve("leases.csv").toString())
                    .put("lfc-interval", 0);
            dhcp4.put("valid-lifetime", 4);
            dhcp4.putObject("expired-leases-processing").put("reclaim-timer-wait-time", 1)
                    .put("hold-reclaimed-time", 0).put("flush-reclaimed-timer-wait-time", 0);
            ObjectNode lever = (ObjectNode) dhcp4.get("hooks-libraries").get(0);
            assertThat(lever.get("library").asText()).isEqualTo(hook.toString());
            ((ObjectNode) lever.get("parameters")).put("name", billing.lever.toString());
            Path conf = dir.resolve("kea-dhcp4.json");
            JSON.writerWithDefaultPrettyPrinter().writeValue(conf.toFile(), root);
            Path log = dir.resolve("kea.log");
            lab.start(log, List.of("KEA_PIDFILE_DIR=" + dir, "KEA_LOCKFILE_DIR=" + dir), kea, "-c", conf.toString());
            await("kea-dhcp4 to start (" + log + ")", () -> LeverBilling.contains(log, "DHCP4_STARTED"));

            try (DhcpRelayAgent relay = new DhcpRelayAgent(NetnsLab.RELAY, NetnsLab.SERVER)) {
                DhcpRelayAgent.Ack alice = relay.lease(ALICE_PC, LeverBilling.dlinkPort(5));
                await("alice's lease", () -> DhcpdLeverEndToEndTest.holder(billing, alice).equals("alice"));
                assertThat(billing.leases.recentEvents(1).get(0).source()).isEqualTo(EventSource.KEA);

                relay.release(ALICE_PC, alice);
                await("alice's release", () -> billing.leases.lease(alice.ip()).isEmpty());

                DhcpRelayAgent.Ack carol = relay.lease(CAROL_PC, LeverBilling.zteOnu());
                await("carol's lease", () -> DhcpdLeverEndToEndTest.holder(billing, carol).equals("carol"));
                await("carol's lease to expire (valid-lifetime 4 s)", () -> billing.leases.lease(carol.ip()).isEmpty());
                assertThat(billing.leases.history(carol.ip(), 10)).extracting(LeaseHistoryEntry::action)
                        .containsExactly(LeaseAction.ASSIGN, LeaseAction.EXPIRE);
                assertThat(billing.leases.history(alice.ip(), 10)).extracting(LeaseHistoryEntry::action)
                        .containsExactly(LeaseAction.ASSIGN, LeaseAction.RELEASE);
            }
        }
    }
}
