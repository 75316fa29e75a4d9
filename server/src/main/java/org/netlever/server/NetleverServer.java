package org.netlever.server;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.netlever.aaa.call.CallAaaHandler;
import org.netlever.aaa.call.RouteReply;
import org.netlever.aaa.ip.IpPool;
import org.netlever.aaa.ip.IpPoolException;
import org.netlever.aaa.ip.Ipv4Address;
import org.netlever.aaa.lease.IpPools;
import org.netlever.aaa.lease.FollowerPositions;
import org.netlever.aaa.lease.LeaseService;
import org.netlever.aaa.lease.LoggingNasSync;
import org.netlever.aaa.lease.NasSync;
import org.netlever.aaa.lease.NasSyncWorker;
import org.netlever.aaa.lease.nas.CoaNasSync;
import org.netlever.aaa.lever.LeverServer;
import org.netlever.aaa.radius.client.CoaClient;
import org.netlever.aaa.radius.client.RadiusServerDefinition;
import org.netlever.aaa.radius.client.ServerKind;
import org.netlever.aaa.radius.server.RadiusHandler;
import org.netlever.aaa.radius.server.RadiusReply;
import org.netlever.aaa.radius.server.RadiusServer;
import org.netlever.aaa.store.Database;
import org.netlever.device.DeviceManagers;
import org.netlever.device.DeviceResolver;
import org.netlever.pcrf.PcrfEngine;
import org.netlever.pcrf.PcrfLeadership;
import org.netlever.pcrf.StoreFence;
import org.netlever.pcrf.bras.BrasHandler;
import org.netlever.pcrf.bras.CoaBrasNotifier;
import org.netlever.server.billing.ReferenceBilling;
import org.netlever.server.billing.ReservationSweeper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running access server behind {@code netlever serve}: one database, the reference billing, the lever endpoint
 * with lease bookkeeping and NAS sync (S1), the softswitch's RADIUS listeners (S2), the BRAS's RADIUS listeners, the
 * PCRF engine with its timer and the CoA client (S3), and the operations endpoint. {@link #start} brings them up in
 * dependency order and reports ready; {@link #close} stops accepting, lets in-flight work finish, flushes and releases
 * everything in reverse order.
 *
 * <p>Thread-safe: {@link #close} may be called from a shutdown hook while requests are being served.
 */
public final class NetleverServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NetleverServer.class);

    private final ServeConfig config;
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private final ServeMetrics metrics;
    private final Database db;
    private final ReferenceBilling billing;
    private final LeaseService leases;
    private final IpPools pools;
    private final LeverServer lever;
    private final NasSyncWorker nasSync;
    private final RadiusServer softswitch;
    private final PcrfLeadership pcrf;
    private final RadiusServer bras;
    private final OpsServer ops;
    private volatile BrasFront brasFront;
    private volatile boolean started;
    private volatile boolean closed;

    private NetleverServer(ServeConfig config, Clock clock, Duration leadershipRetry) {
        this.config = config;
        H2Files h2Files = H2Files.before(config.storage());
        Listeners listeners = new Listeners(config);
        try {
            DeviceManagers managers = ServeConfigReader.deviceManagers();
            metrics = closing(new ServeMetrics());   // closed last: /metrics answers until ops is closed
            db = closing(ServeStorage.open(config, this::closing));
            // Up first and down last: /ready says 503 until everything is started and while draining.
            ops = closing(listeners.listening("ops.listen", config.ops().listen(),
                    () -> new OpsServer(config.ops(), metrics, this::ready)));
            billing = new ReferenceBilling(db, clock, config.softswitch().interimInterval(),
                    config.billing().reservationTtl(), config.billing().maxConcurrentCalls(), config.billing().writers());
            billing.load(config.billing());
            // Credit held for calls the softswitch never reported comes back even to accounts that call no more.
            closing(ReservationSweeper.start(billing, ReservationSweeper.DEFAULT_INTERVAL));
            pools = new IpPools(db, clock);
            for (ServeConfig.Pool p : config.billing().pools()) {
                if (pools.find(p.id()).isEmpty()) {
                    IpPool.Builder pool = IpPool.builder(p.id(), p.network(), p.kind());
                    p.gateway().map(Ipv4Address::parse).ifPresent(pool::gateway);
                    try {
                        pools.add(pool.build());
                    } catch (IpPoolException e) {
                        // Another serve process starting at the same time added it first.
                        pools.reload();
                        if (pools.find(p.id()).isEmpty()) {
                            throw e;
                        }
                    }
                }
            }
            leases = LeaseService.builder(db).devices(new DeviceResolver(managers, billing))
                    .subscribers(billing).pools(pools).clock(clock).build();
            // CoA leaves from the address the BRAS knows netlever by: the one its RADIUS listener is on.
            CoaClient coa = closing(listeners.listening("bras.auth", config.bras().radius().auth(),
                    () -> CoaClient.bound(config.bras().radius().auth().getAddress(), config.radius().dictionary())));
            // The NAS opens access by the subscriber's tariff (S1.8): its rate-limit attributes go with each lease.
            NasSync target = config.nasSync().coa().<NasSync>map(endpoint -> new CoaNasSync(coa,
                    definition("nas", endpoint), billing::rateLimits)).orElseGet(LoggingNasSync::new);
            ServeConfig.NasSync sync = config.nasSync();
            nasSync = closing(NasSyncWorker.builder(db, target).clock(clock)
                    .backoff(sync.initialBackoff(), sync.maxBackoff()).claimTimeout(sync.claimTimeout())
                    .batchSize(sync.batchSize()).maxAttempts(sync.maxAttempts()).build()
                    .start(sync.interval()));
            lever = closing(listeners.listening("lever.listen", config.lever().listen(),
                    () -> LeverServer.builder(leases, config.lever().secret()).bind(config.lever().listen())
                            .maxSkew(config.lever().maxSkew()).requestTimeout(config.lever().requestTimeout())
                            .idleTimeout(config.lever().idleTimeout()).threads(config.lever().threads())
                            .listener(metrics.lever())
                            .clock(clock).build().start()));
            // Lease files and databases read beside the lever (issue 14), closed before what they deliver to.
            FollowerPositions positions = new FollowerPositions(db, clock);
            for (ServeConfig.Follower follower : config.followers()) {
                metrics.bind(closing(follower.start(leases, positions, clock)), follower);
            }

            CallAaaHandler.Builder callsBuilder = CallAaaHandler.builder().router(request -> RouteReply.unchanged())
                    .authorizer(billing).accounting(billing).mapping(config.softswitch().mapping())
                    .problemListener(metrics::callAttributeProblem);
            config.softswitch().attributePolicies().forEach(callsBuilder::policy);
            CallAaaHandler calls = callsBuilder.build();
            softswitch = closing(listeners.radius("softswitch", config.softswitch().radius(),
                    metrics.timed("softswitch", calls), clock));

            PcrfLeadership.EngineFactory engines = fence -> pcrfEngine(config, db, clock, fence)
                    .notifier(new CoaBrasNotifier(coa, brasByNas(config.bras().coa()), config.bras().mapping()))
                    .build().start();
            pcrf = closing(PcrfLeadership.builder(db, engines).retry(leadershipRetry)
                    .lockKey(config.pcrf().leadership().lockKey()).start());
            bras = closing(listeners.radius("bras", config.bras().radius(), metrics.timed("bras", brasFront()), clock));

            metrics.bind(softswitch, "softswitch");
            metrics.bind(bras, "bras");
            metrics.bind(pcrf);
            metrics.bind(nasSync);
            metrics.bind(leases);
            metrics.bind(db);
            metrics.bind(billing);
            OpsApi.start(ops.api(), new OpsApi.Parts(config, clock, db, billing, pools, leases, nasSync, softswitch,
                    bras, pcrf, metrics));
            started = true;
        } catch (RuntimeException e) {
            closeAll();
            h2Files.removeCreated();
            throw e;
        }
    }

    /**
     * Starts everything the configuration describes. A start that fails stops what it started and leaves no files
     * behind: an H2 database it created is removed.
     *
     * @param config the configuration
     * @param clock the clock
     * @return the running server, ready
     * @throws ConfigException if a listener cannot bind its address (in use, or not an address of this host): the
     *     problem names the configuration field and the address
     */
    public static NetleverServer start(ServeConfig config, Clock clock) {
        return start(config, clock, config.pcrf().leadership().retry());
    }

    /** As {@link #start(ServeConfig, Clock)}, with another pace for the PCRF leadership checks (tests). */
    static NetleverServer start(ServeConfig config, Clock clock, Duration leadershipRetry) {
        long started = System.nanoTime();
        NetleverServer server = new NetleverServer(config, clock, leadershipRetry);
        LOG.atInfo().setMessage("netlever serve ready")
                .addKeyValue("startupMillis", Duration.ofNanos(System.nanoTime() - started).toMillis())
                .addKeyValue("lever", Listeners.text(server.lever.address()))
                .addKeyValue("softswitchAuth", Listeners.text(server.softswitch.authAddress()))
                .addKeyValue("softswitchAcct", Listeners.text(server.softswitch.acctAddress()))
                .addKeyValue("brasAuth", Listeners.text(server.bras.authAddress()))
                .addKeyValue("brasAcct", Listeners.text(server.bras.acctAddress()))
                .addKeyValue("ops", Listeners.text(server.ops.address()))
                .addKeyValue("storage", config.storage().postgres() ? "postgresql" : "h2")
                .addKeyValue("pcrfLeader", server.pcrf.isLeader()).log();
        return server;
    }

    /**
     * The PCRF engine as the configuration's {@code pcrf} section sets it up, without a notifier: serve adds its CoA
     * client, {@link PcrfMaintenance} sends nothing.
     */
    static PcrfEngine.Builder pcrfEngine(ServeConfig config, Database db, Clock clock, StoreFence fence) {
        PcrfEngine.Builder engine = PcrfEngine.builder(db, config.pcrf().definitions()).clock(clock).fence(fence)
                .resetPolicy(config.pcrf().resetPolicy()).reauthRate(config.pcrf().reauthRate())
                .sessionIdleTimeout(config.pcrf().sessionIdleTimeout()).lineRate(config.pcrf().lineRate())
                .reauthRetry(config.pcrf().reauthRetry());
        config.pcrf().compatibilityPollInterval().ifPresent(engine::compatibilityPollInterval);
        return engine;
    }

    private <T extends AutoCloseable> T closing(T resource) {
        resources.push(resource);
        return resource;
    }

    private static RadiusServerDefinition definition(String name, ServeConfig.CoaEndpoint endpoint) {
        return new RadiusServerDefinition(name, endpoint.address(), ServerKind.DYNAMIC_AUTHORIZATION,
                endpoint.secret(), endpoint.retries(), endpoint.retryTimeout(), RadiusServerDefinition.DEFAULT_IDLE_TIMEOUT,
                true);
    }

    /**
     * {@code bras.coa} by the name each entry gives: a NAS-Identifier, a NAS-IP-Address or a source address, or
     * {@code *}; the notifier tries a session's names in its precedence order, then {@code *}.
     */
    private static Function<String, Optional<RadiusServerDefinition>> brasByNas(List<ServeConfig.CoaEndpoint> coa) {
        Map<String, RadiusServerDefinition> byName = new HashMap<>();
        for (ServeConfig.CoaEndpoint e : coa) {
            byName.putIfAbsent(e.nas(), definition("bras " + e.nas(), e));
        }
        return name -> Optional.ofNullable(byName.get(name));
    }

    /** Whether the server takes traffic: started, not closing, and its database answering. */
    boolean ready() {
        if (!started || closed) {
            return false;
        }
        try {
            return db.withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one()) == 1;
        } catch (RuntimeException e) {
            LOG.warn("Not ready: the database does not answer: {}", e.getMessage());
            return false;
        }
    }

    /**
     * The configuration it runs.
     *
     * @return the configuration
     */
    public ServeConfig config() {
        return config;
    }

    /**
     * The lever endpoint's bound address.
     *
     * @return the address
     */
    public InetSocketAddress leverAddress() {
        return lever.address();
    }

    /**
     * The softswitch's RADIUS authentication address.
     *
     * @return the address
     */
    public InetSocketAddress softswitchAuthAddress() {
        return softswitch.authAddress();
    }

    /**
     * The softswitch's RADIUS accounting address.
     *
     * @return the address
     */
    public InetSocketAddress softswitchAcctAddress() {
        return softswitch.acctAddress();
    }

    /**
     * The BRAS's RADIUS authentication address.
     *
     * @return the address
     */
    public InetSocketAddress brasAuthAddress() {
        return bras.authAddress();
    }

    /**
     * The BRAS's RADIUS accounting address.
     *
     * @return the address
     */
    public InetSocketAddress brasAcctAddress() {
        return bras.acctAddress();
    }

    /**
     * The operations endpoint's bound address.
     *
     * @return the address
     */
    public InetSocketAddress opsAddress() {
        return ops.address();
    }

    /**
     * The reference billing.
     *
     * @return the billing
     */
    public ReferenceBilling billing() {
        return billing;
    }

    /**
     * The lease bookkeeping.
     *
     * @return the lease service
     */
    public LeaseService leases() {
        return leases;
    }

    /**
     * The PCRF engine, while this process runs it: one process per database does.
     *
     * @return the engine, or empty on a standby
     */
    public Optional<PcrfEngine> pcrf() {
        return pcrf.engine();
    }

    /**
     * The BRAS's RADIUS front: the running engine's {@link BrasHandler}; a standby answers nothing, so the BRAS fails
     * over to the process that runs the PCRF.
     */
    private RadiusHandler brasFront() {
        return request -> {
            Optional<PcrfEngine> engine = pcrf.engine();
            if (engine.isEmpty()) {
                return RadiusReply.discard("standby: another netlever process runs the PCRF");
            }
            BrasFront current = brasFront;
            if (current == null || current.engine() != engine.get()) {
                // A new engine after a takeover; building its handler twice in a race is harmless.
                current = new BrasFront(engine.get(), new BrasHandler(engine.get(), billing, config.bras().mapping(),
                        config.bras().idleTimeout()));
                brasFront = current;
            }
            return current.handler().handle(request);
        };
    }

    /** The BRAS handler of the engine it was built for. */
    private record BrasFront(PcrfEngine engine, BrasHandler handler) {
    }

    /**
     * Graceful shutdown: reports not ready, stops the listeners (each lets its running requests finish), stops the
     * PCRF engine (its store is flushed) and the NAS-sync worker, then closes the database. Idempotent.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        LOG.info("netlever serve stopping: draining in-flight work");
        closeAll();
        LOG.info("netlever serve stopped");
    }

    private void closeAll() {
        closeAll(resources);
    }

    /** Closes resources last-opened first; a failure is logged and the rest are still closed. */
    static void closeAll(Deque<AutoCloseable> resources) {
        while (!resources.isEmpty()) {
            AutoCloseable resource = resources.pop();
            try {
                resource.close();
            } catch (Exception e) {
                LOG.warn("Closing {} failed", resource.getClass().getSimpleName(), e);
            }
        }
    }
}
