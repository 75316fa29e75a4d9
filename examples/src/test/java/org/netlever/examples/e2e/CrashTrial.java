package org.netlever.examples.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.netlever.aaa.store.Database;
import org.netlever.aaa.testing.Await;
import org.netlever.aaa.testing.DatabaseKind;
import org.netlever.examples.e2e.CrashSafetyIT.Storage;
import org.netlever.examples.e2e.TrialResult.Tally;
import org.netlever.server.testing.ExampleConfig;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * One crash trial: fresh storage, serve started, the four peers' bursts, SIGKILL at a random moment, restart on the
 * same storage, the peers' resends and the lever's flush, SIGTERM, and the {@link StoreAuditor}'s check of the
 * database. Not thread-safe: run it once.
 */
final class CrashTrial {

    /** PCRF subscribers configured per trial; the BRAS works through them one after the other until the kill. */
    private static final int PCRF_SUBSCRIBERS = 100;
    /** 128 + SIGTERM: how a JVM exits when a SIGTERM ended it, after the shutdown hooks ran. */
    private static final int SIGTERM_EXIT = 143;

    private final Storage storage;
    private final int n;
    private final Random random;
    private final BrasPeer.CoaListener coas;
    private final Path tdir;
    private final AtomicBoolean killed = new AtomicBoolean();
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private final LeverHttpPeer leverHttp;
    private final SoftswitchPeer softswitch;
    private final BrasPeer bras;

    /**
     * @param dir the test's directory; the trial works in {@code trial-N} under it
     * @param storage the storage serve runs on
     * @param n the trial's number
     * @param seed the seed of the trial's random moments
     * @param coas the BRAS's CoA listener, whose port the configuration names
     * @param pyrad the RADIUS load script
     * @param http the client the lever events are sent with
     */
    CrashTrial(Path dir, Storage storage, int n, long seed, BrasPeer.CoaListener coas, Pyrad pyrad, HttpClient http)
            throws IOException {
        this.storage = storage;
        this.n = n;
        this.random = new Random(seed);
        this.coas = coas;
        this.tdir = Files.createDirectories(dir.resolve("trial-" + n));
        this.leverHttp = new LeverHttpPeer(http, n, killed, failures);
        this.softswitch = new SoftswitchPeer(pyrad, tdir, n);
        this.bras = new BrasPeer(pyrad, tdir, n, failures, coas);
    }

    TrialResult run() throws Exception {
        long started = System.nanoTime();
        String pgUrl = storage == Storage.POSTGRESQL ? DatabaseKind.newPostgresUrl() : null;
        ExampleConfig example = ExampleConfig.in(tdir).brasCoaPort(coas.port());
        if (pgUrl != null) {
            example.postgres(pgUrl);
        }
        Path config = example.write();
        String yaml = Files.readString(config);
        String pcrfLine = "    - { id: \"79139001234\", domain: Auto1_test.Sibir.OTT.root, tariffPlan: limitTP }\n";
        assertThat(yaml).contains(pcrfLine);
        StringBuilder more = new StringBuilder(pcrfLine);
        for (int i = 0; i < PCRF_SUBSCRIBERS; i++) {
            more.append("    - { id: \"").append(bras.user(i))
                    .append("\", domain: Auto1_test.Sibir.OTT.root, tariffPlan: limitTP }\n");
        }
        more.append(SoftswitchPeer.configLines());
        // The softswitch's open calls pile up on its few accounts: no limit of calls at once refuses them.
        Files.writeString(config, yaml.replace(pcrfLine, more).replaceAll("(?m)^  maxConcurrentCalls:.*\n", ""));
        Path secrets = config.getParent().resolve("secrets");
        LeverScriptPeer leverScript = new LeverScriptPeer(tdir, n, killed, failures);

        Path stopFile = tdir.resolve("peers.stop");
        Phases phases = new Phases();
        ServeProcess first = ServeProcess.start(config, tdir, "first");
        phases.mark("started");
        long killAfter;
        List<Process> peers = new ArrayList<>();
        try {
            leverScript.configure(first, secrets);
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                long threadSeed = random.nextLong();
                int thread = t;
                threads.add(start("lever-http-" + t, () -> leverHttp.send(first, thread, new Random(threadSeed))));
            }
            threads.add(start("lever-script", leverScript::run));
            Process calls = softswitch.send(first, stopFile);
            peers.add(calls);
            Process brasLoad = bras.send(first, PCRF_SUBSCRIBERS, stopFile);
            peers.add(brasLoad);
            threads.add(start("softswitch-out", () -> softswitch.readAcks(calls)));
            threads.add(start("bras-out", () -> bras.readAcks(brasLoad)));
            try {
                Await.until("every peer to have work acknowledged", Duration.ofSeconds(60), () ->
                        !leverHttp.acknowledged().isEmpty() && !leverScript.invoked().isEmpty()
                                && !softswitch.stopsAcknowledged().isEmpty() && bras.recordsAcknowledged().size() > 1
                                || !first.isAlive());
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + ": lever-http " + leverHttp.acknowledged().size()
                        + ", lever-script " + leverScript.invoked().size() + ", starts "
                        + softswitch.startsAcknowledged().size() + ", stops "
                        + softswitch.stopsAcknowledged().size() + ", pcrf subscribers "
                        + bras.recordsAcknowledged().size() + "; failures " + failures, e);
            }
            assertThat(first.isAlive()).as("serve runs under load: " + first.err()).isTrue();
            phases.mark("load acknowledged");
            killAfter = 300 + random.nextInt(2200);
            CompletableFuture.runAsync(() -> {
                killed.set(true);
                first.sigkill();
            }, CompletableFuture.delayedExecutor(killAfter, TimeUnit.MILLISECONDS)).get(30, TimeUnit.SECONDS);
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(first.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
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
            first.sigkill();
            stopPeers(stopFile, peers);
        }
        assertThat(failures).as("load generator failures").isEmpty();

        // Restart on the same storage; the lever sends what it still has spooled.
        ServeProcess second = ServeProcess.start(config, tdir, "second");
        phases.mark("restarted");
        Path resendStop = tdir.resolve("resend.stop");
        List<Process> resends = new ArrayList<>();
        try {
            leverScript.configure(second, secrets);
            // The softswitch and the BRAS send again what the kill left unanswered.
            List<Thread> readers = new ArrayList<>();
            Process callsAgain = softswitch.resend(second, resendStop);
            if (callsAgain != null) {
                resends.add(callsAgain);
                readers.add(start("softswitch-resend-out", () -> softswitch.readResentAcks(callsAgain)));
            }
            Process brasAgain = bras.resume(second, resendStop);
            if (brasAgain != null) {
                resends.add(brasAgain);
                readers.add(start("bras-resend-out", () -> bras.readAcks(brasAgain)));
            }
            leverScript.flush();
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
            stopPeers(resendStop, resends);
            second.sigterm();
            assertThat(second.waitFor(60, TimeUnit.SECONDS)).as("drained after SIGTERM").isTrue();
        }
        assertThat(second.exitValue()).as(second.err()).isEqualTo(SIGTERM_EXIT);
        phases.mark("stopped");
        assertThat(failures).as("peer failures after the restart").isEmpty();
        String[] resumed = bras.resumedFrom();
        System.out.printf("%s trial %d: %s; lever requests unanswered while serve ran or died: %d; Starts and Stops"
                + " sent again %d and %d; BRAS resumed %s%n", storage, n, phases, leverHttp.unanswered(),
                softswitch.startsResentAcknowledged().size(), softswitch.stopsResentAcknowledged().size(),
                resumed == null ? "-" : resumed[0] + " from record " + resumed[1]);

        Database db = pgUrl == null ? Database.h2File(tdir.resolve("server/config/data/netlever"))
                : Database.of(postgres(pgUrl));
        try {
            return db.withHandle(h -> {
                long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                List<Tally> tallies = new ArrayList<>();
                List<String> problems = new ArrayList<>();
                new StoreAuditor(leverHttp, leverScript, softswitch, bras).audit(h, tallies, problems);
                return new TrialResult(storage, n, killAfter, elapsedMillis, tallies, problems);
            });
        } finally {
            db.close();
        }
    }

    /** Tells pyrad to stop (the file it watches) and gives it a while before it is killed. */
    private static void stopPeers(Path stopFile, List<Process> peers) throws IOException, InterruptedException {
        if (!Files.exists(stopFile)) {
            Files.createFile(stopFile);
        }
        for (Process p : peers) {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
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
