package org.netlever.aaa.ip;

import org.netlever.aaa.AaaException;

/**
 * An IP pool that is invalid (a range outside its network, a gateway inside its range) or conflicts with another
 * (overlapping ranges, a duplicate id), or a pool that cannot be removed while it has leases. The message names the
 * pool and the conflict.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class IpPoolException extends AaaException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong with which pool
     */
    public IpPoolException(String message) {
        super(message);
    }
}
