package org.netlever.aaa.radius;

import org.netlever.aaa.AaaException;

/**
 * Base of every RADIUS error netlever throws: malformed packets and attributes ({@link RadiusFormatException}),
 * unknown dictionary names, invalid configuration. Unchecked.
 *
 * <p>Outcomes of normal operation — a server that does not answer, a NAK from a NAS — are results, not exceptions.
 *
 * <p>Instances are immutable and thread-safe.
 */
public class RadiusException extends AaaException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong, and where
     */
    public RadiusException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what went wrong, and where
     * @param cause the underlying failure
     */
    public RadiusException(String message, Throwable cause) {
        super(message, cause);
    }
}
