package org.netlever.server;

import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.netlever.aaa.call.CallAttributeMapping;
import org.netlever.aaa.ip.Ipv4Address;
import org.netlever.aaa.ip.Ipv4Network;
import org.netlever.aaa.lever.LeverSecret;
import org.netlever.aaa.radius.RadiusAttribute;
import org.netlever.aaa.radius.RadiusDictionary;
import org.netlever.aaa.radius.RadiusSecret;
import org.netlever.aaa.radius.server.RadiusClientDefinition;
import org.netlever.aaa.radius.server.HandlerThread;
import org.netlever.aaa.radius.server.RadiusServer;
import org.netlever.aaa.store.Durability;
import org.netlever.option82.MacAddress;
import org.netlever.pcrf.ReauthRetry;
import org.netlever.pcrf.ResetPolicy;
import org.netlever.pcrf.bras.BrasAttributeMapping;
import org.netlever.pcrf.model.PcrfDefinitions;
import org.netlever.server.billing.ReferenceBilling;

/**
 * A validated {@code netlever serve} configuration, as {@link ServeConfigReader} reads it from one JSON or YAML file
 * (the commented example is {@code server/config/netlever.yaml}). Every part has defaults except the secrets, which
 * are read from files so they stay out of the configuration and its logs. Immutable and thread-safe.
 *
 * <p>{@link #toBuilder()} makes a changed copy (an application that embeds the server, or a test).
 */
public final class ServeConfig {

    private final Path file;
    private final Storage storage;
    private final Lever lever;
    private final RadiusCommon radius;
    private final Softswitch softswitch;
    private final Bras bras;
    private final Pcrf pcrf;
    private final NasSync nasSync;
    private final Ops ops;
    private final Billing billing;
    private final List<Follower> followers;

    private ServeConfig(Builder b) {
        this.file = Objects.requireNonNull(b.file, "file");
        this.storage = Objects.requireNonNull(b.storage, "storage");
        this.lever = Objects.requireNonNull(b.lever, "lever");
        this.radius = Objects.requireNonNull(b.radius, "radius");
        this.softswitch = Objects.requireNonNull(b.softswitch, "softswitch");
        this.bras = Objects.requireNonNull(b.bras, "bras");
        this.pcrf = Objects.requireNonNull(b.pcrf, "pcrf");
        this.nasSync = Objects.requireNonNull(b.nasSync, "nasSync");
        this.ops = Objects.requireNonNull(b.ops, "ops");
        this.billing = Objects.requireNonNull(b.billing, "billing");
        this.followers = List.copyOf(b.followers);
    }

    /**
     * A builder with every part to be set.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder starting from this configuration.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.file = file;
        b.storage = storage;
        b.lever = lever;
        b.radius = radius;
        b.softswitch = softswitch;
        b.bras = bras;
        b.pcrf = pcrf;
        b.nasSync = nasSync;
        b.ops = ops;
        b.billing = billing;
        b.followers = followers;
        return b;
    }

    /**
     * The part: the configuration file.
     *
     * @return it
     */
    public Path file() {
        return file;
    }

    /**
     * The part: where everything is stored.
     *
     * @return it
     */
    public Storage storage() {
        return storage;
    }

    /**
     * The part: the HTTP endpoint the DHCP servers' lever script posts to (S1).
     *
     * @return it
     */
    public Lever lever() {
        return lever;
    }

    /**
     * The part: what every RADIUS part shares: the dictionary.
     *
     * @return it
     */
    public RadiusCommon radius() {
        return radius;
    }

    /**
     * The part: the RADIUS listeners for the softswitch and how calls are answered (S2).
     *
     * @return it
     */
    public Softswitch softswitch() {
        return softswitch;
    }

    /**
     * The part: the RADIUS listeners for the BRAS and its CoA endpoints (S3).
     *
     * @return it
     */
    public Bras bras() {
        return bras;
    }

    /**
     * The part: the PCRF engine's definitions and settings (S3).
     *
     * @return it
     */
    public Pcrf pcrf() {
        return pcrf;
    }

    /**
     * The part: how lease changes reach the NAS (S1.8).
     *
     * @return it
     */
    public NasSync nasSync() {
        return nasSync;
    }

    /**
     * The part: the operations endpoint: health, readiness, metrics.
     *
     * @return it
     */
    public Ops ops() {
        return ops;
    }

    /**
     * The part: the reference billing's data, loaded into the database at start.
     *
     * @return it
     */
    public Billing billing() {
        return billing;
    }

    /**
     * The lease followers: DHCP servers' lease files and databases netlever reads lease events from (issue 14).
     *
     * @return them, possibly none
     */
    public List<Follower> followers() {
        return followers;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ServeConfig c && file.equals(c.file) && storage.equals(c.storage) && lever.equals(c.lever) && radius.equals(c.radius) && softswitch.equals(c.softswitch) && bras.equals(c.bras) && pcrf.equals(c.pcrf) && nasSync.equals(c.nasSync) && ops.equals(c.ops) && billing.equals(c.billing) && followers.equals(c.followers);
    }

    @Override
    public int hashCode() {
        return Objects.hash(file, storage, lever, radius, softswitch, bras, pcrf, nasSync, ops, billing, followers);
    }

    @Override
    public String toString() {
        return "ServeConfig[file=" + file + ", storage=" + storage + ", lever=" + lever + ", softswitch="
                + softswitch.radius() + ", bras=" + bras.radius() + "]";
    }

    /** Sets the parts of a {@link ServeConfig}; {@link #build} checks each is there. Not thread-safe. */
    public static final class Builder {
        private Path file;
        private Storage storage;
        private Lever lever;
        private RadiusCommon radius;
        private Softswitch softswitch;
        private Bras bras;
        private Pcrf pcrf;
        private NasSync nasSync;
        private Ops ops;
        private Billing billing;
        private List<Follower> followers = List.of();

        private Builder() {
        }

        /**
         * Sets the configuration file.
         *
         * @param value the part
         * @return this builder
         */
        public Builder file(Path value) {
            this.file = value;
            return this;
        }

        /**
         * Sets where everything is stored.
         *
         * @param value the part
         * @return this builder
         */
        public Builder storage(Storage value) {
            this.storage = value;
            return this;
        }

        /**
         * Sets the HTTP endpoint the DHCP servers' lever script posts to (S1).
         *
         * @param value the part
         * @return this builder
         */
        public Builder lever(Lever value) {
            this.lever = value;
            return this;
        }

        /**
         * Sets what every RADIUS part shares: the dictionary.
         *
         * @param value the part
         * @return this builder
         */
        public Builder radius(RadiusCommon value) {
            this.radius = value;
            return this;
        }

        /**
         * Sets the RADIUS listeners for the softswitch and how calls are answered (S2).
         *
         * @param value the part
         * @return this builder
         */
        public Builder softswitch(Softswitch value) {
            this.softswitch = value;
            return this;
        }

        /**
         * Sets the RADIUS listeners for the BRAS and its CoA endpoints (S3).
         *
         * @param value the part
         * @return this builder
         */
        public Builder bras(Bras value) {
            this.bras = value;
            return this;
        }

        /**
         * Sets the PCRF engine's definitions and settings (S3).
         *
         * @param value the part
         * @return this builder
         */
        public Builder pcrf(Pcrf value) {
            this.pcrf = value;
            return this;
        }

        /**
         * Sets how lease changes reach the NAS (S1.8).
         *
         * @param value the part
         * @return this builder
         */
        public Builder nasSync(NasSync value) {
            this.nasSync = value;
            return this;
        }

        /**
         * Sets the operations endpoint: health, readiness, metrics.
         *
         * @param value the part
         * @return this builder
         */
        public Builder ops(Ops value) {
            this.ops = value;
            return this;
        }

        /**
         * Sets the reference billing's data, loaded into the database at start.
         *
         * @param value the part
         * @return this builder
         */
        public Builder billing(Billing value) {
            this.billing = value;
            return this;
        }

        /**
         * Sets the lease followers; none by default.
         *
         * @param value the followers
         * @return this builder
         */
        public Builder followers(List<Follower> value) {
            this.followers = List.copyOf(value);
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return the configuration
         * @throws NullPointerException naming the part that is missing
         */
        public ServeConfig build() {
            return new ServeConfig(this);
        }
    }

    /**
     * One entry of {@code followers}: a lease source of one {@code type} that {@link NetleverServer} starts beside
     * the lever (issue 14). Implementations are immutable and thread-safe.
     */
    public interface Follower {
        /**
         * The {@code type} it was configured as.
         *
         * @return e.g. {@code kea-memfile}
         */
        String type();

        /**
         * Builds the follower and starts it.
         *
         * @param leases where its events go
         * @param positions where it keeps its read position
         * @param clock the server's clock
         * @return the started follower, for the server to close
         */
        org.netlever.aaa.lease.LeaseFollower start(org.netlever.aaa.lease.LeaseService leases,
                org.netlever.aaa.lease.FollowerPositions positions, java.time.Clock clock);

        /**
         * How many records the follower could not read, for the metrics.
         *
         * @param follower a follower {@link #start} returned
         * @return the count
         */
        long parseProblems(org.netlever.aaa.lease.LeaseFollower follower);
    }

    /**
     * The database: an H2 file by default, PostgreSQL by a {@code jdbc:postgresql:} URL.
     *
     * <p>Immutable and thread-safe.
     *
     * @param url the JDBC URL
     * @param user the user, empty for none
     * @param password the password, empty for none (read from {@code passwordFile}; never printed)
     * @param durability what an H2 file commit reaches before anything is acknowledged (PostgreSQL commits are
     *     durable by the server's own settings)
     * @param poolSize the most PostgreSQL connections open at once (HikariCP's pool); unused for H2
     */
    public record Storage(String url, String user, String password, Durability durability, int poolSize) {
        /** The default {@code poolSize}: the lever's request threads, so each can wait for the disk at once. */
        public static final int DEFAULT_POOL_SIZE = 32;

        /** Checks the fields. */
        public Storage {
            if (poolSize < 1) {
                throw new IllegalArgumentException("poolSize must be positive, got " + poolSize);
            }
            Objects.requireNonNull(durability, "durability");
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
        }

        /**
         * Whether this is PostgreSQL.
         *
         * @return {@code true} for a {@code jdbc:postgresql:} URL
         */
        public boolean postgres() {
            return url.startsWith("jdbc:postgresql:");
        }

        @Override
        public String toString() {
            return "Storage[url=" + url + ", user=" + user + ", password=" + (password.isEmpty() ? "" : "***")
                    + ", durability=" + durability + ", poolSize=" + poolSize + "]";
        }
    }

    /**
     * The lever endpoint.
     *
     * <p>Immutable and thread-safe.
     *
     * @param listen the address and port
     * @param secret the shared signing secret
     * @param maxSkew how far a signed request's time may be from ours
     * @param requestTimeout how long a whole request may take to arrive before it is answered 408
     * @param idleTimeout how long a connection may stay open with no request in progress
     * @param threads requests handled at once (they wait for the disk together: group commit)
     */
    public record Lever(InetSocketAddress listen, LeverSecret secret, Duration maxSkew, Duration requestTimeout,
            Duration idleTimeout, int threads) {
        /** Checks the fields. */
        public Lever {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be positive, got " + threads);
            }
            Objects.requireNonNull(listen, "listen");
            Objects.requireNonNull(secret, "secret");
            Objects.requireNonNull(maxSkew, "maxSkew");
            Objects.requireNonNull(requestTimeout, "requestTimeout");
            Objects.requireNonNull(idleTimeout, "idleTimeout");
        }
    }

    /**
     * A pair of RADIUS listeners and the clients they answer.
     *
     * <p>Immutable and thread-safe.
     *
     * @param auth the authentication (and authorization) address
     * @param acct the accounting address
     * @param clients the clients, each with its secret and Message-Authenticator policy
     * @param tuning threads, queue and reply cache
     */
    public record Radius(InetSocketAddress auth, InetSocketAddress acct, List<RadiusClientDefinition> clients,
            RadiusTuning tuning) {
        /** Copies the clients. */
        public Radius {
            Objects.requireNonNull(auth, "auth");
            Objects.requireNonNull(acct, "acct");
            Objects.requireNonNull(tuning, "tuning");
            clients = List.copyOf(clients);
        }
    }

    /**
     * How a RADIUS listener pair uses threads and memory: {@link RadiusServer.Builder}'s settings, with its defaults.
     *
     * <p>Immutable and thread-safe.
     *
     * @param pool the worker pool
     * @param readers sockets and threads reading each port (SO_REUSEPORT when more than one)
     * @param handlerThread which thread runs the handler: the reader while it is fast, always the reader, or always
     *     a worker
     * @param handlerTimeout how long a request may stay unanswered by the handler before it is forgotten
     * @param replyCacheTtl how long a reply is kept to answer a retransmission (RFC 5080)
     * @param recentDrops dropped packets kept for diagnosis
     */
    public record RadiusTuning(WorkerPool pool, int readers, HandlerThread handlerThread, Duration handlerTimeout,
            Duration replyCacheTtl, int recentDrops) {
        /** Checks the fields. */
        public RadiusTuning {
            Objects.requireNonNull(pool, "pool");
            Objects.requireNonNull(handlerThread, "handlerThread");
            Objects.requireNonNull(handlerTimeout, "handlerTimeout");
            Objects.requireNonNull(replyCacheTtl, "replyCacheTtl");
        }

        /**
         * {@link RadiusServer.Builder}'s defaults.
         *
         * @return the defaults
         */
        public static RadiusTuning defaults() {
            return new RadiusTuning(new WorkerPool(RadiusServer.DEFAULT_WORKERS,
                    Math.min(RadiusServer.defaultMinWorkers(), RadiusServer.DEFAULT_WORKERS),
                    RadiusServer.DEFAULT_QUEUE_CAPACITY, RadiusServer.DEFAULT_MAX_QUEUE_WAIT),
                    RadiusServer.defaultReaders(), RadiusServer.DEFAULT_HANDLER_THREAD,
                    RadiusServer.DEFAULT_HANDLER_TIMEOUT, RadiusServer.DEFAULT_REPLY_CACHE_TTL,
                    RadiusServer.DEFAULT_RECENT_DROPS);
        }
    }

    /**
     * A RADIUS listener pair's worker pool: {@code workers}, {@code minWorkers}, {@code queueCapacity} and
     * {@code maxQueueWait} of its {@code tuning}.
     *
     * <p>Immutable and thread-safe.
     *
     * @param workers the most requests handled at once
     * @param minWorkers workers kept when idle
     * @param queueCapacity requests that may wait for a worker; more are dropped (the client retries)
     * @param maxQueueWait a request that waited longer is dropped
     */
    public record WorkerPool(int workers, int minWorkers, int queueCapacity, Duration maxQueueWait) {
        /** Checks the fields. */
        public WorkerPool {
            Objects.requireNonNull(maxQueueWait, "maxQueueWait");
            if (minWorkers > workers) {
                throw new IllegalArgumentException("minWorkers " + minWorkers + " exceeds workers " + workers);
            }
        }
    }

    /**
     * What every RADIUS part shares — the listeners, the CoA client, the tariffs' attributes: the dictionary.
     *
     * <p>Immutable and thread-safe.
     *
     * @param dictionaries the FreeRADIUS-format files loaded after netlever's curated dictionary, in order
     * @param dictionary the dictionary they make
     */
    public record RadiusCommon(List<Path> dictionaries, RadiusDictionary dictionary) {
        /** Checks the fields. */
        public RadiusCommon {
            dictionaries = List.copyOf(dictionaries);
            Objects.requireNonNull(dictionary, "dictionary");
        }
    }

    /**
     * The softswitch's side (S2).
     *
     * <p>Immutable and thread-safe.
     *
     * @param radius the listeners and the softswitches they answer
     * @param interimInterval the Acct-Interim-Interval answered to a call's Start (S2.5); empty: none is asked for
     * @param mapping where the call data travels in the RADIUS attributes
     * @param attributePolicies each client's policy for optional attributes that do not parse, by client name; a
     *     client not listed is {@link org.netlever.aaa.call.AttributePolicy#LENIENT}
     */
    public record Softswitch(Radius radius, Optional<Duration> interimInterval, CallAttributeMapping mapping,
            java.util.Map<String, org.netlever.aaa.call.AttributePolicy> attributePolicies) {
        /** Checks the fields and copies the policies. */
        public Softswitch {
            Objects.requireNonNull(radius, "radius");
            Objects.requireNonNull(interimInterval, "interimInterval");
            Objects.requireNonNull(mapping, "mapping");
            attributePolicies = java.util.Map.copyOf(attributePolicies);
        }

        /**
         * Every client lenient.
         *
         * @param radius the listeners and the softswitches they answer
         * @param interimInterval the Acct-Interim-Interval answered to a call's Start (S2.5)
         * @param mapping where the call data travels in the RADIUS attributes
         */
        public Softswitch(Radius radius, Optional<Duration> interimInterval, CallAttributeMapping mapping) {
            this(radius, interimInterval, mapping, java.util.Map.of());
        }
    }

    /**
     * Where a NAS or BRAS takes CoA and Disconnect requests (RFC 5176).
     *
     * <p>Immutable and thread-safe.
     *
     * @param nas the NAS-Identifier (or NAS-IP-Address) sessions report, or {@code *} for every NAS
     * @param address its CoA address and port
     * @param secret the shared secret
     * @param retries how many times a request is sent again after its first send before the NAS counts as not
     *     answering
     * @param retryTimeout how long each try waits for the answer
     */
    public record CoaEndpoint(String nas, InetSocketAddress address, RadiusSecret secret, int retries,
            Duration retryTimeout) {
        /** Checks the fields. */
        public CoaEndpoint {
            Objects.requireNonNull(retryTimeout, "retryTimeout");
            Objects.requireNonNull(nas, "nas");
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(secret, "secret");
        }
    }

    /**
     * The BRAS side.
     *
     * <p>Immutable and thread-safe.
     *
     * @param radius the listeners the BRAS asks
     * @param coa where each BRAS takes services-reauth
     * @param idleTimeout the Idle-Timeout a session's Access-Accept carries (S3.9)
     * @param mapping where the PCRF data travels in the RADIUS attributes
     */
    public record Bras(Radius radius, List<CoaEndpoint> coa, Duration idleTimeout, BrasAttributeMapping mapping) {
        /** Copies the endpoints. */
        public Bras {
            Objects.requireNonNull(radius, "radius");
            Objects.requireNonNull(idleTimeout, "idleTimeout");
            Objects.requireNonNull(mapping, "mapping");
            coa = List.copyOf(coa);
        }
    }

    /**
     * The PCRF engine.
     *
     * <p>Immutable and thread-safe.
     *
     * @param definitionsFile the definitions' JSON file
     * @param definitions the definitions read from it
     * @param reauthRate services-reauth requests per second at most
     * @param resetPolicy what a period reset does (S3.11)
     * @param compatibilityPollInterval the original's polling interval, if wanted instead of the timer
     * @param sessionIdleTimeout when a silent session counts as closed (S3.9)
     * @param lineRate the fastest a subscriber's line carries in one direction, in bits per second: accounting
     *     counters that grow faster are not believed (S3.7)
     * @param leadership which of several processes on one PostgreSQL runs the engine
     * @param reauthRetry how services-reauth that failed transiently is retried
     */
    public record Pcrf(Path definitionsFile, PcrfDefinitions definitions, int reauthRate, ResetPolicy resetPolicy,
            Optional<Duration> compatibilityPollInterval, Duration sessionIdleTimeout, long lineRate,
            Leadership leadership, ReauthRetry reauthRetry) {
        /** Checks the fields. */
        public Pcrf {
            Objects.requireNonNull(reauthRetry, "reauthRetry");
            Objects.requireNonNull(leadership, "leadership");
            Objects.requireNonNull(definitionsFile, "definitionsFile");
            Objects.requireNonNull(definitions, "definitions");
            Objects.requireNonNull(resetPolicy, "resetPolicy");
            Objects.requireNonNull(compatibilityPollInterval, "compatibilityPollInterval");
            Objects.requireNonNull(sessionIdleTimeout, "sessionIdleTimeout");
        }
    }

    /**
     * {@link org.netlever.pcrf.PcrfLeadership}'s settings: one process on a PostgreSQL runs the PCRF.
     *
     * <p>Immutable and thread-safe.
     *
     * @param retry how often a standby tries to take over and the leader checks its lock
     * @param lockKey the PostgreSQL advisory lock's key; every process on the database must use the same
     */
    public record Leadership(Duration retry, long lockKey) {
        /** Checks the fields. */
        public Leadership {
            Objects.requireNonNull(retry, "retry");
        }
    }

    /**
     * NAS sync: lease changes pushed by CoA, or logged when no endpoint is configured.
     *
     * <p>Immutable and thread-safe.
     *
     * @param coa the NAS's CoA endpoint, empty to log the changes instead
     * @param interval how often the worker looks for due changes
     * @param initialBackoff the first retry's delay after a failure; it doubles per failed attempt
     * @param maxBackoff the longest delay between retries
     * @param claimTimeout after how long a change claimed by a process that died is taken over
     * @param batchSize changes claimed per run
     * @param maxAttempts failed attempts after which a change is abandoned; 0: never
     */
    public record NasSync(Optional<CoaEndpoint> coa, Duration interval, Duration initialBackoff, Duration maxBackoff,
            Duration claimTimeout, int batchSize, int maxAttempts) {
        /** Checks the fields. */
        public NasSync {
            Objects.requireNonNull(coa, "coa");
            Objects.requireNonNull(interval, "interval");
            Objects.requireNonNull(initialBackoff, "initialBackoff");
            Objects.requireNonNull(maxBackoff, "maxBackoff");
            Objects.requireNonNull(claimTimeout, "claimTimeout");
        }
    }

    /**
     * The operations endpoint: probes, metrics, the operations API ({@code docs/api.md}) and the web console.
     *
     * <p>Immutable and thread-safe.
     *
     * @param listen the address and port of {@code /health}, {@code /ready}, {@code /metrics}, {@code /api/} and
     *               {@code /console/}
     * @param requestTimeout how long a whole request may take to arrive before it is answered 408
     * @param idleTimeout how long a connection may stay open with no request in progress
     * @param tokens the bearer tokens of the API; none: the API answers every request 401
     */
    public record Ops(InetSocketAddress listen, Duration requestTimeout, Duration idleTimeout, List<ApiToken> tokens) {
        /** Checks the fields. */
        public Ops {
            Objects.requireNonNull(listen, "listen");
            Objects.requireNonNull(requestTimeout, "requestTimeout");
            Objects.requireNonNull(idleTimeout, "idleTimeout");
            tokens = List.copyOf(tokens);
            if (tokens.stream().map(ApiToken::name).distinct().count() != tokens.size()) {
                throw new IllegalArgumentException("two API tokens have the same name");
            }
        }

        /**
         * The endpoint without API tokens.
         *
         * @param listen the address
         * @param requestTimeout the request timeout
         * @param idleTimeout the idle timeout
         */
        public Ops(InetSocketAddress listen, Duration requestTimeout, Duration idleTimeout) {
            this(listen, requestTimeout, idleTimeout, List.of());
        }
    }

    /**
     * An IP pool of the reference billing.
     *
     * <p>Immutable and thread-safe.
     *
     * @param id the pool's id
     * @param network the network
     * @param kind the kind of subscriber it serves
     * @param gateway the gateway, excluded from allocation
     */
    public record Pool(String id, Ipv4Network network, String kind, Optional<String> gateway) {
        /** Checks the fields. */
        public Pool {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(network, "network");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(gateway, "gateway");
        }
    }

    /**
     * A registered device of the reference billing, with what its model puts on the wire to be found by (S1.5).
     *
     * <p>Immutable and thread-safe.
     *
     * @param id the device's id
     * @param type its device manager's type code
     * @param mac its MAC, for switches
     * @param serial its serial, for PON terminals
     * @param hostName the host name its TR-101 text circuit-id names it by
     * @param relayAddress the relay address (giaddr) its requests arrive from: an L3 switch's, a relay agent's
     * @param relayInterface with the relay address, the relay's interface name it writes as the circuit-id
     *     ({@code dhcrelay -a})
     */
    public record Device(String id, String type, Optional<MacAddress> mac, Optional<String> serial,
            Optional<String> hostName, Optional<Ipv4Address> relayAddress, Optional<String> relayInterface) {
        /** Checks the fields. */
        public Device {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(mac, "mac");
            Objects.requireNonNull(serial, "serial");
            Objects.requireNonNull(hostName, "hostName");
            Objects.requireNonNull(relayAddress, "relayAddress");
            Objects.requireNonNull(relayInterface, "relayInterface");
        }

        /**
         * A device found by MAC or serial.
         *
         * @param id the device's id
         * @param type its device manager's type code
         * @param mac its MAC, for switches
         * @param serial its serial, for PON terminals
         */
        public Device(String id, String type, Optional<MacAddress> mac, Optional<String> serial) {
            this(id, type, mac, serial, Optional.empty(), Optional.empty(), Optional.empty());
        }

        /**
         * The device as the device SPI knows it, which checks that it can be found by something.
         *
         * @return the device
         * @throws org.netlever.device.InvalidDeviceException if it has nothing to be found by, or a relay interface
         *     without the relay address
         */
        public org.netlever.device.Device toDevice() {
            org.netlever.device.Device.Builder b = org.netlever.device.Device.builder(id, type);
            mac.ifPresent(b::mac);
            serial.ifPresent(b::serial);
            hostName.ifPresent(b::hostName);
            relayAddress.map(Ipv4Address::toInetAddress).ifPresent(b::relayAddress);
            relayInterface.ifPresent(b::relayInterface);
            return b.build();
        }
    }

    /**
     * A subscriber of the reference billing: its DHCP binding (S1), phone account (S2) and PCRF plan (S3), each
     * optional.
     *
     * <p>Immutable and thread-safe.
     *
     * @param id the account id
     * @param device the device it is bound to
     * @param port the port, on switches
     * @param poolKind the kind of pool its addresses come from
     * @param phone its phone number, for calls
     * @param balance its balance, for calls
     * @param pcrf its PCRF service domain and tariff plan
     * @param rateTariff the tariff whose attributes the NAS gets with its leases (S1.8)
     */
    public record Subscriber(String id, Optional<String> device, OptionalInt port, String poolKind,
            Optional<String> phone, BigDecimal balance, Optional<PcrfPlan> pcrf, Optional<String> rateTariff) {
        /** Checks the fields. */
        public Subscriber {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(device, "device");
            Objects.requireNonNull(port, "port");
            Objects.requireNonNull(poolKind, "poolKind");
            Objects.requireNonNull(phone, "phone");
            Objects.requireNonNull(balance, "balance");
            Objects.requireNonNull(pcrf, "pcrf");
            Objects.requireNonNull(rateTariff, "rateTariff");
        }
    }

    /**
     * A subscriber's PCRF service domain and tariff plan (S3).
     *
     * <p>Immutable and thread-safe.
     *
     * @param domain the service domain
     * @param tariffPlan the tariff plan's code in the PCRF definitions
     */
    public record PcrfPlan(String domain, String tariffPlan) {
        /** Checks the fields. */
        public PcrfPlan {
            Objects.requireNonNull(domain, "domain");
            Objects.requireNonNull(tariffPlan, "tariffPlan");
        }
    }

    /**
     * The RADIUS attributes a tariff sets on the NAS when a subscriber's lease is synchronised (S1.8): rate limits,
     * filters, whatever the NAS understands.
     *
     * <p>Immutable and thread-safe.
     *
     * @param id the tariff's id, which subscribers name
     * @param attributes the attributes, each parsed with the dictionary from its {@code Name = value} text
     */
    public record RateTariff(String id, List<RadiusAttribute> attributes) {
        /** Checks the fields. */
        public RateTariff {
            Objects.requireNonNull(id, "id");
            attributes = List.copyOf(attributes);
        }
    }

    /**
     * A call tariff of the reference billing: the price per started minute of calls whose called number starts with
     * the prefix (the longest prefix wins).
     *
     * <p>Immutable and thread-safe.
     *
     * @param prefix the called-number prefix, digits
     * @param perMinute the price of a started minute
     */
    public record CallTariff(String prefix, BigDecimal perMinute) {
        /** Checks the fields. */
        public CallTariff {
            Objects.requireNonNull(prefix, "prefix");
            Objects.requireNonNull(perMinute, "perMinute");
        }
    }

    /**
     * The reference billing's data.
     *
     * <p>Immutable and thread-safe.
     *
     * @param pools the IP pools
     * @param devices the registered devices
     * @param subscribers the subscribers
     * @param callTariffs the call tariffs
     * @param rateTariffs the tariffs whose attributes the NAS gets (S1.8)
     * @param reservationTtl how long credit reserved for a call that never reports is held (S2.3)
     * @param maxConcurrentCalls how many calls an account may have at once; empty for any
     * @param writers how many groups of Starts (and of Stops) are written at once, 1–64
     */
    public record Billing(List<Pool> pools, List<Device> devices, List<Subscriber> subscribers,
            List<CallTariff> callTariffs, List<RateTariff> rateTariffs, Duration reservationTtl,
            OptionalInt maxConcurrentCalls, int writers) {
        /** Copies the lists. */
        public Billing {
            pools = List.copyOf(pools);
            devices = List.copyOf(devices);
            subscribers = List.copyOf(subscribers);
            callTariffs = List.copyOf(callTariffs);
            rateTariffs = List.copyOf(rateTariffs);
            Objects.requireNonNull(reservationTtl, "reservationTtl");
            Objects.requireNonNull(maxConcurrentCalls, "maxConcurrentCalls");
            if (writers < 1 || writers > 64) {
                throw new IllegalArgumentException("billing.writers is 1 to 64, got " + writers);
            }
        }

        /**
         * Billing data with the default writers.
         *
         * @param pools the IP pools
         * @param devices the registered devices
         * @param subscribers the subscribers
         * @param callTariffs the call tariffs
         * @param rateTariffs the tariffs whose attributes the NAS gets (S1.8)
         * @param reservationTtl how long credit reserved for a call that never reports is held (S2.3)
         * @param maxConcurrentCalls how many calls an account may have at once; empty for any
         */
        public Billing(List<Pool> pools, List<Device> devices, List<Subscriber> subscribers,
                List<CallTariff> callTariffs, List<RateTariff> rateTariffs, Duration reservationTtl,
                OptionalInt maxConcurrentCalls) {
            this(pools, devices, subscribers, callTariffs, rateTariffs, reservationTtl, maxConcurrentCalls,
                    ReferenceBilling.DEFAULT_WRITERS);
        }

        /**
         * Billing data with the default reservation TTL and no call limit.
         *
         * @param pools the IP pools
         * @param devices the registered devices
         * @param subscribers the subscribers
         * @param callTariffs the call tariffs
         * @param rateTariffs the tariffs whose attributes the NAS gets (S1.8)
         */
        public Billing(List<Pool> pools, List<Device> devices, List<Subscriber> subscribers,
                List<CallTariff> callTariffs, List<RateTariff> rateTariffs) {
            this(pools, devices, subscribers, callTariffs, rateTariffs, ReferenceBilling.DEFAULT_RESERVATION_TTL,
                    ReferenceBilling.DEFAULT_MAX_CONCURRENT_CALLS);
        }
    }
}
