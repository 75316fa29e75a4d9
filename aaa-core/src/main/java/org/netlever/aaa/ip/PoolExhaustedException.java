package org.netlever.aaa.ip;

import org.netlever.aaa.AaaException;

/**
 * No address is free in the pool an allocation asked for.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class PoolExhaustedException extends AaaException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which pool, and how large it is
     */
    public PoolExhaustedException(String message) {
        super(message);
    }
}
