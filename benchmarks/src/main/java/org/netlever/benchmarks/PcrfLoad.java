package org.netlever.benchmarks;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.netlever.aaa.radius.PacketCode;
import org.netlever.aaa.radius.RadiusMessage;
import org.netlever.aaa.radius.RadiusSecret;
import org.netlever.aaa.radius.client.CoaClient;
import org.netlever.aaa.radius.client.RadiusServerDefinition;
import org.netlever.aaa.radius.client.ServerKind;
import org.netlever.aaa.radius.server.RadiusClientDefinition;
import org.netlever.aaa.radius.server.RadiusReply;
import org.netlever.aaa.radius.server.RadiusServer;
import org.netlever.aaa.store.Database;
import org.netlever.pcrf.AccountingUpdate;
import org.netlever.pcrf.PcrfEngine;
import org.netlever.pcrf.bras.CoaBrasNotifier;
import org.netlever.pcrf.model.DefinitionsJson;
import org.netlever.pcrf.model.PcrfDefinitions;
import org.netlever.pcrf.model.PcrfService;
import org.netlever.pcrf.model.Scenario;
import org.netlever.pcrf.model.TariffPlan;

/**
 * Load drivers for the PCRF engine (issue 5), on an H2 file database in a temporary directory — persistence on disk,
 * as in production with H2. Each prints one line per measurement.
 *
 * <pre>java -Xmx4g -cp benchmarks/target/benchmarks.jar org.netlever.benchmarks.PcrfLoad interim [SUBSCRIBERS] [THREADS] [SECONDS]
 * java -Xmx4g -cp benchmarks/target/benchmarks.jar org.netlever.benchmarks.PcrfLoad reset [SUBSCRIBERS]
 * java -Xmx4g -cp benchmarks/target/benchmarks.jar org.netlever.benchmarks.PcrfLoad reauth [SUBSCRIBERS] [RATE]
 * java -Xmx4g -cp benchmarks/target/benchmarks.jar org.netlever.benchmarks.PcrfLoad timer [SUBSCRIBERS] [SECONDS]</pre>
 *
 * <ul>
 *   <li>{@code interim}: subscribers with an open session each; threads (as RADIUS workers) send Interim-Updates
 *       with growing counters; updates per second, each returned after it was stored.</li>
 *   <li>{@code reset}: subscribers attached (all in Yekaterinburg, idle on step 0), heap per idle subscriber measured,
 *       then the clock moved to the 07:00 they are all due at: time from the due moment until every transition is
 *       stored; then a restart: time to reload them all.</li>
 *   <li>{@code reauth}: subscribers with an open session all reset at once, services-reauth sent as real CoA packets to
 *       a netlever CoA listener on loopback at a configured rate: the rate achieved.</li>
 *   <li>{@code timer}: the engine's own timer on the system clock, subscribers with open sessions on a cron limit
 *       that fires every 10 seconds: how late each transition is told to the BRAS after its moment (stored and
 *       dispatched included).</li>
 * </ul>
 *
 * <p>Not thread-safe; a command-line program.
 */
public final class PcrfLoad {

    private static final ZoneId YEKT = ZoneId.of("Asia/Yekaterinburg");
    private static final String DOMAIN = "Auto1_test.Sibir.OTT.root";

    /** A clock the driver sets (the page benchmark's too). */
    static final class SetClock extends Clock {
        volatile Instant now;

        SetClock(Instant now) {
            this.now = now;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    private PcrfLoad() {
    }

    /**
     * Runs one driver.
     *
     * @param args the driver's name and its arguments
     * @throws Exception if it fails
     */
    public static void main(String[] args) throws Exception {
        String what = args.length > 0 ? args[0] : "interim";
        Path dir = Files.createTempDirectory("netlever-pcrf-bench");
        Path seed = Path.of(System.getProperty("netlever.repository", "."), "examples", "pcrf", "limit-2h-1gb.json");
        PcrfDefinitions definitions = DefinitionsJson.read(seed);
        try (Database db = Database.h2File(dir.resolve("pcrf"))) {
            switch (what) {
                case "interim" -> interim(db, definitions, arg(args, 1, 100_000), arg(args, 2, 32), arg(args, 3, 10));
                case "reset" -> reset(db, definitions, arg(args, 1, 1_000_000));
                case "reauth" -> reauth(db, definitions, arg(args, 1, 20_000), arg(args, 2, 2_000));
                case "timer" -> timer(db, arg(args, 1, 1_000), arg(args, 2, 30));
                default -> throw new IllegalArgumentException("interim, reset, reauth or timer, not " + what);
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static int arg(String[] args, int index, int fallback) {
        return args.length > index ? Integer.parseInt(args[index]) : fallback;
    }

    private static Instant monday(String time) {
        return ZonedDateTime.of(LocalDateTime.parse("2026-11-23T" + time), YEKT).toInstant();
    }

    /** Attaches subscribers "s0".."sN-1" from several threads (group commit shares the transactions). */
    private static void attach(PcrfEngine engine, int count, int threads) throws Exception {
        attach(engine, count, threads, DOMAIN, "limitTP");
    }

    private static void attach(PcrfEngine engine, int count, int threads, String domain, String plan)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int first = t;
            done.add(pool.submit(() -> {
                for (int i = first; i < count; i += threads) {
                    engine.attach("s" + i, domain, plan);
                }
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
    }

    private static void interim(Database db, PcrfDefinitions definitions, int subscribers, int threads, int seconds)
            throws Exception {
        SetClock clock = new SetClock(monday("09:00:00"));
        try (PcrfEngine engine = PcrfEngine.builder(db, definitions).clock(clock).build()) {
            attach(engine, subscribers, threads);
            for (int i = 0; i < subscribers; i++) {
                engine.account(new AccountingUpdate(AccountingUpdate.Kind.START, "session-" + i, "s" + i,
                        "limit2h1Gb", "bras-1", Duration.ZERO, 0, 0, true));
            }
            AtomicLong updates = new AtomicLong();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> done = new ArrayList<>();
            long start = System.nanoTime();
            for (int t = 0; t < threads; t++) {
                int first = t;
                done.add(pool.submit(() -> {
                    long round = 1;
                    while (System.nanoTime() < deadline) {
                        for (int i = first; i < subscribers && System.nanoTime() < deadline; i += threads) {
                            // 1 s and 1 KiB per interim: a quota lasts 7200 interims per subscriber.
                            engine.account(new AccountingUpdate(AccountingUpdate.Kind.INTERIM, "session-" + i, "s" + i,
                                    "limit2h1Gb", "bras-1", Duration.ofSeconds(round), 1024 * round, 0, true));
                            updates.incrementAndGet();
                        }
                        round++;
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            pool.shutdown();
            System.out.printf("interim: %d subscribers, %d threads, %d updates in %.1f s = %.0f stored interim "
                    + "updates/s%n", subscribers, threads, updates.get(), elapsed, updates.get() / elapsed);
        }
    }

    private static long usedHeap() {
        for (int i = 0; i < 4; i++) {
            System.gc();
        }
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    private static void reset(Database db, PcrfDefinitions definitions, int subscribers) throws Exception {
        SetClock clock = new SetClock(monday("09:00:00"));
        try (PcrfEngine engine = PcrfEngine.builder(db, definitions).clock(clock).build()) {
            long before = usedHeap();
            long attachStart = System.nanoTime();
            attach(engine, subscribers, 64);
            double attachSeconds = (System.nanoTime() - attachStart) / 1e9;
            long after = usedHeap();
            System.out.printf("reset: %d subscribers attached in %.1f s; heap per idle subscriber %d bytes%n",
                    subscribers, attachSeconds, (after - before) / subscribers);
            clock.now = ZonedDateTime.of(LocalDateTime.parse("2026-11-24T07:00:00"), YEKT).toInstant();
            long start = System.nanoTime();
            int transitions = engine.runDue().size();
            double resetSeconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("reset: %d transitions at 07:00 Yekaterinburg, all stored %.1f s after the due "
                    + "moment%n", transitions, resetSeconds);
        }
        long reload = System.nanoTime();
        try (PcrfEngine engine = PcrfEngine.builder(db, definitions).clock(Clock.systemUTC()).build()) {
            System.out.printf("reset: restart reloaded %d subscribers and rebuilt the schedule in %.1f s%n",
                    engine.subscriberCount(), (System.nanoTime() - reload) / 1e9);
        }
    }

    private static void timer(Database db, int subscribers, int seconds) throws Exception {
        PcrfDefinitions ticking = PcrfDefinitions.builder()
                .service(PcrfService.builder("tick").cronLimit("*/10 * * * * ?").build())
                .scenario(new Scenario("ticking", List.of("tick"), true))
                .tariffPlan(new TariffPlan("tp", "tp", "root", "ticking", Duration.ofHours(1)))
                .build();
        List<Long> lateness = Collections.synchronizedList(new ArrayList<>());
        try (PcrfEngine engine = PcrfEngine.builder(db, ticking).reauthRate(100_000).notifier(request -> {
            long now = System.currentTimeMillis();
            lateness.add(now - now / 10_000 * 10_000);
        }).build()) {
            attach(engine, subscribers, 16, "root", "tp");
            for (int i = 0; i < subscribers; i++) {
                engine.account(new AccountingUpdate(AccountingUpdate.Kind.START, "session-" + i, "s" + i, "tick",
                        "bras-1", Duration.ZERO, 0, 0, true));
            }
            engine.start();
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(seconds));
        }
        List<Long> sorted = new ArrayList<>(lateness);
        Collections.sort(sorted);
        if (sorted.isEmpty()) {
            System.out.println("timer: nothing fired");
            return;
        }
        System.out.printf("timer: %d transitions told to the BRAS; lateness after the due moment: median %d ms, "
                + "99th percentile %d ms, max %d ms%n", sorted.size(), sorted.get(sorted.size() / 2),
                sorted.get(sorted.size() * 99 / 100), sorted.get(sorted.size() - 1));
    }

    private static void reauth(Database db, PcrfDefinitions definitions, int subscribers, int rate) throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        AtomicLong received = new AtomicLong();
        try (RadiusServer bras = RadiusServer.builder().authAddress(new InetSocketAddress(loopback, 0))
                .acctAddress(new InetSocketAddress(loopback, 0)).coaAddress(new InetSocketAddress(loopback, 0))
                .client(RadiusClientDefinition.of("pcrf", "127.0.0.1", "bench-secret"))
                .handler(request -> {
                    received.incrementAndGet();
                    return RadiusReply.of(RadiusMessage.of(PacketCode.COA_ACK));
                }).start();
                CoaClient coa = CoaClient.bound(loopback)) {
            RadiusServerDefinition endpoint = new RadiusServerDefinition("bras", bras.coaAddress().orElseThrow(),
                    ServerKind.DYNAMIC_AUTHORIZATION, RadiusSecret.of("bench-secret"), 3, Duration.ofSeconds(1),
                    Duration.ofSeconds(30), true);
            SetClock clock = new SetClock(monday("09:00:00"));
            // The clock jumps 22 hours to the reset with no accounting in between: sessions that silent would be closed
            // as idle (S3.9) before the reset and owe no CoA, so the idle timeout is longer than the jump.
            try (PcrfEngine engine = PcrfEngine.builder(db, definitions).clock(clock).reauthRate(rate)
                    .sessionIdleTimeout(Duration.ofDays(2))
                    .notifier(CoaBrasNotifier.single(coa, endpoint)).build()) {
                attach(engine, subscribers, 32);
                for (int i = 0; i < subscribers; i++) {
                    engine.account(new AccountingUpdate(AccountingUpdate.Kind.START, "session-" + i, "s" + i,
                            "limit2h1Gb", "bras-1", Duration.ZERO, 0, 0, true));
                }
                clock.now = ZonedDateTime.of(LocalDateTime.parse("2026-11-24T07:00:00"), YEKT).toInstant();
                int transitions = engine.runDue().size();
                long start = System.nanoTime();
                long deadline = System.nanoTime() + Duration.ofSeconds(60 + 2L * transitions / rate).toNanos();
                while (engine.reauthSent() < transitions) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("reauth: only " + engine.reauthSent() + " of " + transitions
                                + " services-reauth acknowledged in time; failures " + engine.reauthFailures());
                    }
                    LockSupport.parkNanos(1_000_000);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("reauth: %d services-reauth CoA acknowledged in %.2f s = %.0f/s (configured %d/s); "
                        + "the BRAS saw %d%n", transitions, seconds, transitions / seconds, rate, received.get());
            }
        }
    }
}
