package org.netlever.aaa.call;

import java.util.Objects;

/**
 * What happened to the accounting Stop when a call was released (S2.7).
 *
 * <p>Implementations are immutable and thread-safe.
 */
public sealed interface ReleaseOutcome {

    /** The Stop was delivered. */
    record StopSent() implements ReleaseOutcome {
    }

    /** No accounting server answered; the Stop is kept and resent by {@link CallControl#runDueTimers()}. */
    record StopQueued() implements ReleaseOutcome {
    }

    /**
     * No Stop is sent.
     *
     * @param why e.g. that the call was never answered and {@code unsuccessful_call_info} is off
     */
    record NoStop(String why) implements ReleaseOutcome {
        /** Checks that nothing is missing. */
        public NoStop {
            Objects.requireNonNull(why, "why");
        }
    }
}
