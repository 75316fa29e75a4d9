package org.netlever.aaa.call;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What happened when B answered and the softswitch sent accounting Start (S2.4). {@link #proceeds()} says whether
 * the call goes on.
 *
 * <p>Implementations are immutable and thread-safe.
 */
public sealed interface AnswerOutcome {

    /**
     * Whether the call goes on.
     *
     * @return {@code false} only for {@link Prohibited}
     */
    default boolean proceeds() {
        return !(this instanceof Prohibited);
    }

    /**
     * The server accepted the Start.
     *
     * @param maxDuration the longest the call may last from the answer, if the server said
     * @param interimInterval the interval of Interim-Updates in force, if any
     */
    record Proceed(Optional<Duration> maxDuration, Optional<Duration> interimInterval) implements AnswerOutcome {
        /** Checks that nothing is missing. */
        public Proceed {
            Objects.requireNonNull(maxDuration, "maxDuration");
            Objects.requireNonNull(interimInterval, "interimInterval");
        }
    }

    /**
     * The server prohibited the call, but B is on the bypass list, so it goes on.
     *
     * @param prohibition what the server said
     */
    record Bypassed(String prohibition) implements AnswerOutcome {
        /** Checks that nothing is missing. */
        public Bypassed {
            Objects.requireNonNull(prohibition, "prohibition");
        }
    }

    /**
     * The server prohibited the call; it was released at once and its Stop sent.
     *
     * @param reason what the server said
     */
    record Prohibited(String reason) implements AnswerOutcome {
        /** Checks that nothing is missing. */
        public Prohibited {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * No accounting server answered; the Start is kept and resent by {@link CallControl#runDueTimers()}, and the
     * call goes on.
     *
     * @param tried the servers tried
     */
    record Undelivered(List<String> tried) implements AnswerOutcome {
        /** Copies the list. */
        public Undelivered {
            tried = List.copyOf(tried);
        }
    }

    /** Accounting over RADIUS is switched off (S2.1). */
    record Skipped() implements AnswerOutcome {
    }
}
