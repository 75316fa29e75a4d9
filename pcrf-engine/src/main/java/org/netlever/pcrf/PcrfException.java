package org.netlever.pcrf;

/**
 * Base of every error the {@code pcrf-engine} module throws: invalid definitions
 * ({@link org.netlever.pcrf.model.PcrfDefinitionException}), an unknown subscriber or tariff plan, storage failures.
 * Unchecked.
 *
 * <p>Instances are immutable and thread-safe.
 */
public class PcrfException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong, and where
     */
    public PcrfException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what went wrong, and where
     * @param cause the underlying failure
     */
    public PcrfException(String message, Throwable cause) {
        super(message, cause);
    }
}
