package org.netlever.option82;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real peer as the oracle: every vector is written into a pcap as a relayed DHCPDISCOVER and decoded by tshark;
 * tshark must see the same sub-option codes, circuit-id, remote-id and typed sub-options as netlever.
 *
 * <p>Needs {@code tshark} (Debian package {@code tshark}); {@code .ci/run} installs it and sets
 * {@code NETLEVER_REQUIRE_PEERS=true}, which turns a missing tshark into a failure instead of a skipped test.
 */
class TsharkAgreementTest {

    private static final String PREFIX = "dhcp.option.agent_information_option.";
    private static final List<String> FIELDS = List.of("frame.number", PREFIX + "suboption",
            PREFIX + "agent_circuit_id", PREFIX + "agent_remote_id", PREFIX + "link_selection",
            PREFIX + "subscriber_id", PREFIX + "server_id_override", PREFIX + "vi.enterprise");

    @Test
    @DisplayName("S1.4 tshark decodes the same circuit-id and remote-id as netlever for every vector")
    void everyVector_tsharkAgrees(@TempDir Path dir) throws Exception {
        String tshark = Peers.require("tshark");
        List<Vectors.DecodingVector> vectors = Vectors.decodingVectors();
        List<RelayAgentInformation> infos = vectors.stream().map(Vectors.DecodingVector::info).toList();
        Path pcap = dir.resolve("vectors.pcap");
        DhcpPcap.write(pcap, infos.stream().map(RelayAgentInformation::toPayload).toList());

        List<String> command = new ArrayList<>(List.of(tshark, "-n", "-r", pcap.toString(), "-T", "fields",
                "-E", "separator=|", "-E", "occurrence=a", "-E", "aggregator=,"));
        for (String field : FIELDS) {
            command.add("-e");
            command.add(field);
        }
        List<String> lines = run(command, dir);
        assertThat(lines).as("one line per frame").hasSize(infos.size());

        for (int i = 0; i < infos.size(); i++) {
            RelayAgentInformation info = infos.get(i);
            String[] f = Arrays.copyOf(lines.get(i).split("\\|", -1), FIELDS.size());
            String what = vectors.get(i).toString();
            assertThat(f[0]).isEqualTo(String.valueOf(i + 1));
            assertThat(f[1]).as("sub-option codes of %s", what).isEqualTo(
                    info.subOptions().stream().map(s -> String.valueOf(s.code().code()))
                            .collect(Collectors.joining(",")));
            assertThat(f[2]).as("circuit-id of %s", what).isEqualTo(info.circuitId().map(SubOption::toHex).orElse(""));
            assertThat(f[3]).as("remote-id of %s", what).isEqualTo(info.remoteId().map(SubOption::toHex).orElse(""));
            assertThat(f[4]).as("link selection of %s", what)
                    .isEqualTo(info.linkSelection().map(InetAddress::getHostAddress).orElse(""));
            assertThat(f[5]).as("subscriber-id of %s", what).isEqualTo(info.subscriberId().orElse(""));
            assertThat(f[6]).as("server-id-override of %s", what)
                    .isEqualTo(info.serverIdOverride().map(InetAddress::getHostAddress).orElse(""));
            assertThat(f[7]).as("vendor-specific enterprises of %s", what).isEqualTo(info.vendorSpecific().stream()
                    .map(v -> String.valueOf(v.enterpriseNumber())).collect(Collectors.joining(",")));
        }
    }

    private static List<String> run(List<String> command, Path dir) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(dir.toFile())
                .redirectError(dir.resolve("tshark.err").toFile()).start();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("tshark did not finish in 120 s");
        }
        assertThat(process.exitValue()).as("tshark exit code; stderr in %s", dir.resolve("tshark.err")).isZero();
        return new String(out, StandardCharsets.UTF_8).lines().toList();
    }

    /** Finds real peers on the PATH; a missing one skips the test locally and fails it in CI. */
    static final class Peers {
        private Peers() {
        }

        static String require(String program) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
                Path candidate = Path.of(dir, program);
                if (java.nio.file.Files.isExecutable(candidate)) {
                    return candidate.toString();
                }
            }
            String message = program + " is not installed; .ci/run installs it (apt-get install " + program + ")";
            if (Boolean.parseBoolean(System.getenv("NETLEVER_REQUIRE_PEERS"))) {
                throw new AssertionError(message + " and NETLEVER_REQUIRE_PEERS=true forbids skipping");
            }
            Assumptions.abort(message);
            throw new AssertionError("unreachable");
        }
    }
}
