package org.netlever.aaa.call;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.netlever.aaa.radius.attr.ConfId;
import org.netlever.aaa.radius.attr.Q850Cause;

/**
 * Accounting Stop (S2.7): the call ended. For a call that was never answered, the softswitch sends it only when
 * {@code unsuccessful_call_info} is on; then there is no answer time.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param key the record's idempotency key
 * @param callId the Acct-Session-Id
 * @param confId the {@code h323-conf-id}, if sent
 * @param calling number A
 * @param called number B
 * @param setupTime when the call was set up
 * @param answerTime when B answered, empty for an unanswered call
 * @param endTime when the call ended
 * @param cause the Q.850 release cause
 * @param sessionTime how long the answered call lasted; zero for an unanswered one
 * @param unparsed optional attributes that did not parse, as sent ({@link AttributePolicy#LENIENT})
 */
public record CallStop(AccountingKey key, String callId, Optional<ConfId> confId, CallNumber calling,
        CallNumber called, Instant setupTime, Optional<Instant> answerTime, Instant endTime, Q850Cause cause,
        Duration sessionTime, List<UnparsedAttribute> unparsed) {

    /** Checks that nothing is missing. */
    public CallStop {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(confId, "confId");
        Objects.requireNonNull(calling, "calling");
        Objects.requireNonNull(called, "called");
        Objects.requireNonNull(setupTime, "setupTime");
        Objects.requireNonNull(answerTime, "answerTime");
        Objects.requireNonNull(endTime, "endTime");
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(sessionTime, "sessionTime");
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
     * @param setupTime see the record
     * @param answerTime see the record
     * @param endTime see the record
     * @param cause see the record
     * @param sessionTime see the record
     */
    public CallStop(AccountingKey key, String callId, Optional<ConfId> confId, CallNumber calling, CallNumber called,
            Instant setupTime, Optional<Instant> answerTime, Instant endTime, Q850Cause cause, Duration sessionTime) {
        this(key, callId, confId, calling, called, setupTime, answerTime, endTime, cause, sessionTime, List.of());
    }

    /**
     * Whether B ever answered.
     *
     * @return {@code true} if there is an answer time
     */
    public boolean answered() {
        return answerTime.isPresent();
    }
}
