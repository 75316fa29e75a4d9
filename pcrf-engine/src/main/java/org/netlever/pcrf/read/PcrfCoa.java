package org.netlever.pcrf.read;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A services-reauth CoA owed to a BRAS or one that failed (S3.8).
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param subscriberId the subscriber
 * @param state owed (stored; sent, or retried, as the rate allows) or failed (refused, no CoA endpoint, given up)
 * @param since owed: when the change that owes it was made (the subscriber's last transition); failed: when it last
 *     failed; empty when not known
 * @param attempts attempts so far (known to the running engine only; 0 on a standby)
 * @param lastError what the last attempt that did not succeed came to (known to the running engine only)
 * @param position for {@link State#OWED}, the engine's number of the subscriber (the list's order); 0 otherwise
 */
public record PcrfCoa(String subscriberId, State state, Optional<Instant> since, int attempts,
        Optional<String> lastError, long position) {

    /** Whether a CoA is owed or failed. Immutable and thread-safe. */
    public enum State {
        /** Owed: stored, sent as the rate allows, retried on a transient failure, resent after a restart. */
        OWED,
        /** Failed and no longer owed: refused, no CoA endpoint for the NAS, or given up after the retries. */
        FAILED
    }

    /** Checks that nothing is missing. */
    public PcrfCoa {
        Objects.requireNonNull(subscriberId, "subscriberId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(lastError, "lastError");
    }
}
