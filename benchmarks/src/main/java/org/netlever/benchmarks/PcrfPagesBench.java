package org.netlever.benchmarks;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import org.h2.jdbcx.JdbcConnectionPool;
import org.netlever.aaa.store.Database;
import org.netlever.pcrf.AccountingUpdate;
import org.netlever.pcrf.PcrfEngine;
import org.netlever.pcrf.ReauthRetry;
import org.netlever.pcrf.model.DefinitionsJson;
import org.netlever.pcrf.model.PcrfDefinitions;
import org.netlever.pcrf.read.PcrfReads;
import org.netlever.pcrf.read.PcrfTransitionEntry;
import org.netlever.pcrf.read.SubscriberFilter;
import org.netlever.pcrf.read.TransitionFilter;
import org.postgresql.ds.PGConnectionPoolDataSource;

/**
 * Page times of the PCRF read API (issue 15: "pages answer in under 100 ms with 1 M PCRF subscribers"), on an H2 file
 * database or an embedded PostgreSQL. Fills the PCRF tables through the engine itself — so rows are what the engine
 * stores: {@code SUBSCRIBERS} subscribers attached over ten service domains, two mass resets (two transitions each),
 * then 1 % of them blocked by an Interim-Update that uses their quota up (step 1, a services-reauth owed that the
 * test BRAS never acknowledges) — and times each page of {@link PcrfReads} with the engine running (as the leader
 * answers the API), 50 items a page.
 *
 * <pre>java -Xmx6g -cp benchmarks/target/benchmarks.jar org.netlever.benchmarks.PcrfPagesBench h2|postgres [SUBSCRIBERS]</pre>
 *
 * <p>Not thread-safe; a command-line program.
 */
public final class PcrfPagesBench {

    private static final ZoneId YEKT = ZoneId.of("Asia/Yekaterinburg");
    private static final int PAGE = 50;
    private static final int RUNS = 40;

    private PcrfPagesBench() {
    }

    /**
     * Runs the benchmark.
     *
     * @param args {@code h2} or {@code postgres}, then the number of subscribers (1,000,000 by default)
     * @throws Exception if it fails
     */
    public static void main(String[] args) throws Exception {
        String store = args.length > 0 ? args[0] : "h2";
        int subscribers = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        Path seed = Path.of(System.getProperty("netlever.repository", "."), "examples", "pcrf", "limit-2h-1gb.json");
        PcrfDefinitions definitions = DefinitionsJson.read(seed);
        Path dir = Files.createTempDirectory("netlever-pcrf-pages");
        EmbeddedPostgres postgres = null;
        JdbcConnectionPool pool = null;
        try {
            Database db;
            if (store.equals("postgres")) {
                postgres = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("pg")).setCleanDataDirectory(true)
                        .start();
                PGConnectionPoolDataSource pg = new PGConnectionPoolDataSource();
                pg.setServerNames(new String[] {"localhost"});
                pg.setPortNumbers(new int[] {postgres.getPort()});
                pg.setDatabaseName("postgres");
                pg.setUser("postgres");
                pool = JdbcConnectionPool.create(pg);
                pool.setMaxConnections(80);
                db = Database.of(pool);
            } else if (store.equals("h2")) {
                db = Database.h2File(dir.resolve("pcrf"));
            } else {
                throw new IllegalArgumentException("h2 or postgres, not " + store);
            }
            try (db) {
                run(store, db, definitions, subscribers);
            }
        } finally {
            if (pool != null) {
                pool.dispose();
            }
            if (postgres != null) {
                postgres.close();
            }
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static Instant yekt(String local) {
        return ZonedDateTime.of(LocalDateTime.parse(local), YEKT).toInstant();
    }

    private static void parallel(int count, int threads, IntConsumer each) throws Exception {
        ExecutorService workers = Executors.newFixedThreadPool(threads);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int first = t;
            done.add(workers.submit(() -> {
                for (int i = first; i < count; i += threads) {
                    each.accept(i);
                }
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        workers.shutdown();
    }

    private static void run(String store, Database db, PcrfDefinitions definitions, int subscribers)
            throws Exception {
        PcrfLoad.SetClock clock = new PcrfLoad.SetClock(yekt("2026-11-23T09:00:00"));
        // The BRAS never acknowledges: the blocked subscribers keep a services-reauth owed (retried in an hour).
        try (PcrfEngine engine = PcrfEngine.builder(db, definitions).clock(clock).reauthRate(100_000)
                .reauthRetry(new ReauthRetry(1000, Duration.ofHours(1), Duration.ofHours(1)))
                .notifier(request -> {
                    throw new IllegalStateException("the benchmark's BRAS does not answer");
                }).build()) {
            long start = System.nanoTime();
            parallel(subscribers, 64, i -> engine.attach("s" + i, "d" + (i % 10) + ".Sibir.OTT.root", "limitTP"));
            System.out.printf("%s fill: %d subscribers attached in %.1f s%n", store, subscribers, seconds(start));
            int transitions = 0;
            for (String reset : new String[] {"2026-11-24T07:00:00", "2026-11-25T07:00:00"}) {
                clock.now = yekt(reset);
                start = System.nanoTime();
                int made = engine.runDue().size();
                transitions += made;
                System.out.printf("%s fill: reset at %s Yekaterinburg, %d transitions in %.1f s%n", store, reset,
                        made, seconds(start));
            }
            int blocked = subscribers / 100;
            clock.now = yekt("2026-11-25T09:00:00");
            start = System.nanoTime();
            parallel(blocked, 32, k -> engine.account(new AccountingUpdate(AccountingUpdate.Kind.START, "x" + k,
                    "s" + (k * 100 + 37), "limit2h1Gb", "bras-1", Duration.ZERO, 0, 0, true)));
            clock.now = yekt("2026-11-25T11:00:00");
            parallel(blocked, 32, k -> engine.account(new AccountingUpdate(AccountingUpdate.Kind.INTERIM, "x" + k,
                    "s" + (k * 100 + 37), "limit2h1Gb", "bras-1", Duration.ofHours(2), 0, 0, true)));
            transitions += blocked;
            System.out.printf("%s fill: %d subscribers blocked (step 1, services-reauth owed) in %.1f s; "
                    + "%d transitions in all%n", store, blocked, seconds(start), transitions);
            if (store.equals("postgres")) {
                db.withHandle(h -> h.execute("ANALYZE"));
            }

            PcrfReads reads = new PcrfReads(db, definitions, () -> Optional.of(engine));
            long deep = subscribers * 9L / 10;
            int n = PAGE + 1;
            SubscriberFilter all = SubscriberFilter.ALL;
            measure(store, "subscribers, first page", () -> reads.subscribers(all, n));
            measure(store, "subscribers, deep page (after position " + deep + ")",
                    () -> reads.subscribers(all.after(deep), n));
            measure(store, "subscribers?domain=, first page", () -> reads.subscribers(all.withDomain(
                    "d3.Sibir.OTT.root"), n));
            measure(store, "subscribers?domain=, deep page", () -> reads.subscribers(all.withDomain(
                    "d3.Sibir.OTT.root").after(deep), n));
            measure(store, "subscribers?step=1 (1 %), first page", () -> reads.subscribers(all.withStep(1), n));
            measure(store, "subscribers?step=1, deep page", () -> reads.subscribers(all.withStep(1).after(deep), n));
            measure(store, "subscribers?reauth=pending (1 %), first page",
                    () -> reads.subscribers(all.reauthPending(), n));
            measure(store, "subscribers?reauth=pending, deep page",
                    () -> reads.subscribers(all.reauthPending().after(deep), n));
            measure(store, "subscribers?domain=&step=1", () -> reads.subscribers(all.withDomain(
                    "d7.Sibir.OTT.root").withStep(1), n));
            measure(store, "subscribers?subscriber= (one)", () -> reads.subscribers(all.withSubscriber("s" + deep), n));
            measure(store, "subscribers/{id}", () -> reads.subscriber("s" + (deep + 1)).stream().toList());

            TransitionFilter every = TransitionFilter.ALL;
            measure(store, "transitions, first page", () -> reads.transitions(every, n));
            List<PcrfTransitionEntry> oldest = reads.transitions(new TransitionFilter(Optional.empty(),
                    Optional.empty(), Optional.of(yekt("2026-11-24T12:00:00")), Optional.empty()), 1);
            TransitionFilter.Position far = new TransitionFilter.Position(oldest.get(0).at(),
                    oldest.get(0).id() - subscribers / 10);
            measure(store, "transitions, deep page (" + (subscribers / 10) + " before the first reset's last)",
                    () -> reads.transitions(new TransitionFilter(Optional.empty(), Optional.empty(), Optional.empty(),
                            Optional.of(far)), n));
            measure(store, "transitions?subscriber=", () -> reads.transitions(new TransitionFilter(
                    Optional.of("s" + (deep + 37)), Optional.empty(), Optional.empty(), Optional.empty()), n));
            measure(store, "transitions?from=&to= (the first reset's second)", () -> reads.transitions(
                    new TransitionFilter(Optional.empty(), Optional.of(yekt("2026-11-24T07:00:00")),
                            Optional.of(yekt("2026-11-24T07:00:01")), Optional.empty()), n));
            measure(store, "coa?state=owed, first page", () -> reads.owed(OptionalLong.empty(), n));
            measure(store, "coa?state=owed, deep page", () -> reads.owed(OptionalLong.of(deep), n));
            measure(store, "coa owed count (dashboard)", () -> List.of(reads.owedCount()));
            measure(store, "coa?state=failed (the engine's memory)", () -> reads.failed(Optional.empty(), n));
            measure(store, "coa failed count (dashboard)", () -> List.of(reads.failedCount()));

            explain(db, "SELECT s.row_id FROM pcrf_subscriber s JOIN pcrf_state t ON t.row_id = s.row_id "
                    + "WHERE s.row_id > " + deep + " AND t.row_id > " + deep + " ORDER BY s.row_id LIMIT 51");
            explain(db, "SELECT s.row_id FROM pcrf_subscriber s JOIN pcrf_state t ON t.row_id = s.row_id "
                    + "WHERE s.domain = 'd3.Sibir.OTT.root' AND s.row_id > " + deep + " ORDER BY s.domain, s.row_id "
                    + "LIMIT 51");
            explain(db, "SELECT t.row_id FROM pcrf_state t JOIN pcrf_subscriber s ON s.row_id = t.row_id "
                    + "WHERE t.step = 1 AND t.row_id > " + deep + " ORDER BY t.step, t.row_id LIMIT 51");
            explain(db, "SELECT t.id, (SELECT s.subscriber_id FROM pcrf_subscriber s WHERE s.row_id = t.row_id) "
                    + "FROM pcrf_transition t ORDER BY t.at DESC, t.id DESC LIMIT 51");
            explain(db, "SELECT t.id FROM pcrf_transition t WHERE t.at = TIMESTAMP WITH TIME ZONE "
                    + "'2026-11-24 02:00:00+00' AND t.id < " + far.id() + " ORDER BY t.at DESC, t.id DESC LIMIT 51");
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static void measure(String store, String what, Supplier<List<?>> page) {
        int rows = 0;
        for (int i = 0; i < 5; i++) {
            rows = page.get().size();
        }
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            long start = System.nanoTime();
            page.get();
            millis.add((System.nanoTime() - start) / 1e6);
        }
        Collections.sort(millis);
        System.out.printf("%s page: %-62s %3d rows  median %7.2f ms  p95 %7.2f ms  max %7.2f ms%n", store, what,
                rows, millis.get(RUNS / 2), millis.get(RUNS * 95 / 100), millis.get(RUNS - 1));
    }

    private static void explain(Database db, String sql) {
        db.withHandle(h -> {
            try (Statement s = h.getConnection().createStatement();
                    ResultSet rs = s.executeQuery("EXPLAIN " + sql)) {
                StringBuilder plan = new StringBuilder();
                while (rs.next()) {
                    plan.append("    ").append(rs.getString(1)).append('\n');
                }
                System.out.printf("explain %s%n%s", sql, plan);
                return null;
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
