package org.netlever.aaa.lease;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.netlever.aaa.lease.internal.LeaseTable;
import org.netlever.aaa.lease.internal.NasSyncTable;
import org.netlever.aaa.lease.internal.NasSyncTable.Queued;
import org.netlever.aaa.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Works off the NAS-sync queue that {@link LeaseService} fills in the same transaction as each lease change (S1.8).
 *
 * <p>Each round claims the due rows (on PostgreSQL with {@code SKIP LOCKED}, so several netlever processes share the
 * queue without delivering a row twice), groups them by subscriber, and calls the {@link NasSync} once per subscriber
 * with its current leases. Success marks the rows done; failure records the error and schedules the next attempt
 * with exponential back-off — {@code initialBackoff}, doubling, capped at {@code maxBackoff}. Nothing is dropped: by
 * default a row is retried until it succeeds; with {@code maxAttempts} set, a row that reaches it is marked
 * {@code abandoned}, which stays visible in the queue for an operator. A row claimed by a process that died becomes
 * due again after {@code claimTimeout}.
 *
 * <p>Time comes from the injected {@link Clock}: {@link #runDue()} does one round at the clock's now, which is how
 * tests step it; {@link #start(Duration)} runs rounds on a background thread.
 *
 * <p>Thread-safe.
 */
public final class NasSyncWorker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NasSyncWorker.class);

    private final Database db;
    private final NasSync target;
    private final Clock clock;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration claimTimeout;
    private final int batchSize;
    private final int maxAttempts;
    private ScheduledExecutorService executor;

    private NasSyncWorker(Builder b) {
        this.db = b.db;
        this.target = b.target;
        this.clock = b.clock;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.claimTimeout = b.claimTimeout;
        this.batchSize = b.batchSize;
        this.maxAttempts = b.maxAttempts;
    }

    /**
     * Starts a worker.
     *
     * @param db the database holding the queue
     * @param target the NAS hook
     * @return a builder
     */
    public static Builder builder(Database db, NasSync target) {
        return new Builder(db, target);
    }

    /**
     * Delivers every sync due at the clock's now, in batches until none is left.
     *
     * @return how many subscribers were synced successfully
     */
    public int runDue() {
        int synced = 0;
        while (true) {
            Instant now = clock.instant();
            List<Queued> tasks = claim(now);
            if (tasks.isEmpty()) {
                return synced;
            }
            Map<String, List<Queued>> bySubscriber = new LinkedHashMap<>();
            for (Queued t : tasks) {
                bySubscriber.computeIfAbsent(t.subscriberId(), k -> new ArrayList<>()).add(t);
            }
            for (Map.Entry<String, List<Queued>> entry : bySubscriber.entrySet()) {
                if (deliver(entry.getKey(), entry.getValue())) {
                    synced++;
                }
            }
            if (tasks.size() < batchSize) {
                return synced;
            }
        }
    }

    private List<Queued> claim(Instant now) {
        return db.inTransaction(h -> NasSyncTable.claim(h, now, now.plus(claimTimeout), batchSize,
                db.dialect().forUpdateSkipLocked()));
    }

    private boolean deliver(String subscriberId, List<Queued> tasks) {
        int attempt = tasks.stream().mapToInt(Queued::attempts).max().orElse(0) + 1;
        List<Long> ids = tasks.stream().map(Queued::id).toList();
        try {
            List<Lease> leases = db.withHandle(h -> LeaseTable.leasesOf(h, subscriberId));
            List<NasSyncRequest.Change> changes = tasks.stream()
                    .map(t -> new NasSyncRequest.Change(t.id(), t.ip(), t.kind(), t.createdAt())).toList();
            target.sync(new NasSyncRequest(subscriberId, leases, changes, attempt));
        } catch (Exception e) {
            Instant now = clock.instant();
            boolean abandon = maxAttempts > 0 && attempt >= maxAttempts;
            Duration wait = backoff(attempt);
            String error = e.getClass().getSimpleName() + ": " + e.getMessage();
            LOG.warn("nas sync of subscriber {} failed (attempt {}): {}; {}", subscriberId, attempt, error,
                    abandon ? "giving up after " + maxAttempts + " attempts" : "next attempt in " + wait);
            db.inTransaction(h -> NasSyncTable.failed(h, ids, error, now.plus(wait), abandon ? now : null));
            return false;
        }
        Instant now = clock.instant();
        db.inTransaction(h -> NasSyncTable.done(h, ids, now));
        return true;
    }

    /**
     * The wait before the next attempt after {@code attempt} failed.
     *
     * @param attempt the attempt that failed, from 1
     * @return {@code initialBackoff * 2^(attempt-1)}, at most {@code maxBackoff}
     */
    public Duration backoff(int attempt) {
        Duration wait = initialBackoff;
        for (int i = 1; i < attempt && wait.compareTo(maxBackoff) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }

    /**
     * How the queue stands: rows by status ({@code pending}, {@code in_progress} (claimed by a worker),
     * {@code done}, {@code abandoned}).
     *
     * @return counts by status
     */
    public Map<String, Long> counts() {
        return db.withHandle(NasSyncTable::counts);
    }

    /**
     * Runs a round every {@code interval} on a background thread until {@link #close()}.
     *
     * @param interval the pause between rounds
     * @return this worker
     * @throws IllegalStateException if already started
     */
    public synchronized NasSyncWorker start(Duration interval) {
        if (executor != null) {
            throw new IllegalStateException("the NAS sync worker is already running");
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "netlever-nas-sync");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(() -> {
            try {
                runDue();
            } catch (RuntimeException e) {
                LOG.error("nas sync round failed; retrying in {}", interval, e);
            }
        }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /**
     * Stops the background thread, letting the current round finish (up to 30 seconds).
     */
    @Override
    public synchronized void close() {
        if (executor == null) {
            return;
        }
        executor.shutdown();
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
        executor = null;
    }

    /** The usual pace of {@link #start}: due rows are looked for every second. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);
    /** Default for the first retry's delay ({@link Builder#backoff}); it doubles per failed attempt. */
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofSeconds(1);
    /** Default for the longest delay between retries ({@link Builder#backoff}). */
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofMinutes(10);
    /** Default for {@link Builder#claimTimeout}: a row claimed by a worker that died is taken over after it. */
    public static final Duration DEFAULT_CLAIM_TIMEOUT = Duration.ofMinutes(2);
    /** Default for {@link Builder#batchSize}: rows claimed per run. */
    public static final int DEFAULT_BATCH_SIZE = 100;
    /** Default for {@link Builder#maxAttempts}: 0, never give up on a row. */
    public static final int DEFAULT_MAX_ATTEMPTS = 0;

    /**
     * Builds a {@link NasSyncWorker}. Not thread-safe.
     */
    public static final class Builder {
        private final Database db;
        private final NasSync target;
        private Clock clock = Clock.systemUTC();
        private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
        private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
        private Duration claimTimeout = DEFAULT_CLAIM_TIMEOUT;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;

        private Builder(Database db, NasSync target) {
            this.db = Objects.requireNonNull(db, "db");
            this.target = Objects.requireNonNull(target, "target");
        }

        /**
         * Sets the clock (default: system UTC).
         *
         * @param value the clock
         * @return this builder
         */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * Sets the back-off after the first failure (default 1 s) and its cap (default 10 min).
         *
         * @param initial the first wait
         * @param max the longest wait
         * @return this builder
         */
        public Builder backoff(Duration initial, Duration max) {
            if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
                throw new IllegalArgumentException("back-off must be positive and max >= initial, got " + initial
                        + " and " + max);
            }
            this.initialBackoff = initial;
            this.maxBackoff = max;
            return this;
        }

        /**
         * Sets how long a claimed row waits before another round may take it again (default 2 min).
         *
         * @param value the timeout
         * @return this builder
         */
        public Builder claimTimeout(Duration value) {
            this.claimTimeout = Objects.requireNonNull(value, "claimTimeout");
            return this;
        }

        /**
         * Sets how many rows a round claims at once (default 100).
         *
         * @param value 1 or more
         * @return this builder
         */
        public Builder batchSize(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("batch size must be positive, got " + value);
            }
            this.batchSize = value;
            return this;
        }

        /**
         * Sets after how many failed attempts a row is abandoned (default 0: never, retry until it succeeds).
         *
         * @param value 0 for never, else 1 or more
         * @return this builder
         */
        public Builder maxAttempts(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("max attempts must be 0 (never give up) or more, got " + value);
            }
            this.maxAttempts = value;
            return this;
        }

        /**
         * Builds the worker.
         *
         * @return the worker
         */
        public NasSyncWorker build() {
            return new NasSyncWorker(this);
        }
    }
}
