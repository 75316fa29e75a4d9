package org.netlever.pcrf;

import java.time.Instant;
import java.util.Objects;

/**
 * A change of a subscriber's scenario state: moved from one step to another (possibly the same one, re-armed).
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param subscriberId the subscriber
 * @param at when, by the engine's clock
 * @param fromStep the step before
 * @param toStep the step after ({@code again} shows as 0)
 * @param reason why
 */
public record Transition(String subscriberId, Instant at, int fromStep, int toStep, TransitionReason reason) {

    /** Checks that nothing is missing. */
    public Transition {
        Objects.requireNonNull(subscriberId, "subscriberId");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(reason, "reason");
    }
}
