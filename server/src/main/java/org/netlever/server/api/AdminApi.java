package org.netlever.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.netlever.aaa.ip.IpPool;
import org.netlever.aaa.ip.IpPoolException;
import org.netlever.aaa.ip.Ipv4Address;
import org.netlever.aaa.lease.IpPools;
import org.netlever.aaa.lease.Lease;
import org.netlever.aaa.lease.LeaseService;
import org.netlever.aaa.store.Database;
import org.netlever.pcrf.PcrfLeadership;
import org.netlever.server.BillingEntries;
import org.netlever.server.ServeConfig;
import org.netlever.server.billing.BillingAdmin;
import org.netlever.server.billing.BillingChanges;
import org.netlever.server.billing.BillingJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin half of the operations API ({@code docs/api.md}, "Write"): the reference billing's devices, subscribers,
 * pools, call tariffs and rate tariffs read, created or replaced ({@code PUT}) and deleted, each body checked by the
 * configuration reader's code ({@link AdminBodies}), each change effective at once and recorded with the token's
 * name ({@code GET /api/v1/changes}); and top-ups of a subscriber's balance.
 *
 * <p>Effective without a restart: the billing reads its tables on each lookup; pools go through {@link IpPools},
 * whose snapshot this process reloads at once (other processes within their refresh interval); a subscriber with a
 * PCRF domain and tariff plan is attached in the running PCRF engine when this process leads it (on a standby, the
 * leader attaches it at the BRAS's next authorization, which looks the plan up in the billing).
 *
 * <p>Thread-safe: its handlers keep no state between requests.
 */
public final class AdminApi implements ApiModule {

    private static final Logger LOG = LoggerFactory.getLogger(AdminApi.class);

    private final ServeConfig config;
    private final Clock clock;
    private final IpPools pools;
    private final LeaseService leases;
    private final PcrfLeadership pcrf;
    private final BillingAdmin admin;
    private final BillingChanges changes;
    private final BillingJson json;

    /**
     * The module over the server's running parts.
     *
     * @param config the configuration (its dictionary and PCRF definitions check the bodies)
     * @param clock the clock changes are stamped with
     * @param db the database, its billing schema migrated
     * @param leases the lease bookkeeping and its IP pools (a subscriber or pool holding leases is not deleted)
     * @param pcrf the PCRF leadership
     */
    public AdminApi(ServeConfig config, Clock clock, Database db, LeaseService leases, PcrfLeadership pcrf) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.pools = leases.pools();
        this.leases = Objects.requireNonNull(leases, "leases");
        this.pcrf = Objects.requireNonNull(pcrf, "pcrf");
        this.json = new BillingJson(config.radius().dictionary());
        this.admin = new BillingAdmin(db, clock, json);
        this.changes = new BillingChanges(db);
    }

    @Override
    public void register(ApiRouter router) {
        router.route("GET", "/api/v1/devices", r -> list(r, admin::devices, ServeConfig.Device::id, json::device));
        router.route("GET", "/api/v1/devices/{id}", r -> one(admin.device(r.path("id")), json::device,
                "device " + r.path("id")));
        router.route("PUT", "/api/v1/devices/{id}", r -> ApiReply.ok(json.device(admin.putDevice(
                AdminBodies.entry(r, "id", r.path("id"), 64, BillingEntries::device), r.token().name()))));
        router.route("DELETE", "/api/v1/devices/{id}", r -> deleted("device " + r.path("id"),
                () -> admin.deleteDevice(r.path("id"), r.token().name())));

        router.route("GET", "/api/v1/subscribers", r -> list(r, admin::subscribers, ServeConfig.Subscriber::id,
                json::subscriber));
        router.route("GET", "/api/v1/subscribers/{id}", r -> one(admin.subscriber(r.path("id")), json::subscriber,
                "subscriber " + r.path("id")));
        router.route("PUT", "/api/v1/subscribers/{id}", this::putSubscriber);
        router.route("DELETE", "/api/v1/subscribers/{id}", this::deleteSubscriber);
        router.route("POST", "/api/v1/accounts/{id}/top-up", this::topUp);

        router.route("GET", "/api/v1/pools", r -> list(r, this::poolPage, IpPool::id, json::pool));
        router.route("GET", "/api/v1/pools/{id}", r -> one(pool(r.path("id")), json::pool, "pool " + r.path("id")));
        router.route("PUT", "/api/v1/pools/{id}", this::putPool);
        router.route("DELETE", "/api/v1/pools/{id}", this::deletePool);

        router.route("GET", "/api/v1/call-tariffs", r -> list(r, admin::callTariffs, ServeConfig.CallTariff::prefix,
                json::callTariff));
        router.route("GET", "/api/v1/call-tariffs/{prefix}", r -> one(admin.callTariff(r.path("prefix")),
                json::callTariff,
                "call tariff " + r.path("prefix")));
        router.route("PUT", "/api/v1/call-tariffs/{prefix}", r -> ApiReply.ok(json.callTariff(admin.putCallTariff(
                AdminBodies.entry(r, "prefix", r.path("prefix"), 32, BillingEntries::callTariff), r.token().name()))));
        router.route("DELETE", "/api/v1/call-tariffs/{prefix}", r -> deleted("call tariff " + r.path("prefix"),
                () -> admin.deleteCallTariff(r.path("prefix"), r.token().name())));

        router.route("GET", "/api/v1/rate-tariffs", r -> list(r, admin::rateTariffs, ServeConfig.RateTariff::id,
                json::rateTariff));
        router.route("GET", "/api/v1/rate-tariffs/{id}", r -> one(admin.rateTariff(r.path("id")), json::rateTariff,
                "rate tariff " + r.path("id")));
        router.route("PUT", "/api/v1/rate-tariffs/{id}", r -> ApiReply.ok(json.rateTariff(admin.putRateTariff(
                AdminBodies.entry(r, "id", r.path("id"), 128, b -> BillingEntries.rateTariff(b,
                        config.radius().dictionary())), r.token().name()))));
        router.route("DELETE", "/api/v1/rate-tariffs/{id}", r -> deleted("rate tariff " + r.path("id"),
                () -> admin.deleteRateTariff(r.path("id"), r.token().name())));

        router.route("GET", "/api/v1/changes", this::changes);
    }

    // ------------------------------------------------------------------------------------------------ subscribers

    private ApiReply putSubscriber(ApiRequest r) {
        Set<String> poolKinds = pools.all().stream().map(IpPool::kind).collect(Collectors.toSet());
        ServeConfig.Subscriber entry = AdminBodies.entry(r, "id", r.path("id"), 128, b -> BillingEntries.subscriber(b,
                config.pcrf(), d -> admin.device(d).isPresent(), poolKinds, t -> admin.rateTariff(t).isPresent()));
        ServeConfig.Subscriber stored = conflicts(() -> admin.putSubscriber(entry, r.token().name()));
        stored.pcrf().ifPresent(plan -> pcrf.engine().ifPresent(engine -> {
            try {
                engine.attach(stored.id(), plan.domain(), plan.tariffPlan());
            } catch (RuntimeException e) {
                // Stored all the same: the BRAS's next authorization attaches it (and says why it cannot).
                LOG.warn("Subscriber {} stored, but the PCRF engine did not attach it: {}", stored.id(),
                        e.getMessage());
            }
        }));
        return ApiReply.ok(json.subscriber(stored));
    }

    private ApiReply deleteSubscriber(ApiRequest r) {
        String id = r.path("id");
        List<Lease> held = leases.leasesOf(id);
        if (!held.isEmpty()) {
            throw ApiException.conflict("subscriber " + id + " holds " + held.size() + " lease(s) ("
                    + held.stream().limit(3).map(l -> l.ip().toString()).collect(Collectors.joining(", "))
                    + (held.size() > 3 ? ", …" : "") + "); delete it once they are released or expire");
        }
        return deleted("subscriber " + id, () -> admin.deleteSubscriber(id, r.token().name()));
    }

    private ApiReply topUp(ApiRequest r) {
        JsonNode body = r.json();
        body.fieldNames().forEachRemaining(f -> {
            if (!f.equals("amount")) {
                throw ApiException.badRequest(f, "unknown field; a top-up is {\"amount\": \"10.00\"}");
            }
        });
        JsonNode amount = body.get("amount");
        BigDecimal value;
        try {
            value = amount == null || amount.isNull() ? null : new BigDecimal(amount.asText());
        } catch (NumberFormatException e) {
            value = null;
        }
        if (value == null || value.signum() <= 0) {
            throw ApiException.badRequest("amount", "a positive decimal number, got "
                    + (amount == null ? "nothing" : "'" + amount.asText() + "'"));
        }
        return ApiReply.ok(json.subscriber(admin.topUp(r.path("id"), value, r.token().name())
                .orElseThrow(() -> ApiException.notFound("no subscriber " + r.path("id")))));
    }

    // ------------------------------------------------------------------------------------------------ pools

    private List<IpPool> poolPage(Optional<String> after, int limit) {
        return pools.all().stream().filter(p -> after.isEmpty() || p.id().compareTo(after.get()) > 0)
                .sorted(Comparator.comparing(IpPool::id)).limit(limit).toList();
    }

    private Optional<IpPool> pool(String id) {
        return pools.all().stream().filter(p -> p.id().equals(id)).findFirst();
    }

    private ApiReply putPool(ApiRequest r) {
        ServeConfig.Pool entry = AdminBodies.entry(r, "id", r.path("id"), 64, BillingEntries::pool);
        IpPool pool;
        try {
            IpPool.Builder b = IpPool.builder(entry.id(), entry.network(), entry.kind());
            entry.gateway().map(Ipv4Address::parse).ifPresent(b::gateway);
            pool = b.build();
        } catch (RuntimeException e) {
            throw ApiException.badRequest(poolField(e.getMessage()), e.getMessage());
        }
        String token = r.token().name();
        try {
            pools.put(pool, (h, before) -> BillingChanges.record(h, clock.instant(), token, "pool", pool.id(), "put",
                    before.map(json::pool).orElse(null), json.pool(pool)));
        } catch (IpPoolException e) {
            throw ApiException.conflict(e.getMessage());
        }
        return ApiReply.ok(json.pool(pool));
    }

    /** The field an {@link IpPool.Builder} problem is about, by its message. */
    static String poolField(String message) {
        if (message.startsWith("pool id")) {
            return "id";
        }
        if (message.matches("pool \\S+ kind .*")) {
            return "kind";
        }
        return message.contains("gateway") ? "gateway" : "network";
    }

    private ApiReply deletePool(ApiRequest r) {
        String token = r.token().name();
        try {
            boolean removed = pools.remove(r.path("id"), (h, pool) -> BillingChanges.record(h, clock.instant(),
                    token, "pool", pool.id(), "delete", json.pool(pool), null)).isPresent();
            if (!removed) {
                throw ApiException.notFound("no pool " + r.path("id"));
            }
            return ApiReply.noContent();
        } catch (IpPoolException e) {
            throw ApiException.conflict(e.getMessage());
        }
    }

    // ------------------------------------------------------------------------------------------------ changes

    private ApiReply changes(ApiRequest r) {
        r.allow("kind", "from", "to");
        Optional<String> kind = r.oneOf("kind", "device", "subscriber", "pool", "call-tariff", "rate-tariff");
        int limit = r.limit();
        OptionalLong before = r.cursor().map(c -> OptionalLong.of(c.longValue(0, 1))).orElse(OptionalLong.empty());
        List<BillingChanges.Change> fetched = changes.newestFirst(kind, r.instant("from"), r.instant("to"), before,
                limit + 1);
        return ApiReply.ok(Page.of(fetched, limit, c -> Cursor.of(c.id())).toJson(AdminApi::change));
    }

    private static ObjectNode change(BillingChanges.Change c) {
        ObjectNode out = Json.object();
        out.put("id", c.id());
        out.put("at", Json.instant(c.at()));
        out.put("token", c.token());
        out.put("kind", c.kind());
        out.put("key", c.key());
        out.put("action", c.action());
        out.set("before", c.before().orElse(null));
        out.set("after", c.after().orElse(null));
        return out;
    }

    // ------------------------------------------------------------------------------------------------ shared

    /** A page of entries by key, keyset-paged on the key. */
    private static <T> ApiReply list(ApiRequest r, Lister<T> lister, Function<T, String> key,
            Function<T, ? extends JsonNode> item) {
        r.allow();
        int limit = r.limit();
        Optional<String> after = r.cursor().map(c -> c.value(0, 1));
        return ApiReply.ok(Page.of(lister.page(after, limit + 1), limit, t -> Cursor.of(key.apply(t))).toJson(item));
    }

    /** Lists entries after a key. */
    @FunctionalInterface
    private interface Lister<T> {
        List<T> page(Optional<String> after, int limit);
    }

    private static <T> ApiReply one(Optional<T> entry, Function<T, ? extends JsonNode> item, String what) {
        return ApiReply.ok(item.apply(entry.orElseThrow(() -> ApiException.notFound("no " + what))));
    }

    /** {@code 204} once deleted; {@code 404} when there was nothing; {@code 409} when it cannot go. */
    private static ApiReply deleted(String what, BooleanSupplier delete) {
        if (!conflicts(delete::getAsBoolean)) {
            throw ApiException.notFound("no " + what);
        }
        return ApiReply.noContent();
    }

    private static <T> T conflicts(Supplier<T> write) {
        try {
            return write.get();
        } catch (BillingAdmin.Conflict e) {
            throw ApiException.conflict(e.getMessage());
        }
    }
}
