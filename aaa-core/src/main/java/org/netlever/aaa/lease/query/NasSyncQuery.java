package org.netlever.aaa.lease.query;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Which rows of the NAS-sync queue to read, newest first (by id); {@code before} is the id the previous page ended at.
 *
 * <p>Immutable and thread-safe.
 *
 * @param status only rows in this status
 * @param subscriberId only this subscriber's rows
 * @param before only rows below this id (the previous page's last)
 * @param limit the most rows
 */
public record NasSyncQuery(Optional<NasSyncStatus> status, Optional<String> subscriberId, OptionalLong before,
        int limit) {

    /** Checks that nothing is missing and the limit is 1 to 10,001. */
    public NasSyncQuery {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(subscriberId, "subscriberId");
        Objects.requireNonNull(before, "before");
        QueryLimits.check(limit);
    }
}
