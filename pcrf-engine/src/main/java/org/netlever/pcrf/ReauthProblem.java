package org.netlever.pcrf;

import java.time.Instant;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The last services-reauth CoA for a subscriber that did not succeed (S3.8), as {@link SubscriberState#reauthProblem}
 * shows it until a later CoA for the subscriber is acknowledged. Kept in memory: a restart forgets it (the CoA still
 * owed is stored and resent).
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param at when it happened
 * @param sessionId the session the CoA was for
 * @param failure what went wrong
 * @param errorCause the CoA-NAK's Error-Cause (RFC 5176 section 3.5), if there was one
 * @param detail for people: which BRAS, what it said
 */
public record ReauthProblem(Instant at, String sessionId, ReauthFailure failure, OptionalInt errorCause,
        String detail) {

    /** Checks that nothing is missing. */
    public ReauthProblem {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(errorCause, "errorCause");
        Objects.requireNonNull(detail, "detail");
    }
}
