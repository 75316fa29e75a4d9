package org.netlever.server;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;
import org.netlever.aaa.lease.LeaseService;
import org.netlever.aaa.lease.NasSyncWorker;
import org.netlever.aaa.radius.server.RadiusHandler;
import org.netlever.aaa.radius.server.RadiusReply;
import org.netlever.aaa.radius.server.RadiusServer;
import org.netlever.aaa.radius.server.RadiusServerStats;
import org.netlever.aaa.store.Database;
import org.netlever.pcrf.PcrfEngine;
import org.netlever.pcrf.PcrfLeadership;

/**
 * The metrics of {@code netlever serve}, through micrometer, scraped in Prometheus text format at {@code /metrics}:
 * DHCP events by outcome, RADIUS requests by listener and outcome (duplicates and drops by reason included), handler latency histograms by
 * listener and reply, PCRF transitions, services-reauth sent and queued, scheduler lag, subscribers held, and NAS-sync
 * work by state.
 *
 * <p>Thread-safe.
 */
final class ServeMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ConcurrentHashMap<String, Timer> handlerTimers = new ConcurrentHashMap<>();

    /**
     * Wraps a handler so every request is timed, tagged with the listener and what was answered.
     *
     * @param listener {@code softswitch} or {@code bras}
     * @param handler the handler
     * @return the timed handler
     */
    RadiusHandler timed(String listener, RadiusHandler handler) {
        return request -> {
            Timer.Sample sample = Timer.start(registry);
            String outcome = "error";
            try {
                RadiusReply reply = handler.handle(request);
                outcome = reply.message().map(m -> m.code().name()).orElse("discarded");
                return reply;
            } finally {
                sample.stop(handlerTimer(listener, request.packet().code().name(), outcome));
            }
        };
    }

    /** The handler timer for a listener, request and outcome, built once (requests are the hot path). */
    private Timer handlerTimer(String listener, String request, String outcome) {
        return handlerTimers.computeIfAbsent(listener + '|' + request + '|' + outcome, key ->
                Timer.builder("netlever.radius.handler").description("time billing took to answer a RADIUS request")
                        .tag("listener", listener).tag("request", request).tag("outcome", outcome)
                        .publishPercentileHistogram().register(registry));
    }

    /** Counts a RADIUS listener's requests by outcome. */
    void bind(RadiusServer server, String listener) {
        counter(server, listener, "received", s -> s.stats().received());
        counter(server, listener, "answered", s -> s.stats().answered());
        counter(server, listener, "duplicate_resent", s -> s.stats().duplicatesResent());
        counter(server, listener, "duplicate_in_progress", s -> s.stats().duplicatesInProgress());
        counter(server, listener, "unknown_client", s -> s.stats().unknownClient());
        counter(server, listener, "malformed", s -> s.stats().malformed());
        counter(server, listener, "unsupported_code", s -> s.stats().unsupportedCode());
        counter(server, listener, "bad_authenticator", s -> s.stats().badAuthenticator());
        counter(server, listener, "missing_message_authenticator", s -> s.stats().missingMessageAuthenticator());
        counter(server, listener, "status_server", s -> s.stats().statusServer());
        counter(server, listener, "shed", s -> s.stats().shed());
        counter(server, listener, "handler_error", s -> s.stats().handlerErrors());
        counter(server, listener, "discarded", s -> s.stats().discarded());
        Gauge.builder("netlever.radius.workers", server, RadiusServer::workerThreads)
                .description("worker threads of a RADIUS listener").tag("listener", listener).register(registry);
    }

    private void counter(RadiusServer server, String listener, String outcome, ToDoubleFunction<RadiusServer> f) {
        FunctionCounter.builder("netlever.radius.requests", server, f)
                .description("RADIUS datagrams by what became of them").tag("listener", listener)
                .tag("outcome", outcome).register(registry);
    }

    /** The PCRF engine's transitions, services-reauth and subscribers; zero on a standby. */
    void bind(PcrfLeadership engine) {
        Gauge.builder("netlever.pcrf.leader", engine, e -> e.isLeader() ? 1 : 0)
                .description("1 if this process runs the PCRF engine, 0 on a standby").register(registry);
        FunctionCounter.builder("netlever.pcrf.transitions", engine, e -> of(e, PcrfEngine::transitionCount))
                .description("scenario step changes and re-arms").register(registry);
        FunctionCounter.builder("netlever.pcrf.reauth.sent", engine, e -> of(e, PcrfEngine::reauthSent))
                .description("services-reauth CoA acknowledged by a BRAS").register(registry);
        FunctionCounter.builder("netlever.pcrf.reauth.failed", engine, e -> of(e, PcrfEngine::reauthFailed))
                .description("services-reauth attempts a BRAS refused or did not answer (each is retried)")
                .register(registry);
        Gauge.builder("netlever.pcrf.subscribers", engine, e -> of(e, PcrfEngine::subscriberCount))
                .description("subscribers the PCRF engine holds").register(registry);
        Gauge.builder("netlever.pcrf.reauth.queued", engine, e -> of(e, PcrfEngine::reauthQueued))
                .description("services-reauth waiting for the rate limit or a retry").register(registry);
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
                    .description("DHCP events from the lever, by what they did").tag("outcome", outcome)
                    .register(registry);
        }
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

    /** NAS-sync work by state. */
    void bind(NasSyncWorker worker) {
        for (String state : new String[] {"pending", "done", "abandoned"}) {
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
}
