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
import org.netlever.aaa.radius.RadiusSecret;
import org.netlever.aaa.radius.server.RadiusClientDefinition;
import org.netlever.aaa.store.Durability;
import org.netlever.option82.MacAddress;
import org.netlever.pcrf.ResetPolicy;
import org.netlever.pcrf.model.PcrfDefinitions;

/**
 * A validated {@code netlever serve} configuration, as {@link ServeConfigReader} reads it from one JSON or YAML file
 * (the commented example is {@code server/config/netlever.yaml}). Every part has defaults except the secrets, which
 * are read from files so they stay out of the configuration and its logs. Immutable and thread-safe.
 *
 * @param file the configuration file
 * @param storage where everything is stored
 * @param lever the HTTP endpoint the DHCP servers' lever script posts to (S1)
 * @param softswitch the RADIUS listeners for the softswitch (S2)
 * @param bras the RADIUS listeners for the BRAS and its CoA endpoints (S3)
 * @param pcrf the PCRF engine's definitions and settings (S3)
 * @param nasSync how lease changes reach the NAS (S1.8)
 * @param ops the operations endpoint: health, readiness, metrics
 * @param billing the reference billing's data, loaded into the database at start
 */
public record ServeConfig(Path file, Storage storage, Lever lever, Radius softswitch, Bras bras, Pcrf pcrf,
        NasSync nasSync, Ops ops, Billing billing) {

    /** Checks every part is present. */
    public ServeConfig {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(lever, "lever");
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
     */
    public record Storage(String url, String user, String password, Durability durability) {
        /** Checks the fields. */
        public Storage {
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
                    + ", durability=" + durability + "]";
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
     * @param clients the clients, each with its secret
     */
    public record Radius(InetSocketAddress auth, InetSocketAddress acct, List<RadiusClientDefinition> clients) {
        /** Copies the clients. */
        public Radius {
            Objects.requireNonNull(auth, "auth");
            Objects.requireNonNull(acct, "acct");
            clients = List.copyOf(clients);
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
     */
    public record CoaEndpoint(String nas, InetSocketAddress address, RadiusSecret secret) {
        /** Checks the fields. */
        public CoaEndpoint {
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
     */
    public record Bras(Radius radius, List<CoaEndpoint> coa) {
        /** Copies the endpoints. */
        public Bras {
            Objects.requireNonNull(radius, "radius");
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
     */
    public record NasSync(Optional<CoaEndpoint> coa, Duration interval) {
        /** Checks the fields. */
        public NasSync {
            Objects.requireNonNull(coa, "coa");
            Objects.requireNonNull(interval, "interval");
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
     * @param domain its PCRF service domain
     * @param tariffPlan its PCRF tariff plan code
     */
    public record Subscriber(String id, Optional<String> device, OptionalInt port, String poolKind,
            Optional<String> phone, BigDecimal balance, Optional<String> domain, Optional<String> tariffPlan) {
        /** Checks the fields. */
        public Subscriber {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(device, "device");
            Objects.requireNonNull(port, "port");
            Objects.requireNonNull(poolKind, "poolKind");
            Objects.requireNonNull(phone, "phone");
            Objects.requireNonNull(balance, "balance");
            Objects.requireNonNull(domain, "domain");
            Objects.requireNonNull(tariffPlan, "tariffPlan");
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
     */
    public record Billing(List<Pool> pools, List<Device> devices, List<Subscriber> subscribers,
            List<CallTariff> callTariffs) {
        /** Copies the lists. */
        public Billing {
            pools = List.copyOf(pools);
            devices = List.copyOf(devices);
            subscribers = List.copyOf(subscribers);
            callTariffs = List.copyOf(callTariffs);
        }
    }
}
