package org.netlever.benchmarks;

import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.netlever.aaa.lease.LeaseOutcome;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Commit events per second through {@link org.netlever.aaa.lease.LeaseService}, in-process, on H2 and on a real
 * PostgreSQL (issue 3 target: at least 20,000/s on H2). Each commit is a full authorization: Option 82 decoded,
 * device resolved with its manager, subscriber found by port, pool checked, lease row locked and written, event
 * logged.
 *
 * <ul>
 *   <li>{@code renew}: the commits of addresses already held by their subscribers — the steady state, as clients
 *       renew at half their lease time.</li>
 *   <li>{@code churn}: each operation a commit of a free address or a release of a held one, alternating per address
 *       — assignments and releases with history, NAS-sync rows and all.</li>
 * </ul>
 *
 * <p>Not thread-safe by itself; JMH shares the state between its threads, which the service is built for.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(1)
@Threads(2)
public class LeaseServiceBenchmark {

    /** Which database: H2 in memory, an H2 file (durable, the default storage), PostgreSQL. */
    @Param({"h2file", "h2", "postgresql"})
    public String database;

    private LeaseBench bench;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicLong eventClock = new AtomicLong();
    private boolean[] held;

    /**
     * Builds the network and gives every subscriber its lease.
     */
    @Setup(Level.Trial)
    public void setUp() {
        bench = switch (database) {
            case "h2" -> LeaseBench.h2();
            case "h2file" -> LeaseBench.h2File();
            default -> LeaseBench.postgres();
        };
        bench.assignAll();
        held = new boolean[LeaseBench.SUBSCRIBERS];
        java.util.Arrays.fill(held, true);
    }

    /**
     * Closes the database.
     */
    @TearDown(Level.Trial)
    public void tearDown() {
        bench.close();
    }

    /**
     * A renewal of a random held address.
     *
     * @return the outcome
     */
    @Benchmark
    public LeaseOutcome renew() {
        return bench.leases.commit(bench.commitOf(ThreadLocalRandom.current().nextInt(LeaseBench.SUBSCRIBERS)));
    }

    /**
     * A release of a held address or a commit of a freed one, round-robin over the addresses so that no two
     * threads touch the same one at once.
     *
     * @return the outcome
     */
    @Benchmark
    public LeaseOutcome churn() {
        int i = Math.floorMod(next.getAndIncrement(), LeaseBench.SUBSCRIBERS);
        Instant at = LeaseBench.T0.plusMillis(eventClock.incrementAndGet());
        boolean release;
        synchronized (held) {
            release = held[i];
            held[i] = !release;
        }
        return release ? bench.leases.free(LeaseBench.release(i, at))
                : bench.leases.commit(LeaseBench.commit(i, at));
    }
}
