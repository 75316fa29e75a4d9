package org.netlever.aaa.lease;

/**
 * How an address came to be held.
 *
 * <p>Thread-safe (an enum).
 */
public enum LeaseOrigin {
    /** A DHCP server leased it and the lever reported the commit. */
    DHCP,
    /** netlever's allocator handed it out (RADIUS {@code Framed-IP-Address}, static use). */
    ALLOCATED
}
