package org.netlever.pcrf;

import java.util.Objects;
import java.util.Optional;

/**
 * Where a subscriber's services-reauth CoA stands in the running engine (S3.8): whether one is owed (stored, resent
 * after a restart), how many attempts the current one has had, and the last one that did not succeed. The attempts
 * and the problem are kept in memory only: a restart forgets them (the owed flag is stored).
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param subscriberId the subscriber
 * @param pending whether a services-reauth is owed
 * @param attempts attempts of the owed request so far (0 before the first, and once one succeeded)
 * @param problem the last services-reauth that did not succeed, until one is acknowledged
 */
public record ReauthStatus(String subscriberId, boolean pending, int attempts, Optional<ReauthProblem> problem) {

    /** Checks that nothing is missing. */
    public ReauthStatus {
        Objects.requireNonNull(subscriberId, "subscriberId");
        Objects.requireNonNull(problem, "problem");
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts is not negative, got " + attempts);
        }
    }
}
