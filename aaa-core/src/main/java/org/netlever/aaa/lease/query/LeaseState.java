package org.netlever.aaa.lease.query;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

import org.netlever.aaa.lease.Lease;

/**
 * Whether a lease is still running at a given moment: {@code active} while its DHCP expiry is ahead (or when it has
 * none, as an allocated address), {@code expired} from the expiry on. An expired lease stays in the table until the
 * DHCP server reports its release or expiry, so both are shown.
 *
 * <p>Thread-safe (an enum).
 */
public enum LeaseState {
    /** The expiry is after now, or there is none. */
    ACTIVE,
    /** The expiry is now or before. */
    EXPIRED;

    /**
     * The state of a lease at a moment.
     *
     * @param lease the lease
     * @param now the moment
     * @return its state
     */
    public static LeaseState of(Lease lease, Instant now) {
        Objects.requireNonNull(now, "now");
        return lease.expiresAt().filter(e -> !e.isAfter(now)).isPresent() ? EXPIRED : ACTIVE;
    }

    /** @return the lower-case name, as the API writes it ({@code active}) */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
