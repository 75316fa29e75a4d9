package org.netlever.server.api;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

import org.netlever.aaa.AaaException;
import org.netlever.aaa.dhcp.EventSource;
import org.netlever.aaa.ip.Ipv4Address;
import org.netlever.aaa.lease.Lease;
import org.netlever.aaa.lease.LeaseHistoryEntry;
import org.netlever.aaa.lease.RecordedEvent;
import org.netlever.aaa.lease.query.DhcpEventQuery;
import org.netlever.aaa.lease.query.LeaseHistoryQuery;
import org.netlever.aaa.lease.query.LeaseQuery;
import org.netlever.aaa.lease.query.LeaseReads;
import org.netlever.aaa.lease.query.LeaseState;
import org.netlever.aaa.lease.query.LogKey;
import org.netlever.aaa.lease.query.NasSyncEntry;
import org.netlever.aaa.lease.query.NasSyncQuery;
import org.netlever.aaa.lease.query.NasSyncStatus;
import org.netlever.option82.MacAddress;
import org.netlever.option82.Option82Exception;

/**
 * The lease side of the read API ({@code docs/api.md}): {@code /api/v1/leases}, {@code /api/v1/leases/{ip}},
 * {@code /api/v1/lease-history}, {@code /api/v1/dhcp-events}, {@code /api/v1/nas-sync} and
 * {@code /api/v1/nas-sync/summary}, read through aaa-core's {@link LeaseReads}. Leases page by address, the logs
 * newest first by time and id, the queue newest first by id; a cursor is the last row's key.
 *
 * <p>Thread-safe: the handlers keep no state.
 */
public final class LeaseApi implements ApiModule {

    private static final List<String> NAS_SYNC_STATUSES = List.of("pending", "in_progress", "done", "failed");

    private final LeaseReads reads;

    /**
     * A module reading through this reader.
     *
     * @param reads the lease tables' reader
     */
    public LeaseApi(LeaseReads reads) {
        this.reads = Objects.requireNonNull(reads, "reads");
    }

    /**
     * A module reading the lease tables of a database.
     *
     * @param db the database the lease service writes
     * @param clock the server's clock, which a lease's state is judged by
     * @return the module
     */
    public static LeaseApi of(org.netlever.aaa.store.Database db, java.time.Clock clock) {
        return new LeaseApi(new LeaseReads(db, clock));
    }

    @Override
    public void register(ApiRouter router) {
        router.route("GET", "/api/v1/leases", this::leases);
        router.route("GET", "/api/v1/leases/{ip}", this::lease);
        router.route("GET", "/api/v1/lease-history", this::history);
        router.route("GET", "/api/v1/dhcp-events", this::events);
        router.route("GET", "/api/v1/nas-sync", this::nasSync);
        router.route("GET", "/api/v1/nas-sync/summary", this::nasSyncSummary);
    }

    private ApiReply leases(ApiRequest r) {
        r.allow("ip", "subscriber", "mac", "device", "pool", "state");
        int limit = r.limit();
        LeaseQuery.Builder q = LeaseQuery.limit(limit + 1)
                .ip(ip(r.text("ip"), "ip").orElse(null))
                .subscriber(r.text("subscriber").orElse(null))
                .mac(mac(r.text("mac")).orElse(null))
                .device(r.text("device").orElse(null))
                .pool(r.text("pool").orElse(null))
                .state(r.oneOf("state", "active", "expired")
                        .map(s -> s.equals("active") ? LeaseState.ACTIVE : LeaseState.EXPIRED).orElse(null));
        r.cursor().ifPresent(c -> q.after(ip(Optional.of(c.value(0, 1)), "cursor").orElseThrow()));
        List<Lease> rows = reads.leases(q.build());
        return page(rows, limit, l -> Cursor.of(l.ip()), l -> LeaseJson.lease(l, reads.state(l)));
    }

    private ApiReply lease(ApiRequest r) {
        r.allow();
        Ipv4Address ip = ip(Optional.of(r.path("ip")), "ip").orElseThrow();
        Lease lease = reads.lease(ip).orElseThrow(() -> ApiException.notFound("no lease holds " + ip));
        return ApiReply.ok(LeaseJson.lease(lease, reads.state(lease)));
    }

    private ApiReply history(ApiRequest r) {
        r.allow("ip", "subscriber", "from", "to");
        int limit = r.limit();
        Window window = window(r);
        LeaseHistoryQuery.Builder q = LeaseHistoryQuery.limit(limit + 1)
                .ip(ip(r.text("ip"), "ip").orElse(null))
                .subscriber(r.text("subscriber").orElse(null))
                .from(window.from()).to(window.to());
        q.before(logKey(r).orElse(null));
        List<LeaseHistoryEntry> rows = reads.history(q.build());
        return page(rows, limit, e -> Cursor.of(e.recordedAt(), e.id()), LeaseJson::history);
    }

    private ApiReply events(ApiRequest r) {
        r.allow("outcome", "source", "ip", "subscriber", "from", "to");
        int limit = r.limit();
        Window window = window(r);
        DhcpEventQuery.Builder q = DhcpEventQuery.limit(limit + 1)
                .outcome(r.oneOf("outcome", DhcpEventQuery.OUTCOMES.toArray(String[]::new)).orElse(null))
                .source(source(r.text("source")).orElse(null))
                .ip(ip(r.text("ip"), "ip").orElse(null))
                .subscriber(r.text("subscriber").orElse(null))
                .from(window.from()).to(window.to());
        q.before(logKey(r).orElse(null));
        List<RecordedEvent> rows = reads.events(q.build());
        return page(rows, limit, e -> Cursor.of(e.receivedAt(), e.id()), LeaseJson::event);
    }

    private ApiReply nasSync(ApiRequest r) {
        r.allow("status", "subscriber");
        int limit = r.limit();
        Optional<NasSyncStatus> status = r.oneOf("status", NAS_SYNC_STATUSES.toArray(String[]::new))
                .map(s -> NasSyncStatus.valueOf(s.toUpperCase(java.util.Locale.ROOT)));
        List<NasSyncEntry> rows = reads.nasSync(new NasSyncQuery(status, r.text("subscriber"), before(r),
                limit + 1));
        return page(rows, limit, e -> Cursor.of(e.id()), LeaseJson::nasSync);
    }

    private ApiReply nasSyncSummary(ApiRequest r) {
        r.allow();
        return ApiReply.ok(LeaseJson.summary(reads.nasSyncSummary()));
    }

    private static <T> ApiReply page(List<T> rows, int limit, Function<T, Cursor> key,
            Function<T, com.fasterxml.jackson.databind.node.ObjectNode> item) {
        return ApiReply.ok(Page.of(rows, limit, key).toJson(item));
    }

    /** The id the previous page of the NAS-sync queue ended at. */
    private static OptionalLong before(ApiRequest r) {
        return r.cursor().map(c -> OptionalLong.of(c.longValue(0, 1))).orElse(OptionalLong.empty());
    }

    /** The time and id the previous page of a log ended at. */
    private static Optional<LogKey> logKey(ApiRequest r) {
        return r.cursor().map(c -> {
            try {
                return new LogKey(Instant.parse(c.value(0, 2)), c.longValue(1, 2));
            } catch (java.time.format.DateTimeParseException e) {
                throw ApiException.badRequest("cursor", "not a cursor of this list; start again without it");
            }
        });
    }

    private record Window(Instant from, Instant to) {
    }

    private static Window window(ApiRequest r) {
        Instant from = r.instant("from").orElse(null);
        Instant to = r.instant("to").orElse(null);
        if (from != null && to != null && !from.isBefore(to)) {
            throw ApiException.badRequest("to", "must be after from (" + from + "), got " + to);
        }
        return new Window(from, to);
    }

    private static Optional<Ipv4Address> ip(Optional<String> text, String field) {
        try {
            return text.map(Ipv4Address::parse);
        } catch (AaaException e) {
            throw field.equals("cursor")
                    ? ApiException.badRequest("cursor", "not a cursor of this list; start again without it")
                    : ApiException.badRequest(field, "a dotted IPv4 address such as 198.51.100.7, got '"
                            + text.get() + "'");
        }
    }

    private static Optional<MacAddress> mac(Optional<String> text) {
        try {
            return text.map(MacAddress::parse);
        } catch (Option82Exception e) {
            throw ApiException.badRequest("mac", "a MAC address such as aa:bb:cc:dd:ee:ff, got '" + text.get() + "'");
        }
    }

    private static Optional<EventSource> source(Optional<String> text) {
        try {
            return text.map(EventSource::ofLabel);
        } catch (AaaException e) {
            throw ApiException.badRequest("source", e.getMessage());
        }
    }
}
