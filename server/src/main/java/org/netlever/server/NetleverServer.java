package org.netlever.server;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.netlever.aaa.call.CallAaaHandler;
import org.netlever.aaa.call.RouteReply;
import org.netlever.aaa.lease.IpPools;
import org.netlever.aaa.lease.LeaseService;
import org.netlever.aaa.lease.LoggingNasSync;
import org.netlever.aaa.lease.NasSync;
import org.netlever.aaa.lease.NasSyncWorker;
import org.netlever.aaa.lever.LeverServer;
import org.netlever.aaa.radius.client.CoaClient;
import org.netlever.aaa.radius.client.CoaNasSync;
import org.netlever.aaa.radius.client.RadiusServerDefinition;
import org.netlever.aaa.radius.client.ServerKind;
import org.netlever.aaa.radius.server.RadiusClientDefinition;
import org.netlever.aaa.radius.server.RadiusHandler;
import org.netlever.aaa.radius.server.RadiusReply;
import org.netlever.aaa.radius.server.RadiusServer;
import org.netlever.aaa.store.Database;
import org.netlever.device.DeviceManagers;
import org.netlever.device.DeviceResolver;
import org.netlever.aaa.ip.IpPool;
import org.netlever.aaa.ip.IpPoolException;
import org.netlever.aaa.ip.Ipv4Address;
import org.netlever.pcrf.PcrfEngine;
import org.netlever.pcrf.PcrfLeadership;
import org.netlever.pcrf.bras.BrasHandler;
import org.netlever.pcrf.bras.CoaBrasNotifier;
import org.netlever.server.billing.ReferenceBilling;
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
    /** How long start-up waits for PostgreSQL to accept a connection before it gives up (exit 2). */
    static final Duration POSTGRES_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final ServeConfig config;
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private final ServeMetrics metrics;
    private final Database db;
    private final ReferenceBilling billing;
    private final LeaseService leases;
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
        try {
            DeviceManagers managers = ServeConfigReader.deviceManagers();
            metrics = closing(new ServeMetrics());   // closed last: /metrics answers until ops is closed
            db = closing(open(config.storage()));
            // Up first and down last: /ready says 503 until everything is started and while draining.
            ops = closing(listening("ops.listen", config.ops().listen(),
                    () -> new OpsServer(config.ops(), metrics, this::ready)));
            billing = new ReferenceBilling(db, clock, config.softswitch().interimInterval());
            billing.load(config.billing());
            IpPools pools = new IpPools(db, clock);
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
            CoaClient coa = closing(listening("bras.auth", config.bras().radius().auth(),
                    () -> CoaClient.bound(config.bras().radius().auth().getAddress(), config.radius().dictionary())));
            // The NAS opens access by the subscriber's tariff (S1.8): its rate-limit attributes go with each lease.
            NasSync target = config.nasSync().coa().<NasSync>map(endpoint -> new CoaNasSync(coa,
                    definition("nas", endpoint), billing::rateLimits)).orElseGet(LoggingNasSync::new);
            ServeConfig.NasSync sync = config.nasSync();
            nasSync = closing(NasSyncWorker.builder(db, target).clock(clock)
                    .backoff(sync.initialBackoff(), sync.maxBackoff()).claimTimeout(sync.claimTimeout())
                    .batchSize(sync.batchSize()).maxAttempts(sync.maxAttempts()).build()
                    .start(sync.interval()));
            lever = closing(listening("lever.listen", config.lever().listen(),
                    () -> LeverServer.builder(leases, config.lever().secret()).bind(config.lever().listen())
                            .maxSkew(config.lever().maxSkew()).requestTimeout(config.lever().requestTimeout())
                            .idleTimeout(config.lever().idleTimeout()).threads(config.lever().threads())
                            .listener(metrics.lever())
                            .clock(clock).build().start()));

            CallAaaHandler calls = CallAaaHandler.builder().router(request -> RouteReply.unchanged())
                    .authorizer(billing).accounting(billing).mapping(config.softswitch().mapping()).build();
            softswitch = closing(radius("softswitch", config.softswitch().radius(),
                    metrics.timed("softswitch", calls), clock));

            PcrfLeadership.EngineFactory engines = fence -> {
                PcrfEngine.Builder engine = PcrfEngine.builder(db, config.pcrf().definitions()).clock(clock)
                        .fence(fence)
                        .resetPolicy(config.pcrf().resetPolicy()).reauthRate(config.pcrf().reauthRate())
                        .sessionIdleTimeout(config.pcrf().sessionIdleTimeout())
                        .notifier(new CoaBrasNotifier(coa, brasByNas(config.bras().coa()),
                                config.bras().mapping()));
                config.pcrf().compatibilityPollInterval().ifPresent(engine::compatibilityPollInterval);
                return engine.build().start();
            };
            pcrf = closing(PcrfLeadership.builder(db, engines).retry(leadershipRetry).start());
            bras = closing(radius("bras", config.bras().radius(), metrics.timed("bras", brasFront()), clock));

            metrics.bind(softswitch, "softswitch");
            metrics.bind(bras, "bras");
            metrics.bind(pcrf);
            metrics.bind(nasSync);
            metrics.bind(leases);
            metrics.bind(db);
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
        return start(config, clock, PcrfLeadership.DEFAULT_RETRY);
    }

    /** As {@link #start(ServeConfig, Clock)}, with another pace for the PCRF leadership checks (tests). */
    static NetleverServer start(ServeConfig config, Clock clock, Duration leadershipRetry) {
        long started = System.nanoTime();
        NetleverServer server = new NetleverServer(config, clock, leadershipRetry);
        LOG.atInfo().setMessage("netlever serve ready")
                .addKeyValue("startupMillis", Duration.ofNanos(System.nanoTime() - started).toMillis())
                .addKeyValue("lever", text(server.lever.address()))
                .addKeyValue("softswitchAuth", text(server.softswitch.authAddress()))
                .addKeyValue("softswitchAcct", text(server.softswitch.acctAddress()))
                .addKeyValue("brasAuth", text(server.bras.authAddress()))
                .addKeyValue("brasAcct", text(server.bras.acctAddress()))
                .addKeyValue("ops", text(server.ops.address()))
                .addKeyValue("storage", config.storage().postgres() ? "postgresql" : "h2")
                .addKeyValue("pcrfLeader", server.pcrf.isLeader()).log();
        return server;
    }

    private <T extends AutoCloseable> T closing(T resource) {
        resources.push(resource);
        return resource;
    }

    private Database open(ServeConfig.Storage storage) {
        if (!storage.postgres()) {
            // H2 closes its databases from its own shutdown hook, racing ours: the drain after SIGTERM would find
            // the database gone and lose what it flushes. Our close() shuts H2 down after everything is flushed.
            String url = storage.url().toUpperCase(java.util.Locale.ROOT).contains("DB_CLOSE_ON_EXIT") ? storage.url()
                    : storage.url() + ";DB_CLOSE_ON_EXIT=FALSE";
            return Database.h2(url, storage.durability());
        }
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("netlever-storage");
        hikari.setJdbcUrl(storage.url());
        if (!storage.user().isEmpty()) {
            hikari.setUsername(storage.user());
        }
        if (!storage.password().isEmpty()) {
            hikari.setPassword(storage.password());
        }
        hikari.setMaximumPoolSize(storage.poolSize());
        hikari.setMinimumIdle(Math.min(2, storage.poolSize()));
        // A database that cannot be reached at start is a configuration problem, reported like one (exit 2).
        hikari.setInitializationFailTimeout(POSTGRES_CONNECT_TIMEOUT.toMillis());
        hikari.setConnectionTimeout(POSTGRES_CONNECT_TIMEOUT.toMillis());
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(hikari);
        } catch (RuntimeException e) {
            throw new ConfigException(List.of(new ConfigProblem(config.file().toString(), "storage.url",
                    "cannot connect to " + withoutParameters(storage.url()) + ": " + rootMessage(e))));
        }
        closing(pool);   // closed after the database, which leaves a data source it was given open
        return Database.of(pool);
    }

    private RadiusServer radius(String section, ServeConfig.Radius radius, RadiusHandler handler, Clock clock) {
        RadiusServer.Builder builder = RadiusServer.builder().authAddress(radius.auth()).acctAddress(radius.acct())
                .handler(handler).clock(clock).dictionary(config.radius().dictionary())
                .workers(radius.tuning().workers()).minWorkers(radius.tuning().minWorkers())
                .queueCapacity(radius.tuning().queueCapacity()).maxQueueWait(radius.tuning().maxQueueWait())
                .replyCacheTtl(radius.tuning().replyCacheTtl()).recentDrops(radius.tuning().recentDrops());
        for (RadiusClientDefinition client : radius.clients()) {
            builder.client(client);
        }
        try {
            return builder.start();
        } catch (RuntimeException e) {
            Optional<String> reason = bindFailure(e);
            if (reason.isEmpty()) {
                throw e;
            }
            // One exception for both ports: find the one that cannot be bound, by trying it.
            for (String port : List.of("auth", "acct")) {
                InetSocketAddress address = port.equals("auth") ? radius.auth() : radius.acct();
                Optional<String> probed = probeUdp(address);
                if (probed.isPresent()) {
                    throw cannotListen(section + "." + port, address, probed.get(), e);
                }
            }
            throw cannotListen(section + ".auth", radius.auth(), reason.get() + " (auth " + text(radius.auth())
                    + " or acct " + text(radius.acct()) + ")", e);
        }
    }

    /** Starts a listener; a bind failure becomes a configuration problem naming the field and the address. */
    private <T> T listening(String field, InetSocketAddress address, Supplier<T> start) {
        try {
            return start.get();
        } catch (RuntimeException e) {
            Optional<String> reason = bindFailure(e);
            if (reason.isEmpty()) {
                throw e;
            }
            throw cannotListen(field, address, reason.get(), e);
        }
    }

    private ConfigException cannotListen(String field, InetSocketAddress address, String reason, Exception e) {
        LOG.debug("{}: cannot listen on {}", field, address, e);
        return new ConfigException(List.of(new ConfigProblem(config.file().toString(), field,
                "cannot listen on " + text(address) + ": " + reason)));
    }

    /** A JDBC URL without its parameters, which may hold a password. */
    private static String withoutParameters(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }

    /** The innermost cause's message: the driver's own words ("Connection refused", "password authentication"). */
    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    /** The operating system's reason, if a socket could not be bound somewhere under {@code e}. */
    private static Optional<String> bindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketException socket) {
                return Optional.of(socket.getMessage() == null ? socket.getClass().getSimpleName()
                        : socket.getMessage());
            }
        }
        return Optional.empty();
    }

    private static Optional<String> probeUdp(InetSocketAddress address) {
        try {
            new DatagramSocket(address).close();
            return Optional.empty();
        } catch (SocketException e) {
            return Optional.of(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    private static RadiusServerDefinition definition(String name, ServeConfig.CoaEndpoint endpoint) {
        return new RadiusServerDefinition(name, endpoint.address(), ServerKind.DYNAMIC_AUTHORIZATION,
                endpoint.secret(), endpoint.retries(), endpoint.retryTimeout(), RadiusServerDefinition.DEFAULT_IDLE_TIMEOUT,
                true);
    }

    private static Function<String, Optional<RadiusServerDefinition>> brasByNas(List<ServeConfig.CoaEndpoint> coa) {
        return nas -> coa.stream().filter(e -> e.nas().equals(nas)).findFirst()
                .or(() -> coa.stream().filter(e -> e.nas().equals("*")).findFirst())
                .map(e -> definition("bras " + e.nas(), e));
    }

    private static String text(InetSocketAddress address) {
        return address.getAddress().getHostAddress() + ":" + address.getPort();
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

    /**
     * The files and directories of an H2 file database that did not exist before start-up, so a start that fails
     * leaves none behind: no empty database a later start would take for the real one, no trace file.
     */
    private static final class H2Files {
        private static final List<String> SUFFIXES = List.of(".mv.db", ".trace.db", ".lock.db");
        private final List<Path> created = new ArrayList<>();

        static H2Files before(ServeConfig.Storage storage) {
            H2Files files = new H2Files();
            String prefix = "jdbc:h2:file:";
            if (!storage.url().startsWith(prefix)) {
                return files;
            }
            int options = storage.url().indexOf(';');
            String name = storage.url().substring(prefix.length(), options < 0 ? storage.url().length() : options);
            if (name.startsWith("~")) {
                name = System.getProperty("user.home") + name.substring(1);
            }
            Path base = Path.of(name).toAbsolutePath().normalize();
            for (String suffix : SUFFIXES) {
                Path file = base.resolveSibling(base.getFileName() + suffix);
                if (!Files.exists(file)) {
                    files.created.add(file);
                }
            }
            // The directories H2 will create, innermost first.
            for (Path dir = base.getParent(); dir != null && !Files.exists(dir); dir = dir.getParent()) {
                files.created.add(dir);
            }
            return files;
        }

        void removeCreated() {
            for (Path path : created) {
                try {
                    if (Files.isDirectory(path)) {
                        try (Stream<Path> entries = Files.list(path)) {
                            if (entries.findAny().isPresent()) {
                                continue;
                            }
                        }
                    }
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    LOG.warn("Start-up failed, and {} it created cannot be removed: {}", path, e.toString());
                }
            }
        }
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
