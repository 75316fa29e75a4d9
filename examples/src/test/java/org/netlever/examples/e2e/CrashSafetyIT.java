package org.netlever.examples.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToIntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.netlever.aaa.lever.LeverSecret;
import org.netlever.aaa.lever.LeverServer;
import org.netlever.aaa.lever.LeverSignature;
import org.netlever.aaa.radius.AttributeType;
import org.netlever.aaa.radius.PacketCode;
import org.netlever.aaa.radius.RadiusMessage;
import org.netlever.aaa.radius.server.RadiusClientDefinition;
import org.netlever.aaa.radius.server.RadiusReply;
import org.netlever.aaa.radius.server.RadiusServer;
import org.netlever.aaa.store.Database;
import org.netlever.aaa.testing.Await;
import org.netlever.aaa.testing.DatabaseKind;
import org.netlever.server.testing.ExampleConfig;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Issue 10's crash test: {@code netlever serve} from the built jar, on its default H2 file storage and on a real
 * PostgreSQL, is killed with SIGKILL at a random moment while four peers send it bursts of work — signed lever
 * events over HTTP, events through the shipped lever script as dhcpd runs it, softswitch accounting Stops and BRAS
 * interims that use up a PCRF quota, the last two from python3-pyrad. After a restart on the same storage, the lever
 * flushes its spool and the softswitch and the BRAS send again what the kill left unanswered, as they would; then
 * SIGTERM, and the database is opened directly: every item serve acknowledged (and every event the lever was handed)
 * must be stored exactly once, and nothing may be half-applied.
 *
 * <p>The random moments come from a seeded {@link Random}; the seed is printed and can be replayed with
 * {@code -Dnetlever.crash.seed=N}; {@code -Dnetlever.crash.trials=N} changes the number of trials per storage, and
 * {@code -Dnetlever.crash.storage=H2} (or {@code POSTGRESQL}) runs one storage only.
 */
class CrashSafetyIT {

    private static final int TRIALS = Integer.getInteger("netlever.crash.trials", 5);
    private static final long SEED = Long.getLong("netlever.crash.seed", System.nanoTime());
    /** PCRF subscribers configured per trial; the BRAS works through them one after the other until the kill. */
    private static final int PCRF_SUBSCRIBERS = 100;
    private static final long QUOTA_SECONDS = 7200;
    private static final String PYTHON = "/usr/bin/python3";
    /** The tally of services-reauth CoAs the BRAS received, each of which needs its transition stored. */
    private static final String REAUTH = "reauth";
    /** The tally of Stops the kill left unanswered, sent again to the restarted serve. */
    private static final String STOPS_RESENT = "stops-resent";
    private static final LeverSecret SECRET = LeverSecret.of(ExampleConfig.LEVER_SECRET);
    private static final String ALICE_SWITCH_PORT = "remote_id=0:6:f8:e9:3:e7:55:a6&circuit_id=0:4:0:98:0:5";
    private static final Map<String, BigDecimal> OPENING_BALANCE = Map.of("alice", new BigDecimal("100.00"),
            "bob", new BigDecimal("0.00"));
    private static final Map<String, String> PHONES = Map.of("74951234567", "alice", "74951234568", "bob");
    /** The example's tariff for the Moscow number the Stops call (prefix 7495). */
    private static final BigDecimal PER_MINUTE = new BigDecimal("0.50");
    private static final Pattern READY = Pattern.compile("netlever serve: ready; lever http://([^:/\\s]+):(\\d+), "
            + "softswitch RADIUS ([^:/\\s]+):(\\d+)/([^:/\\s]+):(\\d+), BRAS RADIUS ([^:/\\s]+):(\\d+)/"
            + "([^:/\\s]+):(\\d+), ops");
    /** 128 + SIGTERM: how a JVM exits when a SIGTERM ended it, after the shutdown hooks ran. */
    private static final int SIGTERM_EXIT = 143;

    /** The storage serve runs on. */
    enum Storage { H2, POSTGRESQL }

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    @ParameterizedTest(name = "{0}")
    @EnumSource(Storage.class)
    @DisplayName("SIGKILL during bursts of lever, lever-script, softswitch and BRAS work: nothing acknowledged is lost"
            + " or doubled")
    void serve_sigkillDuringBursts_keepsEveryAcknowledgedItemExactlyOnce(Storage storage) throws Exception {
        Assumptions.assumeTrue(System.getProperty("netlever.crash.storage", storage.name()).equals(storage.name()),
                "-Dnetlever.crash.storage picks another storage");
        Peers.require("curl", "curl");
        Peers.require("openssl", "openssl");
        requirePyrad();
        Path pyrad = Files.createDirectories(dir.resolve("pyrad"));
        for (String name : List.of("netlever_radius_load.py", "dictionary")) {
            try (var in = Objects.requireNonNull(CrashSafetyIT.class.getResourceAsStream("pyrad/" + name), name)) {
                Files.copy(in, pyrad.resolve(name));
            }
        }
        Random random = new Random(SEED + storage.ordinal());
        System.out.printf("CrashSafetyIT %s: seed %d (replay: -Dnetlever.crash.seed=%d), %d trials%n", storage, SEED,
                SEED, TRIALS);
        Map<String, Set<String>> coas = new ConcurrentHashMap<>();
        List<TrialResult> results = new ArrayList<>();
        try (RadiusServer brasCoa = RadiusServer.builder()
                .authAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .acctAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .coaAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .client(RadiusClientDefinition.of("netlever", "127.0.0.1", ExampleConfig.BRAS_SECRET))
                .handler(request -> {
                    String user = request.packet().string(AttributeType.USER_NAME).orElse("?");
                    coas.computeIfAbsent(trialOf(user), k -> ConcurrentHashMap.newKeySet()).add(user);
                    return RadiusReply.of(RadiusMessage.of(PacketCode.COA_ACK));
                }).start()) {
            int coaPort = brasCoa.coaAddress().orElseThrow().getPort();
            for (int trial = 1; trial <= TRIALS; trial++) {
                TrialResult result = new Trial(storage, trial, random.nextLong(), coaPort, pyrad, coas).run();
                System.out.println(result.line());
                results.add(result);
            }
        }
        String table = storage + ", seed " + SEED + ":\n" + String.join("\n", results.stream().map(TrialResult::line)
                .toList());
        System.out.println(table);
        for (TrialResult r : results) {
            for (Tally t : r.tallies()) {
                if (t.what().equals(REAUTH) || t.what().equals(STOPS_RESENT)) {
                    continue;   // a kill before any quota ran out, or between two Stops, is a fair trial too
                }
                assertThat(t.acknowledged()).as("trial %d: some %s were acknowledged before the kill (else the trial"
                        + " proves nothing)\n%s", r.trial(), t.what(), table).isPositive();
            }
        }
        long lost = results.stream().flatMap(r -> r.tallies().stream()).mapToLong(Tally::lost).sum();
        long doubled = results.stream().flatMap(r -> r.tallies().stream()).mapToLong(Tally::doubled).sum();
        List<String> problems = results.stream().flatMap(r -> r.problems().stream()).toList();
        assertThat(lost).as("acknowledged items lost after SIGKILL and restart\n%s\n%s", table,
                String.join("\n", problems.stream().limit(40).toList())).isZero();
        assertThat(doubled).as("items stored twice\n%s\n%s", table,
                String.join("\n", problems.stream().limit(40).toList())).isZero();
        assertThat(problems).as("half-applied or inconsistent state\n%s", table).isEmpty();
    }

    private static void requirePyrad() throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of(PYTHON))) {
            Peers.unavailable(PYTHON + " is not installed (Debian package python3-pyrad)");
        }
        Process p = new ProcessBuilder(PYTHON, "-c", "import pyrad.client").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            Peers.unavailable("pyrad is not importable by " + PYTHON + " (Debian package python3-pyrad)");
        }
    }

    /** Trial numbers are in every name a trial sends ("pcrf-3-17"), so a late CoA is counted for its own trial. */
    private static String trialOf(String user) {
        String[] parts = user.split("-");
        return parts.length >= 3 ? parts[1] : "?";
    }

    // ------------------------------------------------------------------------------------------------ results

    /**
     * One kind of work in one trial.
     *
     * @param what what was sent
     * @param acknowledged items serve acknowledged (for the lever script: events the script was handed)
     * @param stored acknowledged items found stored exactly once
     * @param lost acknowledged items not stored
     * @param doubled items stored more than once
     */
    record Tally(String what, long acknowledged, long stored, long lost, long doubled) {
        String text() {
            return String.format(Locale.ROOT, "%s ack %d stored %d lost %d doubled %d", what, acknowledged, stored,
                    lost, doubled);
        }
    }

    record TrialResult(Storage storage, int trial, long killAfterMillis, long elapsedMillis, List<Tally> tallies,
            List<String> problems) {
        String line() {
            return String.format(Locale.ROOT, "%-10s trial %d (%4.1f s), SIGKILL %4d ms into the bursts: %s;"
                    + " half-applied %d", storage, trial, elapsedMillis / 1000.0, killAfterMillis,
                    String.join(" | ", tallies.stream().map(Tally::text).toList()),
                    problems.stream().filter(p -> p.startsWith("half-applied")).count());
        }
    }

    // ------------------------------------------------------------------------------------------------ serve

    private record Serve(Process process, Matcher ready) {
        String host(int group) {
            return ready.group(group);
        }

        int port(int group) {
            return Integer.parseInt(ready.group(group + 1));
        }
    }

    private static Serve serve(Path config, Path out, Path err) throws IOException {
        Path jar = Path.of(System.getProperty("netlever.jar", "target/netlever.jar"));
        assertThat(jar).isRegularFile();
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "serve", "--config", config.toString())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        process.getOutputStream().close();
        Matcher[] ready = new Matcher[1];
        try {
            Await.until("serve's ready line in " + out, Duration.ofSeconds(90), () -> {
                Matcher m = READY.matcher(read(out));
                if (m.find()) {
                    ready[0] = m;
                    return true;
                }
                return !process.isAlive();
            });
        } catch (AssertionError e) {
            process.destroyForcibly();
            throw e;
        }
        if (ready[0] == null) {
            throw new AssertionError("serve exited without a ready line: " + read(err));
        }
        return new Serve(process, ready[0]);
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------------------------------------ one trial

    /** One trial: fresh storage, bursts, SIGKILL, restart, flush, SIGTERM, and the check. Not thread-safe. */
    private final class Trial {
        private final Storage storage;
        private final int n;
        private final Random random;
        private final int coaPort;
        private final Path pyrad;
        private final Map<String, Set<String>> coas;
        private final Path tdir;
        private final AtomicBoolean killed = new AtomicBoolean();

        // What the peers were told was done.
        private final Set<String> httpAcked = ConcurrentHashMap.newKeySet();
        private final AtomicLong httpUnanswered = new AtomicLong();
        private final Set<Long> scriptInvoked = ConcurrentHashMap.newKeySet();
        private final Set<String> stopsAcked = ConcurrentHashMap.newKeySet();
        /** Stops left unanswered by the kill, sent again to the restarted serve as a softswitch does, and answered. */
        private final Set<String> stopsResentAcked = ConcurrentHashMap.newKeySet();
        /** The BRAS record the kill left unanswered (user, record), sent again after the restart. */
        private volatile String[] brasUnanswered;
        /** What the BRAS sent again after the restart, from which record. */
        private volatile String[] brasResumedFrom;
        private final Map<String, long[]> stopsSent = new ConcurrentHashMap<>();
        /** BRAS: per subscriber, the highest session time an acknowledged record carried (-1: authorization only). */
        private final Map<String, Long> pcrfAcked = new ConcurrentHashMap<>();
        private final Map<String, Integer> pcrfAckedRecords = new ConcurrentHashMap<>();
        private final List<String> failures = Collections.synchronizedList(new ArrayList<>());

        Trial(Storage storage, int n, long seed, int coaPort, Path pyrad, Map<String, Set<String>> coas)
                throws IOException {
            this.storage = storage;
            this.n = n;
            this.random = new Random(seed);
            this.coaPort = coaPort;
            this.pyrad = pyrad;
            this.coas = coas;
            this.tdir = Files.createDirectories(dir.resolve("trial-" + n));
        }

        TrialResult run() throws Exception {
            long started = System.nanoTime();
            String pgUrl = storage == Storage.POSTGRESQL ? DatabaseKind.newPostgresUrl() : null;
            ExampleConfig example = ExampleConfig.in(tdir).brasCoaPort(coaPort);
            if (pgUrl != null) {
                example.postgres(pgUrl);
            }
            Path config = example.write();
            String yaml = Files.readString(config);
            String pcrfLine = "    - { id: \"79139001234\", domain: Auto1_test.Sibir.OTT.root, tariffPlan: limitTP }\n";
            assertThat(yaml).contains(pcrfLine);
            StringBuilder more = new StringBuilder(pcrfLine);
            for (int i = 0; i < PCRF_SUBSCRIBERS; i++) {
                more.append("    - { id: \"").append(pcrfUser(i))
                        .append("\", domain: Auto1_test.Sibir.OTT.root, tariffPlan: limitTP }\n");
            }
            Files.writeString(config, yaml.replace(pcrfLine, more));
            Path secrets = config.getParent().resolve("secrets");
            Path lever = tdir.resolve("netlever-lever");
            Files.copy(LeverBilling.REPOSITORY.resolve("examples/lever/netlever-lever"), lever,
                    StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(lever, PosixFilePermissions.fromString("rwx------"));
            Path spool = tdir.resolve("spool");

            Path stopFile = tdir.resolve("peers.stop");
            Phases phases = new Phases();
            Serve first = serve(config, tdir.resolve("first.out"), tdir.resolve("first.err"));
            phases.mark("started");
            long killAfter;
            List<Process> peers = new ArrayList<>();
            try {
                writeLeverConf(first, secrets, spool);
                List<Thread> threads = new ArrayList<>();
                for (int t = 0; t < 2; t++) {
                    long threadSeed = random.nextLong();
                    int thread = t;
                    threads.add(start("lever-http-" + t, () -> leverHttp(first, thread, new Random(threadSeed))));
                }
                threads.add(start("lever-script", () -> leverScript(lever)));
                Process stops = python("softswitch-stop", first.host(5), Integer.toString(first.port(5)),
                        ExampleConfig.SOFTSWITCH_SECRET, "c-" + n, "1000000", stopFile);
                peers.add(stops);
                Process brasLoad = python("bras-quota", first.host(7), first.port(7) + "/" + first.port(9),
                        ExampleConfig.BRAS_SECRET, "pcrf-" + n + "-", Integer.toString(PCRF_SUBSCRIBERS), stopFile);
                peers.add(brasLoad);
                threads.add(start("softswitch-out", () -> readStops(stops, stopsAcked)));
                threads.add(start("bras-out", () -> readBras(brasLoad)));
                try {
                    Await.until("every peer to have work acknowledged", Duration.ofSeconds(60), () ->
                            !httpAcked.isEmpty() && !scriptInvoked.isEmpty() && !stopsAcked.isEmpty()
                                    && pcrfAckedRecords.size() > 1 || !first.process().isAlive());
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + ": lever-http " + httpAcked.size() + ", lever-script "
                            + scriptInvoked.size() + ", stops " + stopsAcked.size() + ", pcrf subscribers "
                            + pcrfAckedRecords.size() + "; failures " + failures, e);
                }
                assertThat(first.process().isAlive()).as("serve runs under load: " + read(tdir.resolve("first.err")))
                        .isTrue();
                phases.mark("load acknowledged");
                killAfter = 300 + random.nextInt(2200);
                CompletableFuture.runAsync(() -> {
                    killed.set(true);
                    first.process().destroyForcibly();   // SIGKILL on Linux
                }, CompletableFuture.delayedExecutor(killAfter, TimeUnit.MILLISECONDS)).get(30, TimeUnit.SECONDS);
                assertThat(first.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(first.process().exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
                phases.mark("killed");
                Files.createFile(stopFile);
                for (Process p : peers) {
                    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("pyrad gives up on the dead server").isTrue();
                }
                for (Thread t : threads) {
                    t.join(TimeUnit.SECONDS.toMillis(60));
                    assertThat(t.isAlive()).as(t.getName() + " stopped").isFalse();
                }
                phases.mark("peers stopped");
            } finally {
                killed.set(true);
                first.process().destroyForcibly();
                if (!Files.exists(stopFile)) {
                    Files.createFile(stopFile);
                }
                for (Process p : peers) {
                    if (!p.waitFor(10, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                    }
                }
            }
            assertThat(failures).as("load generator failures").isEmpty();

            // Restart on the same storage; the lever sends what it still has spooled.
            Serve second = serve(config, tdir.resolve("second.out"), tdir.resolve("second.err"));
            phases.mark("restarted");
            Path resendStop = tdir.resolve("resend.stop");
            List<Process> resends = new ArrayList<>();
            try {
                writeLeverConf(second, secrets, spool);
                // The softswitch and the BRAS send again what the kill left unanswered.
                List<Integer> unanswered = stopsSent.keySet().stream().filter(id -> !stopsAcked.contains(id))
                        .map(id -> Integer.parseInt(id.substring(id.lastIndexOf('-') + 1))).sorted().toList();
                List<Thread> readers = new ArrayList<>();
                if (!unanswered.isEmpty()) {
                    Process p = python("softswitch-stop", second.host(5), Integer.toString(second.port(5)),
                            ExampleConfig.SOFTSWITCH_SECRET, "c-" + n, unanswered.get(0) + ":"
                                    + (unanswered.get(unanswered.size() - 1) + 1), resendStop);
                    resends.add(p);
                    readers.add(start("softswitch-resend-out", () -> readStops(p, stopsResentAcked)));
                }
                String[] bras = brasUnanswered;
                brasResumedFrom = bras;
                brasUnanswered = null;
                if (bras != null) {
                    Process p = python("bras-resume", second.host(7), second.port(7) + "/" + second.port(9),
                            ExampleConfig.BRAS_SECRET, bras[0], bras[1], resendStop);
                    resends.add(p);
                    readers.add(start("bras-resend-out", () -> readBras(p)));
                }
                Await.until("the lever to flush its spool " + spool, Duration.ofSeconds(90), () -> {
                    runQuietly(lever.toString(), "flush");
                    try (Stream<Path> files = Files.list(spool)) {
                        return files.noneMatch(f -> f.getFileName().toString().endsWith(".event"));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                phases.mark("flushed");
                // A resend that stays unanswered (serve discards accounting for a subscriber it lost) is reported
                // by the check; pyrad is told to give up after a while.
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                for (Process p : resends) {
                    if (!p.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                        Files.createFile(resendStop);
                        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("pyrad gives up its resend").isTrue();
                    }
                }
                for (Thread t : readers) {
                    t.join(TimeUnit.SECONDS.toMillis(60));
                }
                phases.mark("resent");
            } finally {
                if (!Files.exists(resendStop)) {
                    Files.createFile(resendStop);
                }
                for (Process p : resends) {
                    if (!p.waitFor(10, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                    }
                }
                second.process().destroy();   // SIGTERM
                assertThat(second.process().waitFor(60, TimeUnit.SECONDS)).as("drained after SIGTERM").isTrue();
            }
            assertThat(second.process().exitValue()).as(read(tdir.resolve("second.err"))).isEqualTo(SIGTERM_EXIT);
            phases.mark("stopped");
            assertThat(failures).as("peer failures after the restart").isEmpty();
            String[] bras = brasResumedFrom;
            System.out.printf("%s trial %d: %s; lever requests unanswered while serve ran or died: %d; Stops sent again"
                    + " %d; BRAS resumed %s%n", storage, n, phases, httpUnanswered.get(), stopsResentAcked.size(),
                    bras == null ? "-" : bras[0] + " from record " + bras[1]);

            Database db = pgUrl == null ? Database.h2File(tdir.resolve("server/config/data/netlever"))
                    : Database.of(postgres(pgUrl));
            try {
                return db.withHandle(h -> check(h, killAfter, TimeUnit.NANOSECONDS.toMillis(System.nanoTime()
                        - started)));
            } finally {
                db.close();
            }
        }

        private String pcrfUser(int i) {
            return "pcrf-" + n + "-" + i;
        }

        private void writeLeverConf(Serve serve, Path secrets, Path spool) throws IOException {
            Files.writeString(tdir.resolve("lever.conf"), "NETLEVER_URL=http://" + serve.host(1) + ":" + serve.port(1)
                    + "\nNETLEVER_SECRET_FILE=" + secrets.resolve("lever.secret") + "\nNETLEVER_SPOOL=" + spool
                    + "\nNETLEVER_TIMEOUT=5\n");
        }

        private Thread start(String name, ThrowingRunnable work) {
            Thread t = new Thread(() -> {
                try {
                    work.run();
                } catch (Exception | AssertionError e) {
                    failures.add(name + ": " + e);
                }
            }, "crash-" + name);
            t.setDaemon(true);
            t.start();
            return t;
        }

        // -------------------------------------------------------------------------------------------- (a)

        /** Signed lever events for alice's port: commits and releases of 40 addresses, alone or in batches. */
        private void leverHttp(Serve serve, int thread, Random r) {
            long seq = 0;
            URI uri = URI.create("http://" + serve.host(1) + ":" + serve.port(1) + LeverServer.EVENTS_PATH);
            while (!killed.get()) {
                int size = r.nextInt(3) == 0 ? 1 : 2 + r.nextInt(9);
                List<String> ids = new ArrayList<>();
                StringBuilder body = new StringBuilder();
                for (int i = 0; i < size; i++) {
                    String id = "h" + n + "-" + thread + "-" + (seq++);
                    int host = 10 + r.nextInt(40);
                    String event = r.nextInt(4) == 0 ? "release" : "commit";
                    body.append(body.length() == 0 ? "" : "\n").append("source=isc-dhcpd&event=").append(event)
                            .append("&ip=198.51.100.").append(host).append("&mac=2:a:0:0:0:")
                            .append(Integer.toHexString(host)).append(event.equals("commit") ? "&" + ALICE_SWITCH_PORT
                                    : "").append("&id=").append(id);
                    ids.add(id);
                }
                byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
                long now = Instant.now().getEpochSecond();
                String nonce = HexFormat.of().formatHex(longs(r.nextLong(), r.nextLong()));
                HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                        .header("Content-Type", size == 1 ? "application/x-www-form-urlencoded"
                                : LeverServer.BATCH_TYPE)
                        .header(LeverSignature.TIMESTAMP, Long.toString(now)).header(LeverSignature.NONCE, nonce)
                        .header(LeverSignature.SIGNATURE, LeverSignature.sign(SECRET, "POST", LeverServer.EVENTS_PATH,
                                now, nonce, bytes))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
                try {
                    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 200) {
                        httpAcked.addAll(ids);
                    } else if (!killed.get()) {
                        failures.add("lever answered " + response.statusCode() + ": " + response.body());
                        return;
                    }
                } catch (IOException e) {
                    // Not acknowledged: a lever keeps such events and sends them again; this one just moves on.
                    httpUnanswered.incrementAndGet();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        private static byte[] longs(long a, long b) {
            return ByteBuffer.allocate(16).putLong(a).putLong(b).array();
        }

        // -------------------------------------------------------------------------------------------- (b)

        /**
         * The shipped lever script as dhcpd's execute() runs it, one event after the other, for bob's port: each a
         * commit with a MAC of its own (02:1e:00:TRIAL:counter), so that its rows can be found again.
         */
        private void leverScript(Path lever) throws IOException, InterruptedException {
            long counter = 0;
            while (!killed.get()) {
                counter++;
                long mac = (0x021eL << 32) | ((long) n << 16) | counter;
                String text = String.format(Locale.ROOT, "2:1e:0:%x:%x:%x", n, (counter >> 8) & 0xff, counter & 0xff);
                String ip = "198.51.100." + (100 + counter % 100);
                Process p = new ProcessBuilder(lever.toString(), "commit", ip, text, "0:6:f8:e9:3:e7:55:a6",
                        "0:4:0:98:0:6").redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.appendTo(tdir.resolve("lever.err").toFile())).start();
                p.getOutputStream().close();
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    failures.add("the lever script did not return within 30 s");
                    return;
                }
                if (p.exitValue() == 0) {
                    scriptInvoked.add(mac);
                } else {
                    failures.add("the lever script exited " + p.exitValue() + ": " + read(tdir.resolve("lever.err")));
                    return;
                }
            }
        }

        private void runQuietly(String... command) {
            try {
                Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.appendTo(tdir.resolve("lever.err").toFile())).start();
                p.getOutputStream().close();
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        // -------------------------------------------------------------------------------------------- (c), (d)

        private Process python(String mode, String host, String ports, String secret, String prefix, String count,
                Path stopFile) throws IOException {
            Process p = new ProcessBuilder(PYTHON, pyrad.resolve("netlever_radius_load.py").toString(), mode, host,
                    ports, secret, pyrad.resolve("dictionary").toString(), prefix, count, stopFile.toString())
                    .redirectError(tdir.resolve(mode + ".err").toFile()).start();
            p.getOutputStream().close();
            return p;
        }

        /** pyrad's softswitch: "SENT id calling called seconds", then "ACK id" once the Accounting-Response came. */
        private void readStops(Process p, Set<String> acked) throws IOException {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    String[] f = line.split(" ");
                    if (f[0].equals("SENT")) {
                        stopsSent.put(f[1], new long[] {Long.parseLong(f[2]), Long.parseLong(f[4])});
                    } else if (f[0].equals("ACK")) {
                        acked.add(f[1]);
                    }
                }
            }
        }

        /** pyrad's BRAS: "ACK user auth|start|interim RECORD" (-1: authorization), "TIMEOUT user RECORD". */
        private void readBras(Process p) throws IOException {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    String[] f = line.split(" ");
                    if (f[0].equals("ACK")) {
                        pcrfAcked.merge(f[1], Long.parseLong(f[3]), Math::max);
                        pcrfAckedRecords.merge(f[1], 1, Integer::sum);
                    } else if (f[0].equals("TIMEOUT")) {
                        brasUnanswered = new String[] {f[1], f[2]};
                    } else if (f[0].equals("REJECT")) {
                        failures.add("the BRAS was refused: " + line);
                    }
                }
            }
        }

        // -------------------------------------------------------------------------------------------- the check

        private TrialResult check(Handle h, long killAfter, long elapsedMillis) {
            List<String> problems = new ArrayList<>();
            List<Tally> tallies = new ArrayList<>();

            // (a) and (b): the event log, by source event id and by MAC.
            Map<String, Integer> byId = new HashMap<>();
            Map<Long, Integer> byMac = new HashMap<>();
            h.createQuery("SELECT source_event_id, mac FROM dhcp_event WHERE source = 'isc-dhcpd'").map((rs, ctx) -> {
                String id = rs.getString(1);
                if (id != null) {
                    byId.merge(id, 1, Integer::sum);
                }
                long mac = rs.getLong(2);
                if (!rs.wasNull()) {
                    byMac.merge(mac, 1, Integer::sum);
                }
                return 0;
            }).list();
            tallies.add(tally("lever-http", httpAcked, id -> byId.getOrDefault(id, 0), problems));
            tallies.add(tally("lever-script", scriptInvoked, mac -> byMac.getOrDefault(mac, 0), problems));
            h.createQuery("SELECT event_id, COUNT(*) FROM lease_history GROUP BY event_id HAVING COUNT(*) > 1")
                    .map((rs, ctx) -> rs.getLong(1) + " x" + rs.getLong(2)).list()
                    .forEach(e -> problems.add("doubled: lease history rows for one event: " + e));
            h.createQuery("SELECT id FROM lease_history hi WHERE event_id IS NULL OR NOT EXISTS (SELECT 1 FROM"
                    + " dhcp_event e WHERE e.id = hi.event_id)").mapTo(Long.class).list()
                    .forEach(id -> problems.add("half-applied: lease history row " + id + " without its event"));
            Map<Long, String[]> lastAction = new HashMap<>();
            h.createQuery("SELECT ip, lease_action, subscriber_id, mac FROM lease_history ORDER BY id")
                    .map((rs, ctx) -> new Object[] {rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)})
                    .list().forEach(row -> lastAction.put((Long) row[0], new String[] {(String) row[1],
                            (String) row[2], (String) row[3]}));
            Map<Long, String[]> leases = new HashMap<>();
            h.createQuery("SELECT ip, subscriber_id, mac FROM lease").map((rs, ctx) -> new Object[] {rs.getLong(1),
                    rs.getString(2), rs.getString(3)}).list()
                    .forEach(row -> leases.put((Long) row[0], new String[] {(String) row[1], (String) row[2]}));
            for (Map.Entry<Long, String[]> e : lastAction.entrySet()) {
                boolean held = e.getValue()[0].endsWith("assign");
                String[] lease = leases.get(e.getKey());
                if (held != (lease != null) || held && !(lease[0].equals(e.getValue()[1])
                        && Objects.equals(lease[1], e.getValue()[2]))) {
                    problems.add("half-applied: lease of " + e.getKey() + " is " + (lease == null ? "absent"
                            : String.join("/", lease)) + " but its history ends with " + String.join("/",
                            e.getValue()));
                }
            }
            for (Long ip : leases.keySet()) {
                if (!lastAction.containsKey(ip)) {
                    problems.add("half-applied: lease of " + ip + " without history");
                }
            }

            // (c): one charge per acknowledged Stop, balances moved by exactly the charges.
            Map<String, Integer> charges = new HashMap<>();
            Map<String, BigDecimal> charged = new HashMap<>();
            h.createQuery("SELECT acct_key, subscriber_id, seconds, charge FROM billing_call_charge").map((rs, ctx) -> {
                String session = rs.getString(1).split("\\|")[0];
                charges.merge(session, 1, Integer::sum);
                String subscriber = rs.getString(2);
                BigDecimal charge = rs.getBigDecimal(4);
                charged.merge(subscriber, charge, BigDecimal::add);
                long[] sent = stopsSent.get(session);
                if (sent == null) {
                    problems.add("charge for " + session + ", which was never sent");
                } else {
                    BigDecimal expected = PER_MINUTE.multiply(BigDecimal.valueOf((sent[1] + 59) / 60));
                    if (rs.getLong(3) != sent[1] || charge.compareTo(expected) != 0
                            || !subscriber.equals(PHONES.get(Long.toString(sent[0])))) {
                        problems.add("wrong charge for " + session + ": " + subscriber + " " + rs.getLong(3) + " s "
                                + charge + ", sent " + sent[0] + " " + sent[1] + " s");
                    }
                }
                return 0;
            }).list();
            tallies.add(tally("stops", stopsAcked, id -> charges.getOrDefault(id, 0), problems));
            tallies.add(tally(STOPS_RESENT, stopsResentAcked, id -> charges.getOrDefault(id, 0), problems));
            for (String id : stopsSent.keySet()) {
                if (!stopsAcked.contains(id) && !stopsResentAcked.contains(id)) {
                    problems.add("unanswered: Stop " + id + " was not answered even when sent again");
                }
            }
            h.createQuery("SELECT id, balance FROM billing_subscriber WHERE id IN ('alice', 'bob')").map((rs, ctx) -> {
                String id = rs.getString(1);
                BigDecimal expected = OPENING_BALANCE.get(id).subtract(charged.getOrDefault(id, BigDecimal.ZERO));
                if (rs.getBigDecimal(2).compareTo(expected) != 0) {
                    problems.add("half-applied: balance of " + id + " is " + rs.getBigDecimal(2).setScale(2,
                            RoundingMode.HALF_UP) + ", opening balance less its stored charges is " + expected);
                }
                return 0;
            }).list();

            // (d): the PCRF state reflects every acknowledged record; a quota transition is stored once.
            Map<String, Object[]> states = new HashMap<>();
            h.createQuery("SELECT s.subscriber_id, t.step, t.quotas, t.sessions FROM pcrf_subscriber s JOIN pcrf_state"
                    + " t ON t.row_id = s.row_id").map((rs, ctx) -> new Object[] {rs.getString(1), rs.getInt(2),
                            rs.getString(3), rs.getString(4)}).list()
                    .forEach(row -> states.put((String) row[0], row));
            Map<String, List<String>> transitions = new HashMap<>();
            h.createQuery("SELECT s.subscriber_id, t.from_step, t.to_step, t.reason FROM pcrf_transition t JOIN"
                    + " pcrf_subscriber s ON s.row_id = t.row_id").map((rs, ctx) -> new String[] {rs.getString(1),
                            rs.getInt(2) + ">" + rs.getInt(3) + " " + rs.getString(4)}).list()
                    .forEach(t -> transitions.computeIfAbsent(t[0], k -> new ArrayList<>()).add(t[1]));
            long acked = 0;
            long stored = 0;
            long lost = 0;
            long doubled = 0;
            for (Map.Entry<String, Object[]> e : states.entrySet()) {
                String user = e.getKey();
                if (!user.startsWith("pcrf-" + n + "-")) {
                    continue;
                }
                int step = (Integer) e.getValue()[1];
                long remaining = Long.parseLong(((String) e.getValue()[2]).split("\\|")[0].split(":", -1)[0]);
                long sessionSeconds = sessionSeconds((String) e.getValue()[3], user + "-s");
                List<String> ts = transitions.getOrDefault(user, List.of());
                if (step == 0 && !ts.isEmpty() || step == 1 && ts.isEmpty() || step > 1) {
                    problems.add("half-applied: " + user + " at step " + step + " with transitions " + ts);
                }
                if (step == 0 && QUOTA_SECONDS - remaining != Math.max(sessionSeconds, 0)) {
                    problems.add("half-applied: " + user + " has " + remaining + " s left but its session counted "
                            + sessionSeconds + " s");
                }
                if (ts.size() > 1) {
                    doubled += ts.size() - 1;
                    problems.add("doubled: " + user + " transitions " + ts);
                }
                if (step == 1 && !ts.equals(List.of("0>1 TIME_QUOTA"))) {
                    problems.add("half-applied: " + user + " moved by " + ts + ", not by its time quota");
                }
            }
            for (Map.Entry<String, Integer> e : pcrfAckedRecords.entrySet()) {
                String user = e.getKey();
                long highest = pcrfAcked.get(user);
                acked += e.getValue();
                Object[] state = states.get(user);
                long progress;
                if (state == null) {
                    progress = Long.MIN_VALUE;   // not even the authorization
                } else if ((Integer) state[1] >= 1) {
                    progress = QUOTA_SECONDS;
                } else {
                    progress = sessionSeconds((String) state[3], user + "-s");
                }
                // Records answered: authorization (-1), start (0), interims 1800 .. 7200; any above progress is gone.
                long reflected = e.getValue() - recordsAbove(progress, highest);
                stored += reflected;
                if (reflected < e.getValue()) {
                    lost += e.getValue() - reflected;
                    problems.add("lost: " + user + " had records up to " + highest + " s acknowledged, stored: "
                            + (state == null ? "nothing" : "step " + state[1] + ", session at " + progress + " s"));
                }
            }
            tallies.add(new Tally("pcrf", acked, stored, lost, doubled));
            String[] stillUnanswered = brasUnanswered;
            if (stillUnanswered != null) {
                problems.add("unanswered: the BRAS sent " + stillUnanswered[0] + "'s record " + stillUnanswered[1]
                        + " again after the restart and got no answer");
            }
            // The BRAS was told services-reauth: the transition that caused it must be stored (once: see above).
            Set<String> reauthorized = coas.getOrDefault(Integer.toString(n), Set.of());
            long reauthLost = 0;
            for (String user : reauthorized) {
                if (transitions.getOrDefault(user, List.of()).isEmpty()) {
                    reauthLost++;
                    problems.add("lost: " + user + " was sent services-reauth, but no transition is stored");
                }
            }
            tallies.add(new Tally(REAUTH, reauthorized.size(), reauthorized.size() - reauthLost, reauthLost, 0));
            return new TrialResult(storage, n, killAfter, elapsedMillis, tallies, problems);
        }

        /** How many of a subscriber's records up to {@code highest} (-1, 0, 1800, ...) lie above what was stored. */
        private static long recordsAbove(long progress, long highest) {
            long count = 0;
            for (long s = -1; s <= highest; s = s < 0 ? 0 : s + 1800) {
                if (s > progress) {
                    count++;
                }
            }
            return count;
        }

        /** The session's cumulative seconds in pcrf_state.sessions, -1 when the session is not there. */
        private static long sessionSeconds(String sessions, String id) {
            for (String line : sessions.split("\n")) {
                String[] f = line.split("\t");
                if (f.length > 3 && f[0].equals(id)) {
                    return Long.parseLong(f[3]);
                }
            }
            return -1;
        }

        private <T> Tally tally(String what, Set<T> acknowledged, ToIntFunction<T> storedCount,
                List<String> problems) {
            long stored = 0;
            long lost = 0;
            long doubled = 0;
            Map<T, Integer> bad = new LinkedHashMap<>();
            for (T item : acknowledged) {
                int c = storedCount.applyAsInt(item);
                if (c == 1) {
                    stored++;
                } else if (c == 0) {
                    lost++;
                    bad.put(item, c);
                } else {
                    doubled++;
                    bad.put(item, c);
                }
            }
            bad.forEach((item, c) -> problems.add((c == 0 ? "lost: " : "doubled: ") + what + " " + item
                    + " stored " + c + " times"));
            return new Tally(what, acknowledged.size(), stored, lost, doubled);
        }
    }

    private static PGSimpleDataSource postgres(String url) {
        PGSimpleDataSource pg = new PGSimpleDataSource();
        pg.setURL(url);
        pg.setUser("postgres");
        return pg;
    }

    /** When each phase of a trial ended, for the log. Not thread-safe. */
    private static final class Phases {
        private final long start = System.nanoTime();
        private final StringBuilder text = new StringBuilder();

        void mark(String phase) {
            text.append(text.length() == 0 ? "" : ", ").append(phase).append(" ")
                    .append(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).append(" ms");
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }
}
