package org.netlever.aaa.radius.client;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.netlever.aaa.radius.PacketCode;
import org.netlever.aaa.radius.RadiusDictionary;
import org.netlever.aaa.radius.RadiusException;
import org.netlever.aaa.radius.RadiusMessage;
import org.netlever.aaa.radius.internal.ClientEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A RADIUS client with ordered failover, as a softswitch uses one (S2.9): an access server list for Access-Requests
 * and an accounting list for Accounting-Requests, each enabled on its own.
 *
 * <p>A request goes to the first server in its list that is up; if that server does not answer within its retries
 * (identical retransmissions, see {@link RadiusServerDefinition}), it is marked down and the request goes to the next
 * one, with a fresh Identifier and encoding. A down server is skipped for its idle timeout; with Status-Server
 * probes on (the default), it is probed every {@link Builder#probeInterval(Duration)} and comes back as soon as it
 * answers. When every server of a list is down, requests end at once with {@link RadiusOutcome.NoAnswer} and no
 * servers tried.
 *
 * <p>Thread-safe. Futures complete on the client's callback threads, never on its network thread. Close the client
 * to release its sockets and threads.
 */
public final class RadiusClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RadiusClient.class);

    /**
     * Whether a server is in use.
     *
     * <p>Instances are immutable and thread-safe.
     *
     * @param server the server's name
     * @param kind access or accounting
     * @param up whether requests go to it
     * @param downSince when it was marked down; {@link Instant#MIN} while up
     */
    public record ServerState(String server, ServerKind kind, boolean up, Instant downSince) {
    }

    private static final class Health {
        volatile Instant downSince = Instant.MIN;

        boolean isUp() {
            return downSince.equals(Instant.MIN);
        }
    }

    private final List<RadiusServerDefinition> access;
    private final List<RadiusServerDefinition> accounting;
    private final boolean accessEnabled;
    private final boolean accountingEnabled;
    private final Clock clock;
    private final ClientEngine engine;
    private final ConcurrentHashMap<RadiusServerDefinition, Health> health = new ConcurrentHashMap<>();
    private final ScheduledExecutorService prober;

    private RadiusClient(Builder builder) {
        this.access = List.copyOf(builder.access);
        this.accounting = List.copyOf(builder.accounting);
        this.accessEnabled = builder.accessEnabled;
        this.accountingEnabled = builder.accountingEnabled;
        this.clock = builder.clock;
        for (RadiusServerDefinition server : access) {
            health.put(server, new Health());
        }
        for (RadiusServerDefinition server : accounting) {
            health.put(server, new Health());
        }
        this.engine = new ClientEngine(builder.dictionary, builder.bindAddress, builder.sockets, 65_536);
        if (builder.probeInterval != null) {
            long millis = builder.probeInterval.toMillis();
            this.prober = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "netlever-radius-probe");
                thread.setDaemon(true);
                return thread;
            });
            prober.scheduleWithFixedDelay(this::probeDownServers, millis, millis, TimeUnit.MILLISECONDS);
        } else {
            this.prober = null;
        }
    }

    /**
     * A builder: both parts enabled, Status-Server probes every 5 seconds, 4 sockets on the wildcard address, the
     * system clock and the standard dictionary.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Sends a request to its list: Access-Request to the access servers, Accounting-Request to the accounting
     * servers. A part that is disabled, or has no servers, answers {@link RadiusOutcome.Disabled} without sending.
     *
     * @param request the request
     * @return the outcome; never completes exceptionally for a network outcome
     * @throws RadiusException if the request is neither an Access-Request nor an Accounting-Request
     */
    public CompletableFuture<RadiusOutcome> send(RadiusMessage request) {
        Objects.requireNonNull(request, "request");
        PacketCode code = request.code();
        if (code.equals(PacketCode.ACCESS_REQUEST)) {
            return accessEnabled && !access.isEmpty() ? failover(access, request, 0, new ArrayList<>())
                    : CompletableFuture.completedFuture(new RadiusOutcome.Disabled(ServerKind.ACCESS));
        }
        if (code.equals(PacketCode.ACCOUNTING_REQUEST)) {
            return accountingEnabled && !accounting.isEmpty() ? failover(accounting, request, 0, new ArrayList<>())
                    : CompletableFuture.completedFuture(new RadiusOutcome.Disabled(ServerKind.ACCOUNTING));
        }
        throw new RadiusException("a RadiusClient sends Access-Request and Accounting-Request, not "
                + code.name() + " (use CoaClient for CoA and Disconnect)");
    }

    /**
     * {@link #send(RadiusMessage)} and wait.
     *
     * @param request the request
     * @return the outcome
     */
    public RadiusOutcome exchange(RadiusMessage request) {
        return send(request).join();
    }

    /**
     * Whether each server is in use, access servers first.
     *
     * @return a snapshot
     */
    public List<ServerState> servers() {
        List<ServerState> states = new ArrayList<>();
        for (RadiusServerDefinition server : access) {
            Health h = health.get(server);
            states.add(new ServerState(server.name(), ServerKind.ACCESS, h.isUp(), h.downSince));
        }
        for (RadiusServerDefinition server : accounting) {
            Health h = health.get(server);
            states.add(new ServerState(server.name(), ServerKind.ACCOUNTING, h.isUp(), h.downSince));
        }
        return List.copyOf(states);
    }

    /**
     * Counters of the underlying sockets.
     *
     * @return requests, retransmissions, answers, unanswered requests and ignored datagrams so far
     */
    public String statistics() {
        ClientEngine.Stats stats = engine.stats();
        return "requests=" + stats.requests() + " retransmissions=" + stats.retransmissions() + " answered="
                + stats.answered() + " unanswered=" + stats.unanswered() + " invalid-replies="
                + stats.invalidReplies();
    }

    /**
     * Probes every down server with Status-Server now (the client also does this on its own schedule).
     *
     * @return completes when every probe has ended
     */
    public CompletableFuture<Void> probeDownServers() {
        List<CompletableFuture<?>> probes = new ArrayList<>();
        for (var entry : health.entrySet()) {
            if (!entry.getValue().isUp()) {
                RadiusServerDefinition server = entry.getKey();
                probes.add(engine.exchange(target(server, 0), RadiusMessage.of(PacketCode.STATUS_SERVER))
                        .thenAccept(result -> {
                            if (result.reply().isPresent()) {
                                markUp(server, "answered Status-Server");
                            }
                        }));
            }
        }
        return CompletableFuture.allOf(probes.toArray(CompletableFuture[]::new));
    }

    private boolean available(RadiusServerDefinition server) {
        Health h = health.get(server);
        return h.isUp() || !clock.instant().isBefore(h.downSince.plus(server.idleTimeout()));
    }

    private CompletableFuture<RadiusOutcome> failover(List<RadiusServerDefinition> servers, RadiusMessage request,
            int from, List<String> tried) {
        for (int i = from; i < servers.size(); i++) {
            RadiusServerDefinition server = servers.get(i);
            if (!available(server)) {
                continue;
            }
            int next = i + 1;
            tried.add(server.name());
            return engine.exchange(target(server, server.retryCount()), request).thenCompose(result -> {
                if (result.reply().isPresent()) {
                    markUp(server, "answered");
                    return CompletableFuture.completedFuture(
                            new RadiusOutcome.Answered(result.reply().get(), server.name(), tried));
                }
                markDown(server, result.failure());
                return failover(servers, request, next, tried);
            });
        }
        return CompletableFuture.completedFuture(new RadiusOutcome.NoAnswer(tried));
    }

    private void markDown(RadiusServerDefinition server, String why) {
        Health h = health.get(server);
        boolean wasUp = h.isUp();
        h.downSince = clock.instant();
        if (wasUp) {
            LOG.warn("RADIUS server {} marked down: {}; skipped for {} s", server.name(), why,
                    server.idleTimeout().toSeconds());
        }
    }

    private void markUp(RadiusServerDefinition server, String why) {
        Health h = health.get(server);
        if (!h.isUp()) {
            h.downSince = Instant.MIN;
            LOG.info("RADIUS server {} is back: {}", server.name(), why);
        }
    }

    private static ClientEngine.Target target(RadiusServerDefinition server, int retries) {
        return new ClientEngine.Target(server.name(), server.address(), server.secret().octets(), retries,
                server.retryTimeout().toMillis(), server.requireMessageAuthenticator());
    }

    /**
     * Stops probing, ends requests in flight with {@link RadiusOutcome.NoAnswer}, closes the sockets.
     */
    @Override
    public void close() {
        if (prober != null) {
            prober.shutdownNow();
        }
        engine.close();
    }

    /**
     * Configures a {@link RadiusClient}. Not thread-safe.
     */
    public static final class Builder {
        private final List<RadiusServerDefinition> access = new ArrayList<>();
        private final List<RadiusServerDefinition> accounting = new ArrayList<>();
        private boolean accessEnabled = true;
        private boolean accountingEnabled = true;
        private Duration probeInterval = Duration.ofSeconds(5);
        private Clock clock = Clock.systemUTC();
        private RadiusDictionary dictionary = RadiusDictionary.standard();
        private InetAddress bindAddress = wildcard();
        private int sockets = 4;

        private Builder() {
        }

        private static InetAddress wildcard() {
            try {
                return InetAddress.getByAddress(new byte[4]);
            } catch (java.net.UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }

        /**
         * Adds an access server at the end of the access list.
         *
         * @param server a server of kind {@link ServerKind#ACCESS}
         * @return this builder
         */
        public Builder accessServer(RadiusServerDefinition server) {
            requireKind(server, ServerKind.ACCESS);
            access.add(server);
            return this;
        }

        /**
         * Adds an accounting server at the end of the accounting list.
         *
         * @param server a server of kind {@link ServerKind#ACCOUNTING}
         * @return this builder
         */
        public Builder accountingServer(RadiusServerDefinition server) {
            requireKind(server, ServerKind.ACCOUNTING);
            accounting.add(server);
            return this;
        }

        private static void requireKind(RadiusServerDefinition server, ServerKind kind) {
            if (server.kind() != kind) {
                throw new RadiusException("RADIUS server " + server.name() + " is of kind " + server.kind()
                        + ", this list takes " + kind);
            }
        }

        /**
         * Whether Access-Requests are sent at all (S2.1).
         *
         * @param enabled {@code false} to answer every Access-Request with {@link RadiusOutcome.Disabled}
         * @return this builder
         */
        public Builder accessEnabled(boolean enabled) {
            this.accessEnabled = enabled;
            return this;
        }

        /**
         * Whether Accounting-Requests are sent at all (S2.1).
         *
         * @param enabled {@code false} to answer every Accounting-Request with {@link RadiusOutcome.Disabled}
         * @return this builder
         */
        public Builder accountingEnabled(boolean enabled) {
            this.accountingEnabled = enabled;
            return this;
        }

        /**
         * How often down servers are probed with Status-Server (RFC 5997).
         *
         * @param interval a positive duration, or {@code null} to rely on idle timeouts alone
         * @return this builder
         */
        public Builder probeInterval(Duration interval) {
            if (interval != null && (interval.isNegative() || interval.isZero())) {
                throw new RadiusException("the probe interval is positive, got " + interval);
            }
            this.probeInterval = interval;
            return this;
        }

        /**
         * The clock for down times.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * The dictionary that says which attributes are hidden on the wire.
         *
         * @param dictionary the dictionary
         * @return this builder
         */
        public Builder dictionary(RadiusDictionary dictionary) {
            this.dictionary = Objects.requireNonNull(dictionary, "dictionary");
            return this;
        }

        /**
         * The local address to send from.
         *
         * @param address the address; the wildcard by default
         * @return this builder
         */
        public Builder bindAddress(InetAddress address) {
            this.bindAddress = Objects.requireNonNull(address, "address");
            return this;
        }

        /**
         * How many UDP sockets to use; each carries up to 256 requests in flight.
         *
         * @param count 1 to 256
         * @return this builder
         */
        public Builder sockets(int count) {
            if (count < 1 || count > 256) {
                throw new RadiusException("a RADIUS client uses 1 to 256 sockets, got " + count);
            }
            this.sockets = count;
            return this;
        }

        /**
         * Opens the sockets and starts probing.
         *
         * @return the client
         * @throws RadiusException if no server is declared or a socket cannot be opened
         */
        public RadiusClient build() {
            if (access.isEmpty() && accounting.isEmpty()) {
                throw new RadiusException("a RADIUS client needs at least one server");
            }
            return new RadiusClient(this);
        }
    }
}
