package org.netlever.aaa.kea;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

import org.netlever.aaa.RateLimitedLog;
import org.netlever.aaa.kea.internal.FollowerRunner;
import org.netlever.aaa.lease.FollowerPositions;
import org.netlever.aaa.lease.LeaseFollower;
import org.netlever.aaa.lease.LeaseService;
import org.slf4j.Logger;

/**
 * What the Kea followers ({@link KeaMemfileFollower}, {@link KeaPgsqlFollower}) share: a name, a thread of their own,
 * and the counts of events delivered and records skipped.
 *
 * <p>Thread-safe.
 */
public abstract class KeaFollower implements LeaseFollower {

    private final String name;
    final LeaseService leases;
    final FollowerPositions positions;
    final Clock clock;
    final Duration pollInterval;
    final int batchSize;
    final RateLimitedLog problems;
    final FollowerRunner runner;

    /**
     * A follower from its builder's settings.
     *
     * @param name its name (the builder's, or the default)
     * @param b the settings
     * @param firstBackoff the wait after a first failure
     * @param log its class's logger, for problems (rate-limited)
     */
    KeaFollower(String name, KeaFollowerSettings<?> b, Duration firstBackoff, Logger log) {
        this.name = Objects.requireNonNull(name, "name");
        this.leases = Objects.requireNonNull(b.leases, "leases must be set");
        this.positions = Objects.requireNonNull(b.positions, "positions must be set");
        this.clock = b.clock;
        this.pollInterval = b.pollInterval;
        this.batchSize = b.batchSize;
        this.problems = new RateLimitedLog(log, 20, clock);
        this.runner = new FollowerRunner(name, problems, firstBackoff, b.maxBackoff);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final long eventsDelivered() {
        return runner.delivered().get();
    }

    /**
     * How many records (file rows, outbox rows) could not be read and were skipped since the follower started.
     *
     * @return the count
     */
    public final long parseProblems() {
        return runner.parseProblems().get();
    }

    @Override
    public final void close() {
        runner.close();
    }
}
