package org.netlever.aaa.kea;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

import org.netlever.aaa.kea.internal.FollowerRunner;
import org.netlever.aaa.lease.FollowerPositions;
import org.netlever.aaa.lease.LeaseService;

/**
 * What both Kea followers' builders set: where the events go, where the position is kept, the clock, and how they
 * poll, batch and back off. Not thread-safe.
 *
 * @param <B> the builder
 */
public abstract class KeaFollowerSettings<B extends KeaFollowerSettings<B>> {

    LeaseService leases;
    FollowerPositions positions;
    Clock clock = Clock.systemUTC();
    Duration pollInterval;
    int batchSize;
    Duration maxBackoff;
    String name;

    KeaFollowerSettings(Duration pollInterval, int batchSize, Duration maxBackoff) {
        this.pollInterval = pollInterval;
        this.batchSize = batchSize;
        this.maxBackoff = maxBackoff;
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /**
     * The lease service the events go to. Required.
     *
     * @param value the service
     * @return this builder
     */
    public B leases(LeaseService value) {
        this.leases = Objects.requireNonNull(value, "leases");
        return self();
    }

    /**
     * Where the read position is stored. Required.
     *
     * @param value the positions
     * @return this builder
     */
    public B positions(FollowerPositions value) {
        this.positions = Objects.requireNonNull(value, "positions");
        return self();
    }

    /**
     * The clock for release-or-expiry decisions and the log budget; default the system clock.
     *
     * @param value the clock
     * @return this builder
     */
    public B clock(Clock value) {
        this.clock = Objects.requireNonNull(value, "clock");
        return self();
    }

    /**
     * How often the follower looks for new records (the memfile: reads the file; PostgreSQL: reads the outbox when
     * no notification came); the default is the follower's {@code DEFAULT_POLL_INTERVAL}.
     *
     * @param value 10 ms to 10 minutes
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public B pollInterval(Duration value) {
        this.pollInterval = FollowerRunner.range("pollInterval", value, Duration.ofMillis(10), Duration.ofMinutes(10));
        return self();
    }

    /**
     * Records handled per durable group (one wait for the disk); the default is the follower's
     * {@code DEFAULT_BATCH_SIZE}.
     *
     * @param value 1 to 100000
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public B batchSize(int value) {
        this.batchSize = FollowerRunner.batchSize(value);
        return self();
    }

    /**
     * The longest wait between retries after a failure; the default is the follower's {@code DEFAULT_MAX_BACKOFF}.
     *
     * @param value 10 ms to 10 minutes
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public B maxBackoff(Duration value) {
        this.maxBackoff = FollowerRunner.range("maxBackoff", value, Duration.ofMillis(10), Duration.ofMinutes(10));
        return self();
    }

    /**
     * The follower's name, the key of its stored position; the default names the file or database.
     *
     * @param value 1 to 200 characters
     * @return this builder
     * @throws IllegalArgumentException if empty or too long
     */
    public B name(String value) {
        this.name = FollowerRunner.name(value);
        return self();
    }

    /**
     * Builds the follower (not started).
     *
     * @return the follower
     * @throws NullPointerException if the lease service or positions are not set
     */
    public abstract KeaFollower build();
}
