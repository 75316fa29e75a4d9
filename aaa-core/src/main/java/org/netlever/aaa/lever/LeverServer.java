package org.netlever.aaa.lever;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

import org.netlever.aaa.AaaException;
import org.netlever.aaa.dhcp.DhcpEvent;
import org.netlever.aaa.dhcp.DhcpEventException;
import org.netlever.aaa.dhcp.DhcpEventForms;
import org.netlever.aaa.dhcp.EventSource;
import org.netlever.aaa.http.HttpEndpoint;
import org.netlever.aaa.http.HttpEndpoint.Request;
import org.netlever.aaa.http.HttpEndpoint.Response;
import org.netlever.aaa.http.internal.EndpointSettings;
import org.netlever.aaa.ip.IpAddressFormatException;
import org.netlever.aaa.ip.Ipv4Address;
import org.netlever.aaa.lease.Lease;
import org.netlever.aaa.lease.LeaseHistoryEntry;
import org.netlever.aaa.lease.LeaseOutcome;
import org.netlever.aaa.lease.LeaseService;
import org.netlever.aaa.lease.RecordedEvent;
import org.netlever.aaa.lever.internal.Forms;
import org.netlever.aaa.lever.internal.NonceCache;
import org.netlever.aaa.store.StoreException;
import org.netlever.option82.MacAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP endpoint the lever script posts DHCP events to (S1.1), on netlever's {@link HttpEndpoint}.
 *
 * <table>
 *   <caption>Endpoints</caption>
 *   <tr><th>request</th><th>answer</th></tr>
 *   <tr><td>{@code POST /lever/v1/events}, a form ({@code application/x-www-form-urlencoded}) in the shape of
 *       {@link DhcpEventForms}</td><td>200 with each event's outcome; 400 with the reason for input that cannot be
 *       understood — which is still recorded in the event log</td></tr>
 *   <tr><td>{@code POST /lever/v1/events}, a batch ({@value #BATCH_TYPE}): one such form per line, as the lever
 *       sends its spool, up to 1 MiB</td><td>200 with an outcome per line ({@code line} says which), a malformed line
 *       recorded and answered with reason {@code INVALID_INPUT}</td></tr>
 *   <tr><td>{@code POST /lever/v1/events} with a form over 64 KiB or a batch over 1 MiB</td><td>413</td></tr>
 *   <tr><td>{@code POST /lever/v1/events} of another content type</td><td>415, recorded in the event log</td></tr>
 *   <tr><td>{@code GET /lever/v1/leases?ip=A} or {@code ?subscriber=S}</td><td>the lease (404 if the address is
 *       free), or the subscriber's leases</td></tr>
 *   <tr><td>{@code GET /lever/v1/events?limit=N[&ip=A]}</td><td>the newest events from the event log</td></tr>
 *   <tr><td>{@code GET /lever/v1/history?ip=A} or {@code ?subscriber=S} {@code [&limit=N]}</td>
 *       <td>lease history, oldest first</td></tr>
 * </table>
 *
 * <p>Every request must be signed ({@link LeverSignature}): a missing or wrong signature, a timestamp further than
 * {@code maxSkew} (5 minutes) from the server's clock, or a nonce seen before within the window is answered 401
 * and logged (without the secret, and without storing the unauthenticated body). The lever keeps such events
 * spooled, so a mis-set clock or secret delays events but loses none.
 *
 * <p>A database failure is answered 503, so the lever keeps the event spooled and sends it again. Bound to loopback
 * by default. Requests are handled on a fixed pool of worker threads; connections are read without blocking, so
 * slow or silent clients hold no thread: a request must arrive whole within {@code requestTimeout} (default
 * {@link HttpEndpoint#DEFAULT_REQUEST_TIMEOUT}; answered 408 and closed otherwise), and a kept-alive connection is
 * closed after {@code idleTimeout} without a request (default {@link HttpEndpoint#DEFAULT_IDLE_TIMEOUT}).
 * {@code TCP_NODELAY} is on, so an answer does not wait for the client's delayed ACK. Thread-safe.
 */
public final class LeverServer implements AutoCloseable {

    /** The path events are posted to. */
    public static final String EVENTS_PATH = "/lever/v1/events";

    /** How far a request's timestamp may be from the server's clock unless told otherwise: 5 minutes. */
    public static final Duration DEFAULT_MAX_SKEW = Duration.ofMinutes(5);

    /** Worker threads unless told otherwise: 32, mostly waiting for the disk (group commit) rather than computing. */
    public static final int DEFAULT_THREADS = 32;

    /** The content type of a batch: one form per line. */
    public static final String BATCH_TYPE = "application/x-netlever-batch";

    private static final Logger LOG = LoggerFactory.getLogger(LeverServer.class);
    private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9_-]{16,64}");
    private static final int MAX_BODY = 64 * 1024;
    private static final int MAX_BATCH_BODY = 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JSON_TYPE = "application/json; charset=utf-8";

    private final LeaseService leases;
    private final LeverSecret secret;
    private final Clock clock;
    private final Duration maxSkew;
    private final NonceCache nonces;
    private final HttpEndpoint server;
    private final LeverListener listener;

    private LeverServer(Builder b) {
        this.leases = b.leases;
        this.secret = b.secret;
        this.clock = b.clock;
        this.maxSkew = b.maxSkew;
        this.listener = b.listener;
        this.nonces = new NonceCache(2 * maxSkew.toSeconds());
        this.server = HttpEndpoint.builder(this::handle).name("lever").bind(b.address).threads(b.threads)
                .maxBodyBytes(MAX_BATCH_BODY).requestTimeout(b.requestTimeout).idleTimeout(b.idleTimeout).start();
    }

    /**
     * Starts an endpoint for a lease service.
     *
     * @param leases where events go
     * @param secret the secret shared with the lever
     * @return a builder
     */
    public static Builder builder(LeaseService leases, LeverSecret secret) {
        return new Builder(leases, secret);
    }

    /**
     * Logs where the endpoint listens. It answers from {@link Builder#build()} on, which binds and starts the
     * {@link HttpEndpoint}; this call is kept so that {@code build().start()} reads as before.
     *
     * @return this server
     */
    public LeverServer start() {
        LOG.info("lever endpoint listening on http://{}:{}{}", address().getAddress().getHostAddress(),
                address().getPort(), EVENTS_PATH);
        return this;
    }

    /**
     * The address and port the endpoint listens on (the port is chosen by the system when 0 was asked for).
     *
     * @return the address
     */
    public InetSocketAddress address() {
        return server.address();
    }

    /**
     * Stops accepting, lets requests in progress finish (up to 5 seconds), and stops the workers.
     */
    @Override
    public void close() {
        server.close();
    }

    /** One request, on a worker thread, timed for the listener. */
    private Response handle(Request request) {
        long started = System.nanoTime();
        Response response = route(request);
        try {
            listener.answered(endpoint(request), response.status(), Duration.ofNanos(System.nanoTime() - started));
        } catch (RuntimeException e) {
            LOG.warn("the lever listener failed: {}", e.toString());
        }
        return response;
    }

    /** The endpoint's name for {@link LeverListener}. */
    private static String endpoint(Request request) {
        String method = request.method().toUpperCase(Locale.ROOT);
        return switch (request.rawPath()) {
            case EVENTS_PATH -> method.equals("POST") ? "events" : method.equals("GET") ? "events_query" : "unknown";
            case "/lever/v1/leases" -> method.equals("GET") ? "leases" : "unknown";
            case "/lever/v1/history" -> method.equals("GET") ? "history" : "unknown";
            default -> "unknown";
        };
    }

    /** One request: checked, signed, then routed. */
    private Response route(Request request) {
        try {
            String method = request.method().toUpperCase(Locale.ROOT);
            String path = request.rawPath();
            if (!path.startsWith("/lever/v1/")) {
                return respond(404, error("no endpoint " + method + " " + path));
            }
            String contentType = request.header("Content-Type").orElse("");
            boolean batch = contentType.toLowerCase(Locale.ROOT).startsWith(BATCH_TYPE);
            int limit = batch ? MAX_BATCH_BODY : MAX_BODY;
            byte[] body = request.body();
            if (body.length > limit) {
                return respond(413, error("the body is larger than " + limit + " bytes"));
            }
            Optional<String> denied = authenticate(request, method, request.target(), body);
            if (denied.isPresent()) {
                LOG.warn("lever request {} {} from {} refused: {}", method, path,
                        request.remoteAddress().getAddress().getHostAddress(), denied.get());
                return respond(401, error(denied.get()));
            }
            Map<String, String> query = Forms.parse(request.rawQuery().orElse(null));
            if (path.equals(EVENTS_PATH) && method.equals("POST")) {
                // One 200 answers every event of the request (a batch has up to 200): one wait for the disk.
                return leases.inDurableGroup(() -> postEvents(contentType, body));
            } else if (path.equals(EVENTS_PATH) && method.equals("GET")) {
                return respond(200, events(query));
            } else if (path.equals("/lever/v1/leases") && method.equals("GET")) {
                return getLeases(query);
            } else if (path.equals("/lever/v1/history") && method.equals("GET")) {
                return respond(200, history(query));
            } else {
                return respond(404, error("no endpoint " + method + " " + path));
            }
        } catch (DhcpEventException | IpAddressFormatException e) {
            return respond(400, error(e.getMessage()));
        } catch (StoreException e) {
            LOG.error("lever request failed on the database; the lever will retry", e);
            return respond(503, error("storage unavailable: " + e.getMessage()));
        } catch (RuntimeException e) {
            LOG.error("lever request failed", e);
            return respond(500, error("internal error: " + e.getClass().getSimpleName()));
        }
    }

    private Optional<String> authenticate(Request request, String method, String path, byte[] body) {
        String timestamp = request.header(LeverSignature.TIMESTAMP).orElse(null);
        String nonce = request.header(LeverSignature.NONCE).orElse(null);
        String signature = request.header(LeverSignature.SIGNATURE).orElse(null);
        if (timestamp == null || nonce == null || signature == null) {
            return Optional.of("unsigned request: " + LeverSignature.TIMESTAMP + ", " + LeverSignature.NONCE + " and "
                    + LeverSignature.SIGNATURE + " are required");
        }
        long sent;
        try {
            sent = Long.parseLong(timestamp.strip());
        } catch (NumberFormatException e) {
            return Optional.of(LeverSignature.TIMESTAMP + " is not a number of seconds");
        }
        long now = clock.instant().getEpochSecond();
        if (Math.abs(now - sent) > maxSkew.toSeconds()) {
            return Optional.of("stale request: its timestamp is " + Math.abs(now - sent) + " s from the server's clock "
                    + "(limit " + maxSkew.toSeconds() + " s)");
        }
        if (!NONCE.matcher(nonce).matches()) {
            return Optional.of(LeverSignature.NONCE + " must be 16 to 64 letters, digits, '-' or '_'");
        }
        String expected = LeverSignature.sign(secret, method, path, sent, nonce, body);
        if (!LeverSignature.matches(expected, signature.strip().toLowerCase(Locale.ROOT))) {
            return Optional.of("the signature does not match (wrong secret, or the request was altered)");
        }
        if (!nonces.firstUse(nonce, now)) {
            return Optional.of("replayed request: the nonce was already used");
        }
        return Optional.empty();
    }

    /** An authenticated {@code POST /lever/v1/events}: a form, or a batch of them. */
    private Response postEvents(String contentType, byte[] body) {
        String raw = new String(body, StandardCharsets.UTF_8);
        if (contentType.toLowerCase(Locale.ROOT).startsWith(BATCH_TYPE)) {
            return postBatch(raw);
        }
        if (!contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            LeaseOutcome.Rejected r = leases.recordInvalidInput(EventSource.UNKNOWN, raw,
                    "content type '" + contentType + "' is not application/x-www-form-urlencoded");
            return respond(415, rejection(r));
        }
        Map<String, String> form;
        List<DhcpEvent> events;
        try {
            form = Forms.parse(raw);
            events = DhcpEventForms.toEvents(form, clock.instant());
        } catch (DhcpEventException e) {
            LeaseOutcome.Rejected r = leases.recordInvalidInput(sourceOf(raw), raw, e.getMessage());
            return respond(400, rejection(r));
        }
        ArrayNode outcomes = JSON.createArrayNode();
        for (DhcpEvent event : events) {
            outcomes.add(outcome(event, leases.handle(event)));
        }
        ObjectNode response = JSON.createObjectNode();
        response.set("outcomes", outcomes);
        return respond(200, response);
    }

    /**
     * A batch: one form per line, as the lever sends its spool. Each line gets its own outcome, a malformed line
     * included (recorded, with reason {@code INVALID_INPUT}); the batch as a whole is answered 200.
     */
    private Response postBatch(String raw) {
        ArrayNode outcomes = JSON.createArrayNode();
        int line = 0;
        for (String form : raw.split("\n")) {
            line++;
            if (form.isBlank()) {
                continue;
            }
            List<DhcpEvent> events;
            try {
                events = DhcpEventForms.toEvents(Forms.parse(form.strip()), clock.instant());
            } catch (DhcpEventException e) {
                ObjectNode n = rejection(leases.recordInvalidInput(sourceOf(form), form, e.getMessage()));
                n.put("line", line);
                outcomes.add(n);
                continue;
            }
            for (DhcpEvent event : events) {
                outcomes.add(outcome(event, leases.handle(event)).put("line", line));
            }
        }
        ObjectNode response = JSON.createObjectNode();
        response.set("outcomes", outcomes);
        return respond(200, response);
    }

    private static EventSource sourceOf(String raw) {
        try {
            String source = Forms.parse(raw).get("source");
            return source == null ? EventSource.UNKNOWN : EventSource.ofLabel(source);
        } catch (AaaException e) {
            return EventSource.UNKNOWN;
        }
    }

    private ObjectNode rejection(LeaseOutcome.Rejected r) {
        ObjectNode n = error(r.detail());
        n.put("eventId", r.eventId());
        n.put("outcome", r.label());
        n.put("reason", r.reason().name());
        return n;
    }

    private static ObjectNode outcome(DhcpEvent event, LeaseOutcome o) {
        ObjectNode n = JSON.createObjectNode();
        n.put("eventId", o.eventId());
        n.put("type", event.type().name().toLowerCase(Locale.ROOT));
        n.put("ip", event.ip().toString());
        n.put("outcome", o.label());
        if (o instanceof LeaseOutcome.Assigned a) {
            n.put("subscriber", a.lease().subscriberId());
        } else if (o instanceof LeaseOutcome.Renewed r) {
            n.put("subscriber", r.lease().subscriberId());
        } else if (o instanceof LeaseOutcome.Reassigned r) {
            n.put("subscriber", r.lease().subscriberId());
            n.put("previousSubscriber", r.previousSubscriberId());
        } else if (o instanceof LeaseOutcome.Freed f) {
            n.put("subscriber", f.lease().subscriberId());
        } else if (o instanceof LeaseOutcome.Unchanged u) {
            n.put("reason", u.reason().name());
            n.put("detail", u.detail());
        } else if (o instanceof LeaseOutcome.Rejected r) {
            n.put("reason", r.reason().name());
            n.put("detail", r.detail());
        } else if (o instanceof LeaseOutcome.NoSubscriber s) {
            n.put("device", s.device().id());
        } else if (o instanceof LeaseOutcome.AmbiguousSubscriber a) {
            n.put("device", a.device().id());
            a.subscriberIds().forEach(n.putArray("subscribers")::add);
        }
        return n;
    }

    private Response getLeases(Map<String, String> query) {
        if (query.containsKey("ip")) {
            Ipv4Address ip = Ipv4Address.parse(query.get("ip"));
            Optional<Lease> lease = leases.lease(ip);
            if (lease.isEmpty()) {
                return respond(404, error(ip + " is not held"));
            }
            ObjectNode n = JSON.createObjectNode();
            n.set("lease", lease(lease.get()));
            return respond(200, n);
        } else if (query.containsKey("subscriber")) {
            ObjectNode n = JSON.createObjectNode();
            ArrayNode list = n.putArray("leases");
            leases.leasesOf(query.get("subscriber")).forEach(l -> list.add(lease(l)));
            return respond(200, n);
        } else {
            return respond(400, error("give ip=ADDRESS or subscriber=ID"));
        }
    }

    private ObjectNode events(Map<String, String> query) {
        int limit = limit(query);
        List<RecordedEvent> recorded = query.containsKey("ip")
                ? leases.events(Ipv4Address.parse(query.get("ip")), limit) : leases.recentEvents(limit);
        ObjectNode n = JSON.createObjectNode();
        ArrayNode list = n.putArray("events");
        for (RecordedEvent e : recorded) {
            ObjectNode row = list.addObject();
            row.put("id", e.id());
            row.put("receivedAt", e.receivedAt().toString());
            e.occurredAt().ifPresent(t -> row.put("occurredAt", t.toString()));
            row.put("source", e.source().label());
            e.sourceEventId().ifPresent(v -> row.put("sourceEventId", v));
            e.type().ifPresent(t -> row.put("type", t.name().toLowerCase(Locale.ROOT)));
            e.ip().ifPresent(ip -> row.put("ip", ip.toString()));
            e.mac().ifPresent(m -> row.put("mac", m.toString()));
            e.option82().ifPresent(o -> row.put("option82", o));
            row.put("outcome", e.outcome());
            e.reason().ifPresent(r -> row.put("reason", r));
            e.subscriberId().ifPresent(s -> row.put("subscriber", s));
            e.deviceId().ifPresent(d -> row.put("device", d));
        }
        return n;
    }

    private ObjectNode history(Map<String, String> query) {
        int limit = limit(query);
        List<LeaseHistoryEntry> entries;
        if (query.containsKey("ip")) {
            entries = leases.history(Ipv4Address.parse(query.get("ip")), limit);
        } else if (query.containsKey("subscriber")) {
            entries = leases.historyOf(query.get("subscriber"), limit);
        } else {
            throw new DhcpEventException("query", "give ip=ADDRESS or subscriber=ID");
        }
        ObjectNode n = JSON.createObjectNode();
        ArrayNode list = n.putArray("history");
        for (LeaseHistoryEntry e : entries) {
            ObjectNode row = list.addObject();
            row.put("id", e.id());
            row.put("ip", e.ip().toString());
            row.put("action", e.action().name().toLowerCase(Locale.ROOT));
            row.put("subscriber", e.subscriberId());
            e.mac().ifPresent(m -> row.put("mac", m.toString()));
            e.previousSubscriberId().ifPresent(p -> row.put("previousSubscriber", p));
            e.previousMac().ifPresent(m -> row.put("previousMac", m.toString()));
            e.eventId().ifPresent(id -> row.put("eventId", id));
            row.put("eventAt", e.eventAt().toString());
            row.put("recordedAt", e.recordedAt().toString());
        }
        return n;
    }

    private static int limit(Map<String, String> query) {
        String text = query.getOrDefault("limit", "50");
        try {
            int limit = Integer.parseInt(text);
            if (limit < 1 || limit > 10_000) {
                throw new DhcpEventException("limit", "must be 1 to 10000, got " + limit);
            }
            return limit;
        } catch (NumberFormatException e) {
            throw new DhcpEventException("limit", "'" + text + "' is not a number", e);
        }
    }

    private static ObjectNode lease(Lease l) {
        ObjectNode n = JSON.createObjectNode();
        n.put("ip", l.ip().toString());
        n.put("subscriber", l.subscriberId());
        l.mac().map(MacAddress::toString).ifPresent(m -> n.put("mac", m));
        n.put("origin", l.origin().name().toLowerCase(Locale.ROOT));
        n.put("pool", l.poolId());
        l.deviceId().ifPresent(d -> n.put("device", d));
        l.devicePort().ifPresent(p -> n.put("port", p));
        n.put("createdAt", l.createdAt().toString());
        n.put("renewedAt", l.renewedAt().toString());
        l.expiresAt().map(Instant::toString).ifPresent(e -> n.put("expiresAt", e));
        return n;
    }

    private static ObjectNode error(String message) {
        ObjectNode n = JSON.createObjectNode();
        n.put("error", message);
        return n;
    }

    private static Response respond(int status, ObjectNode body) {
        try {
            return Response.of(status, JSON_TYPE, JSON.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new AaaException("cannot write the answer: " + e.getMessage(), e);
        }
    }

    /**
     * Builds a {@link LeverServer}. Not thread-safe.
     */
    public static final class Builder {
        private final LeaseService leases;
        private final LeverSecret secret;
        private InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 8067);
        private Clock clock = Clock.systemUTC();
        private Duration maxSkew = DEFAULT_MAX_SKEW;
        private int threads = DEFAULT_THREADS;
        private Duration requestTimeout = HttpEndpoint.DEFAULT_REQUEST_TIMEOUT;
        private Duration idleTimeout = HttpEndpoint.DEFAULT_IDLE_TIMEOUT;
        private LeverListener listener = LeverListener.NONE;

        private Builder(LeaseService leases, LeverSecret secret) {
            this.leases = Objects.requireNonNull(leases, "leases");
            this.secret = Objects.requireNonNull(secret, "secret");
        }

        /**
         * Sets the address to listen on (default 127.0.0.1:8067; port 0 picks a free one).
         *
         * @param value the address
         * @return this builder
         */
        public Builder bind(InetSocketAddress value) {
            this.address = Objects.requireNonNull(value, "address");
            return this;
        }

        /**
         * Sets the clock requests' timestamps are checked against (default system UTC).
         *
         * @param value the clock
         * @return this builder
         */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * Sets how far a request's timestamp may be from the server's clock (default 5 minutes).
         *
         * @param value the limit
         * @return this builder
         */
        public Builder maxSkew(Duration value) {
            this.maxSkew = Objects.requireNonNull(value, "maxSkew");
            return this;
        }

        /**
         * Sets the number of worker threads, the requests handled at once (default {@value #DEFAULT_THREADS}). A
         * request waits for its commit to reach the disk; requests waiting at the same time share one disk write, so
         * more threads than cores pay off with several lever hosts posting at once.
         *
         * @param value 1 or more
         * @return this builder
         */
        public Builder threads(int value) {
            this.threads = EndpointSettings.positive(value, "threads");
            return this;
        }

        /**
         * Sets how long a whole request (request line, headers and body) may take to arrive; a slower one is
         * answered 408 and its connection closed (default {@link HttpEndpoint#DEFAULT_REQUEST_TIMEOUT}).
         *
         * @param value a positive duration
         * @return this builder
         */
        public Builder requestTimeout(Duration value) {
            this.requestTimeout = EndpointSettings.positive(value, "requestTimeout");
            return this;
        }

        /**
         * Sets how long a connection may stay open with no request in progress (default
         * {@link HttpEndpoint#DEFAULT_IDLE_TIMEOUT}).
         *
         * @param value a positive duration
         * @return this builder
         */
        public Builder idleTimeout(Duration value) {
            this.idleTimeout = EndpointSettings.positive(value, "idleTimeout");
            return this;
        }

        /**
         * Sets who is told of each answered request, for metrics (default: {@link LeverListener#NONE}).
         *
         * @param value the listener
         * @return this builder
         */
        public Builder listener(LeverListener value) {
            this.listener = Objects.requireNonNull(value, "listener");
            return this;
        }

        /**
         * Builds the server, bound and answering; {@link LeverServer#start()} logs where.
         *
         * @return the server
         * @throws AaaException if the address cannot be bound; the message names it
         */
        public LeverServer build() {
            return new LeverServer(this);
        }
    }
}
