package org.netlever.aaa.call.internal;

import static org.netlever.aaa.call.internal.CallAttributes.callId;
import static org.netlever.aaa.call.internal.CallAttributes.creditTime;
import static org.netlever.aaa.call.internal.CallAttributes.replyMessage;
import static org.netlever.aaa.call.internal.CallAttributes.sessionTimeout;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.netlever.aaa.call.AccountingKey;
import org.netlever.aaa.call.CallAttributeMapping;
import org.netlever.aaa.call.CallInterim;
import org.netlever.aaa.call.CallNumber;
import org.netlever.aaa.call.CallStart;
import org.netlever.aaa.call.CallStop;
import org.netlever.aaa.call.StartReply;
import org.netlever.aaa.call.SupplementaryService;
import org.netlever.aaa.call.SupplementaryUpdate;
import org.netlever.aaa.radius.AttributeType;
import org.netlever.aaa.radius.AttributeView;
import org.netlever.aaa.radius.AvPair;
import org.netlever.aaa.radius.PacketCode;
import org.netlever.aaa.radius.RadiusAttribute;
import org.netlever.aaa.radius.RadiusException;
import org.netlever.aaa.radius.RadiusMessage;
import org.netlever.aaa.radius.attr.Accounting;
import org.netlever.aaa.radius.attr.AcctStatusType;
import org.netlever.aaa.radius.attr.ConfId;
import org.netlever.aaa.radius.attr.H323;
import org.netlever.aaa.radius.attr.H323ReturnCode;
import org.netlever.aaa.radius.attr.Q850Cause;

/**
 * Translates the accounting records of S2.4–S2.7 (Start, Interim-Update, supplementary-service Update, Stop) and the
 * Start reply to and from RADIUS messages under a {@link CallAttributeMapping}: both directions, so the server side
 * ({@code CallAaaHandler}) and the client side ({@code CallControl}) agree by construction. Routing and
 * authorization are {@link CallCodec}'s. Immutable and thread-safe.
 */
public final class AccountingCodec {

    private final CallAttributeMapping mapping;
    private final CallAttributes attributes;

    /**
     * A codec for a mapping.
     *
     * @param mapping the mapping
     */
    public AccountingCodec(CallAttributeMapping mapping) {
        this.mapping = mapping;
        this.attributes = new CallAttributes(mapping);
    }

    private RadiusMessage.Builder accounting(AcctStatusType type, String callId, Optional<ConfId> confId,
            CallNumber calling, CallNumber called, Instant eventAt) {
        RadiusMessage.Builder out = RadiusMessage.builder(PacketCode.ACCOUNTING_REQUEST)
                .add(Accounting.statusType(type))
                .string(AttributeType.ACCT_SESSION_ID, callId);
        confId.ifPresent(id -> out.add(H323.confId(id)));
        attributes.writeNumber(out, calling, true);
        attributes.writeNumber(out, called, false);
        out.add(Accounting.eventTimestamp(eventAt));
        return out;
    }

    /**
     * S2.4 as sent by a softswitch.
     *
     * @param start the record
     * @param userName the User-Name
     * @return the Accounting-Request
     */
    public RadiusMessage encode(CallStart start, String userName) {
        return accounting(AcctStatusType.START, start.callId(), start.confId(), start.calling(), start.called(),
                start.answerTime())
                .string(AttributeType.USER_NAME, userName)
                .add(H323.setupTime(attributes.h323(start.setupTime())))
                .add(H323.connectTime(attributes.h323(start.answerTime())))
                .build();
    }

    /**
     * S2.5 as sent by a softswitch.
     *
     * @param interim the record
     * @param userName the User-Name
     * @return the Accounting-Request
     */
    public RadiusMessage encode(CallInterim interim, String userName) {
        return accounting(AcctStatusType.INTERIM_UPDATE, interim.callId(), interim.confId(), interim.calling(),
                interim.called(), interim.at())
                .string(AttributeType.USER_NAME, userName)
                .add(Accounting.sessionTime(interim.sessionTime()))
                .build();
    }

    /**
     * S2.6 as sent by a softswitch.
     *
     * @param update the record
     * @param userName the User-Name
     * @return the Accounting-Request
     */
    public RadiusMessage encode(SupplementaryUpdate update, String userName) {
        RadiusMessage.Builder out = accounting(AcctStatusType.INTERIM_UPDATE, update.callId(), update.confId(),
                update.calling(), update.called(), update.at())
                .string(AttributeType.USER_NAME, userName);
        for (SupplementaryService service : update.services()) {
            out.add(attributes.pair(mapping.supplementaryServiceKey(), service.toString()));
        }
        return out.build();
    }

    /**
     * S2.7 as sent by a softswitch.
     *
     * @param stop the record
     * @param userName the User-Name
     * @return the Accounting-Request
     */
    public RadiusMessage encode(CallStop stop, String userName) {
        RadiusMessage.Builder out = accounting(AcctStatusType.STOP, stop.callId(), stop.confId(), stop.calling(),
                stop.called(), stop.endTime())
                .string(AttributeType.USER_NAME, userName)
                .add(H323.setupTime(attributes.h323(stop.setupTime())));
        stop.answerTime().ifPresent(answer -> out.add(H323.connectTime(attributes.h323(answer))));
        return out.add(H323.disconnectTime(attributes.h323(stop.endTime())))
                .add(RadiusAttribute.ofString(AttributeType.H323_DISCONNECT_CAUSE, "h323-disconnect-cause="
                        + Integer.toString(stop.cause().value(), mapping.disconnectCauseRadix())
                        .toUpperCase(java.util.Locale.ROOT)))
                .add(Accounting.sessionTime(stop.sessionTime()))
                .build();
    }

    /**
     * An Accounting-Request as a server reads it.
     *
     * @param view the request
     * @param receivedAt when it arrived, for records without Event-Timestamp
     * @param reading the policy, and where unparsed attributes go
     * @return the record
     * @throws RadiusException if Acct-Status-Type, Acct-Session-Id or a number is missing, or (strict) an optional
     *     attribute is malformed
     */
    public AccountingRecord decodeAccounting(AttributeView view, Instant receivedAt, Reading reading) {
        AcctStatusType type = Accounting.statusType(view)
                .orElseThrow(() -> new RadiusException("no Acct-Status-Type in an Accounting-Request"));
        if (!type.equals(AcctStatusType.START) && !type.equals(AcctStatusType.STOP)
                && !type.equals(AcctStatusType.INTERIM_UPDATE)) {
            return new AccountingRecord.Other(type);
        }
        List<AvPair> pairs = attributes.pairs(view);
        String callId = callId(view);
        Optional<ConfId> confId = H323.confId(view);
        CallNumber calling = attributes.number(view, pairs, true, reading);
        CallNumber called = attributes.number(view, pairs, false, reading);
        Instant eventAt = reading.optional(view, AttributeType.EVENT_TIMESTAMP, () -> Accounting.eventTimestamp(view))
                .orElse(receivedAt);
        Optional<Instant> setup = attributes.time(view, AttributeType.H323_SETUP_TIME, reading);
        Optional<Instant> connect = attributes.time(view, AttributeType.H323_CONNECT_TIME, reading);
        Optional<Duration> reportedSessionTime = reading.optional(view, AttributeType.ACCT_SESSION_TIME,
                () -> Accounting.sessionTime(view));
        if (type.equals(AcctStatusType.START)) {
            Instant answer = connect.orElse(eventAt);
            return new AccountingRecord.Start(new CallStart(new AccountingKey(callId, type, confId,
                    AccountingKey.RecordKind.START, 0), callId, confId, calling, called, setup.orElse(answer), answer,
                    pairs, reading.unparsed()));
        }
        if (type.equals(AcctStatusType.STOP)) {
            Instant end = attributes.time(view, AttributeType.H323_DISCONNECT_TIME, reading).orElse(eventAt);
            Q850Cause cause = reading.optional(view, AttributeType.H323_DISCONNECT_CAUSE,
                    () -> H323.disconnectCause(view, mapping.disconnectCauseRadix()))
                    .orElse(Q850Cause.NORMAL_UNSPECIFIED);
            Duration sessionTime = reportedSessionTime
                    .orElse(connect.map(c -> Duration.between(c, end)).orElse(Duration.ZERO));
            if (connect.isEmpty() && view.has(AttributeType.H323_CONNECT_TIME) && !sessionTime.isZero()) {
                // The call was answered but its connect time did not parse: it is when the billed time began.
                connect = Optional.of(end.minus(sessionTime));
            }
            return new AccountingRecord.Stop(new CallStop(new AccountingKey(callId, type, confId,
                    AccountingKey.RecordKind.STOP, 0), callId, confId, calling, called,
                    setup.orElse(connect.orElse(end)), connect, end, cause, sessionTime, reading.unparsed()));
        }
        List<SupplementaryService> services = new ArrayList<>();
        for (AvPair pair : pairs) {
            if (pair.key().equals(mapping.supplementaryServiceKey())) {
                reading.pair(pair.key(), pair.value(), SupplementaryService::parse).ifPresent(services::add);
            }
        }
        if (!services.isEmpty()) {
            return new AccountingRecord.Update(new SupplementaryUpdate(new AccountingKey(callId, type, confId,
                    AccountingKey.RecordKind.SUPPLEMENTARY_UPDATE, eventAt.getEpochSecond()), callId, confId, calling,
                    called, services, eventAt, reading.unparsed()));
        }
        Duration sessionTime = reportedSessionTime
                .orElse(connect.map(c -> Duration.between(c, eventAt)).orElse(Duration.ZERO));
        return new AccountingRecord.Interim(new CallInterim(new AccountingKey(callId, type, confId,
                AccountingKey.RecordKind.INTERIM, sessionTime.toSeconds()), callId, confId, calling, called,
                sessionTime, eventAt, reading.unparsed()));
    }

    /**
     * A Start reply as a server sends it.
     *
     * @param reply billing's reply
     * @return the Accounting-Response
     */
    public RadiusMessage encode(StartReply reply) {
        RadiusMessage.Builder out = RadiusMessage.builder(PacketCode.ACCOUNTING_RESPONSE);
        reply.maxDuration().ifPresent(max -> out.add(Accounting.sessionTimeout(max)).add(H323.creditTime(max)));
        reply.interimInterval().ifPresent(interval -> out.add(Accounting.interimInterval(interval)));
        reply.prohibition().ifPresent(reason -> out.add(H323.returnCode(H323ReturnCode.USER_DENIED))
                .add(replyMessage(reason)));
        return out.build();
    }

    /**
     * A Start reply as a softswitch reads it.
     *
     * @param view the Accounting-Response
     * @param reading the policy, and where unparsed attributes go
     * @return the reply
     */
    public StartReply decodeStartReply(AttributeView view, Reading reading) {
        Optional<Duration> max = sessionTimeout(view, reading).or(() -> creditTime(view, reading));
        Optional<String> prohibition = reading.optional(view, AttributeType.H323_RETURN_CODE,
                () -> H323.returnCode(view)).filter(code -> !code.allowsCall())
                .map(code -> view.string(AttributeType.REPLY_MESSAGE).orElse("h323-return-code " + code));
        Optional<Duration> interim = reading.optional(view, AttributeType.ACCT_INTERIM_INTERVAL,
                () -> Accounting.interimInterval(view)).filter(d -> !d.isZero());
        return new StartReply(max, prohibition, interim);
    }
}
