package org.netlever.server;

import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.netlever.aaa.ip.Ipv4Network;
import org.netlever.aaa.lever.LeverSecret;
import org.netlever.aaa.call.CallAttributeMapping;
import org.netlever.aaa.radius.RadiusAttribute;
import org.netlever.aaa.radius.RadiusDictionary;
import org.netlever.aaa.radius.RadiusSecret;
import org.netlever.aaa.radius.server.RadiusServer;
import org.netlever.aaa.radius.server.RadiusClientDefinition;
import org.netlever.aaa.store.Durability;
import org.netlever.option82.MacAddress;
import org.netlever.pcrf.ResetPolicy;
import org.netlever.pcrf.bras.BrasAttributeMapping;
import org.netlever.pcrf.model.PcrfDefinitions;

/**
 * A validated {@code netlever serve} configuration, as {@link ServeConfigReader} reads it from one JSON or YAML file
 * (the commented example is {@code server/config/netlever.yaml}). Every part has defaults except the secrets, which
 * are read from files so they stay out of the configuration and its logs. Immutable and thread-safe.
 *
 * @param file the configuration file
 * @param storage where everything is stored
 * @param lever the HTTP endpoint the DHCP servers' lever script posts to (S1)
 * @param radius what every RADIUS part shares: the dictionary
 * @param softswitch the RADIUS listeners for the softswitch and how calls are answered (S2)
 * @param bras the RADIUS listeners for the BRAS and its CoA endpoints (S3)
 * @param pcrf the PCRF engine's definitions and settings (S3)
 * @param nasSync how lease changes reach the NAS (S1.8)
 * @param ops the operations endpoint: health, readiness, metrics
 * @param billing the reference billing's data, loaded into the database at start
 */
public record ServeConfig(Path file, Storage storage, Lever lever, RadiusCommon radius, Softswitch softswitch,
        Bras bras, Pcrf pcrf, NasSync nasSync, Ops ops, Billing billing) {

    /** Checks every part is present. */
    public ServeConfig {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(lever, "lever");
        Objects.requireNonNull(radius, "radius");
        Objects.requireNonNull(softswitch, "softswitch");
        Objects.requireNonNull(bras, "bras");
        Objects.requireNonNull(pcrf, "pcrf");
        Objects.requireNonNull(nasSync, "nasSync");
        Objects.requireNonNull(ops, "ops");
        Objects.requireNonNull(billing, "billing");
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
     * @param workers the most requests handled at once
     * @param minWorkers workers kept when idle
     * @param queueCapacity requests that may wait for a worker; more are dropped (the client retries)
     * @param maxQueueWait a request that waited longer is dropped
     * @param replyCacheTtl how long a reply is kept to answer a retransmission (RFC 5080)
     * @param recentDrops dropped packets kept for diagnosis
     */
    public record RadiusTuning(int workers, int minWorkers, int queueCapacity, Duration maxQueueWait,
            Duration replyCacheTtl, int recentDrops) {
        /** Checks the fields. */
        public RadiusTuning {
            Objects.requireNonNull(maxQueueWait, "maxQueueWait");
            Objects.requireNonNull(replyCacheTtl, "replyCacheTtl");
            if (minWorkers > workers) {
                throw new IllegalArgumentException("minWorkers " + minWorkers + " exceeds workers " + workers);
            }
        }

        /**
         * {@link RadiusServer.Builder}'s defaults.
         *
         * @return the defaults
         */
        public static RadiusTuning defaults() {
            return new RadiusTuning(RadiusServer.DEFAULT_WORKERS,
                    Math.min(RadiusServer.defaultMinWorkers(), RadiusServer.DEFAULT_WORKERS),
                    RadiusServer.DEFAULT_QUEUE_CAPACITY, RadiusServer.DEFAULT_MAX_QUEUE_WAIT,
                    RadiusServer.DEFAULT_REPLY_CACHE_TTL, RadiusServer.DEFAULT_RECENT_DROPS);
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
     */
    public record Softswitch(Radius radius, Optional<Duration> interimInterval, CallAttributeMapping mapping) {
        /** Checks the fields. */
        public Softswitch {
            Objects.requireNonNull(radius, "radius");
            Objects.requireNonNull(interimInterval, "interimInterval");
            Objects.requireNonNull(mapping, "mapping");
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
     * @param retries how many times a request is sent before the NAS counts as not answering
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
     */
    public record Pcrf(Path definitionsFile, PcrfDefinitions definitions, int reauthRate, ResetPolicy resetPolicy,
            Optional<Duration> compatibilityPollInterval, Duration sessionIdleTimeout) {
        /** Checks the fields. */
        public Pcrf {
            Objects.requireNonNull(definitionsFile, "definitionsFile");
            Objects.requireNonNull(definitions, "definitions");
            Objects.requireNonNull(resetPolicy, "resetPolicy");
            Objects.requireNonNull(compatibilityPollInterval, "compatibilityPollInterval");
            Objects.requireNonNull(sessionIdleTimeout, "sessionIdleTimeout");
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
     * The operations endpoint.
     *
     * <p>Immutable and thread-safe.
     *
     * @param listen the address and port of {@code /health}, {@code /ready} and {@code /metrics}
     * @param requestTimeout how long a whole request may take to arrive before it is answered 408
     * @param idleTimeout how long a connection may stay open with no request in progress
     */
    public record Ops(InetSocketAddress listen, Duration requestTimeout, Duration idleTimeout) {
        /** Checks the fields. */
        public Ops {
            Objects.requireNonNull(listen, "listen");
            Objects.requireNonNull(requestTimeout, "requestTimeout");
            Objects.requireNonNull(idleTimeout, "idleTimeout");
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
     * A registered device of the reference billing.
     *
     * <p>Immutable and thread-safe.
     *
     * @param id the device's id
     * @param type its device manager's type code
     * @param mac its MAC, for switches
     * @param serial its serial, for PON terminals
     */
    public record Device(String id, String type, Optional<MacAddress> mac, Optional<String> serial) {
        /** Checks the fields. */
        public Device {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(mac, "mac");
            Objects.requireNonNull(serial, "serial");
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
     */
    public record Billing(List<Pool> pools, List<Device> devices, List<Subscriber> subscribers,
            List<CallTariff> callTariffs, List<RateTariff> rateTariffs) {
        /** Copies the lists. */
        public Billing {
            pools = List.copyOf(pools);
            devices = List.copyOf(devices);
            subscribers = List.copyOf(subscribers);
            callTariffs = List.copyOf(callTariffs);
            rateTariffs = List.copyOf(rateTariffs);
        }
    }
}
