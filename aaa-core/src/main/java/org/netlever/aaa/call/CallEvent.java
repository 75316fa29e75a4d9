package org.netlever.aaa.call;

import java.time.Duration;
import java.util.Objects;

/**
 * Something {@link CallControl#runDueTimers()} did on its own.
 *
 * <p>Implementations are immutable and thread-safe.
 */
public sealed interface CallEvent {

    /**
     * The call whose timer fired.
     *
     * @return the call id
     */
    String callId();

    /**
     * An Interim-Update was sent (S2.5).
     *
     * @param callId the call
     * @param sessionTime its duration so far
     * @param delivered whether a server answered (if not, it is queued for resending)
     */
    record InterimSent(String callId, Duration sessionTime, boolean delivered) implements CallEvent {
        /** Checks that nothing is missing. */
        public InterimSent {
            Objects.requireNonNull(callId, "callId");
            Objects.requireNonNull(sessionTime, "sessionTime");
        }
    }

    /**
     * The call reached the maximum duration the Start reply set and was released (S2.4).
     *
     * @param callId the call
     * @param after how long it had lasted
     */
    record MaxDurationReached(String callId, Duration after) implements CallEvent {
        /** Checks that nothing is missing. */
        public MaxDurationReached {
            Objects.requireNonNull(callId, "callId");
            Objects.requireNonNull(after, "after");
        }
    }

    /**
     * A queued accounting record was finally delivered.
     *
     * @param callId the call it belongs to
     * @param record which record
     */
    record Redelivered(String callId, AccountingKey.RecordKind record) implements CallEvent {
        /** Checks that nothing is missing. */
        public Redelivered {
            Objects.requireNonNull(callId, "callId");
            Objects.requireNonNull(record, "record");
        }
    }
}
