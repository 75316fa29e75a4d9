package org.netlever.aaa.store.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import javax.sql.DataSource;

import org.netlever.aaa.store.Durability;
import org.netlever.aaa.store.StoreException;

/**
 * Makes an H2 file database's committed transactions durable before they are acknowledged: a caller that needs its
 * commit on disk asks {@link #await(boolean)}, which returns once a write of H2's store that <em>started after the call</em>
 * has finished. The first caller to find no write under way performs it for everyone who asked before it started
 * (group commit); the others wait for it, so N concurrent commits cost one write, not N. Not API.
 *
 * <p>The write is H2's {@code CHECKPOINT} (the store's pending changes written to the file, as its background writer
 * would 500 ms later) or {@code CHECKPOINT SYNC} (the same, then {@code fsync}), on a connection kept for it.
 *
 * <p>Thread-safe.
 */
public final class GroupCommit implements AutoCloseable {

    private final DataSource dataSource;
    private final String statement;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition written = lock.newCondition();
    private final Condition joined = lock.newCondition();
    /** Callers that asked so far (guarded by {@code lock}). */
    private long requested;
    /** Every caller up to this one has its commit on disk (guarded by {@code lock}). */
    private long completed;
    /** Whether a write is under way (guarded by {@code lock}). */
    private boolean writing;
    /** Transactions under way that will ask for durability when they commit (guarded by {@code lock}). */
    private int committing;
    /** The writer waits for those to join its group, but never longer than this. */
    private static final long GATHER_NANOS = 1_000_000;
    /** The connection writes run on; used by the one writer at a time. */
    private Connection connection;
    private long writes;

    /**
     * A group commit on an H2 database.
     *
     * @param dataSource where the write's connection comes from (an administrator's: {@code CHECKPOINT} needs it)
     * @param durability what a write must reach
     */
    public GroupCommit(DataSource dataSource, Durability durability) {
        this.dataSource = dataSource;
        this.statement = durability == Durability.SYNC ? "CHECKPOINT SYNC" : "CHECKPOINT";
    }

    /**
     * Says that the calling thread is starting a transaction after which it will call {@link #await(boolean)} (or
     * {@link #abandon()} if the transaction fails): a write about to start waits briefly for it, so that commits
     * arriving together share one write instead of alternating between a write for the first of them and a write
     * for the rest.
     */
    public void begin() {
        lock.lock();
        try {
            committing++;
        } finally {
            lock.unlock();
        }
    }

    /** Withdraws a {@link #begin()} whose transaction failed and will not be awaited. */
    public void abandon() {
        lock.lock();
        try {
            committing--;
            joined.signal();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Returns once every transaction the calling thread committed before the call is durable.
     *
     * @param begun whether the caller announced its transaction with {@link #begin()}
     * @throws StoreException if the write fails (the commit may or may not be durable then)
     */
    public void await(boolean begun) {
        lock.lock();
        try {
            long ticket = ++requested;
            if (begun) {
                committing--;
                if (committing == 0) {
                    joined.signal();
                }
            }
            while (completed < ticket) {
                if (writing) {
                    written.awaitUninterruptibly();
                    continue;
                }
                writing = true;
                // Transactions still under way would otherwise just miss this write and need the next one: give them
                // a moment to commit and join (nothing to wait for when this caller is alone).
                long gatherUntil = System.nanoTime() + GATHER_NANOS;
                long left;
                while (committing > 0 && (left = gatherUntil - System.nanoTime()) > 0) {
                    try {
                        joined.awaitNanos(left);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
                long covers = requested;
                lock.unlock();
                RuntimeException failure = null;
                try {
                    write();
                } catch (RuntimeException e) {
                    failure = e;
                } finally {
                    lock.lock();
                    writing = false;
                    if (failure == null) {
                        completed = Math.max(completed, covers);
                    }
                    written.signalAll();
                }
                if (failure != null) {
                    // The waiters of this group try again themselves; this caller reports the failure.
                    throw failure;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * How many writes have been made: with {@link #requests()}, how well commits are grouped.
     *
     * @return the number of writes
     */
    public long writes() {
        lock.lock();
        try {
            return writes;
        } finally {
            lock.unlock();
        }
    }

    /**
     * How many times durability was asked for.
     *
     * @return the number of requests
     */
    public long requests() {
        lock.lock();
        try {
            return requested;
        } finally {
            lock.unlock();
        }
    }

    private void write() {
        try {
            if (connection == null) {
                connection = dataSource.getConnection();
                connection.setAutoCommit(true);
            }
            try (Statement s = connection.createStatement()) {
                s.execute(statement);
            }
            lock.lock();
            try {
                writes++;
            } finally {
                lock.unlock();
            }
        } catch (SQLException e) {
            closeConnection();
            throw new StoreException("cannot write the H2 database to disk (" + statement + "): " + e.getMessage(), e);
        }
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // broken already; the next write opens a new one
            }
            connection = null;
        }
    }

    /** Returns the connection to its pool. Call after the last {@link #await(boolean)}. */
    @Override
    public void close() {
        lock.lock();
        try {
            while (writing) {
                written.awaitUninterruptibly();
            }
            closeConnection();
        } finally {
            lock.unlock();
        }
    }
}
