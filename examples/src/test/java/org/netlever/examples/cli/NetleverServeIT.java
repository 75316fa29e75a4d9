package org.netlever.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netlever.aaa.call.AuthorizationOutcome;
import org.netlever.aaa.call.Call;
import org.netlever.aaa.call.CallControl;
import org.netlever.aaa.call.CallPolicy;
import org.netlever.aaa.call.CallSetup;
import org.netlever.aaa.radius.RadiusSecret;
import org.netlever.aaa.radius.attr.Q850Cause;
import org.netlever.aaa.radius.client.RadiusClient;
import org.netlever.aaa.radius.client.RadiusServerDefinition;
import org.netlever.aaa.radius.client.ServerKind;
import org.netlever.aaa.store.Database;
import org.netlever.aaa.testing.MutableClock;
import org.netlever.server.testing.ExampleConfig;

/**
 * {@code netlever serve} from the built jar in its own JVM: a bad configuration stops start-up with every problem
 * listed; the shipped example starts, answers a softswitch call, drains on SIGTERM, and a restart
 * on the same H2 file finds what was acknowledged.
 */
class NetleverServeIT {

    private static final Path ROOT = Path.of(System.getProperty("netlever.repository", "..")).toAbsolutePath();
    private static final String SOFTSWITCH_SECRET = ExampleConfig.SOFTSWITCH_SECRET;
    private static final String HOST = "([^:/\\s]+)";
    private static final Pattern READY = Pattern.compile("netlever serve: ready; lever http://\\S+, softswitch "
            + "RADIUS " + HOST + ":(\\d+)/" + HOST + ":(\\d+), BRAS RADIUS \\S+, ops http://" + HOST + ":(\\d+)");

    /** 128 + SIGTERM: how a JVM exits when a SIGTERM ended it, after the shutdown hooks ran. */
    private static final int SIGTERM_EXIT = 143;

    @TempDir
    Path dir;

    private static List<String> java(String... args) {
        Path jar = Path.of(System.getProperty("netlever.jar", "target/netlever.jar"));
        assertThat(jar).isRegularFile();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", jar.toString()));
        command.addAll(List.of(args));
        return command;
    }

    /** A running serve process and what its ready line said. */
    private record Serve(Process process, Matcher ready, long startMillis, Path err) {
        int stop() throws InterruptedException {
            process.destroy();   // SIGTERM
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("drained and exited after SIGTERM").isTrue();
            return process.exitValue();
        }
    }

    private Serve start(Path config, String name, String... jvmOptions) throws IOException {
        Path err = dir.resolve(name + ".err");
        long started = System.nanoTime();
        List<String> command = java("serve", "--config", config.toString());
        command.addAll(1, List.of(jvmOptions));
        Process process = new ProcessBuilder(command)
                .redirectError(err.toFile()).start();
        process.getOutputStream().close();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            Matcher m = READY.matcher(line);
            if (m.find()) {
                return new Serve(process, m, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), err);
            }
        }
        process.destroyForcibly();
        throw new AssertionError("serve exited without a ready line: " + Files.readString(err));
    }

    @Test
    @DisplayName("a bad configuration stops start-up with every problem listed, exit 2")
    void serve_badConfig_listsEveryProblem_exit2() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), """
                lever: { listen: "127.0.0.1:70000" }
                pcrf: { resetPolicy: NEVER }
                colour: blue
                """);
        Process p = new ProcessBuilder(java("serve", "--config", bad.toString())).start();
        p.getOutputStream().close();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(err).contains("problems in the configuration; nothing started:")
                .contains(bad + ": lever.listen: a port from 0 to 65535, got 70000")
                .contains(bad + ": lever.secretFile: required")
                .contains(bad + ": pcrf.resetPolicy: RESTART_SCENARIO or REARM_CURRENT_STEP, got 'NEVER'")
                .contains(bad + ": colour: unknown field")
                .contains(bad + ": softswitch.clients: at least one RADIUS client")
                .contains(bad + ": bras.coa: at least one CoA endpoint");
    }

    /** Runs serve to its exit; its stderr. */
    private static String failedServe(Path config) throws Exception {
        Process p = new ProcessBuilder(java("serve", "--config", config.toString())).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(err).isEqualTo(2);
        assertThat(out).as("nothing reported ready").doesNotContain("ready");
        assertThat(err).as("problems, never a stack trace").contains("in the configuration; nothing started:")
                .doesNotContain("Exception").doesNotContain("\tat ");
        return err;
    }

    @Test
    @DisplayName("issue 11: a bad port, an unknown device type, an unreadable secret: each file: field: reason, exit 2")
    void serve_invalidValues_eachAsFileFieldReason_exit2() throws Exception {
        Path config = ExampleConfig.in(dir).leverListen("127.0.0.1:80670").write();
        Files.writeString(config, Files.readString(config).replace("type: dlink-switch", "type: dlink-swtich"));
        Path secret = config.resolveSibling("secrets/bras.secret");
        Files.delete(secret);

        assertThat(failedServe(config))
                .contains(config + ": lever.listen: a port from 0 to 65535, got 80670")
                .contains(config + ": billing.devices[0].type: unknown device type 'dlink-swtich'; the known types "
                        + "are [")
                .contains(config + ": bras.clients[0].secretFile: cannot read " + secret + ": no such file")
                .contains(config + ": bras.coa[0].secretFile: cannot read " + secret + ": no such file");
        assertThat(config.resolveSibling("data")).doesNotExist();
    }

    @Test
    @DisplayName("issue 11: PostgreSQL that does not answer is storage.url's problem, exit 2; the file named absolute")
    void serve_postgresUnreachable_isAProblemOfStorageUrl_exit2() throws Exception {
        int closed;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = probe.getLocalPort();   // nothing listens here once the probe is closed
        }
        String url = "jdbc:postgresql://127.0.0.1:" + closed + "/netlever";
        Path config = ExampleConfig.in(dir).postgres(url + "?password=hunter2").write();
        // Started from the configuration's directory with a relative path, as an operator would.
        Process p = new ProcessBuilder(java("serve", "--config", "netlever.yaml"))
                .directory(config.getParent().toFile()).start();
        p.getOutputStream().close();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(err).isEqualTo(2);
        assertThat(err).contains(config.toAbsolutePath() + ": storage.url: cannot connect to " + url + ": ")
                .contains("Connection refused")
                .doesNotContain("hunter2").doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    @DisplayName("issue 11: a listener address in use is the field and the address, exit 2, no database left")
    void serve_listenAddressInUse_exit2_leavesNothingBehind() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String address = "127.0.0.1:" + taken.getLocalPort();
            Path config = ExampleConfig.in(dir).leverListen(address).write();
            assertThat(failedServe(config)).contains("netlever serve: 1 problem in the configuration")
                    .contains(config + ": lever.listen: cannot listen on " + address + ": Address already in use");
            assertThat(config.resolveSibling("data")).as("the database it created is removed").doesNotExist();
        }
    }

    @Test
    @DisplayName("serve from the jar: ready, a call answered, SIGTERM drains, a restart keeps the charge")
    void serve_fromJar_sigtermDrains_restartKeepsState() throws Exception {
        Path config = ExampleConfig.in(dir).write();
        Serve first = start(config, "first");
        try {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create("http://"
                    + first.ready().group(5) + ":" + first.ready().group(6) + "/ready")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).isEqualTo(200);

            InetSocketAddress auth = new InetSocketAddress(first.ready().group(1),
                    Integer.parseInt(first.ready().group(2)));
            InetSocketAddress acct = new InetSocketAddress(first.ready().group(3),
                    Integer.parseInt(first.ready().group(4)));
            try (RadiusClient softswitch = RadiusClient.builder().bindAddress(InetAddress.getLoopbackAddress())
                    .probeInterval(null)
                    .accessServer(new RadiusServerDefinition("serve", auth, ServerKind.ACCESS,
                            RadiusSecret.of(SOFTSWITCH_SECRET), 3, Duration.ofSeconds(1), Duration.ofSeconds(30), true))
                    .accountingServer(new RadiusServerDefinition("serve", acct, ServerKind.ACCOUNTING,
                            RadiusSecret.of(SOFTSWITCH_SECRET), 3, Duration.ofSeconds(1), Duration.ofSeconds(30),
                            true)).build()) {
                MutableClock clock = new MutableClock(Instant.now());
                CallControl control = CallControl.builder(softswitch).policy(CallPolicy.defaults()).clock(clock)
                        .build();
                Call call = control.newCall(CallSetup.of("74951234567", "73832000000"));   // 1.50 a minute
                assertThat(call.authorize()).isEqualTo(new AuthorizationOutcome.Authorized(Optional.of(
                        Duration.ofMinutes(66))));
                call.answer();
                clock.advance(Duration.ofSeconds(150));                                   // three started minutes
                call.release(Q850Cause.NORMAL_CLEARING);
            }
        } finally {
            assertThat(first.stop()).as("the JVM's status for SIGTERM after its hooks ran (systemd: "
                    + "SuccessExitStatus=143)").isEqualTo(SIGTERM_EXIT);
        }
        assertThat(Files.readString(first.err())).as("a clean drain logs no error").doesNotContain("ERROR");

        // The restart logs structured, with the sample logback configuration: one JSON object per line.
        Serve second = start(config, "second", "-Dlogback.configurationFile="
                + ROOT.resolve("server/config/logback.xml"));
        assertThat(second.stop()).isEqualTo(SIGTERM_EXIT);
        List<JsonNode> logs = new ArrayList<>();
        for (String line : Files.readAllLines(second.err())) {
            logs.add(new ObjectMapper().readTree(line));
        }
        assertThat(logs).anySatisfy(event -> {
            assertThat(event.path("level").asText()).isEqualTo("INFO");
            assertThat(event.path("message").asText()).isEqualTo("netlever serve ready");
            assertThat(event.path("logger").asText()).isEqualTo("org.netlever.server.NetleverServer");
            assertThat(event.path("storage").asText()).as("a key/value pair is a field").isEqualTo("h2");
            assertThat(event.path("ops").asText()).matches("127\\.0\\.0\\.1:\\d+");
        });
        assertThat(logs).anySatisfy(event -> assertThat(event.path("message").asText())
                .isEqualTo("netlever serve stopped"));
        assertThat(Files.readString(second.err())).doesNotContain(SOFTSWITCH_SECRET);
        try (Database db = Database.h2("jdbc:h2:file:" + dir.resolve("server/config/data/netlever"))) {
            BigDecimal balance = db.withHandle(h -> h.createQuery("SELECT balance FROM billing_subscriber"
                    + " WHERE id = 'alice'").mapTo(BigDecimal.class).one());
            assertThat(balance).as("100.00 less three minutes at 1.50, kept across the restart")
                    .isEqualByComparingTo("95.50");
        }
        System.out.printf("netlever serve: ready %d ms after the JVM was launched (first start), %d ms (restart)%n",
                first.startMillis(), second.startMillis());
    }
}
