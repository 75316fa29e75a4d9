package org.netlever.aaa.call.internal;

import static org.netlever.aaa.call.internal.CallAttributes.callId;
import static org.netlever.aaa.call.internal.CallAttributes.creditTime;
import static org.netlever.aaa.call.internal.CallAttributes.replyMessage;
import static org.netlever.aaa.call.internal.CallAttributes.sessionTimeout;
import static org.netlever.aaa.call.internal.CallAttributes.value;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.netlever.aaa.call.AuthorizationDecision;
import org.netlever.aaa.call.AuthorizationRequest;
import org.netlever.aaa.call.CallAttributeMapping;
import org.netlever.aaa.call.CallNumber;
import org.netlever.aaa.call.ReleaseCause;
import org.netlever.aaa.call.RouteReply;
import org.netlever.aaa.call.RouteRequest;
import org.netlever.aaa.radius.AttributeType;
import org.netlever.aaa.radius.AttributeView;
import org.netlever.aaa.radius.AvPair;
import org.netlever.aaa.radius.PacketCode;
import org.netlever.aaa.radius.RadiusAttribute;
import org.netlever.aaa.radius.RadiusException;
import org.netlever.aaa.radius.RadiusMessage;
import org.netlever.aaa.radius.attr.Accounting;
import org.netlever.aaa.radius.attr.H323;
import org.netlever.aaa.radius.attr.H323ReturnCode;

/**
 * Translates the routing and authorization requests and replies of S2.2–S2.3 to and from RADIUS messages under a
 * {@link CallAttributeMapping}: both directions, so the server side ({@code CallAaaHandler}) and the client side
 * ({@code CallControl}) agree by construction. The accounting records of S2.4–S2.7 are {@link AccountingCodec}'s.
 * Immutable and thread-safe.
 */
public final class CallCodec {

    /** What an Access-Request asks. Thread-safe (an enum). */
    public enum AccessKind {
        /** S2.2. */
        ROUTING,
        /** S2.3. */
        AUTHORIZATION
    }

    private final CallAttributeMapping mapping;
    private final CallAttributes attributes;

    /**
     * A codec for a mapping.
     *
     * @param mapping the mapping
     */
    public CallCodec(CallAttributeMapping mapping) {
        this.mapping = mapping;
        this.attributes = new CallAttributes(mapping);
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
        return attributes.pairs(view);
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
                .add(attributes.pair(mapping.requestTypeKey(), mapping.routingRequestValue()));
        attributes.writeNumber(out, request.calling(), true);
        attributes.writeNumber(out, request.called(), false);
        request.routingContext().ifPresent(v -> out.add(attributes.pair(mapping.routingContextKey(), v)));
        request.tag().ifPresent(v -> out.add(attributes.pair(mapping.tagKey(), v)));
        request.domain().ifPresent(v -> out.add(attributes.pair(mapping.domainKey(), v)));
        request.incomingInterface().ifPresent(v -> out.add(attributes.pair(mapping.incomingInterfaceKey(), v)));
        out.add(attributes.pair(mapping.attemptKey(), Integer.toString(request.attempt())));
        request.previousRelease().ifPresent(v -> out.add(attributes.pair(mapping.previousReleaseKey(), v.toString())));
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
        CallNumber calling = attributes.number(view, pairs, true, reading);
        CallNumber called = attributes.number(view, pairs, false, reading);
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
                .add(attributes.pair(mapping.requestTypeKey(), mapping.authorizationRequestValue()));
        request.confId().ifPresent(id -> out.add(H323.confId(id)));
        attributes.writeNumber(out, request.calling(), true);
        attributes.writeNumber(out, request.called(), false);
        request.domain().ifPresent(v -> out.add(attributes.pair(mapping.domainKey(), v)));
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
        return new AuthorizationRequest(callId, H323.confId(view), attributes.number(view, pairs, true, reading),
                attributes.number(view, pairs, false, reading), view.string(AttributeType.USER_NAME),
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
}
