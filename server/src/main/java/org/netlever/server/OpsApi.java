package org.netlever.server;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.netlever.aaa.lease.IpPools;
import org.netlever.aaa.lease.LeaseService;
import org.netlever.aaa.lease.NasSyncWorker;
import org.netlever.aaa.lease.query.LeaseReads;
import org.netlever.aaa.radius.server.RadiusServer;
import org.netlever.aaa.store.Database;
import org.netlever.pcrf.PcrfLeadership;
import org.netlever.server.api.AdminApi;
import org.netlever.pcrf.read.PcrfReads;
import org.netlever.server.api.ApiRouter;
import org.netlever.server.api.BillingApi;
import org.netlever.server.api.DashboardApi;
import org.netlever.server.api.LeaseApi;
import org.netlever.server.api.PcrfApi;
import org.netlever.server.api.RadiusApi;
import org.netlever.server.billing.BillingReads;
import org.netlever.server.billing.ReferenceBilling;

/**
 * Which modules make up the operations API ({@code docs/api.md}) and what each reads: registered on the ops
 * endpoint's router once the server's parts are up, then the router opens.
 *
 * <p>Thread-safe once built.
 */
final class OpsApi {

    /**
     * The running parts the API reads and writes.
     *
     * @param config the configuration the server runs
     * @param clock the server's clock
     * @param db the database
     * @param billing the reference billing
     * @param pools the IP pools
     * @param leases the lease bookkeeping
     * @param nasSync the NAS-sync worker
     * @param softswitch the softswitch's RADIUS server
     * @param bras the BRAS's RADIUS server
     * @param pcrf the PCRF leadership (its engine while this process leads)
     * @param metrics the server's metrics
     */
    record Parts(ServeConfig config, Clock clock, Database db, ReferenceBilling billing, IpPools pools,
            LeaseService leases, NasSyncWorker nasSync, RadiusServer softswitch, RadiusServer bras,
            PcrfLeadership pcrf, ServeMetrics metrics) {
        Parts {
            Objects.requireNonNull(config, "config");
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(db, "db");
            Objects.requireNonNull(billing, "billing");
            Objects.requireNonNull(pools, "pools");
            Objects.requireNonNull(leases, "leases");
            Objects.requireNonNull(nasSync, "nasSync");
            Objects.requireNonNull(softswitch, "softswitch");
            Objects.requireNonNull(bras, "bras");
            Objects.requireNonNull(pcrf, "pcrf");
            Objects.requireNonNull(metrics, "metrics");
        }
    }

    private OpsApi() {
    }

    /** Registers every module on the router and opens it. */
    static void start(ApiRouter router, Parts parts) {
        // Each reader once: the modules that show the same tables share it.
        LeaseReads leaseReads = new LeaseReads(parts.db(), parts.clock());
        BillingReads billingReads = new BillingReads(parts.db(), parts.clock());
        // The PCRF state as the API reads it: the tables, and the engine while this process leads.
        PcrfReads pcrfReads = new PcrfReads(parts.db(), parts.config().pcrf().definitions(), parts.pcrf()::engine);
        router.register(new LeaseApi(leaseReads));
        router.register(new AdminApi(parts.config(), parts.clock(), parts.db(), parts.leases(), parts.pcrf()));
        router.register(new BillingApi(billingReads));
        router.register(new RadiusApi(Map.of("softswitch", parts.softswitch(), "bras", parts.bras())));
        router.register(new PcrfApi(pcrfReads));
        router.register(new DashboardApi(new DashboardApi.Sources(parts.clock(), parts.leases(), leaseReads,
                parts.nasSync(), List.of(parts.softswitch(), parts.bras()), parts.pcrf(), pcrfReads, billingReads)));
        router.open();
    }
}
