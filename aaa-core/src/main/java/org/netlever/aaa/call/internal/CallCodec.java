package org.netlever.aaa.call.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.netlever.aaa.call.AccountingKey;
import org.netlever.aaa.call.AttributePolicy;
import org.netlever.aaa.call.AuthorizationDecision;
import org.netlever.aaa.call.AuthorizationRequest;
import org.netlever.aaa.call.CallAttributeMapping;
import org.netlever.aaa.call.CallInterim;
import org.netlever.aaa.call.CallNumber;
import org.netlever.aaa.call.CallStart;
import org.netlever.aaa.call.CallStop;
import org.netlever.aaa.call.ReleaseCause;
import org.netlever.aaa.call.RouteReply;
import org.netlever.aaa.call.RouteRequest;
import org.netlever.aaa.call.StartReply;
import org.netlever.aaa.call.SupplementaryService;
import org.netlever.aaa.call.SupplementaryUpdate;
import org.netlever.aaa.call.UnparsedAttribute;
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
import org.netlever.aaa.radius.attr.H323Time;
import org.netlever.aaa.radius.attr.Q850Cause;

/**
 * Translates the typed call records of S2.2–S2.7 to and from RADIUS messages under a {@link CallAttributeMapping}:
 * both directions, so the server side ({@code CallAaaHandler}) and the client side ({@code CallControl}) agree by
 * construction. Immutable and thread-safe.
 */
public final class CallCodec {

    /** What an Access-Request asks. Thread-safe (an enum). */
    public enum AccessKind {
        /** S2.2. */
        ROUTING,
        /** S2.3. */
        AUTHORIZATION
    }

    /** An accounting request, decoded: exactly one of the four records. Immutable and thread-safe. */
    public sealed interface AccountingRecord {
        /** @param start the record */
        record Start(CallStart start) implements AccountingRecord {
        }

        /** @param interim the record */
        record Interim(CallInterim interim) implements AccountingRecord {
        }

        /** @param update the record */
        record Update(SupplementaryUpdate update) implements AccountingRecord {
        }

        /** @param stop the record */
        record Stop(CallStop stop) implements AccountingRecord {
        }

        /** @param type an Acct-Status-Type with no call record (Accounting-On, -Off …), acknowledged as is */
        record Other(AcctStatusType type) implements AccountingRecord {
        }
    }

    /**
     * One decoding of one message under a policy: collects the optional attributes that did not parse. Not
     * thread-safe: one per message.
     */
    public static final class Reading {
        private final AttributePolicy policy;
        private final List<UnparsedAttribute> unparsed = new ArrayList<>();

        /**
         * A reading under a policy.
         *
         * @param policy lenient keeps what does not parse, strict refuses the message for it
         */
        public Reading(AttributePolicy policy) {
            this.policy = java.util.Objects.requireNonNull(policy, "policy");
        }

        /** @return the optional attributes that did not parse, in the order met */
        public List<UnparsedAttribute> unparsed() {
            return List.copyOf(unparsed);
        }

        /**
         * Reads an optional value; under the lenient policy one that does not parse is kept and reads as absent.
         *
         * @param attribute the attribute or key name, for the record and the metric
         * @param raw the value as sent
         * @param read the reading, which may throw {@link RadiusException}
         * @return the value, or empty if absent or (lenient) unparsable
         * @throws RadiusException under the strict policy, naming the attribute
         */
        <T> Optional<T> optional(String attribute, Supplier<Optional<String>> raw, Supplier<Optional<T>> read) {
            try {
                return read.get();
            } catch (RadiusException e) {
                if (policy == AttributePolicy.STRICT) {
                    throw new RadiusException(attribute + ": " + e.getMessage(), e);
                }
                unparsed.add(new UnparsedAttribute(attribute, raw.get().orElse(""), e.getMessage()));
                return Optional.empty();
            }
        }

        <T> Optional<T> optional(AttributeView view, AttributeType type, Supplier<Optional<T>> read) {
            return optional(type.name(), () -> view.first(type).map(CallCodec::raw), read);
        }

        <T> Optional<T> pair(String key, String value, Function<String, T> parse) {
            return optional(key, () -> Optional.of(value), () -> Optional.of(parse.apply(value)));
        }
    }

    private static String raw(RadiusAttribute attribute) {
        String text = attribute.asString();
        String prefix = attribute.type().name() + "=";
        if (text.startsWith(prefix)) {
            return text.substring(prefix.length());
        }
        return text.chars().allMatch(c -> c >= 0x20 && c != 0xFFFD) ? text
                : java.util.HexFormat.of().formatHex(attribute.value());
    }

    private final CallAttributeMapping mapping;

    /**
     * A codec for a mapping.
     *
     * @param mapping the mapping
     */
    public CallCodec(CallAttributeMapping mapping) {
        this.mapping = mapping;
    }

    /**
     * The mapping.
     *
     * @return the mapping
     */
    public CallAttributeMapping mapping() {
        return mapping;
    }

    // ------------------------------------------------------------------ reading pairs

    /**
     * Every AV pair of the readable pair attributes, in packet order.
     *
     * @param view a packet or message
     * @return the pairs; attributes that are not {@code key=value} are skipped
     */
    public List<AvPair> pairs(AttributeView view) {
        List<AvPair> pairs = new ArrayList<>();
        for (RadiusAttribute attribute : view.attributes()) {
            if (mapping.readPairTypes().contains(attribute.type())) {
                try {
                    pairs.add(attribute.asAvPair());
                } catch (RadiusException e) {
                    // Not an AV pair (a Cisco-AVPair without '='): nothing to read from it.
                }
            }
        }
        return pairs;
    }

    private static Optional<String> value(List<AvPair> pairs, String key) {
        for (AvPair pair : pairs) {
            if (pair.key().equals(key)) {
                return Optional.of(pair.value());
            }
        }
        return Optional.empty();
    }

    private RadiusAttribute pair(String key, String value) {
        return RadiusAttribute.ofAvPair(mapping.pairType(), AvPair.of(key, value));
    }

    private CallNumber number(AttributeView view, List<AvPair> pairs, boolean calling, Reading reading) {
        String key = calling ? mapping.callingNumberKey() : mapping.calledNumberKey();
        AttributeType station = calling ? AttributeType.CALLING_STATION_ID : AttributeType.CALLED_STATION_ID;
        String digits = value(pairs, key).or(() -> view.string(station))
                .orElseThrow(() -> new RadiusException("no number " + (calling ? "A" : "B") + ": neither " + key
                        + " nor " + station.name()));
        String prefix = calling ? mapping.callingAttributePrefix() : mapping.calledAttributePrefix();
        Map<String, String> attributes = new LinkedHashMap<>();
        for (AvPair p : pairs) {
            if (p.key().startsWith(prefix) && !p.key().startsWith(prefix + "number")) {
                String name = p.key().substring(prefix.length());
                reading.pair(p.key(), p.value(), v -> new CallNumber(digits, Map.of(name, v)))
                        .ifPresent(checked -> attributes.put(name, p.value()));
            }
        }
        return new CallNumber(digits, attributes);
    }

    private void writeNumber(RadiusMessage.Builder out, CallNumber number, boolean calling) {
        out.string(calling ? AttributeType.CALLING_STATION_ID : AttributeType.CALLED_STATION_ID, number.digits());
        out.add(pair(calling ? mapping.callingNumberKey() : mapping.calledNumberKey(), number.digits()));
        String prefix = calling ? mapping.callingAttributePrefix() : mapping.calledAttributePrefix();
        number.attributes().forEach((name, value) -> out.add(pair(prefix + name, value)));
    }

    private static String callId(AttributeView view) {
        return view.string(AttributeType.ACCT_SESSION_ID)
                .orElseThrow(() -> new RadiusException("no Acct-Session-Id: every call request carries its call id"));
    }

    private Optional<Instant> time(AttributeView view, AttributeType type, Reading reading) {
        return reading.optional(view, type, () -> H323.value(view, type).map(H323Time::parse)
                .map(t -> t.toInstant(mapping.zoneAbbreviations(), mapping.timeZone())));
    }

    private H323Time h323(Instant instant) {
        return H323Time.of(instant, mapping.timeZone());
    }

    // ------------------------------------------------------------------ access requests

    /**
     * What an Access-Request asks.
     *
     * @param view the request
     * @return routing or authorization
     */
    public AccessKind accessKind(AttributeView view) {
        Optional<String> kind = value(pairs(view), mapping.requestTypeKey());
        return kind.filter(mapping.routingRequestValue()::equals).isPresent() ? AccessKind.ROUTING
                : AccessKind.AUTHORIZATION;
    }

    /**
     * S2.2 as sent by a softswitch.
     *
     * @param request the routing request
     * @param userName the User-Name to send
     * @return the Access-Request without User-Password or NAS attributes
     */
    public RadiusMessage encode(RouteRequest request, String userName) {
        RadiusMessage.Builder out = RadiusMessage.builder(PacketCode.ACCESS_REQUEST)
                .string(AttributeType.USER_NAME, userName)
                .string(AttributeType.ACCT_SESSION_ID, request.callId())
                .add(pair(mapping.requestTypeKey(), mapping.routingRequestValue()));
        writeNumber(out, request.calling(), true);
        writeNumber(out, request.called(), false);
        request.routingContext().ifPresent(v -> out.add(pair(mapping.routingContextKey(), v)));
        request.tag().ifPresent(v -> out.add(pair(mapping.tagKey(), v)));
        request.domain().ifPresent(v -> out.add(pair(mapping.domainKey(), v)));
        request.incomingInterface().ifPresent(v -> out.add(pair(mapping.incomingInterfaceKey(), v)));
        out.add(pair(mapping.attemptKey(), Integer.toString(request.attempt())));
        request.previousRelease().ifPresent(v -> out.add(pair(mapping.previousReleaseKey(), v.toString())));
        return out.build();
    }

    /**
     * S2.2 as a server reads it.
     *
     * @param view the Access-Request
     * @param reading the policy, and where unparsed attributes go
     * @return the routing request
     * @throws RadiusException if the call id or a number is missing, or (strict) a value is malformed
     */
    public RouteRequest decodeRouteRequest(AttributeView view, Reading reading) {
        List<AvPair> pairs = pairs(view);
        String callId = callId(view);
        CallNumber calling = number(view, pairs, true, reading);
        CallNumber called = number(view, pairs, false, reading);
        int attempt = value(pairs, mapping.attemptKey()).flatMap(v -> reading.pair(mapping.attemptKey(), v, text -> {
            try {
                return Integer.parseInt(text.trim());
            } catch (NumberFormatException e) {
                throw new RadiusException("'" + text + "' is not a number");
            }
        })).orElse(1);
        Optional<ReleaseCause> previous = value(pairs, mapping.previousReleaseKey())
                .flatMap(v -> reading.pair(mapping.previousReleaseKey(), v, ReleaseCause::parse));
        return new RouteRequest(callId, calling, called,
                value(pairs, mapping.routingContextKey()), value(pairs, mapping.tagKey()),
                value(pairs, mapping.domainKey()), value(pairs, mapping.incomingInterfaceKey()), attempt,
                previous, pairs, reading.unparsed());
    }

    /**
     * A routing reply as a server sends it.
     *
     * @param reply the reply
     * @return Access-Accept with the rewrite commands, or Access-Reject with Reply-Message
     */
    public RadiusMessage encode(RouteReply reply) {
        if (reply instanceof RouteReply.Refuse refuse) {
            return RadiusMessage.of(PacketCode.ACCESS_REJECT, replyMessage(refuse.reason()));
        }
        RouteReply.Route route = (RouteReply.Route) reply;
        RadiusMessage.Builder out = RadiusMessage.builder(PacketCode.ACCESS_ACCEPT);
        route.calling().ifPresent(n -> out.add(command(mapping.callingCommand(), n)));
        route.called().ifPresent(n -> out.add(command(mapping.calledCommand(), n)));
        route.tag().ifPresent(t -> out.add(RadiusAttribute.ofString(mapping.pairType(),
                mapping.commandPrefix() + mapping.tagCommand() + "=" + t)));
        return out.build();
    }

    private RadiusAttribute command(String command, CallNumber number) {
        StringBuilder text = new StringBuilder(mapping.commandPrefix()).append(command).append('=')
                .append(number.digits());
        number.attributes().forEach((name, value) -> text.append(';').append(name).append('=').append(value));
        return RadiusAttribute.ofString(mapping.pairType(), text.toString());
    }

    private static RadiusAttribute replyMessage(String text) {
        String trimmed = text.isEmpty() ? "refused" : text;
        byte[] octets = trimmed.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (octets.length > 253) {
            trimmed = new String(java.util.Arrays.copyOf(octets, 253), java.nio.charset.StandardCharsets.UTF_8)
                    .replace("\uFFFD", "");
        }
        return RadiusAttribute.ofString(AttributeType.REPLY_MESSAGE, trimmed);
    }

    /**
     * A routing reply as a softswitch reads it.
     *
     * @param code the reply code
     * @param view the reply
     * @param request what was asked, to apply partial rewrites to
     * @param reading the policy, and where unparsed attributes go (a rewrite whose number does not parse)
     * @return the reply
     */
    public RouteReply decodeRouteReply(PacketCode code, AttributeView view, RouteRequest request,
            Reading reading) {
        if (!code.equals(PacketCode.ACCESS_ACCEPT)) {
            return RouteReply.refuse(view.string(AttributeType.REPLY_MESSAGE).orElse(code.name()));
        }
        Optional<CallNumber> calling = Optional.empty();
        Optional<CallNumber> called = Optional.empty();
        Optional<String> tag = Optional.empty();
        for (RadiusAttribute attribute : view.attributes()) {
            if (!mapping.readPairTypes().contains(attribute.type())) {
                continue;
            }
            String text = attribute.asString();
            if (!text.startsWith(mapping.commandPrefix())) {
                continue;
            }
            String body = text.substring(mapping.commandPrefix().length());
            String[] parts = body.split(";");
            int eq = parts[0].indexOf('=');
            if (eq < 0) {
                continue;
            }
            String command = parts[0].substring(0, eq);
            String argument = parts[0].substring(eq + 1);
            if (command.equals(mapping.tagCommand())) {
                tag = Optional.of(argument);
                continue;
            }
            boolean isCalling = command.equals(mapping.callingCommand());
            if (!isCalling && !command.equals(mapping.calledCommand())) {
                continue;
            }
            CallNumber base = isCalling ? calling.orElse(request.calling()) : called.orElse(request.called());
            Optional<CallNumber> rewritten = reading.pair(mapping.commandPrefix() + command, body, b -> {
                CallNumber number = argument.isEmpty() ? base : base.withDigits(argument);
                for (int i = 1; i < parts.length; i++) {
                    int at = parts[i].indexOf('=');
                    if (at > 0) {
                        number = number.with(parts[i].substring(0, at), parts[i].substring(at + 1));
                    }
                }
                return number;
            });
            if (rewritten.isEmpty()) {
                continue;
            }
            if (isCalling) {
                calling = rewritten;
            } else {
                called = rewritten;
            }
        }
        return new RouteReply.Route(calling, called, tag);
    }

    /**
     * S2.3 as sent by a softswitch.
     *
     * @param request the authorization request
     * @param userName the User-Name to send
     * @return the Access-Request without User-Password or NAS attributes
     */
    public RadiusMessage encode(AuthorizationRequest request, String userName) {
        RadiusMessage.Builder out = RadiusMessage.builder(PacketCode.ACCESS_REQUEST)
                .string(AttributeType.USER_NAME, request.userName().orElse(userName))
                .string(AttributeType.ACCT_SESSION_ID, request.callId())
                .add(pair(mapping.requestTypeKey(), mapping.authorizationRequestValue()));
        request.confId().ifPresent(id -> out.add(H323.confId(id)));
        writeNumber(out, request.calling(), true);
        writeNumber(out, request.called(), false);
        request.domain().ifPresent(v -> out.add(pair(mapping.domainKey(), v)));
        return out.build();
    }

    /**
     * S2.3 as a server reads it.
     *
     * @param view the Access-Request
     * @param reading the policy, and where unparsed attributes go
     * @return the authorization request
     * @throws RadiusException if the call id or a number is missing, or (strict) a value is malformed
     */
    public AuthorizationRequest decodeAuthorizationRequest(AttributeView view, Reading reading) {
        List<AvPair> pairs = pairs(view);
        String callId = callId(view);
        return new AuthorizationRequest(callId, H323.confId(view), number(view, pairs, true, reading),
                number(view, pairs, false, reading), view.string(AttributeType.USER_NAME),
                value(pairs, mapping.domainKey()), pairs, reading.unparsed());
    }

    /**
     * An authorization decision as a server sends it.
     *
     * @param decision the decision
     * @return Access-Accept with {@code h323-return-code=0} and any credit time, or Access-Reject with the code and
     *     a Reply-Message
     */
    public RadiusMessage encode(AuthorizationDecision decision) {
        if (decision instanceof AuthorizationDecision.Reject reject) {
            return RadiusMessage.of(PacketCode.ACCESS_REJECT, H323.returnCode(reject.returnCode()),
                    replyMessage(reject.reason()));
        }
        AuthorizationDecision.Accept accept = (AuthorizationDecision.Accept) decision;
        RadiusMessage.Builder out = RadiusMessage.builder(PacketCode.ACCESS_ACCEPT)
                .add(H323.returnCode(H323ReturnCode.SUCCESS));
        accept.creditTime().ifPresent(credit -> out.add(H323.creditTime(credit))
                .add(Accounting.sessionTimeout(credit)));
        return out.build();
    }

    /**
     * An authorization reply as a softswitch reads it: Access-Accept with a return code that allows the call is an
     * acceptance; anything else a rejection.
     *
     * @param code the reply code
     * @param view the reply
     * @param reading the policy, and where unparsed attributes go: a billing that is not netlever may write values
     *     netlever does not (lenient: an unparsable return code reads as absent, so the packet code decides)
     * @return the decision
     */
    public AuthorizationDecision decodeAuthorization(PacketCode code, AttributeView view, Reading reading) {
        Optional<H323ReturnCode> returnCode = reading.optional(view, AttributeType.H323_RETURN_CODE,
                () -> H323.returnCode(view));
        String reason = view.string(AttributeType.REPLY_MESSAGE).orElse(code.name());
        if (code.equals(PacketCode.ACCESS_ACCEPT) && returnCode.map(H323ReturnCode::allowsCall).orElse(true)) {
            Optional<Duration> credit = creditTime(view, reading).or(() -> sessionTimeout(view, reading));
            return new AuthorizationDecision.Accept(credit);
        }
        H323ReturnCode refusal = returnCode.filter(c -> !c.allowsCall()).orElse(H323ReturnCode.USER_DENIED);
        return AuthorizationDecision.reject(reason, refusal);
    }

    // ------------------------------------------------------------------ accounting

    private RadiusMessage.Builder accounting(AcctStatusType type, String callId, Optional<ConfId> confId,
            CallNumber calling, CallNumber called, Instant eventAt) {
        RadiusMessage.Builder out = RadiusMessage.builder(PacketCode.ACCOUNTING_REQUEST)
                .add(Accounting.statusType(type))
                .string(AttributeType.ACCT_SESSION_ID, callId);
        confId.ifPresent(id -> out.add(H323.confId(id)));
        writeNumber(out, calling, true);
        writeNumber(out, called, false);
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
                .add(H323.setupTime(h323(start.setupTime())))
                .add(H323.connectTime(h323(start.answerTime())))
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
            out.add(pair(mapping.supplementaryServiceKey(), service.toString()));
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
                .add(H323.setupTime(h323(stop.setupTime())));
        stop.answerTime().ifPresent(answer -> out.add(H323.connectTime(h323(answer))));
        return out.add(H323.disconnectTime(h323(stop.endTime())))
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
        List<AvPair> pairs = pairs(view);
        String callId = callId(view);
        Optional<ConfId> confId = H323.confId(view);
        CallNumber calling = number(view, pairs, true, reading);
        CallNumber called = number(view, pairs, false, reading);
        Instant eventAt = reading.optional(view, AttributeType.EVENT_TIMESTAMP, () -> Accounting.eventTimestamp(view))
                .orElse(receivedAt);
        Optional<Instant> setup = time(view, AttributeType.H323_SETUP_TIME, reading);
        Optional<Instant> connect = time(view, AttributeType.H323_CONNECT_TIME, reading);
        Optional<Duration> reportedSessionTime = reading.optional(view, AttributeType.ACCT_SESSION_TIME,
                () -> Accounting.sessionTime(view));
        if (type.equals(AcctStatusType.START)) {
            Instant answer = connect.orElse(eventAt);
            return new AccountingRecord.Start(new CallStart(new AccountingKey(callId, type, confId,
                    AccountingKey.RecordKind.START, 0), callId, confId, calling, called, setup.orElse(answer), answer,
                    pairs, reading.unparsed()));
        }
        if (type.equals(AcctStatusType.STOP)) {
            Instant end = time(view, AttributeType.H323_DISCONNECT_TIME, reading).orElse(eventAt);
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

    private static Optional<Duration> sessionTimeout(AttributeView view, Reading reading) {
        return reading.optional(view, AttributeType.SESSION_TIMEOUT, () -> Accounting.sessionTimeout(view))
                .filter(d -> !d.isZero());
    }

    private static Optional<Duration> creditTime(AttributeView view, Reading reading) {
        return reading.optional(view, AttributeType.H323_CREDIT_TIME, () -> H323.creditTime(view))
                .filter(d -> !d.isZero());
    }
}
