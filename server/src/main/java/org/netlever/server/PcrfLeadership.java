package org.netlever.server;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.netlever.aaa.store.Database;
import org.netlever.aaa.store.Dialect;
import org.netlever.pcrf.PcrfEngine;
import org.netlever.pcrf.StoreFence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which {@code netlever serve} process runs the PCRF. The engine keeps every subscriber's state in memory (that is
 * what makes 78,000 interim updates a second possible), so exactly one process may run it against a database: two
 * would each count the same accounting and fire the same cron transition. On PostgreSQL the processes contend for a
 * session-level advisory lock, held on a connection of its own: the holder builds the engine from the store and runs
 * it; the others answer the BRAS nothing (it fails over to the holder, S2.9-style) and try again every
 * {@code retry}. The holder checks its lock connection at the same pace and stops its engine when the connection is
 * gone — the database has then released the lock to another process. A process that dies releases the lock with its
 * connection; what its engine had acknowledged is in the store, and the next holder loads it (pending
 * services-reauth included). Each holder takes the next epoch in {@code serve_pcrf_owner}, and its engine's every write
 * checks the epoch under a share lock ({@link StoreFence}): an engine that lost its lock without noticing yet cannot
 * overwrite what its successor stored. On H2 — one process per database file — this process always runs the PCRF.
 *
 * <p>Thread-safe.
 */
final class PcrfLeadership implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PcrfLeadership.class);
    /** The advisory lock's key: "netlever pcrf" in a 64-bit number. */
    static final long LOCK_KEY = 0x6e6c_7063_7266_0001L;

    private final Database db;
    private final Function<StoreFence, PcrfEngine> engines;
    private final ScheduledExecutorService timer;
    private volatile PcrfEngine engine;
    private Handle lock;
    private volatile boolean closed;

    /**
     * Starts contending for the PCRF.
     *
     * @param db the database
     * @param engines builds and starts an engine from the store, writing under the fence it is given
     * @param retry how often a standby tries to take over and the holder checks its lock
     */
    PcrfLeadership(Database db, Function<StoreFence, PcrfEngine> engines, Duration retry) {
        this.db = db;
        this.engines = engines;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "netlever-pcrf-leadership");
            thread.setDaemon(true);
            return thread;
        });
        if (db.dialect() == Dialect.H2) {
            engine = engines.apply(StoreFence.NONE);
            LOG.info("PCRF engine running (H2: this process owns the database)");
        } else {
            tick();
            timer.scheduleWithFixedDelay(this::tick, retry.toMillis(), retry.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * The engine, while this process runs the PCRF.
     *
     * @return the engine, or empty on a standby
     */
    Optional<PcrfEngine> engine() {
        return Optional.ofNullable(engine);
    }

    private synchronized void tick() {
        if (closed) {
            return;
        }
        try {
            if (lock == null) {
                tryToLead();
            } else if (!lockAlive()) {
                LOG.warn("Lost the PCRF lock connection: stopping the PCRF engine; another process takes over");
                stepDown();
            }
        } catch (RuntimeException e) {
            LOG.warn("PCRF leadership check failed: {}", e.getMessage());
            stepDown();
        }
    }

    private void tryToLead() {
        Handle handle = db.jdbi().open();
        boolean acquired;
        try {
            acquired = handle.createQuery("SELECT pg_try_advisory_lock(:key)").bind("key", LOCK_KEY)
                    .mapTo(Boolean.class).one();
        } catch (RuntimeException e) {
            handle.close();
            throw e;
        }
        if (!acquired) {
            handle.close();
            return;
        }
        lock = handle;
        try {
            // The next epoch, taken after the previous owner's last write committed (its writes hold a share lock).
            long epoch = handle.inTransaction(h -> {
                h.execute("UPDATE serve_pcrf_owner SET epoch = epoch + 1 WHERE id = 1");
                return h.createQuery("SELECT epoch FROM serve_pcrf_owner WHERE id = 1").mapTo(Long.class).one();
            });
            engine = engines.apply(transaction -> {
                try (PreparedStatement ps = transaction.prepareStatement(
                        "SELECT epoch FROM serve_pcrf_owner WHERE id = 1 FOR SHARE");
                        ResultSet rs = ps.executeQuery()) {
                    return rs.next() && rs.getLong(1) == epoch;
                }
            });
            LOG.atInfo().setMessage("This process now runs the PCRF engine").addKeyValue("epoch", epoch)
                    .addKeyValue("subscribers", engine.subscriberCount()).log();
        } catch (RuntimeException e) {
            stepDown();
            throw e;
        }
    }

    private boolean lockAlive() {
        try {
            return lock.createQuery("SELECT 1").mapTo(Integer.class).one() == 1;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void stepDown() {
        PcrfEngine running = engine;
        engine = null;
        if (running != null) {
            try {
                running.close();
            } catch (RuntimeException e) {
                LOG.warn("Stopping the PCRF engine failed", e);
            }
        }
        if (lock != null) {
            try {
                lock.close();   // ends the session: PostgreSQL releases the advisory lock
            } catch (RuntimeException e) {
                LOG.debug("Closing the PCRF lock connection failed: {}", e.getMessage());
            }
            lock = null;
        }
    }

    /** Stops the engine (its store is flushed) and releases the lock. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            stepDown();
        }
        timer.shutdownNow();
    }
}
