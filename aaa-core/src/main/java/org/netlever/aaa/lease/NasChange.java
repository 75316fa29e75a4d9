package org.netlever.aaa.lease;

import java.util.Locale;

/**
 * What changed for a subscriber that the NAS must learn about.
 *
 * <p>Thread-safe (an enum).
 */
public enum NasChange {
    /** The subscriber got an address (assigned or reassigned to it). */
    ASSIGNED,
    /** The subscriber lost an address (freed, or reassigned away). */
    FREED;

    /**
     * The name stored in the queue.
     *
     * @return {@code assigned} or {@code freed}
     */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
