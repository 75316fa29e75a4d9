package org.netlever.aaa.call;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.netlever.aaa.radius.AvPair;
import org.netlever.aaa.radius.attr.ConfId;

/**
 * Accounting Start (S2.4): B answered.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param key the record's idempotency key
 * @param callId the Acct-Session-Id
 * @param confId the {@code h323-conf-id}, if sent
 * @param calling number A
 * @param called number B
 * @param setupTime when the call was set up
 * @param answerTime when B answered
 * @param pairs every AV pair of the request, in order
 * @param unparsed optional attributes that did not parse, as sent ({@link AttributePolicy#LENIENT})
 */
public record CallStart(AccountingKey key, String callId, Optional<ConfId> confId, CallNumber calling,
        CallNumber called, Instant setupTime, Instant answerTime, List<AvPair> pairs, List<UnparsedAttribute> unparsed) {

    /** Checks that nothing is missing and copies the pairs. */
    public CallStart {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(confId, "confId");
        Objects.requireNonNull(calling, "calling");
        Objects.requireNonNull(called, "called");
        Objects.requireNonNull(setupTime, "setupTime");
        Objects.requireNonNull(answerTime, "answerTime");
        pairs = List.copyOf(pairs);
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
     * @param pairs see the record
     */
    public CallStart(AccountingKey key, String callId, Optional<ConfId> confId, CallNumber calling, CallNumber called,
            Instant setupTime, Instant answerTime, List<AvPair> pairs) {
        this(key, callId, confId, calling, called, setupTime, answerTime, pairs, List.of());
    }
}
