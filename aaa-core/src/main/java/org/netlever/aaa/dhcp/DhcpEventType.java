package org.netlever.aaa.dhcp;

/**
 * What happened to a lease (S1.1–S1.3).
 *
 * <p>Thread-safe (an enum).
 */
public enum DhcpEventType {
    /** The server gave or renewed an address (dhcpd {@code on commit}, Kea {@code leases4_committed}): assign it. */
    COMMIT,
    /** The client gave the address back (dhcpd {@code on release}, Kea {@code lease4_release}): free it. */
    RELEASE,
    /** The lease ran out (dhcpd {@code on expiry}, Kea {@code lease4_expire}): free it. */
    EXPIRY,
    /** The client found the address in use and declined it (Kea {@code lease4_decline}): free it. */
    DECLINE;

    /**
     * Whether the event frees the address.
     *
     * @return {@code true} for release, expiry and decline
     */
    public boolean frees() {
        return this != COMMIT;
    }
}
