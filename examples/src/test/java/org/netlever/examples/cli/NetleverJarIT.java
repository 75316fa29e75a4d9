package org.netlever.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The command-line contracts, checked on the built {@code examples/target/netlever.jar} in a separate JVM exactly as
 * users and acceptance checks run it: {@code java -jar examples/target/netlever.jar ...}.
 */
class NetleverJarIT {

    private record Result(int status, String out, String err) {
    }

    private static Result java(String... args) throws IOException, InterruptedException {
        Path jar = Path.of(System.getProperty("netlever.jar", "target/netlever.jar"));
        assertThat(jar).isRegularFile();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", jar.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8),
                new String(err, StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName("netlever demo runs from the jar")
    void demo_fromJar_exit0() throws Exception {
        Result r = java("demo");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("resolved       sw-17").contains("REJECTED UNKNOWN_DEVICE")
                .contains("-> REASSIGNED to bob from alice").contains("3 subscribers synced")
                .contains("timer      Interim-Update after 30 s").contains("Server: 11 requests answered");
        assertThat(r.err().lines()).as("the only warnings: chapter 3's down RADIUS server, for access and accounting")
                .hasSize(2).allSatisfy(line -> assertThat(line).contains("WARN").contains("billing-1 (down) marked down"));
    }

    @Test
    @DisplayName("S1.4 option82 --raw HEX prints one JSON object")
    void option82Raw_fromJar_json() throws Exception {
        Result r = java("option82", "--raw", "52120106000400980005020800" + "06f8e903e755a6");
        assertThat(r.status()).as(r.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.get("deviceMac").asText()).isEqualTo("f8:e9:03:e7:55:a6");
        assertThat(json.get("port").asInt()).isEqualTo(5);
        assertThat(json.get("vlan").asInt()).isEqualTo(152);
        assertThat(json.get("unit").asInt()).isZero();
        assertThat(json.get("decoder").asText()).isEqualTo("common-binary");
        assertThat(json.get("subOptions").get("1").asText()).isEqualTo("000400980005");
    }

    @Test
    @DisplayName("S1.4 option82 --circuit-id X --remote-id Y --device-type CODE")
    void option82Parts_fromJar_json() throws Exception {
        Result r = java("option82", "--circuit-id", "\"sw1 eth 1/0/5:100\"", "--remote-id", "0:6:a8:f9:4b:12:34:56",
                "--device-type", "eltex-mes");
        assertThat(r.status()).as(r.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.get("port").asInt()).isEqualTo(5);
        assertThat(json.get("vlan").asInt()).isEqualTo(100);
        assertThat(json.get("unit").asInt()).isEqualTo(1);
        assertThat(json.get("decoder").asText()).isEqualTo("tr101-text");
    }

    @Test
    @DisplayName("S1.4 malformed input exits 2 with a one-line reason on stderr")
    void option82Malformed_fromJar_exit2() throws Exception {
        Result r = java("option82", "--raw", "52100102000400");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().lines()).containsExactly(
                "netlever option82: option length at offset 1: length 16 overruns the 5 byte(s) that follow");
    }

    @Test
    @DisplayName("every ./netlever option82 example in the README runs and exits 0")
    void readmeExamples_fromJar_exit0() throws Exception {
        Path readme = Path.of(System.getProperty("netlever.repository", "..")).resolve("README.md");
        List<String> examples = java.nio.file.Files.readAllLines(readme).stream()
                .filter(l -> l.startsWith("./netlever option82 ")).toList();
        assertThat(examples).hasSizeGreaterThanOrEqualTo(4);
        for (String line : examples) {
            List<String> args = new ArrayList<>();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("'([^']*)'|(\\S+)").matcher(line);
            while (m.find()) {
                args.add(m.group(1) != null ? m.group(1) : m.group(2));
            }
            args = args.subList(1, args.size());
            for (int i = 0; i < args.size(); i++) {
                if (args.get(i).equals("examples/target/plugins")) {
                    args.set(i, System.getProperty("netlever.plugins", "target/plugins"));
                }
            }
            Result r = java(args.toArray(new String[0]));
            assertThat(r.status()).as("%s: %s", line, r.err()).isZero();
            assertThat(new ObjectMapper().readTree(r.out()).get("decoder").asText()).isNotBlank();
        }
    }

    @Test
    void option82Plugin_fromJar_discovered() throws Exception {
        Result r = java("option82", "--plugins", System.getProperty("netlever.plugins", "target/plugins"),
                "--device-type", "oring-switch", "--circuit-id", "\"00030108\"", "--remote-id", "0x00077c102030");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(new ObjectMapper().readTree(r.out()).get("port").asInt()).isEqualTo(8);
    }
}
