package org.netlever.aaa.call;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
 * @param unparsed optional attributes that did not parse, as sent ({@link AttributePolicy#LENIENT})
 */
public record CallInterim(AccountingKey key, String callId, Optional<ConfId> confId, CallNumber calling,
        CallNumber called, Duration sessionTime, Instant at, List<UnparsedAttribute> unparsed) {

    /** Checks that nothing is missing. */
    public CallInterim {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(confId, "confId");
        Objects.requireNonNull(calling, "calling");
        Objects.requireNonNull(called, "called");
        Objects.requireNonNull(sessionTime, "sessionTime");
        Objects.requireNonNull(at, "at");
        unparsed = List.copyOf(unparsed);
    }

    /**
     * A record with every attribute parsed.
     *
     * @param key see the record
     * @param callId see the record
     * @param confId see the record
     * @param calling see the record
     * @param called see the record
     * @param sessionTime see the record
     * @param at see the record
     */
    public CallInterim(AccountingKey key, String callId, Optional<ConfId> confId, CallNumber calling,
            CallNumber called, Duration sessionTime, Instant at) {
        this(key, callId, confId, calling, called, sessionTime, at, List.of());
    }
}
