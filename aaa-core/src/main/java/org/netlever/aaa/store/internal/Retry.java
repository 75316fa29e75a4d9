package org.netlever.aaa.store.internal;

import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import org.jdbi.v3.core.JdbiException;
import org.netlever.aaa.store.StoreException;

/**
 * Retries transactions that lost a race the database detected. Not API.
 *
 * <p>Thread-safe (no state).
 */
public final class Retry {

    /** How often a transaction is tried before its conflict is reported. */
    public static final int MAX_ATTEMPTS = 20;

    /**
     * SQL states of conflicts that a fresh attempt resolves: unique violation (a concurrent insert won), serialization
     * failure, deadlock, H2 lock timeout and H2 concurrent update.
     */
    private static final Set<String> TRANSIENT = Set.of("23505", "40001", "40P01", "HYT00", "90131");

    private Retry() {
    }

    /**
     * Runs {@code attempt}, again while it fails with a transient conflict, with a short randomised back-off.
     *
     * @param attempt one attempt of the transaction
     * @param <R> the result
     * @return the result of the first attempt that succeeds
     * @throws StoreException if every attempt conflicts, or one fails otherwise
     */
    public static <R> R onTransientConflict(Supplier<R> attempt) {
        for (int i = 1; ; i++) {
            try {
                return attempt.get();
            } catch (JdbiException e) {
                String state = sqlState(e);
                if (state == null || !TRANSIENT.contains(state)) {
                    throw translate("transaction", e);
                }
                if (i == MAX_ATTEMPTS) {
                    throw new StoreException("a transaction still conflicted (SQL state " + state + ") after "
                            + MAX_ATTEMPTS + " attempts", e);
                }
                LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(50_000L * i, 200_000L * i));
            }
        }
    }

    /**
     * Wraps a database failure in a {@link StoreException}; other exceptions pass through.
     *
     * @param what the operation, for the message
     * @param e the failure
     * @return the exception to throw
     */
    public static RuntimeException translate(String what, RuntimeException e) {
        if (e instanceof JdbiException) {
            String state = sqlState(e);
            return new StoreException(what + " failed" + (state != null ? " (SQL state " + state + ")" : "") + ": "
                    + rootMessage(e), e);
        }
        return e;
    }

    /**
     * Whether an exception is a unique-key violation.
     *
     * @param e the exception
     * @return {@code true} for SQL state 23505
     */
    public static boolean isUniqueViolation(Throwable e) {
        return "23505".equals(sqlState(e));
    }

    private static String sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
