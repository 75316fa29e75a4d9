package org.netlever.device;

/**
 * Base of the errors the {@code device-spi} module throws: a misconfigured registry (duplicate or unknown type
 * codes, a manager that cannot be loaded) or a directory conflict. Unchecked.
 *
 * <p>Outcomes that are part of normal operation — an Option 82 from an unregistered device, say — are not
 * exceptions but {@link Resolution.Rejected} results.
 *
 * <p>Instances are immutable and thread-safe.
 */
public class DeviceSpiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong and where
     */
    public DeviceSpiException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what is wrong and where
     * @param cause the underlying failure
     */
    public DeviceSpiException(String message, Throwable cause) {
        super(message, cause);
    }
}
