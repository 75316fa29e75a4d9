package org.netlever.aaa.call;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.netlever.aaa.radius.attr.ConfId;

/**
 * An Interim-Update (S2.5): the call is still going.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param key the record's idempotency key
 * @param callId the Acct-Session-Id
 * @param confId the {@code h323-conf-id}, if sent
 * @param calling number A
 * @param called number B
 * @param sessionTime how long the call has lasted since the answer
 * @param at when the update was made (Event-Timestamp, or the receive time)
 */
public record CallInterim(AccountingKey key, String callId, Optional<ConfId> confId, CallNumber calling,
        CallNumber called, Duration sessionTime, Instant at) {

    /** Checks that nothing is missing. */
    public CallInterim {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(confId, "confId");
        Objects.requireNonNull(calling, "calling");
        Objects.requireNonNull(called, "called");
        Objects.requireNonNull(sessionTime, "sessionTime");
        Objects.requireNonNull(at, "at");
    }
}
