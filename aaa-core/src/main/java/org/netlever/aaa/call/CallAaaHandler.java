package org.netlever.aaa.call;

import java.time.Clock;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.netlever.aaa.RateLimitedLog;
import org.netlever.aaa.call.internal.AccountingCodec;
import org.netlever.aaa.call.internal.AccountingRecord;
import org.netlever.aaa.call.internal.AttributeProblems;
import org.netlever.aaa.call.internal.CallCodec;
import org.netlever.aaa.call.internal.Reading;
import org.netlever.aaa.radius.PacketCode;
import org.netlever.aaa.radius.RadiusException;
import org.netlever.aaa.radius.RadiusMessage;
import org.netlever.aaa.radius.RadiusPacket;
import org.netlever.aaa.radius.server.AsyncRadiusHandler;
import org.netlever.aaa.radius.server.RadiusReply;
import org.netlever.aaa.radius.server.RadiusRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The billing side of ECSS-style softswitch AAA (S2.1–S2.7): a {@link org.netlever.aaa.radius.server.RadiusHandler} that turns RADIUS requests into
 * calls of billing's {@link CallRouter}, {@link CallAuthorizer} and {@link CallAccounting}, and their answers into
 * replies, under a {@link CallAttributeMapping}. Plug it into a {@link org.netlever.aaa.radius.server.RadiusServer}.
 *
 * <ul>
 *   <li>An Access-Request the mapping marks as routing goes to the router; any other Access-Request to the
 *       authorizer. A stage without an implementation is switched off (S2.1): its requests are rejected with a
 *       Reply-Message saying so.</li>
 *   <li>An Access-Request that cannot be tied to a call (no Acct-Session-Id) or priced (no number A or B) is
 *       rejected with a Reply-Message naming what is missing; the refusal is logged at a limited rate.</li>
 *   <li>Accounting Start, Interim-Update, supplementary-service Update and Stop go to the accounting SPI; other
 *       status types (Accounting-On, -Off) are acknowledged. Start and Interim-Update are answered with the limits
 *       billing returns (S2.4): maximum duration, prohibition, interim interval. An Accounting-Request without
 *       Acct-Status-Type, Acct-Session-Id or numbers, or one when accounting is switched off, is <em>not</em>
 *       acknowledged —
 *       acknowledging would lose the record — and is counted and recorded by the server as a discard with its
 *       reason, so the softswitch keeps it and resends it.</li>
 *   <li>An optional attribute that does not parse (a time, the release cause, Acct-Session-Time, a number attribute
 *       …) costs neither the answer nor the charge under {@link AttributePolicy#LENIENT}, the default: the request
 *       is processed with what did parse, the value is kept with the record ({@code unparsed()}), counted by
 *       attribute ({@link #attributeProblems()}) and logged at a limited rate with the client and attribute. Under
 *       {@link AttributePolicy#STRICT}, set per client, it refuses the request as malformed.</li>
 * </ul>
 *
 * <p>Thread-safe if the SPI implementations are.
 */
public final class CallAaaHandler implements AsyncRadiusHandler {

    private static final Logger LOG = LoggerFactory.getLogger(CallAaaHandler.class);

    private final CallRouter router;
    private final CallAuthorizer authorizer;
    private final CallAccounting accounting;
    private final CallCodec codec;
    private final AccountingCodec accountingCodec;
    private final AttributePolicy policy;
    private final Map<String, AttributePolicy> clientPolicies;
    private final AttributeProblems problems;
    private final RateLimitedLog refusals;

    private CallAaaHandler(Builder builder) {
        this.router = builder.router;
        this.authorizer = builder.authorizer;
        this.accounting = builder.accounting;
        this.codec = new CallCodec(builder.mapping);
        this.accountingCodec = new AccountingCodec(builder.mapping);
        this.policy = builder.policy;
        this.clientPolicies = Map.copyOf(builder.clientPolicies);
        this.problems = new AttributeProblems(LOG, builder.logLinesPerMinute, builder.clock,
                builder.problemListener);
        this.refusals = new RateLimitedLog(LOG, builder.logLinesPerMinute, builder.clock);
        // So that the first record with a zone only the JDK knows does not wait a second for the index.
        java.util.concurrent.CompletableFuture.runAsync(org.netlever.aaa.radius.attr.H323Time::indexZoneAbbreviations);
    }

    /**
     * How many values of each optional attribute did not parse and were kept unparsed, since start: what a
     * {@code netlever_call_attribute_problems_total{attribute}} metric publishes.
     *
     * @return attribute name ({@code h323-connect-time}, {@code xpgk-route-retries} …) to count, sorted by name
     */
    public Map<String, Long> attributeProblems() {
        return problems.counts();
    }

    /**
     * The policy for a client.
     *
     * @param client the client's name
     * @return its own policy, else the default
     */
    public AttributePolicy policy(String client) {
        return clientPolicies.getOrDefault(client, policy);
    }

    private Reading reading(RadiusRequest request) {
        return new Reading(policy(request.client().name()));
    }

    private void report(RadiusRequest request, String what, java.util.List<UnparsedAttribute> unparsed) {
        if (!unparsed.isEmpty()) {
            problems.report(request.client().name(), what, unparsed);
        }
    }

    /**
     * A builder with no stage switched on and the default mapping.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * {@inheritDoc}
     *
     * <p>Requests are decoded on the calling thread. Routing runs on {@code blocking}; authorization and accounting
     * go to {@link CallAuthorizer#authorizeAsync} and the accounting's {@code …Async} methods, whose defaults run the
     * blocking methods on {@code blocking}; a billing that completes them itself (the reference billing, when a group
     * commits) holds no thread per request.
     */
    @Override
    public CompletionStage<RadiusReply> handleAsync(RadiusRequest request, Executor blocking) {
        if (request.packet().code().equals(PacketCode.ACCESS_REQUEST)) {
            return access(request, blocking);
        }
        return accounting(request, blocking);
    }

    private CompletionStage<RadiusReply> access(RadiusRequest request, Executor blocking) {
        RadiusPacket packet = request.packet();
        CallCodec.AccessKind kind = codec.accessKind(packet);
        String name = kind.name().toLowerCase(Locale.ROOT);
        Reading reading = reading(request);
        try {
            if (kind == CallCodec.AccessKind.ROUTING) {
                if (router == null) {
                    return answered(codec.encode(RouteReply.refuse("routing is not served here")));
                }
                RouteRequest route = codec.decodeRouteRequest(packet, reading);
                report(request, "routing request of call " + route.callId(), route.unparsed());
                return CompletableFuture.supplyAsync(() -> {
                    try {
                        return RadiusReply.of(codec.encode(router.route(route)));
                    } catch (RadiusException e) {
                        return refuse(request, name, e);
                    } catch (RuntimeException e) {
                        throw e;
                    } catch (Exception e) {
                        throw new CompletionException(e);
                    }
                }, blocking);
            }
            if (authorizer == null) {
                return answered(codec.encode(AuthorizationDecision.reject("authorization is not served here",
                        org.netlever.aaa.radius.attr.H323ReturnCode.SERVICE_NOT_AVAILABLE)));
            }
            AuthorizationRequest authorization = codec.decodeAuthorizationRequest(packet, reading);
            report(request, "authorization request of call " + authorization.callId(), authorization.unparsed());
            return authorizer.authorizeAsync(authorization, blocking)
                    .thenApply(decision -> RadiusReply.of(codec.encode(decision)));
        } catch (RadiusException e) {
            return CompletableFuture.completedFuture(refuse(request, name, e));
        }
    }

    private static CompletionStage<RadiusReply> answered(RadiusMessage message) {
        return CompletableFuture.completedFuture(RadiusReply.of(message));
    }

    private RadiusReply refuse(RadiusRequest request, String name, RadiusException e) {
        refusals.warn("Refusing a malformed {} request from client {}: {}", name, request.client().name(),
                e.getMessage());
        return RadiusReply.of(codec.encode(RouteReply.refuse("malformed " + name + " request: " + e.getMessage())));
    }

    private CompletionStage<RadiusReply> accounting(RadiusRequest request, Executor blocking) {
        if (accounting == null) {
            return CompletableFuture.completedFuture(RadiusReply.discard("accounting is not served here"));
        }
        AccountingRecord record;
        try {
            record = accountingCodec.decodeAccounting(request.packet(), request.receivedAt(), reading(request));
        } catch (RadiusException e) {
            return CompletableFuture.completedFuture(RadiusReply.discard("malformed accounting request: "
                    + e.getMessage()));
        }
        RadiusReply acknowledged = RadiusReply.of(RadiusMessage.of(PacketCode.ACCOUNTING_RESPONSE));
        if (record instanceof AccountingRecord.Start start) {
            report(request, "accounting Start of call " + start.start().callId(), start.start().unparsed());
            return accounting.startAsync(start.start(), blocking)
                    .thenApply(r -> RadiusReply.of(accountingCodec.encode(r)));
        } else if (record instanceof AccountingRecord.Interim interim) {
            report(request, "accounting Interim-Update of call " + interim.interim().callId(),
                    interim.interim().unparsed());
            return accounting.answerInterimAsync(interim.interim(), blocking)
                    .thenApply(r -> RadiusReply.of(accountingCodec.encode(r)));
        } else if (record instanceof AccountingRecord.Update update) {
            report(request, "accounting Update of call " + update.update().callId(), update.update().unparsed());
            return accounting.supplementaryUpdateAsync(update.update(), blocking).thenApply(v -> acknowledged);
        } else if (record instanceof AccountingRecord.Stop stop) {
            report(request, "accounting Stop of call " + stop.stop().callId(), stop.stop().unparsed());
            return accounting.stopAsync(stop.stop(), blocking).thenApply(v -> acknowledged);
        }
        return CompletableFuture.completedFuture(acknowledged);
    }

    /**
     * Configures a {@link CallAaaHandler}. Not thread-safe.
     */
    public static final class Builder {
        private CallRouter router;
        private CallAuthorizer authorizer;
        private CallAccounting accounting;
        private CallAttributeMapping mapping = CallAttributeMapping.eltexSmg();
        private AttributePolicy policy = AttributePolicy.LENIENT;
        private final Map<String, AttributePolicy> clientPolicies = new HashMap<>();
        private int logLinesPerMinute = 60;
        private Clock clock = Clock.systemUTC();
        private java.util.function.Consumer<String> problemListener = attribute -> { };

        private Builder() {
        }

        /**
         * Who is told of each optional attribute kept unparsed, e.g. a metric by attribute.
         *
         * @param value takes the attribute name; called on the request's thread, so thread-safe and quick
         * @return this builder
         */
        public Builder problemListener(java.util.function.Consumer<String> value) {
            this.problemListener = Objects.requireNonNull(value, "problemListener");
            return this;
        }

        /**
         * The policy for optional attributes that do not parse, for clients without their own.
         *
         * @param value {@link AttributePolicy#LENIENT} (the default) or {@link AttributePolicy#STRICT}
         * @return this builder
         */
        public Builder policy(AttributePolicy value) {
            this.policy = Objects.requireNonNull(value, "policy");
            return this;
        }

        /**
         * A client's own policy for optional attributes that do not parse.
         *
         * @param client the client's name, as in its {@link org.netlever.aaa.radius.server.RadiusClientDefinition}
         * @param value the policy
         * @return this builder
         */
        public Builder policy(String client, AttributePolicy value) {
            clientPolicies.put(Objects.requireNonNull(client, "client"), Objects.requireNonNull(value, "policy"));
            return this;
        }

        /**
         * How many WARN lines a minute unparsed attributes and refused requests may log each (default 60; the rest
         * are counted and the count logged with the next line).
         *
         * @param value lines a minute, at least 1
         * @return this builder
         */
        public Builder logLinesPerMinute(int value) {
            if (value < 1) {
                throw new RadiusException("a call AAA handler logs at least one line a minute, got " + value);
            }
            this.logLinesPerMinute = value;
            return this;
        }

        /**
         * The clock for the log budget.
         *
         * @param value the clock
         * @return this builder
         */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
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
