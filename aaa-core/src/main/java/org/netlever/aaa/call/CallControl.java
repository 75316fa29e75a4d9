package org.netlever.aaa.call;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.netlever.aaa.call.internal.AccountingCodec;
import org.netlever.aaa.call.internal.AttributeProblems;
import org.netlever.aaa.call.internal.CallCodec;
import org.netlever.aaa.call.internal.Reading;
import org.netlever.aaa.radius.AttributeType;
import org.netlever.aaa.radius.RadiusAttribute;
import org.netlever.aaa.radius.RadiusException;
import org.netlever.aaa.radius.RadiusMessage;
import org.netlever.aaa.radius.attr.Q850Cause;
import org.netlever.aaa.radius.client.RadiusClient;
import org.netlever.aaa.radius.client.RadiusOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The softswitch side of ECSS-style AAA (S2.1–S2.9): the call policy a softswitch applies on top of its
 * {@link RadiusClient} — routing, authorization with the {@code if_radius_unavaliable} bypass list, accounting Start
 * with the maximum duration and prohibition it may bring back, Interim-Updates at the interval in force (their
 * replies may move the maximum or prohibit the call),
 * supplementary-service Updates ({@code send_ss_notification}), and Stops, for unanswered calls only with
 * {@code unsuccessful_call_info}. For testing billing servers and for gateways of one's own.
 *
 * <p>Time is the injected {@link Clock}'s. Interim-Updates, maximum durations and resending of accounting records no
 * server answered happen in {@link #runDueTimers()}, which a test calls after stepping its clock and production runs
 * with {@link #startTimers(Duration)}. Accounting records that no server answered are kept in memory and resent on
 * every run; nothing is dropped while the process lives.
 *
 * <p>Replies are read leniently by default ({@link AttributePolicy#LENIENT}), as billings that are not netlever
 * write them: a value that does not parse (an {@code h323-return-code} of words, a Session-Timeout of the wrong
 * length) reads as absent — an Access-Accept still accepts, the other of Session-Timeout and {@code h323-credit-time}
 * still limits the call — and is counted by attribute ({@link #attributeProblems()}) and logged at a limited rate
 * with the server. {@link Builder#attributePolicy(AttributePolicy)} makes them fail instead, for every server, and
 * {@link Builder#attributePolicy(String, AttributePolicy)} sets one server's own policy (an entry of the client's
 * failover lists, by its {@link org.netlever.aaa.radius.client.RadiusServerDefinition#name() name}): a reply is read
 * under the policy of the server that answered it.
 *
 * <p>Thread-safe: calls may be driven from different threads; each {@link Call} serialises its own steps.
 */
public final class CallControl implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CallControl.class);

    private record Undelivered(String callId, AccountingKey.RecordKind kind, RadiusMessage message) {
    }

    private final RadiusClient client;
    private final CallPolicy policy;
    private final CallCodec codec;
    private final AccountingCodec accountingCodec;
    private final Clock clock;
    private final String nasIdentifier;
    private final Optional<String> password;
    private final Consumer<CallEvent> listener;
    private final Map<String, Call> active = new ConcurrentHashMap<>();
    private final ArrayDeque<Undelivered> undelivered = new ArrayDeque<>();
    private final AttributePolicy attributePolicy;
    private final Map<String, AttributePolicy> serverPolicies;
    private final AttributeProblems problems;
    private ScheduledExecutorService timers;

    private CallControl(Builder builder) {
        this.attributePolicy = builder.attributePolicy;
        this.serverPolicies = Map.copyOf(builder.serverPolicies);
        this.problems = new AttributeProblems(LOG, 60, builder.clock, attribute -> { });
        this.client = builder.client;
        this.policy = builder.policy;
        this.codec = new CallCodec(builder.mapping);
        this.accountingCodec = new AccountingCodec(builder.mapping);
        this.clock = builder.clock;
        this.nasIdentifier = builder.nasIdentifier;
        this.password = builder.password;
        this.listener = builder.listener;
    }

    /**
     * A builder over a RADIUS client: the default policy and mapping, the system clock, NAS-Identifier
     * {@code netlever}, no User-Password.
     *
     * @param client the client whose access and accounting server lists the calls use
     * @return a new builder
     */
    public static Builder builder(RadiusClient client) {
        return new Builder(client);
    }

    /**
     * Starts a call: a new Acct-Session-Id and {@code h323-conf-id}, the setup time from the clock.
     *
     * @param setup numbers and routing data
     * @return the call, in the state before routing
     */
    public Call newCall(CallSetup setup) {
        Call call = new Call(this, setup, clock.instant());
        active.put(call.id(), call);
        return call;
    }

    /**
     * The calls not released yet.
     *
     * @return a snapshot
     */
    public List<Call> activeCalls() {
        return List.copyOf(active.values());
    }

    /**
     * How many accounting records wait to be resent.
     *
     * @return the count
     */
    public synchronized int undeliveredRecords() {
        return undelivered.size();
    }

    /**
     * Does what is due by the clock: releases calls past their maximum duration (sending their Stop), sends due
     * Interim-Updates, and resends accounting records no server answered yet, oldest first (stopping at the first
     * that is still not answered).
     *
     * @return what was done, in order
     */
    public List<CallEvent> runDueTimers() {
        List<CallEvent> events = new ArrayList<>();
        Instant now = clock.instant();
        for (Call call : List.copyOf(active.values())) {
            call.runTimers(now, events);
        }
        while (true) {
            Undelivered next;
            synchronized (this) {
                next = undelivered.peekFirst();
            }
            if (next == null || !(client.exchange(next.message()) instanceof RadiusOutcome.Answered)) {
                break;
            }
            synchronized (this) {
                undelivered.remove(next);
            }
            events.add(new CallEvent.Redelivered(next.callId(), next.kind()));
        }
        for (CallEvent event : events) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                LOG.warn("Call event listener failed on {}", event, e);
            }
        }
        return events;
    }

    /**
     * Runs {@link #runDueTimers()} every {@code tick} on a daemon thread until {@link #close()}.
     *
     * @param tick how often, e.g. one second
     * @return this
     */
    public synchronized CallControl startTimers(Duration tick) {
        if (timers != null) {
            throw new RadiusException("the call timers already run");
        }
        timers = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "netlever-call-timers");
            thread.setDaemon(true);
            return thread;
        });
        timers.scheduleWithFixedDelay(() -> {
            try {
                runDueTimers();
            } catch (RuntimeException e) {
                LOG.warn("Call timers failed", e);
            }
        }, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /**
     * Stops the timer thread, if running. Calls and queued records stay in memory; the RADIUS client is not closed.
     */
    @Override
    public synchronized void close() {
        if (timers != null) {
            timers.shutdownNow();
            timers = null;
        }
    }

    // ----------------------------------------------------------------- for Call

    CallPolicy policy() {
        return policy;
    }

    CallCodec codec() {
        return codec;
    }

    AccountingCodec accountingCodec() {
        return accountingCodec;
    }

    Clock clock() {
        return clock;
    }

    void released(Call call) {
        active.remove(call.id());
    }

    RadiusOutcome sendAccess(RadiusMessage message) {
        RadiusMessage.Builder out = RadiusMessage.builder(message.code()).addAll(message.attributes())
                .string(AttributeType.NAS_IDENTIFIER, nasIdentifier);
        password.ifPresent(p -> out.string(AttributeType.USER_PASSWORD, p));
        return client.exchange(out.build());
    }

    /** Sends an accounting record; if no server answers, queues it. */
    RadiusOutcome sendAccounting(String callId, AccountingKey.RecordKind kind, RadiusMessage message) {
        RadiusMessage withNas = message.with(RadiusAttribute.ofString(AttributeType.NAS_IDENTIFIER, nasIdentifier));
        RadiusOutcome outcome = client.exchange(withNas);
        if (outcome instanceof RadiusOutcome.NoAnswer) {
            synchronized (this) {
                undelivered.addLast(new Undelivered(callId, kind, withNas));
            }
            LOG.warn("No accounting server answered the {} of call {}; kept for resending", kind, callId);
        }
        return outcome;
    }

    static Q850Cause maxDurationCause() {
        return Q850Cause.NORMAL_CLEARING;
    }

    /**
     * How many values of each reply attribute did not parse and were read as absent, since start.
     *
     * @return attribute name to count, sorted by name
     */
    public Map<String, Long> attributeProblems() {
        return problems.counts();
    }

    /**
     * The policy replies of a server are read under: its own, or the one for every server.
     *
     * @param server a server's name, as in its {@link org.netlever.aaa.radius.client.RadiusServerDefinition}
     * @return the policy
     */
    public AttributePolicy attributePolicy(String server) {
        return serverPolicies.getOrDefault(server, attributePolicy);
    }

    /** Decodes a reply under its server's attribute policy, counting and logging what did not parse. */
    <T> T read(RadiusOutcome.Answered answered, String what, java.util.function.Function<Reading, T> decode) {
        Reading reading = new Reading(attributePolicy(answered.server()));
        T value = decode.apply(reading);
        problems.report(answered.server(), what, reading.unparsed());
        return value;
    }

    /**
     * Configures a {@link CallControl}. Not thread-safe.
     */
    public static final class Builder {
        private final RadiusClient client;
        private CallPolicy policy = CallPolicy.defaults();
        private CallAttributeMapping mapping = CallAttributeMapping.eltexSmg();
        private Clock clock = Clock.systemUTC();
        private String nasIdentifier = "netlever";
        private Optional<String> password = Optional.empty();
        private Consumer<CallEvent> listener = event -> { };
        private AttributePolicy attributePolicy = AttributePolicy.LENIENT;
        private final Map<String, AttributePolicy> serverPolicies = new java.util.LinkedHashMap<>();

        private Builder(RadiusClient client) {
            this.client = Objects.requireNonNull(client, "client");
        }

        /**
         * What a reply attribute that does not parse does, for servers without a policy of their own.
         *
         * @param value {@link AttributePolicy#LENIENT} (the default: read as absent, counted, logged) or
         *     {@link AttributePolicy#STRICT} (the step fails with a {@link RadiusException} naming it)
         * @return this builder
         */
        public Builder attributePolicy(AttributePolicy value) {
            this.attributePolicy = Objects.requireNonNull(value, "attributePolicy");
            return this;
        }

        /**
         * One server's own policy for reply attributes that do not parse — a billing that is not netlever behind
         * one entry of the failover list, say, read strictly or leniently unlike the others.
         *
         * @param server the server's name, as in its {@link org.netlever.aaa.radius.client.RadiusServerDefinition}
         *     in the client's access or accounting list
         * @param value its policy
         * @return this builder
         */
        public Builder attributePolicy(String server, AttributePolicy value) {
            serverPolicies.put(Objects.requireNonNull(server, "server"), Objects.requireNonNull(value,
                    "attributePolicy"));
            return this;
        }

        /**
         * The call policy.
         *
         * @param value the policy
         * @return this builder
         */
        public Builder policy(CallPolicy value) {
            this.policy = Objects.requireNonNull(value, "policy");
            return this;
        }

        /**
         * The attribute mapping; it must match the server's.
         *
         * @param value the mapping
         * @return this builder
         */
        public Builder mapping(CallAttributeMapping value) {
            this.mapping = Objects.requireNonNull(value, "mapping");
            return this;
        }

        /**
         * The clock for call times and timers.
         *
         * @param value the clock
         * @return this builder
         */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * The NAS-Identifier every request carries.
         *
         * @param value e.g. the softswitch's name
         * @return this builder
         */
        public Builder nasIdentifier(String value) {
            this.nasIdentifier = Objects.requireNonNull(value, "nasIdentifier");
            return this;
        }

        /**
         * A User-Password for Access-Requests, for servers that insist on one (Eltex SMG sends a fixed one).
         *
         * @param value the password
         * @return this builder
         */
        public Builder password(String value) {
            this.password = Optional.of(value);
            return this;
        }

        /**
         * Who hears about what the timers did.
         *
         * @param value the listener; it runs on the thread that runs the timers
         * @return this builder
         */
        public Builder listener(Consumer<CallEvent> value) {
            this.listener = Objects.requireNonNull(value, "listener");
            return this;
        }

        /**
         * Builds the call control.
         *
         * @return the call control
         * @throws RadiusException if a server's own attribute policy names no server of the client
         */
        public CallControl build() {
            java.util.Set<String> known = new java.util.TreeSet<>();
            client.servers().forEach(state -> known.add(state.server()));
            for (String server : serverPolicies.keySet()) {
                if (!known.contains(server)) {
                    throw new RadiusException("CallControl: an attribute policy for server '" + server
                            + "', which is in neither of the client's server lists " + known);
                }
            }
            return new CallControl(this);
        }
    }
}
