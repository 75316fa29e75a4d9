package org.netlever.aaa.call;

import java.util.Objects;
import org.netlever.aaa.call.internal.CallCodec;
import org.netlever.aaa.radius.PacketCode;
import org.netlever.aaa.radius.RadiusException;
import org.netlever.aaa.radius.RadiusMessage;
import org.netlever.aaa.radius.RadiusPacket;
import org.netlever.aaa.radius.server.RadiusHandler;
import org.netlever.aaa.radius.server.RadiusReply;
import org.netlever.aaa.radius.server.RadiusRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The billing side of ECSS-style softswitch AAA (S2.1–S2.7): a {@link RadiusHandler} that turns RADIUS requests into
 * calls of billing's {@link CallRouter}, {@link CallAuthorizer} and {@link CallAccounting}, and their answers into
 * replies, under a {@link CallAttributeMapping}. Plug it into a {@link org.netlever.aaa.radius.server.RadiusServer}.
 *
 * <ul>
 *   <li>An Access-Request the mapping marks as routing goes to the router; any other Access-Request to the
 *       authorizer. A stage without an implementation is switched off (S2.1): its requests are rejected with a
 *       Reply-Message saying so.</li>
 *   <li>A malformed Access-Request (no call id, no number) is rejected with a Reply-Message naming what is
 *       missing.</li>
 *   <li>Accounting Start, Interim-Update, supplementary-service Update and Stop go to the accounting SPI; other
 *       status types (Accounting-On, -Off) are acknowledged. Start and Interim-Update are answered with the limits billing
 *       returns (S2.4): maximum duration, prohibition, interim interval. A malformed Accounting-Request, or one when accounting
 *       is switched off, is <em>not</em> acknowledged — acknowledging would lose the record — and is counted and
 *       recorded by the server as a discard, so the softswitch keeps it and resends it.</li>
 * </ul>
 *
 * <p>Thread-safe if the SPI implementations are.
 */
public final class CallAaaHandler implements RadiusHandler {

    private static final Logger LOG = LoggerFactory.getLogger(CallAaaHandler.class);

    private final CallRouter router;
    private final CallAuthorizer authorizer;
    private final CallAccounting accounting;
    private final CallCodec codec;

    private CallAaaHandler(Builder builder) {
        this.router = builder.router;
        this.authorizer = builder.authorizer;
        this.accounting = builder.accounting;
        this.codec = new CallCodec(builder.mapping);
    }

    /**
     * A builder with no stage switched on and the default mapping.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public RadiusReply handle(RadiusRequest request) throws Exception {
        RadiusPacket packet = request.packet();
        if (packet.code().equals(PacketCode.ACCESS_REQUEST)) {
            return RadiusReply.of(access(packet));
        }
        return accounting(request);
    }

    private RadiusMessage access(RadiusPacket packet) throws Exception {
        CallCodec.AccessKind kind = codec.accessKind(packet);
        try {
            if (kind == CallCodec.AccessKind.ROUTING) {
                if (router == null) {
                    return codec.encode(RouteReply.refuse("routing is not served here"));
                }
                return codec.encode(router.route(codec.decodeRouteRequest(packet)));
            }
            if (authorizer == null) {
                return codec.encode(AuthorizationDecision.reject("authorization is not served here",
                        org.netlever.aaa.radius.attr.H323ReturnCode.SERVICE_NOT_AVAILABLE));
            }
            return codec.encode(authorizer.authorize(codec.decodeAuthorizationRequest(packet)));
        } catch (RadiusException e) {
            LOG.warn("Refusing a malformed {} request: {}", kind.name().toLowerCase(java.util.Locale.ROOT),
                    e.getMessage());
            return codec.encode(RouteReply.refuse("malformed " + kind.name().toLowerCase(java.util.Locale.ROOT)
                    + " request: " + e.getMessage()));
        }
    }

    private RadiusReply accounting(RadiusRequest request) throws Exception {
        if (accounting == null) {
            return RadiusReply.discard("accounting is not served here");
        }
        CallCodec.AccountingRecord record;
        try {
            record = codec.decodeAccounting(request.packet(), request.receivedAt());
        } catch (RadiusException e) {
            return RadiusReply.discard("malformed accounting request: " + e.getMessage());
        }
        RadiusMessage reply = RadiusMessage.of(PacketCode.ACCOUNTING_RESPONSE);
        if (record instanceof CallCodec.AccountingRecord.Start start) {
            reply = codec.encode(accounting.start(start.start()));
        } else if (record instanceof CallCodec.AccountingRecord.Interim interim) {
            reply = codec.encode(accounting.answerInterim(interim.interim()));
        } else if (record instanceof CallCodec.AccountingRecord.Update update) {
            accounting.supplementaryUpdate(update.update());
        } else if (record instanceof CallCodec.AccountingRecord.Stop stop) {
            accounting.stop(stop.stop());
        }
        return RadiusReply.of(reply);
    }

    /**
     * Configures a {@link CallAaaHandler}. Not thread-safe.
     */
    public static final class Builder {
        private CallRouter router;
        private CallAuthorizer authorizer;
        private CallAccounting accounting;
        private CallAttributeMapping mapping = CallAttributeMapping.eltexSmg();

        private Builder() {
        }

        /**
         * Serves routing requests (S2.2).
         *
         * @param value billing's router
         * @return this builder
         */
        public Builder router(CallRouter value) {
            this.router = Objects.requireNonNull(value, "router");
            return this;
        }

        /**
         * Serves authorization requests (S2.3).
         *
         * @param value billing's authorizer
         * @return this builder
         */
        public Builder authorizer(CallAuthorizer value) {
            this.authorizer = Objects.requireNonNull(value, "authorizer");
            return this;
        }

        /**
         * Serves accounting (S2.4–S2.7).
         *
         * @param value billing's accounting
         * @return this builder
         */
        public Builder accounting(CallAccounting value) {
            this.accounting = Objects.requireNonNull(value, "accounting");
            return this;
        }

        /**
         * The attribute mapping.
         *
         * @param value the mapping
         * @return this builder
         */
        public Builder mapping(CallAttributeMapping value) {
            this.mapping = Objects.requireNonNull(value, "mapping");
            return this;
        }

        /**
         * Builds the handler.
         *
         * @return the handler
         * @throws RadiusException if no stage is switched on
         */
        public CallAaaHandler build() {
            if (router == null && authorizer == null && accounting == null) {
                throw new RadiusException("a call AAA handler serves at least one of routing, authorization and "
                        + "accounting");
            }
            return new CallAaaHandler(this);
        }
    }
}
