package org.netlever.server;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;
import org.netlever.aaa.lease.LeaseFollower;
import org.netlever.aaa.lease.LeaseOutcome;
import org.netlever.aaa.lease.LeaseService;
import org.netlever.aaa.lease.NasSyncWorker;
import org.netlever.aaa.lever.LeverListener;
import org.netlever.aaa.radius.server.AsyncRadiusHandler;
import org.netlever.aaa.radius.server.RadiusHandler;
import org.netlever.aaa.radius.server.RadiusReply;
import org.netlever.aaa.radius.server.RadiusServer;
import org.netlever.aaa.radius.server.RadiusServerStats;
import org.netlever.aaa.store.Database;
import org.netlever.pcrf.AccountingProblem;
import org.netlever.pcrf.PcrfEngine;
import org.netlever.pcrf.PcrfLeadership;
import org.netlever.pcrf.ReauthFailure;
import org.netlever.server.billing.ReferenceBilling;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metrics of {@code netlever serve}, through micrometer, scraped in Prometheus text format at {@code /metrics}:
 * DHCP events by outcome, RADIUS requests by listener and outcome (duplicates and drops by reason included), handler
 * latency histograms by listener and reply, PCRF transitions, services-reauth sent and queued, scheduler lag,
 * subscribers held, NAS-sync work by state, and the JVM and process metrics of micrometer's binders (memory, GC,
 * threads, classes, CPU, uptime, file descriptors). The README's operations section names every one.
 *
 * <p>One label style: label names and the values netlever chooses are lower snake_case ({@code outcome="access_accept"},
 * {@code outcome="no_subscriber"}), whatever the spelling of the name they come from (RADIUS's {@code Access-Accept},
 * the event log's {@code no-subscriber}).
 *
 * <p>Thread-safe. {@link #close} releases what the JVM binders registered with the JVM (GC notification listeners).
 */
final class ServeMetrics implements AutoCloseable {

    /**
     * The bucket bounds of every netlever latency histogram: service-level objectives instead of micrometer's
     * percentile histogram (dozens of buckets per series). They bracket what an operator acts on. An answer from memory
     * (most of the PCRF's BRAS answers) takes under half a millisecond; one that commits and waits for the disk takes
     * 1–10 ms (fsync 0.2–4 ms, a group-commit cycle 3–8 ms under load: BENCHMARKS.md); 25–100 ms is a loaded or
     * remote database; 250 ms is the softswitch's usual RADIUS retry-timeout (past it the softswitch has sent the
     * request again); 1 s is a RADIUS client's usual timeout; by 2.5 s a NAS has retried or failed over. Slower answers
     * fall in {@code +Inf}. Twelve bounds keep a series at 15 samples (13 buckets, sum, count).
     */
    static final List<Duration> LATENCY_BUCKETS = List.of(Duration.ofMillis(1).dividedBy(2), Duration.ofMillis(1),
            Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofMillis(2500));

    private static final Logger LOG = LoggerFactory.getLogger(ServeMetrics.class);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ConcurrentHashMap<String, Timer> handlerTimers = new ConcurrentHashMap<>();
    private final List<MeterBinder> jvm = List.of(new JvmMemoryMetrics(), new JvmGcMetrics(), new JvmThreadMetrics(),
            new ClassLoaderMetrics(), new ProcessorMetrics(), new UptimeMetrics(), new FileDescriptorMetrics());

    /** A registry with the JVM and process metrics bound; the server binds its parts as they start. */
    ServeMetrics() {
        jvm.forEach(binder -> binder.bindTo(registry));
    }

    /**
     * Wraps a handler so every request is timed, tagged with the listener and what was answered.
     *
     * @param listener {@code softswitch} or {@code bras}
     * @param handler the handler
     * @return the timed handler
     */
    RadiusHandler timed(String listener, RadiusHandler handler) {
        if (handler instanceof AsyncRadiusHandler async) {
            // Stays asynchronous (the server calls it on the reading thread); timed until its reply is ready.
            return (AsyncRadiusHandler) (request, blocking) -> {
                Timer.Sample sample = Timer.start(registry);
                java.util.concurrent.CompletionStage<RadiusReply> reply;
                try {
                    reply = async.handleAsync(request, blocking);
                } catch (RuntimeException | Error e) {
                    sample.stop(handlerTimer(listener, label(request.packet().code().name()), "error"));
                    throw e;
                }
                return reply.whenComplete((r, error) -> sample.stop(handlerTimer(listener,
                        label(request.packet().code().name()), outcome(r, error))));
            };
        }
        return request -> {
            Timer.Sample sample = Timer.start(registry);
            RadiusReply reply = null;
            try {
                reply = handler.handle(request);
                return reply;
            } finally {
                sample.stop(handlerTimer(listener, label(request.packet().code().name()), outcome(reply, null)));
            }
        };
    }

    private static String outcome(RadiusReply reply, Throwable error) {
        if (error != null || reply == null) {
            return "error";
        }
        return reply.message().map(m -> label(m.code().name())).orElse("discarded");
    }

    /** The handler timer for a listener, request and outcome, built once (requests are the hot path). */
    private Timer handlerTimer(String listener, String request, String outcome) {
        return handlerTimers.computeIfAbsent(listener + '|' + request + '|' + outcome, key ->
                Timer.builder("netlever.radius.handler").description("time billing took to answer a RADIUS request")
                        .tag("listener", listener).tag("request", request).tag("outcome", outcome)
                        .serviceLevelObjectives(LATENCY_BUCKETS.toArray(Duration[]::new)).register(registry));
    }

    /**
     * Times the lever endpoint's answers, tagged with the endpoint and the HTTP status: the time from a complete
     * request to its answer, which for {@code events} includes the wait for the disk (S1.3, nothing acknowledged
     * before it is stored).
     *
     * @return the listener for {@code LeverServer.Builder.listener}
     */
    LeverListener lever() {
        return (endpoint, status, elapsed) -> handlerTimers.computeIfAbsent("lever|" + endpoint + '|' + status, key ->
                Timer.builder("netlever.lever.request").description("time the lever endpoint took to answer")
                        .tag("endpoint", endpoint).tag("status", Integer.toString(status))
                        .serviceLevelObjectives(LATENCY_BUCKETS.toArray(Duration[]::new)).register(registry))
                .record(elapsed);
    }

    /** A name as a label value in the one style: {@code Access-Accept} becomes {@code access_accept}. */
    static String label(String name) {
        return name.toLowerCase(Locale.ROOT).replace('-', '_');
    }

    /** Distinct attribute labels kept; more are counted as {@code other}, so a client cannot grow the scrape. */
    static final int MAX_ATTRIBUTE_LABELS = 64;

    private final java.util.Map<String, io.micrometer.core.instrument.Counter> attributeProblems =
            new ConcurrentHashMap<>();

    /**
     * Counts an optional call attribute kept unparsed (S2.4–S2.8), by attribute.
     *
     * @param attribute the attribute or key, e.g. {@code h323-connect-time}
     */
    void callAttributeProblem(String attribute) {
        String name = attributeProblems.size() >= MAX_ATTRIBUTE_LABELS && !attributeProblems.containsKey(attribute)
                ? "other" : attribute;
        attributeProblems.computeIfAbsent(name, a -> io.micrometer.core.instrument.Counter
                .builder("netlever.call.attribute.problems")
                .description("optional call attributes that did not parse, kept with the record").tag("attribute",
                        label(a)).register(registry)).increment();
    }

    /** Counts a RADIUS listener's requests by port and outcome. */
    void bind(RadiusServer server, String listener) {
        counter(server, listener, "received", RadiusServerStats::received);
        counter(server, listener, "answered", RadiusServerStats::answered);
        counter(server, listener, "duplicate_resent", RadiusServerStats::duplicatesResent);
        counter(server, listener, "duplicate_in_progress", RadiusServerStats::duplicatesInProgress);
        counter(server, listener, "unknown_client", RadiusServerStats::unknownClient);
        counter(server, listener, "malformed", RadiusServerStats::malformed);
        counter(server, listener, "unsupported_code", RadiusServerStats::unsupportedCode);
        counter(server, listener, "bad_authenticator", RadiusServerStats::badAuthenticator);
        counter(server, listener, "missing_message_authenticator", RadiusServerStats::missingMessageAuthenticator);
        counter(server, listener, "status_server", RadiusServerStats::statusServer);
        counter(server, listener, "shed", RadiusServerStats::shed);
        counter(server, listener, "handler_error", RadiusServerStats::handlerErrors);
        counter(server, listener, "discarded", RadiusServerStats::discarded);
        Gauge.builder("netlever.radius.workers", server, RadiusServer::workerThreads)
                .description("worker threads of a RADIUS listener").tag("listener", listener).register(registry);
    }

    private void counter(RadiusServer server, String listener, String outcome,
            ToDoubleFunction<RadiusServerStats> count) {
        for (String port : List.of("auth", "acct")) {
            FunctionCounter.builder("netlever.radius.requests", server,
                    s -> count.applyAsDouble(s.statsByPort().get(port)))
                    .description("RADIUS datagrams by port and what became of them").tag("listener", listener)
                    .tag("port", port).tag("outcome", outcome).register(registry);
        }
    }

    /** The Error-Cause values RFC 5176 section 3.5 defines, each with its own series. */
    static final List<Integer> RFC_5176_ERROR_CAUSES = List.of(201, 202, 401, 402, 403, 404, 405, 406, 407, 501,
            502, 503, 504, 505, 506, 507, 508);

    /** The PCRF engine's transitions, services-reauth and subscribers; zero on a standby. */
    void bind(PcrfLeadership engine) {
        Gauge.builder("netlever.pcrf.leader", engine, e -> e.isLeader() ? 1 : 0)
                .description("1 if this process runs the PCRF engine, 0 on a standby").register(registry);
        FunctionCounter.builder("netlever.pcrf.transitions", engine, e -> of(e, PcrfEngine::transitionCount))
                .description("scenario step changes and re-arms").register(registry);
        FunctionCounter.builder("netlever.pcrf.reauth.sent", engine, e -> of(e, PcrfEngine::reauthSent))
                .description("services-reauth CoA acknowledged by a BRAS").register(registry);
        FunctionCounter.builder("netlever.pcrf.reauth.failed", engine, e -> of(e, PcrfEngine::reauthFailed))
                .description("services-reauth attempts a BRAS refused or did not answer for some session")
                .register(registry);
        for (ReauthFailure failure : ReauthFailure.values()) {
            FunctionCounter.builder("netlever.pcrf.reauth.failures", engine,
                    e -> of(e, x -> x.reauthFailures().get(failure)))
                    .description("sessions' services-reauth CoA that did not succeed, by what happened (RFC 5176 "
                            + "3.6): session_gone closed the session, transient is retried up to "
                            + "pcrf.reauthRetry.maxAttempts, then gave_up; refused and no_endpoint are not retried")
                    .tag("failure", label(failure.name())).register(registry);
        }
        for (int cause : RFC_5176_ERROR_CAUSES) {
            FunctionCounter.builder("netlever.pcrf.reauth.naks", engine,
                    e -> of(e, x -> x.reauthErrorCauses().getOrDefault(cause, 0L)))
                    .description("services-reauth CoA-NAKs by Error-Cause (RFC 5176 3.5); other: any other value")
                    .tag("error_cause", Integer.toString(cause)).register(registry);
        }
        FunctionCounter.builder("netlever.pcrf.reauth.naks", engine, e -> of(e, x -> x.reauthErrorCauses()
                .entrySet().stream().filter(c -> !RFC_5176_ERROR_CAUSES.contains(c.getKey()))
                .mapToLong(Map.Entry::getValue).sum()))
                .description("services-reauth CoA-NAKs by Error-Cause (RFC 5176 3.5); other: any other value")
                .tag("error_cause", "other").register(registry);
        for (AccountingProblem problem : AccountingProblem.values()) {
            FunctionCounter.builder("netlever.pcrf.accounting.problems", engine,
                    e -> of(e, x -> x.accountingProblems().get(problem)))
                    .description("accounting records whose octet counters were not believed (backwards, or faster "
                            + "than pcrf.lineRate); they charged nothing").tag("problem", label(problem.name()))
                    .register(registry);
        }
        Gauge.builder("netlever.pcrf.subscribers", engine, e -> of(e, PcrfEngine::subscriberCount))
                .description("subscribers the PCRF engine holds").register(registry);
        Gauge.builder("netlever.pcrf.reauth.queued", engine, e -> of(e, PcrfEngine::reauthQueued))
                .description("services-reauth owed and not on the wire: waiting for the rate limit, the store or a "
                        + "retry").register(registry);
        Gauge.builder("netlever.pcrf.scheduler.lag", engine, e -> of(e, x -> x.schedulerLag().toMillis() / 1000.0))
                .description("how late the last cron round ran after its earliest due moment").baseUnit("seconds")
                .register(registry);
    }

    // Micrometer holds the state object weakly: the leadership, which the server holds, not a lambda over it.
    private static double of(PcrfLeadership engine, ToDoubleFunction<PcrfEngine> value) {
        return engine.engine().map(value::applyAsDouble).orElse(0.0);
    }

    /** DHCP events this process handled, by outcome. */
    void bind(LeaseService leases) {
        for (String outcome : new String[] {"assigned", "renewed", "reassigned", "freed", "no-subscriber",
            "ambiguous-subscriber", "rejected", "unchanged_not_held", "unchanged_stale", "unchanged_duplicate"}) {
            FunctionCounter.builder("netlever.dhcp.events", leases,
                    l -> l.outcomeCounts().getOrDefault(outcome, 0L))
                    .description("DHCP events from the lever, by what they did").tag("outcome", label(outcome))
                    .register(registry);
        }
        for (LeaseOutcome.RejectReason reason : LeaseOutcome.RejectReason.values()) {
            FunctionCounter.builder("netlever.dhcp.rejections", leases,
                    l -> l.rejectionCounts().getOrDefault(reason, 0L))
                    .description("DHCP events rejected, by why: no_location for a relay whose Option 82 says nothing"
                            + " of where the client is, unknown_device, ambiguous_device, ...")
                    .tag("reason", label(reason.name())).register(registry);
        }
    }

    /**
     * A lease follower (issue 14): events it handed to the lease service and records it could not read, tagged by
     * its name and type in the one label style ({@code kea-memfile:/var/lib/kea/kea-leases4.csv} becomes
     * {@code kea_memfile__var_lib_kea_kea_leases4_csv}).
     */
    void bind(LeaseFollower follower, ServeConfig.Follower config) {
        String name = follower.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "_");
        FunctionCounter.builder("netlever.follower.events", follower, LeaseFollower::eventsDelivered)
                .description("lease events a follower read and handed to the lease service")
                .tag("follower", name).tag("type", label(config.type())).register(registry);
        FunctionCounter.builder("netlever.follower.parse.problems", follower, config::parseProblems)
                .description("records a follower could not read and skipped")
                .tag("follower", name).tag("type", label(config.type())).register(registry);
    }

    /** The group commit of an H2 file database: disk writes and the waits they served (both 0 on PostgreSQL). */
    void bind(Database db) {
        FunctionCounter.builder("netlever.storage.disk.writes", db, d -> d.durabilityCounts().writes())
                .description("H2 writes to disk made so that acknowledged commits are durable (group commit)")
                .register(registry);
        FunctionCounter.builder("netlever.storage.durability.waits", db, d -> d.durabilityCounts().waits())
                .description("acknowledgements that waited for their commit to reach the disk; waits / writes is "
                        + "the average group").register(registry);
    }

    /**
     * The reference billing's group commit: transactions that wrote a group of reservations (authorizations and
     * Starts) or of charges (Stops), and the requests they held; requests / groups is the average group.
     */
    void bind(ReferenceBilling billing) {
        for (String kind : new String[] {"reservations", "charges"}) {
            // The billing itself is what the counters hold (weakly): a method reference would be collected.
            ToDoubleFunction<ReferenceBilling> groups = kind.equals("reservations") ? b -> b.reservationGroups()[0]
                    : b -> b.chargeGroups()[0];
            ToDoubleFunction<ReferenceBilling> requests = kind.equals("reservations")
                    ? b -> b.reservationGroups()[1] : b -> b.chargeGroups()[1];
            FunctionCounter.builder("netlever.billing.groups", billing, groups)
                    .description("billing transactions that wrote a group of requests, by kind").tag("kind", kind)
                    .register(registry);
            FunctionCounter.builder("netlever.billing.group.requests", billing, requests)
                    .description("requests those transactions held; / groups is the average group, by kind")
                    .tag("kind", kind).register(registry);
        }
    }

    /** NAS-sync work by state. */
    void bind(NasSyncWorker worker) {
        for (String state : new String[] {"pending", "in_progress", "done", "abandoned"}) {
            Gauge.builder("netlever.nas.sync", worker, w -> w.counts().getOrDefault(state, 0L))
                    .description("NAS-sync requests by state").tag("state", state).register(registry);
        }
    }

    /**
     * The current values in Prometheus text format.
     *
     * @return the exposition text
     */
    String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        for (MeterBinder binder : jvm) {
            if (binder instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    LOG.warn("Closing {} failed", binder.getClass().getSimpleName(), e);
                }
            }
        }
        registry.close();
    }
}
