package org.netlever.aaa.store;

import org.netlever.aaa.AaaException;

/**
 * A failure of netlever's own storage: the database cannot be reached or migrated, a migration that was applied has
 * changed since, or a transaction kept failing after its retries. The message says which operation failed; the
 * cause holds the database's own error.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class StoreException extends AaaException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed
     */
    public StoreException(String message) {
        super(message);
    }

    /**
     * Creates the exception with the database's error.
     *
     * @param message what failed
     * @param cause the database's error
     */
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
