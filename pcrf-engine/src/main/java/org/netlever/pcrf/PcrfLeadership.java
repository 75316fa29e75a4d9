package org.netlever.pcrf;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.netlever.aaa.store.Database;
import org.netlever.aaa.store.Dialect;
import org.netlever.pcrf.internal.OwnerLock;
import org.netlever.pcrf.internal.PcrfStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which of several processes on one database runs the {@link PcrfEngine}, with failover between them. The engine keeps
 * every subscriber's state in memory, so exactly one engine may run against a database: two would each count the same
 * accounting and fire the same cron transition. Every process that can run the engine starts a leadership on the
 * shared database with the same {@link EngineFactory}; at most one of them leads at a time.
 *
 * <h2>The failover contract</h2>
 * <ul>
 *   <li><b>One leader.</b> On PostgreSQL the processes contend for a session-level advisory lock
 *       ({@link Builder#lockKey}) held on a connection of the leadership's own. The holder builds its engine through
 *       the factory — the engine loads the stored state — and runs it: {@link #engine()} returns it.</li>
 *   <li><b>Standbys</b> have no engine ({@link #engine()} is empty) and must not answer for the PCRF: {@code netlever
 *       serve} answers the BRAS nothing, so the BRAS fails over to the leader. They try to take the lock every
 *       {@link Builder#retry retry}.</li>
 *   <li><b>Losing the lead.</b> The lock lasts as long as its database session: a process that dies loses it at once;
 *       one cut off from the database, once the server notices the connection is dead (PostgreSQL's
 *       {@code tcp_keepalives_*} settings); {@link #close()} releases it at once. The leader checks its lock
 *       connection at the retry pace, and when the connection is gone it closes its engine and becomes a
 *       standby.</li>
 *   <li><b>Acknowledged state carries over.</b> The engine stores each change before it acknowledges it, and the next
 *       leader's engine loads the store: every acknowledged accounting record, transition and owed services-reauth
 *       (re-sent by the successor) is there. A change that was never acknowledged may be lost; the BRAS, having had no
 *       answer, sends it again, and cumulative counters make a resend count once.</li>
 *   <li><b>Fencing.</b> Each new leader takes the next epoch in the table {@code pcrf_owner} (pcrf-engine's schema),
 *       and its engine checks the epoch under a share lock inside every write ({@link StoreFence}). An engine whose
 *       leadership has not yet noticed that the lock is gone therefore cannot overwrite what its successor stored:
 *       its writes fail with {@link PcrfFencedException}, nothing of them is stored or announced, and it must be
 *       closed (its leadership does that at its next check). Taking the epoch waits for the previous owner's writes
 *       in flight, so the successor loads after them.</li>
 *   <li><b>H2</b> is one process per database file: the leadership leads at once, with no lock to hold and nothing
 *       to fence. Two leaderships on one H2 database would both lead.</li>
 * </ul>
 * Every process on a database must use the same lock key (the default does): the epoch row is shared, and processes
 * on different keys would take it from each other.
 *
 * <pre>{@code
 * PcrfLeadership leadership = PcrfLeadership.builder(db, fence -> PcrfEngine.builder(db, definitions)
 *         .fence(fence).notifier(notifier).build().start()).start();
 * leadership.engine();   // the engine on the leader, empty on a standby
 * }</pre>
 *
 * <p>Thread-safe. The checks run on a daemon thread of the leadership's own; close it to stop the engine and release
 * the lock (the database stays open).
 */
public final class PcrfLeadership implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PcrfLeadership.class);

    /** How often a standby tries to take over and the leader checks its lock, unless told otherwise: 2 seconds. */
    public static final Duration DEFAULT_RETRY = Duration.ofSeconds(2);

    /**
     * The advisory lock's key unless told otherwise: "nlpcrf" and 1 in a 64-bit number, the key {@code netlever
     * serve} has always used (so processes of an earlier version still exclude those of this one).
     */
    public static final long DEFAULT_LOCK_KEY = 0x6e6c_7063_7266_0001L;

    /** H2's fence: lets every write through, but is not {@link StoreFence#NONE}, so a factory that drops it shows. */
    private static final StoreFence ALONE = transaction -> true;

    private final Database db;
    private final EngineFactory engines;
    private final Duration retry;
    private final long lockKey;
    private final Listener listener;
    private final ScheduledExecutorService timer;
    private volatile Term term;
    private OwnerLock lock;
    private boolean closed;

    /** The engine of this process's current lead and the epoch it writes under. */
    private record Term(PcrfEngine engine, long epoch) {
    }

    private PcrfLeadership(Builder builder) {
        this.db = builder.db;
        this.engines = builder.engines;
        this.retry = builder.retry;
        this.lockKey = builder.lockKey;
        this.listener = builder.listener;
        this.timer = db.dialect() == Dialect.H2 ? null : Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "netlever-pcrf-leadership");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * A builder over a database and the way to build an engine on it.
     *
     * @param db the database the engine stores in (migrated for the PCRF tables on start)
     * @param engines builds and starts an engine each time this process takes the lead
     * @return a new builder
     */
    public static Builder builder(Database db, EngineFactory engines) {
        return new Builder(db, engines);
    }

    /**
     * Builds an engine when its process takes the lead: on the leadership's database, with the fence it is given,
     * started. It is called again after every takeover, so it builds a new engine each time (loading the store).
     * Called one at a time, on the leadership's thread or on the one calling {@link Builder#start()}: implementations
     * need not be thread-safe.
     */
    @FunctionalInterface
    public interface EngineFactory {

        /**
         * Builds and starts an engine, e.g. {@code PcrfEngine.builder(db, definitions).fence(fence).build().start()}.
         *
         * @param fence the fence its every write must check; pass it to {@link PcrfEngine.Builder#fence} — an engine
         *     built without it is closed and refused with a {@link PcrfException}
         * @return the started engine
         */
        PcrfEngine start(StoreFence fence);
    }

    /**
     * Told when this process takes and loses the lead: to start and stop what serves with the engine (a BRAS front),
     * or for metrics. Called one at a time, on the leadership's thread or on the one calling
     * {@link Builder#start()} or {@link #close()}; keep it short. What it throws is logged and ignored.
     * Implementations must be thread-safe.
     */
    public interface Listener {

        /**
         * This process runs the engine now; {@link #engine()} already returns it.
         *
         * @param engine the engine, started, its state loaded
         * @param epoch the epoch it writes under
         */
        default void gained(PcrfEngine engine, long epoch) {
        }

        /**
         * This process no longer runs the engine: it is closed and {@link #engine()} is empty.
         *
         * @param engine the closed engine
         * @param epoch the epoch it wrote under
         */
        default void lost(PcrfEngine engine, long epoch) {
        }

        /**
         * A check at the retry pace ran: a standby tried to take over, or the leader checked its lock connection
         * (a gauge of standbys' attempts, or a test waiting for them).
         *
         * @param leads whether this process runs the engine after the check
         */
        default void checked(boolean leads) {
        }
    }

    /**
     * The engine, while this process leads.
     *
     * @return the engine, or empty on a standby and once closed
     */
    public Optional<PcrfEngine> engine() {
        Term current = term;
        return current == null ? Optional.empty() : Optional.of(current.engine());
    }

    /**
     * Whether this process runs the engine.
     *
     * @return {@code true} on the leader
     */
    public boolean isLeader() {
        return term != null;
    }

    /**
     * The epoch this process's engine writes under: one more than its predecessor's, so a log or a metric can tell
     * leads apart.
     *
     * @return the epoch, or empty on a standby
     */
    public OptionalLong epoch() {
        Term current = term;
        return current == null ? OptionalLong.empty() : OptionalLong.of(current.epoch());
    }

    /** The first attempt, whose failure fails {@link Builder#start()}; then the checks at the retry pace. */
    private void begin() {
        synchronized (this) {
            if (timer == null) {
                lead(OwnerLock.nextEpoch(db), ALONE);
                return;
            }
            tryToLead();
        }
        timer.scheduleWithFixedDelay(this::check, retry.toNanos(), retry.toNanos(), TimeUnit.NANOSECONDS);
    }

    private synchronized void check() {
        if (closed) {
            return;
        }
        try {
            if (lock == null) {
                tryToLead();
            } else if (!lock.alive()) {
                LOG.warn("Lost the PCRF lock connection: stopping the PCRF engine; another process takes over");
                stepDown();
            }
        } catch (RuntimeException e) {
            LOG.warn("PCRF leadership check failed, trying again in {}: {}", retry, e.getMessage());
        }
        boolean leads = lock != null;
        tell(l -> l.checked(leads));
    }

    private void tryToLead() {
        Optional<OwnerLock> acquired = OwnerLock.tryAcquire(db, lockKey);
        if (acquired.isEmpty()) {
            return;
        }
        lock = acquired.get();
        try {
            long epoch = lock.nextEpoch();
            lead(epoch, OwnerLock.fence(epoch));
        } catch (RuntimeException e) {
            stepDown();
            throw e;
        }
    }

    private void lead(long epoch, StoreFence fence) {
        PcrfEngine engine = Objects.requireNonNull(engines.start(fence), "the engine factory returned null");
        if (engine.fence() != fence) {
            engine.close();
            throw new PcrfException("the PCRF engine factory must build its engine with the fence it is given "
                    + "(PcrfEngine.Builder.fence): without it an engine that lost the lead could overwrite its "
                    + "successor's state");
        }
        term = new Term(engine, epoch);
        LOG.atInfo().setMessage("This process now runs the PCRF engine").addKeyValue("epoch", epoch)
                .addKeyValue("subscribers", engine.subscriberCount()).log();
        tell(l -> l.gained(engine, epoch));
    }

    private void stepDown() {
        Term ended = term;
        term = null;
        if (ended != null) {
            try {
                ended.engine().close();
            } catch (RuntimeException e) {
                LOG.warn("Stopping the PCRF engine failed", e);
            }
        }
        if (lock != null) {
            lock.close();
            lock = null;
        }
        if (ended != null) {
            tell(l -> l.lost(ended.engine(), ended.epoch()));
        }
    }

    private void tell(Consumer<Listener> call) {
        try {
            call.accept(listener);
        } catch (RuntimeException e) {
            LOG.warn("A PCRF leadership listener failed", e);
        }
    }

    /** Stops the engine (its queued changes are stored first) and releases the lock; a standby takes over. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            stepDown();
        }
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    /**
     * Configures a {@link PcrfLeadership}. Not thread-safe.
     */
    public static final class Builder {
        private final Database db;
        private final EngineFactory engines;
        private Duration retry = DEFAULT_RETRY;
        private long lockKey = DEFAULT_LOCK_KEY;
        private Listener listener = new Listener() {
        };

        private Builder(Database db, EngineFactory engines) {
            this.db = Objects.requireNonNull(db, "db");
            this.engines = Objects.requireNonNull(engines, "engines");
        }

        /**
         * How often a standby tries to take over and the leader checks its lock: about how long the PCRF is without a
         * leader after the leader's process dies or is cut off.
         *
         * @param value positive; {@link #DEFAULT_RETRY} by default
         * @return this builder
         */
        public Builder retry(Duration value) {
            if (value.isNegative() || value.isZero()) {
                throw new PcrfException("the PCRF leadership retry is positive, got " + value);
            }
            this.retry = value;
            return this;
        }

        /**
         * The PostgreSQL advisory lock's key, for a database where another application uses the default's number.
         * Every process on the database must use the same key.
         *
         * @param value the key; {@link #DEFAULT_LOCK_KEY} by default
         * @return this builder
         */
        public Builder lockKey(long value) {
            this.lockKey = value;
            return this;
        }

        /**
         * Who is told when this process takes and loses the lead; nobody by default.
         *
         * @param value the listener
         * @return this builder
         */
        public Builder listener(Listener value) {
            this.listener = Objects.requireNonNull(value, "listener");
            return this;
        }

        /**
         * Migrates the PCRF tables and makes the first attempt to lead: on H2, or if the lock is free, the engine is
         * built and running when this returns.
         *
         * @return the leadership, leading or standing by
         * @throws PcrfException if the engine cannot be built, or is built without its fence
         * @throws org.netlever.aaa.store.StoreException if the database cannot be migrated or asked
         */
        public PcrfLeadership start() {
            PcrfStore.migrate(db);
            PcrfLeadership leadership = new PcrfLeadership(this);
            try {
                leadership.begin();
            } catch (RuntimeException e) {
                leadership.close();
                throw e;
            }
            return leadership;
        }
    }
}
