package org.netlever.server.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.netlever.aaa.lease.Lease;
import org.netlever.aaa.lease.LeaseService;
import org.netlever.aaa.lease.NasSyncWorker;
import org.netlever.aaa.lease.RecordedEvent;
import org.netlever.aaa.lease.query.DhcpEventQuery;
import org.netlever.aaa.lease.query.LeaseReads;
import org.netlever.aaa.lease.query.LeaseState;
import org.netlever.aaa.radius.server.RadiusServer;
import org.netlever.aaa.radius.server.RadiusServerStats;
import org.netlever.pcrf.PcrfEngine;
import org.netlever.pcrf.PcrfLeadership;
import org.netlever.pcrf.read.PcrfReads;
import org.netlever.server.billing.BillingReads;

/**
 * {@code /api/v1/dashboard} and {@code /api/v1/subscribers/{id}/overview} ({@code docs/api.md}): this process's
 * monotonic totals (the console computes rates from two readings) and queue depths, and one subscriber's billing
 * entry, account, leases, last calls, PCRF state and last DHCP events on one page.
 *
 * <p>The totals are this process's since it started, as {@code /metrics} counts them; the queues are the database's
 * (NAS-sync, owed services-reauth, reservations) or the running PCRF engine's (failed services-reauth: 0 on a
 * standby).
 *
 * <p>Thread-safe.
 */
public final class DashboardApi implements ApiModule {

    /** How many calls and DHCP events the overview shows. */
    static final int OVERVIEW_LAST = 10;

    private static final Set<String> ACCEPTED = Set.of("assigned", "renewed", "reassigned", "freed");
    private static final Set<String> REJECTED = Set.of("rejected", "no-subscriber", "ambiguous-subscriber");

    /**
     * What the dashboard and the overview read.
     *
     * <p>Immutable; thread-safe as its parts are.
     *
     * @param clock the server's clock
     * @param leases the lease bookkeeping
     * @param nasSync the NAS-sync worker
     * @param radius the RADIUS listeners
     * @param pcrf the PCRF leadership
     * @param pcrfReads the PCRF state
     * @param billing the billing's tables
     */
    public record Sources(Clock clock, LeaseService leases, LeaseReads leaseReads, NasSyncWorker nasSync,
            List<RadiusServer> radius, PcrfLeadership pcrf, PcrfReads pcrfReads, BillingReads billing) {
        /** Checks that nothing is missing. */
        public Sources {
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(leases, "leases");
            Objects.requireNonNull(leaseReads, "leaseReads");
            Objects.requireNonNull(nasSync, "nasSync");
            radius = List.copyOf(radius);
            Objects.requireNonNull(pcrf, "pcrf");
            Objects.requireNonNull(pcrfReads, "pcrfReads");
            Objects.requireNonNull(billing, "billing");
        }
    }

    private final Sources sources;

    /**
     * The routes over these parts.
     *
     * @param sources what they read
     */
    public DashboardApi(Sources sources) {
        this.sources = Objects.requireNonNull(sources, "sources");
    }

    @Override
    public void register(ApiRouter router) {
        router.route("GET", "/api/v1/dashboard", this::dashboard);
        router.route("GET", "/api/v1/subscribers/{id}/overview", this::overview);
    }

    private ApiReply dashboard(ApiRequest request) {
        request.allow();
        Instant now = sources.clock().instant();
        Optional<PcrfEngine> engine = sources.pcrf().engine();
        ObjectNode out = Json.object();
        out.put("at", Json.instant(now));
        out.put("leader", engine.isPresent());

        Map<String, Long> outcomes = sources.leases().outcomeCounts();
        RadiusServerStats radius = new RadiusServerStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        long accounting = 0;
        for (RadiusServer server : sources.radius()) {
            radius = radius.plus(server.stats());
            RadiusServerStats acct = server.statsByPort().get("acct");
            accounting += acct == null ? 0 : acct.received();
        }
        ObjectNode counters = out.putObject("counters");
        counters.put("dhcpEvents", outcomes.values().stream().mapToLong(Long::longValue).sum());
        counters.put("dhcpAccepted", sum(outcomes, ACCEPTED));
        counters.put("dhcpRejected", sum(outcomes, REJECTED));
        counters.put("radiusRequests", radius.received());
        counters.put("radiusDrops", radius.unknownClient() + radius.malformed() + radius.unsupportedCode()
                + radius.badAuthenticator() + radius.missingMessageAuthenticator() + radius.shed()
                + radius.handlerErrors() + radius.discarded());
        counters.put("accountingRequests", accounting);
        counters.put("pcrfTransitions", engine.map(PcrfEngine::transitionCount).orElse(0L));
        counters.put("coaSent", engine.map(PcrfEngine::reauthSent).orElse(0L));
        counters.put("coaFailed", engine.map(PcrfEngine::reauthFailed).orElse(0L));

        Map<String, Long> nasSync = sources.nasSync().counts();
        ObjectNode queues = out.putObject("queues");
        queues.put("nasSyncPending", nasSync.getOrDefault("pending", 0L));
        queues.put("nasSyncFailed", nasSync.getOrDefault("abandoned", 0L));
        queues.put("coaOwed", sources.pcrfReads().owedCount());
        queues.put("coaFailed", sources.pcrfReads().failedCount());
        queues.put("reservations", sources.billing().reservationCount());
        out.put("schedulerLagMillis", engine.map(e -> e.schedulerLag().toMillis()).orElse(0L));
        LeaseReads.LeaseCounts held = sources.leaseReads().counts();
        out.putObject("leases").put("active", held.active()).put("held", held.held());
        return ApiReply.ok(out);
    }

    private static long sum(Map<String, Long> counts, Set<String> labels) {
        return labels.stream().mapToLong(l -> counts.getOrDefault(l, 0L)).sum();
    }

    private ApiReply overview(ApiRequest request) {
        request.allow();
        String id = request.path("id");
        Instant now = sources.clock().instant();
        Optional<BillingReads.SubscriberEntry> entry = sources.billing().subscriber(id);
        var pcrf = sources.pcrfReads().subscriber(id);
        List<Lease> leases = sources.leases().leasesOf(id);
        if (entry.isEmpty() && pcrf.isEmpty() && leases.isEmpty()) {
            throw ApiException.notFound("no subscriber " + id + " in the billing, the leases or the PCRF");
        }
        ObjectNode out = Json.object();
        out.set("subscriber", entry.map(DashboardApi::entry).orElse(null));
        out.set("account", sources.billing().account(id).map(BillingApi::account).orElse(null));
        ArrayNode leaseItems = out.putArray("leases");
        for (Lease lease : leases) {
            leaseItems.add(LeaseJson.lease(lease, LeaseState.of(lease, now)));
        }
        ArrayNode calls = out.putArray("calls");
        sources.billing().calls(new BillingReads.CallFilter(Optional.empty(), Optional.of(id), Optional.empty(),
                Optional.empty(), Optional.empty()), OVERVIEW_LAST).forEach(c -> calls.add(BillingApi.call(c)));
        out.set("pcrf", pcrf.map(PcrfApi::subscriber).orElse(null));
        ArrayNode eventItems = out.putArray("dhcpEvents");
        sources.leaseReads().events(DhcpEventQuery.limit(OVERVIEW_LAST).subscriber(id).build())
                .forEach(e -> eventItems.add(LeaseJson.event(e)));
        return ApiReply.ok(out);
    }

    private static ObjectNode entry(BillingReads.SubscriberEntry s) {
        ObjectNode out = Json.object();
        out.put("id", s.id());
        out.put("device", s.device().orElse(null));
        out.put("port", s.port().orElse(null));
        out.put("poolKind", s.poolKind());
        out.put("phone", s.phone().orElse(null));
        out.put("domain", s.domain().orElse(null));
        out.put("tariffPlan", s.tariffPlan().orElse(null));
        out.put("rateTariff", s.rateTariff().orElse(null));
        return out;
    }
}
