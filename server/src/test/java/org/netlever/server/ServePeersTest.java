package org.netlever.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netlever.aaa.testing.Peers;
import org.netlever.server.testing.ExampleConfig;
import org.netlever.server.testing.SignedLever;

/**
 * Options of {@code netlever serve}'s configuration, each checked against a peer netlever did not write: python3-pyrad
 * as the NAS that takes the lease's CoA (S1.8) and as a softswitch (S2) that verifies every reply's authenticators.
 */
class ServePeersTest {

    private static final String PYTHON = "/usr/bin/python3";

    @TempDir
    Path dir;

    private final List<Process> peers = new ArrayList<>();
    private NetleverServer server;

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.close();
        }
        peers.forEach(Process::destroyForcibly);
    }

    /** The pyrad script and its dictionary, copied out of the test resources. */
    private Path script(String name) throws IOException {
        Path target = dir.resolve("pyrad").resolve(name);
        if (Files.exists(target)) {
            return target;
        }
        Files.createDirectories(target.getParent());
        try (var in = ServePeersTest.class.getResourceAsStream("pyrad/" + name)) {
            Files.copy(in, target);
        }
        return target;
    }

    private List<String> pyrad(String... args) throws IOException {
        requirePyrad();
        List<String> command = new ArrayList<>(List.of(PYTHON, script("netlever_peers.py").toString()));
        command.addAll(List.of(args));
        return command;
    }

    private List<String> softswitch(String... args) throws IOException {
        requirePyrad();
        List<String> command = new ArrayList<>(List.of(PYTHON, script("netlever_softswitch.py").toString()));
        command.addAll(List.of(args).subList(1, args.length));
        return command;
    }

    private static void requirePyrad() {
        Peers.require("python3", "python3");
        try {
            Process probe = new ProcessBuilder(PYTHON, "-c", "import pyrad").redirectErrorStream(true).start();
            if (!probe.waitFor(30, TimeUnit.SECONDS) || probe.exitValue() != 0) {
                Peers.unavailable("pyrad is not installed for " + PYTHON + " (Debian package python3-pyrad)");
            }
        } catch (IOException | InterruptedException e) {
            Peers.unavailable("cannot run " + PYTHON + ": " + e);
        }
    }

    /** Runs a pyrad request to the end; its output. The first argument names the script when it is not the peers'. */
    private String ask(String... args) throws Exception {
        Process p = new ProcessBuilder(args[0].equals("softswitch") ? softswitch(args) : pyrad(args)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        peers.add(p);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    private HttpResponse<String> leverCommit(String form) throws Exception {
        return HttpClient.newHttpClient().send(SignedLever.post(server.leverAddress(), ExampleConfig.LEVER_SECRET,
                form), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @DisplayName("S1.8: the NAS (pyrad) gets the lease's CoA with the subscriber's rate tariff from the config")
    void nasSync_coaCarriesTheRateTariff_toARealNas() throws Exception {
        Process nas = new ProcessBuilder(pyrad("nas-coa", ExampleConfig.NAS_SECRET,
                script("dictionary").toString())).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        peers.add(nas);
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(nas.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        reader.setDaemon(true);
        reader.start();
        String listening = lines.poll(30, TimeUnit.SECONDS);
        assertThat(listening).startsWith("LISTENING ");
        int port = Integer.parseInt(listening.substring("LISTENING ".length()));

        ServeConfig config = ExampleConfig.in(dir).nasCoaPort(port).read();
        server = NetleverServer.start(config, Clock.systemUTC());

        // dhcpd's commit for alice's PC behind sw-17 port 5; alice is on rate tariff home-100 in the example.
        HttpResponse<String> commit = leverCommit("source=isc-dhcpd&event=commit&ip=198.51.100.10"
                + "&mac=2%3A0%3A0%3A0%3A0%3A42&remote_id=0%3A6%3Af8%3Ae9%3A3%3Ae7%3A55%3Aa6"
                + "&circuit_id=0%3A4%3A0%3A98%3A0%3A5&id=lever-1");
        assertThat(commit.statusCode()).as(commit.body()).isEqualTo(200);

        String coa = lines.poll(30, TimeUnit.SECONDS);
        assertThat(coa).as("pyrad's decoding of the CoA-Request (code 43), signed with Message-Authenticator")
                .matches("43 Message-Authenticator=[0-9a-f]{32};User-Name=alice;Framed-IP-Address=198\\.51\\.100\\.10;"
                        + "Mikrotik-Rate-Limit=100M/100M");
    }

    @Test
    @DisplayName("S2.5: the Acct-Interim-Interval in the config is answered to the softswitch's (pyrad's) Start")
    void softswitchStart_answersTheConfiguredInterimInterval() throws Exception {
        Path file = ExampleConfig.in(dir).write();
        Files.writeString(file, Files.readString(file).replace("  # interimInterval: PT5M", "  interimInterval: PT5M"));
        server = NetleverServer.start(ServeConfigReader.read(file), Clock.systemUTC());

        String answer = ask("acct-start", "127.0.0.1", Integer.toString(server.softswitchAcctAddress().getPort()),
                ExampleConfig.SOFTSWITCH_SECRET, script("dictionary").toString(), "call-1", "74951234567",
                "74957654321");
        assertThat(answer).startsWith("ANSWER 5 ").contains("Acct-Interim-Interval=300");
    }

    @Test
    @DisplayName("issue 11: messageAuthenticator REQUIRE drops a request without it; OFF answers legacy equipment")
    void softswitchClient_messageAuthenticatorPolicy_isTheConfigs() throws Exception {
        Path file = ExampleConfig.in(dir).write();
        server = NetleverServer.start(ServeConfigReader.read(file), Clock.systemUTC());
        String[] request = {"access", "127.0.0.1", Integer.toString(server.softswitchAuthAddress().getPort()),
            ExampleConfig.SOFTSWITCH_SECRET, script("dictionary").toString(), "74951234567", "74957654321"};
        assertThat(ask(request)).as("REQUIRE, the default: BlastRADIUS-safe").isEqualTo("TIMEOUT");
        server.close();

        Files.writeString(file, Files.readString(file).replace("messageAuthenticator: REQUIRE",
                "messageAuthenticator: OFF"));   // unquoted: a YAML 1.1 boolean, read as the constant
        server = NetleverServer.start(ServeConfigReader.read(file), Clock.systemUTC());
        request[2] = Integer.toString(server.softswitchAuthAddress().getPort());
        assertThat(ask(request)).as("alice may call Moscow: Access-Accept (2)").startsWith("ANSWER 2 ");
    }

    @Test
    @DisplayName("S2.3-S2.8, issue 12: a pyrad softswitch's SMG-layout records and variants are answered as "
            + "smg-variants.json says under LENIENT and STRICT, every reply verified, only good records unanswered")
    void softswitch_smgLayoutVariants_answeredPerPolicyWithVerifiedReplies() throws Exception {
        JsonNode cases = new ObjectMapper().readTree(script("smg-variants.json").toFile()).get("cases");
        Map<String, BigDecimal> balances = new HashMap<>();
        for (String policy : List.of("LENIENT", "STRICT")) {
            Path file = ExampleConfig.in(Files.createDirectories(dir.resolve(policy))).write();
            String yaml = Files.readString(file);
            assertThat(yaml).contains("attributePolicy: LENIENT");
            Files.writeString(file, yaml.replace("attributePolicy: LENIENT", "attributePolicy: " + policy));
            server = NetleverServer.start(ServeConfigReader.read(file), Clock.systemUTC());

            List<String> lines = ask("softswitch", "127.0.0.1",
                    Integer.toString(server.softswitchAuthAddress().getPort()),
                    Integer.toString(server.softswitchAcctAddress().getPort()), ExampleConfig.SOFTSWITCH_SECRET,
                    script("dictionary").toString(), script("smg-variants.json").toString()).lines().toList();

            assertThat(lines).hasSize(cases.size());
            for (int i = 0; i < cases.size(); i++) {
                JsonNode c = cases.get(i);
                String expected = c.get(policy.toLowerCase(Locale.ROOT)).asText();
                assertThat(lines.get(i)).as(policy + " " + c.get("name").asText())
                        .startsWith("CASE " + c.get("name").asText() + " "
                                + (expected.equals("TIMEOUT") ? "TIMEOUT" : "ANSWER " + expected));
            }
            if (policy.equals("LENIENT")) {
                assertThat(get("/metrics")).contains(
                        "netlever_call_attribute_problems_total{attribute=\"h323_connect_time\"} 1.0",
                        "netlever_call_attribute_problems_total{attribute=\"h323_disconnect_cause\"} 1.0");
            }
            balances.put(policy, server.billing().balance("alice").orElseThrow());
            server.close();
            server = null;
        }
        assertThat(balances.get("LENIENT")).as("the two records STRICT refuses are charged under LENIENT")
                .isLessThan(balances.get("STRICT"));
        assertThat(balances.get("STRICT")).as("the records that parse are charged under both")
                .isLessThan(new BigDecimal("100.00"));
    }

    private String get(String path) throws Exception {
        return HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                "http://127.0.0.1:" + server.opsAddress().getPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
