package org.netlever.aaa.lease.query;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How the NAS-sync queue stands: what waits, what is being delivered, what was given up, and the last failure.
 *
 * <p>Immutable and thread-safe.
 *
 * @param pending rows waiting (due or between retries)
 * @param inProgress rows claimed by a worker
 * @param failed rows given up
 * @param oldestPendingDueAt the earliest due time of a waiting row
 * @param lastError the error of the newest row, not done, whose delivery failed
 */
public record NasSyncSummary(long pending, long inProgress, long failed, Optional<Instant> oldestPendingDueAt,
        Optional<String> lastError) {

    /** Checks that nothing is missing and counts are not negative. */
    public NasSyncSummary {
        Objects.requireNonNull(oldestPendingDueAt, "oldestPendingDueAt");
        Objects.requireNonNull(lastError, "lastError");
        if (pending < 0 || inProgress < 0 || failed < 0) {
            throw new IllegalArgumentException("counts are not negative");
        }
    }
}
