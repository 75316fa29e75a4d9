package org.netlever.aaa;

/**
 * Base of every error the {@code aaa-core} module throws. Unchecked. Subclasses say what went wrong: malformed DHCP
 * event input ({@link org.netlever.aaa.dhcp.DhcpEventException}), an invalid or conflicting IP pool
 * ({@link org.netlever.aaa.ip.IpPoolException}), a malformed address
 * ({@link org.netlever.aaa.ip.IpAddressFormatException}), or a storage failure
 * ({@link org.netlever.aaa.store.StoreException}).
 *
 * <p>Outcomes that are part of normal operation — an event from an unregistered device, a port with no subscriber —
 * are not exceptions but {@link org.netlever.aaa.lease.LeaseOutcome}s.
 *
 * <p>Instances are immutable and thread-safe.
 */
public class AaaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong, and where
     */
    public AaaException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what went wrong, and where
     * @param cause the underlying failure
     */
    public AaaException(String message, Throwable cause) {
        super(message, cause);
    }
}
