package org.netlever.pcrf.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;
import org.netlever.aaa.store.Database;
import org.netlever.aaa.store.StoreException;
import org.netlever.pcrf.PcrfException;
import org.netlever.pcrf.StoreFence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SQL of PCRF leadership ({@link org.netlever.pcrf.PcrfLeadership}): a PostgreSQL session-level advisory lock held
 * on a connection of its own, the owner epoch in {@code pcrf_owner}, and the fence that checks it. Not thread-safe:
 * one leadership uses an instance under its own lock; the static methods are thread-safe.
 */
public final class OwnerLock implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OwnerLock.class);

    private final Handle handle;
    private final long key;

    private OwnerLock(Handle handle, long key) {
        this.handle = handle;
        this.key = key;
    }

    /**
     * Tries to take the advisory lock on a new connection, without waiting (PostgreSQL only).
     *
     * @param db the database
     * @param key the lock's key
     * @return the held lock, or empty if another session holds it
     * @throws PcrfException if the database cannot be asked
     */
    public static Optional<OwnerLock> tryAcquire(Database db, long key) {
        Handle handle;
        try {
            handle = db.jdbi().open();
        } catch (JdbiException e) {
            throw new PcrfException("cannot connect for the PCRF leadership lock: " + e.getMessage(), e);
        }
        try {
            if (handle.createQuery("SELECT pg_try_advisory_lock(:key)").bind("key", key).mapTo(Boolean.class).one()) {
                return Optional.of(new OwnerLock(handle, key));
            }
        } catch (JdbiException e) {
            handle.close();
            throw new PcrfException("cannot ask for the PCRF leadership lock: " + e.getMessage(), e);
        }
        handle.close();
        return Optional.empty();
    }

    /**
     * Takes the next owner epoch, on the lock's connection. The update waits for the previous owner's writes in
     * flight (they hold a share lock on the row), so what it acknowledged is committed before the new owner loads.
     *
     * @return the epoch this owner writes under
     * @throws PcrfException if the database cannot be written
     */
    public long nextEpoch() {
        try {
            return handle.inTransaction(OwnerLock::nextEpoch);
        } catch (JdbiException e) {
            throw epochFailed(e);
        }
    }

    /**
     * Takes the next owner epoch in a transaction of its own (H2, where there is no lock to hold).
     *
     * @param db the database
     * @return the new epoch
     * @throws PcrfException if the database cannot be written
     */
    public static long nextEpoch(Database db) {
        try {
            return db.inTransaction(OwnerLock::nextEpoch);
        } catch (StoreException e) {
            throw epochFailed(e);
        }
    }

    private static PcrfException epochFailed(RuntimeException e) {
        return new PcrfException("cannot take the next PCRF owner epoch: " + e.getMessage(), e);
    }

    private static long nextEpoch(Handle h) {
        h.execute("UPDATE pcrf_owner SET epoch = epoch + 1 WHERE id = 1");
        return h.createQuery("SELECT epoch FROM pcrf_owner WHERE id = 1").mapTo(Long.class).one();
    }

    /**
     * The fence of an owner: a write proceeds only while the stored epoch is still its own, read under a share lock
     * so that a successor's {@link #nextEpoch()} waits for the write to commit.
     *
     * @param epoch the owner's epoch
     * @return the fence
     */
    public static StoreFence fence(long epoch) {
        return transaction -> {
            try (PreparedStatement ps = transaction.prepareStatement(
                    "SELECT epoch FROM pcrf_owner WHERE id = 1 FOR SHARE");
                    ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getLong(1) == epoch;
            }
        };
    }

    /**
     * Whether the lock's connection still answers; when it does not, the server has ended the session and released
     * the lock to another process.
     *
     * @return {@code true} while the lock is held
     */
    public boolean alive() {
        try {
            return handle.createQuery("SELECT 1").mapTo(Integer.class).one() == 1;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Releases the lock and the connection. The lock is released explicitly: a pooled connection goes back to its
     * pool with its session, and a session-level lock with it.
     */
    @Override
    public void close() {
        try {
            handle.createQuery("SELECT pg_advisory_unlock(:key)").bind("key", key).mapTo(Boolean.class).one();
        } catch (RuntimeException e) {
            LOG.debug("Releasing the PCRF lock failed (its session is gone, and the lock with it): {}",
                    e.getMessage());
        }
        try {
            handle.close();
        } catch (RuntimeException e) {
            LOG.debug("Closing the PCRF lock connection failed: {}", e.getMessage());
        }
    }
}
