package org.netlever.pcrf.read;

import java.time.Instant;
import java.util.Objects;

/**
 * A stored transition (a step change or re-arm), for support: "why was I blocked?".
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param id its number (increasing in the order the engine stored them)
 * @param subscriberId the subscriber
 * @param at when, by the engine's clock
 * @param fromStep the step before
 * @param toStep the step after
 * @param reason why: a {@link org.netlever.pcrf.TransitionReason} name
 */
public record PcrfTransitionEntry(long id, String subscriberId, Instant at, int fromStep, int toStep, String reason) {

    /** Checks that nothing is missing. */
    public PcrfTransitionEntry {
        Objects.requireNonNull(subscriberId, "subscriberId");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(reason, "reason");
    }
}
