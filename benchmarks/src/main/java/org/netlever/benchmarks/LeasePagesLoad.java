package org.netlever.benchmarks;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.h2.jdbcx.JdbcConnectionPool;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.StatementContext;
import org.netlever.aaa.dhcp.EventSource;
import org.netlever.aaa.ip.IpPool;
import org.netlever.aaa.ip.Ipv4Address;
import org.netlever.aaa.ip.Ipv4Network;
import org.netlever.aaa.lease.IpPools;
import org.netlever.aaa.lease.query.DhcpEventQuery;
import org.netlever.aaa.lease.query.LeaseHistoryQuery;
import org.netlever.aaa.lease.query.LeaseQuery;
import org.netlever.aaa.lease.query.LeaseReads;
import org.netlever.aaa.lease.query.LeaseState;
import org.netlever.aaa.lease.query.LogKey;
import org.netlever.aaa.lease.query.NasSyncQuery;
import org.netlever.aaa.lease.query.NasSyncStatus;
import org.netlever.aaa.store.Database;
import org.netlever.aaa.store.Dialect;
import org.netlever.option82.MacAddress;
import org.postgresql.ds.PGConnectionPoolDataSource;

/**
 * The operations API's lease pages at scale (issue 15): fills a database with {@code N} leases (default 1,000,000),
 * as many DHCP events, history entries and NAS-sync rows, then times each page the API's {@code LeaseApi} asks
 * {@link LeaseReads} for — the same calls with the same arguments (limit 50, plus one to tell whether more follow),
 * measured at the query layer, without HTTP and JSON — and prints each query's plan (EXPLAIN) with the index it used.
 *
 * <pre>java -Xmx4g -cp benchmarks/target/benchmarks.jar org.netlever.benchmarks.LeasePagesLoad h2|postgres [N] [RUNS]</pre>
 *
 * <p>{@code h2}: an H2 file database in a temporary directory ({@code serve}'s default store); {@code postgres}: an
 * embedded PostgreSQL server (io.zonky), its default settings, {@code VACUUM ANALYZE}d after the fill (H2:
 * {@code ANALYZE}). Each page is run 50 times to warm up, then {@code RUNS} times (default 200); the median, 99th
 * percentile and maximum are printed.
 *
 * <p>Not thread-safe (a command-line driver).
 */
public final class LeasePagesLoad {

    private static final int PAGE = 51;
    private static final long BASE_IP = Ipv4Address.parse("10.0.0.0").toUnsigned();
    private static final long BASE_MAC = 0x0A_00_00_00_00_00L;
    private static final int PORTS = 48;
    private static final int POOL_SIZE = 1 << 18;
    private static final int CHUNK = 100_000;
    /** The events are 100 ms apart from T0; "now" is after all of them. */
    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

    private LeasePagesLoad() {
    }

    /**
     * Runs the driver.
     *
     * @param args {@code h2} or {@code postgres}, then optionally the number of leases and the timed runs per page
     * @throws Exception if the database cannot be set up
     */
    public static void main(String[] args) throws Exception {
        String kind = args.length > 0 ? args[0] : "h2";
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        Path dir = Files.createTempDirectory("netlever-pages");
        EmbeddedPostgres pg = null;
        Database db;
        if (kind.equals("h2")) {
            db = Database.h2File(dir.resolve("leases"));
        } else if (kind.equals("postgres")) {
            pg = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("pg")).setCleanDataDirectory(true).start();
            try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE netlever_pages");
            }
            PGConnectionPoolDataSource ds = new PGConnectionPoolDataSource();
            ds.setServerNames(new String[] {"localhost"});
            ds.setPortNumbers(new int[] {pg.getPort()});
            ds.setDatabaseName("netlever_pages");
            ds.setUser("postgres");
            db = Database.of(JdbcConnectionPool.create(ds));
        } else {
            throw new IllegalArgumentException("h2 or postgres, got " + kind);
        }
        try {
            long started = System.nanoTime();
            fill(db, n);
            System.out.printf(Locale.ROOT, "%s: filled %,d leases, events, history entries and NAS-sync rows in %.1f s%n",
                    kind, n, (System.nanoTime() - started) / 1e9);
            measure(db, n, runs);
        } finally {
            db.close();
            if (pg != null) {
                pg.close();
            }
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    // ---------------------------------------------------------------------------------------------- filling

    private static void fill(Database db, int n) {
        IpPools pools = new IpPools(db, Clock.systemUTC());
        for (int p = 0; p * (long) POOL_SIZE < n; p++) {
            pools.add(IpPool.builder("p" + p, Ipv4Network.parse(Ipv4Address.ofUnsigned(BASE_IP + (long) p * POOL_SIZE)
                    + "/14"), "internet").build());
        }
        boolean h2 = db.dialect() == Dialect.H2;
        for (long from = 0; from < n; from += CHUNK) {
            long to = Math.min(n, from + CHUNK) - 1;
            String range = h2 ? "SELECT X AS x FROM SYSTEM_RANGE(" + from + ", " + to + ")"
                    : "SELECT x FROM generate_series(" + from + ", " + to + ") AS x";
            String at = at(h2, "x * 100");
            // 1 lease in 10 has run out by "now"; subscriber i is on switch i / 48, port i % 48 + 1.
            String expired = "CASE WHEN MOD(x, 10) = 0 THEN " + at(h2, "-3600000") + " ELSE "
                    + at(h2, "40000000000") + " END";
            run(db, "INSERT INTO lease (ip, subscriber_id, mac, origin, pool_id, device_id, device_port, created_at, "
                    + "renewed_at, expires_at, event_at) SELECT " + BASE_IP + " + x, 'sub-' || x, " + BASE_MAC
                    + " + x, 'dhcp', 'p' || (x / " + POOL_SIZE + "), 'sw-' || (x / " + PORTS + "), MOD(x, " + PORTS
                    + ") + 1, " + at + ", " + at + ", " + expired + ", " + at + " FROM (" + range + ") r");
            // Events: 5 % rejected, 5 % no-subscriber, 20 % renewed, the rest assigned; 1 in 5 from Kea.
            run(db, "INSERT INTO dhcp_event (received_at, occurred_at, source, source_event_id, event_type, ip, mac, "
                    + "outcome, reason, subscriber_id, device_id) SELECT " + at + ", " + at + ", CASE WHEN MOD(x, 5) = 0"
                    + " THEN 'kea' ELSE 'isc-dhcpd' END, 'ev-' || x, 'commit', " + BASE_IP + " + x, " + BASE_MAC
                    + " + x, CASE WHEN MOD(x, 20) = 1 THEN 'rejected' WHEN MOD(x, 20) = 2 THEN 'no-subscriber' "
                    + "WHEN MOD(x, 20) < 7 THEN 'renewed' ELSE 'assigned' END, CASE WHEN MOD(x, 20) = 1 THEN "
                    + "'UNKNOWN_DEVICE: no device has remote-id 0006' END, 'sub-' || x, 'sw-' || (x / " + PORTS
                    + ") FROM (" + range + ") r");
            run(db, "INSERT INTO lease_history (ip, lease_action, subscriber_id, mac, pool_id, device_id, device_port, "
                    + "event_id, event_at, recorded_at) SELECT " + BASE_IP + " + x, 'assign', 'sub-' || x, "
                    + BASE_MAC + " + x, 'p' || (x / " + POOL_SIZE + "), 'sw-' || (x / " + PORTS + "), MOD(x, "
                    + PORTS + ") + 1, x + 1, " + at + ", " + at + " FROM (" + range + ") r");
            // The queue: delivered but for 1 in 1,000 waiting and 1 in 10,000 given up.
            run(db, "INSERT INTO nas_sync (subscriber_id, ip, change_kind, created_at, due_at, attempts, status, "
                    + "last_error, finished_at) SELECT 'sub-' || x, " + BASE_IP + " + x, 'assigned', " + at + ", " + at
                    + ", CASE WHEN MOD(x, 1000) = 0 THEN 0 ELSE 1 END, CASE WHEN MOD(x, 10000) = 7 THEN 'abandoned'"
                    + " WHEN MOD(x, 1000) = 0 THEN 'pending' ELSE 'done' END, CASE WHEN MOD(x, 10000) = 7 THEN "
                    + "'IOException: NAS 198.51.100.1 unreachable' END, CASE WHEN MOD(x, 1000) = 0 THEN NULL ELSE "
                    + at + " END FROM (" + range + ") r");
        }
        if (h2) {
            run(db, "ANALYZE");
        } else {
            // What autovacuum does to a table that has taken 1 M inserts, done before measuring rather than during.
            db.withHandle(h -> h.execute("VACUUM ANALYZE"));
        }
    }

    /** A timestamp {@code millis} (an SQL expression) after T0. */
    private static String at(boolean h2, String millis) {
        return h2 ? "DATEADD(MILLISECOND, " + millis + ", TIMESTAMP WITH TIME ZONE '2026-11-21 10:00:00+00')"
                : "(TIMESTAMP WITH TIME ZONE '2026-11-21 10:00:00+00' + (" + millis + ") * INTERVAL '1 millisecond')";
    }

    private static void run(Database db, String sql) {
        db.inTransaction(h -> h.execute(sql));
    }

    // ---------------------------------------------------------------------------------------------- measuring

    private record Case(String name, Supplier<List<?>> page) {
    }

    private static void measure(Database db, int n, int runs) {
        Instant now = T0.plusMillis(100L * n + 1000);
        LeaseReads reads = new LeaseReads(db, Clock.fixed(now, ZoneOffset.UTC));
        int mid = n / 2;
        int deep = n - n / 10;
        Ipv4Address deepIp = Ipv4Address.ofUnsigned(BASE_IP + deep);
        long deepX = n / 10; // the row of x = deepX has id deepX + 1 and was received at T0 + 100 ms * deepX
        LogKey deepKey = new LogKey(T0.plusMillis(100 * deepX), deepX + 1);
        String subscriber = "sub-" + mid;
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("leases: first page", () -> reads.leases(LeaseQuery.limit(PAGE).build())));
        cases.add(new Case("leases: page at the 900,000th address",
                () -> reads.leases(LeaseQuery.limit(PAGE).after(deepIp).build())));
        cases.add(new Case("leases/{ip}", () -> reads.lease(deepIp).stream().toList()));
        cases.add(new Case("leases?ip=", () -> reads.leases(LeaseQuery.limit(PAGE).ip(deepIp).build())));
        cases.add(new Case("leases?subscriber=", () -> reads.leases(LeaseQuery.limit(PAGE).subscriber(subscriber)
                .build())));
        cases.add(new Case("leases?mac=", () -> reads.leases(LeaseQuery.limit(PAGE)
                .mac(MacAddress.of(BASE_MAC + mid)).build())));
        cases.add(new Case("leases?device= (48 leases)", () -> reads.leases(LeaseQuery.limit(PAGE)
                .device("sw-" + (mid / PORTS)).build())));
        cases.add(new Case("leases?pool= first page", () -> reads.leases(LeaseQuery.limit(PAGE).pool("p1").build())));
        cases.add(new Case("leases?pool= deep page", () -> reads.leases(LeaseQuery.limit(PAGE).pool("p1")
                .after(Ipv4Address.ofUnsigned(BASE_IP + POOL_SIZE + POOL_SIZE - 1000)).build())));
        cases.add(new Case("leases?state=active", () -> reads.leases(LeaseQuery.limit(PAGE).state(LeaseState.ACTIVE)
                .build())));
        cases.add(new Case("leases?state=expired (1 in 10)", () -> reads.leases(LeaseQuery.limit(PAGE)
                .state(LeaseState.EXPIRED).after(deepIp).build())));
        cases.add(new Case("dhcp-events: first page", () -> reads.events(DhcpEventQuery.limit(PAGE).build())));
        cases.add(new Case("dhcp-events: page at the 100,000th event",
                () -> reads.events(DhcpEventQuery.limit(PAGE).before(deepKey).build())));
        cases.add(new Case("dhcp-events?outcome=rejected", () -> reads.events(DhcpEventQuery.limit(PAGE)
                .outcome("rejected").build())));
        cases.add(new Case("dhcp-events?outcome=rejected deep", () -> reads.events(DhcpEventQuery.limit(PAGE)
                .outcome("rejected").before(deepKey).build())));
        cases.add(new Case("dhcp-events?source=kea", () -> reads.events(DhcpEventQuery.limit(PAGE)
                .source(EventSource.KEA).build())));
        cases.add(new Case("dhcp-events?ip=", () -> reads.events(DhcpEventQuery.limit(PAGE).ip(deepIp).build())));
        cases.add(new Case("dhcp-events?subscriber=", () -> reads.events(DhcpEventQuery.limit(PAGE)
                .subscriber(subscriber).build())));
        cases.add(new Case("dhcp-events?from=&to= the last hour", () -> reads.events(DhcpEventQuery.limit(PAGE)
                .from(now.minusSeconds(3600)).to(now).build())));
        cases.add(new Case("dhcp-events?from=&to= an hour at the start", () -> reads.events(DhcpEventQuery
                .limit(PAGE).from(T0).to(T0.plusSeconds(3600)).build())));
        cases.add(new Case("dhcp-events?outcome=rejected&from=&to= an hour at the start", () -> reads.events(
                DhcpEventQuery.limit(PAGE).outcome("rejected").from(T0).to(T0.plusSeconds(3600)).build())));
        cases.add(new Case("lease-history: first page", () -> reads.history(LeaseHistoryQuery.limit(PAGE).build())));
        cases.add(new Case("lease-history?ip=", () -> reads.history(LeaseHistoryQuery.limit(PAGE).ip(deepIp)
                .build())));
        cases.add(new Case("lease-history?subscriber=", () -> reads.history(LeaseHistoryQuery.limit(PAGE)
                .subscriber(subscriber).build())));
        cases.add(new Case("nas-sync: first page", () -> reads.nasSync(new NasSyncQuery(Optional.empty(),
                Optional.empty(), OptionalLong.empty(), PAGE))));
        cases.add(new Case("nas-sync?status=pending", () -> reads.nasSync(new NasSyncQuery(Optional.of(
                NasSyncStatus.PENDING), Optional.empty(), OptionalLong.empty(), PAGE))));
        cases.add(new Case("nas-sync?status=failed", () -> reads.nasSync(new NasSyncQuery(Optional.of(
                NasSyncStatus.FAILED), Optional.empty(), OptionalLong.empty(), PAGE))));
        cases.add(new Case("nas-sync?subscriber=", () -> reads.nasSync(new NasSyncQuery(Optional.empty(),
                Optional.of(subscriber), OptionalLong.empty(), PAGE))));
        cases.add(new Case("nas-sync/summary", () -> List.of(reads.nasSyncSummary())));

        AtomicReference<List<String>> statements = new AtomicReference<>(new ArrayList<>());
        db.jdbi().getConfig(SqlStatements.class).setSqlLogger(new SqlLogger() {
            @Override
            public void logBeforeExecution(StatementContext context) {
                statements.get().add(String.valueOf(context.getStatement()));
            }
        });
        System.out.printf(Locale.ROOT, "%-62s %5s %9s %9s %9s%n", "page (limit 50)", "rows", "median", "p99", "max");
        List<String> plans = new ArrayList<>();
        for (Case c : cases) {
            statements.set(new ArrayList<>());
            int rows = c.page().get().size();
            List<String> sql = statements.get();
            statements.set(new ArrayList<>());
            for (int i = 0; i < 50; i++) {
                c.page().get();
            }
            long[] nanos = new long[runs];
            for (int i = 0; i < runs; i++) {
                long t = System.nanoTime();
                c.page().get();
                nanos[i] = System.nanoTime() - t;
                statements.get().clear();
            }
            Arrays.sort(nanos);
            System.out.printf(Locale.ROOT, "%-62s %5d %9.3f %9.3f %9.3f ms%n", c.name(), Math.min(rows, PAGE - 1),
                    nanos[runs / 2] / 1e6, nanos[(int) Math.ceil(runs * 0.99) - 1] / 1e6, nanos[runs - 1] / 1e6);
            for (String s : sql) {
                plans.add(c.name() + ":\n  " + explain(db, s).replaceAll("\\s+", " "));
            }
        }
        db.jdbi().getConfig(SqlStatements.class).setSqlLogger(SqlLogger.NOP_SQL_LOGGER);
        System.out.println();
        System.out.println("plans:");
        plans.forEach(System.out::println);
    }

    /** The plan of a statement as its driver prints it with its values (H2: {@code SQL {1: v, ...}}). */
    private static String explain(Database db, String printed) {
        String sql = db.dialect() == Dialect.H2 ? inlineH2(printed)
                : printed.replace("Pooled statement wrapping physical statement ", "");
        try {
            return db.withHandle(h -> {
                try (Statement s = h.getConnection().createStatement();
                        var rs = s.executeQuery("EXPLAIN " + sql)) {
                    StringBuilder out = new StringBuilder();
                    while (rs.next()) {
                        out.append(rs.getString(1)).append('\n');
                    }
                    return out.toString().strip();
                } catch (SQLException e) {
                    return "(no plan: " + e.getMessage() + ") " + sql;
                }
            });
        } catch (RuntimeException e) {
            return "(no plan: " + e.getMessage() + ")";
        }
    }

    /** H2's {@code prep3: SELECT ... WHERE a = ? {1: 5, 2: 'x'}} with the values in place of the markers. */
    private static String inlineH2(String printed) {
        String s = printed.substring(printed.indexOf(':') + 2);
        int brace = s.lastIndexOf(" {");
        if (brace < 0) {
            return s;
        }
        String sql = s.substring(0, brace);
        String[] values = s.substring(brace + 2, s.length() - 1).split(", (?=\\d+: )");
        StringBuilder out = new StringBuilder();
        int v = 0;
        for (char ch : sql.toCharArray()) {
            if (ch == '?' && v < values.length) {
                String value = values[v++];
                out.append(value.substring(value.indexOf(": ") + 2));
            } else {
                out.append(ch);
            }
        }
        return out.toString();
    }
}
