package org.netlever.aaa.lease.query;

import java.time.Instant;
import java.util.Objects;

/**
 * Where a page of a log (the DHCP event log, the lease history) ended: the last row's time (received, recorded)
 * and id. Logs are newest first by time, then by id among rows of the same time; the next page holds the rows
 * below this key.
 *
 * <p>Immutable and thread-safe.
 *
 * @param at the row's time
 * @param id the row's id
 */
public record LogKey(Instant at, long id) {

    /** Checks that the time is given. */
    public LogKey {
        Objects.requireNonNull(at, "at");
    }
}
