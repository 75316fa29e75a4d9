package org.netlever.aaa.lease.internal;

import static org.netlever.aaa.lease.internal.Jdbc.instant;
import static org.netlever.aaa.lease.internal.Jdbc.ts;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;
import org.netlever.aaa.ip.Ipv4Address;
import org.netlever.aaa.lease.Lease;
import org.netlever.aaa.lease.LeaseHistoryEntry;
import org.netlever.aaa.lease.NasChange;
import org.netlever.aaa.lease.RecordedEvent;
import org.netlever.aaa.lease.query.DhcpEventQuery;
import org.netlever.aaa.lease.query.LeaseHistoryQuery;
import org.netlever.aaa.lease.query.LeaseQuery;
import org.netlever.aaa.lease.query.LeaseState;
import org.netlever.aaa.lease.query.LogKey;
import org.netlever.aaa.lease.query.NasSyncEntry;
import org.netlever.aaa.lease.query.NasSyncQuery;
import org.netlever.aaa.lease.query.NasSyncStatus;
import org.netlever.aaa.lease.query.NasSyncSummary;
import org.netlever.option82.MacAddress;

/**
 * The operators' reads of the lease tables ({@code org.netlever.aaa.lease.query}): keyset pages with filters, each
 * an equality on the leading column of an index and a range on the key ({@code V4__read_indexes.sql}): leases by
 * address, the logs by (time, id) descending, the NAS-sync queue by id descending. Not API.
 *
 * <p>Thread-safe (no state).
 */
public final class ReadSql {

    /** Later than any row's time: the upper bound of a page of a log that names none. */
    private static final java.time.Instant HORIZON = java.time.Instant.parse("9999-01-01T00:00:00Z");

    private ReadSql() {
    }

    /** The conditions of a query and their values, joined with AND. */
    private static final class Where {
        private final List<String> conditions = new ArrayList<>();
        private final Map<String, Object> values = new LinkedHashMap<>();

        Where add(boolean present, String condition, String name, Object value) {
            if (present) {
                conditions.add(condition);
                values.put(name, value);
            }
            return this;
        }

        /**
         * Rows below a log's key, newest first by (time, id). The bound on the time alone lets both databases range
         * over the (..., time, id) index; the rest settles rows of the same time.
         */
        Where before(Optional<LogKey> key, String timeColumn) {
            if (key.isPresent()) {
                conditions.add(timeColumn + " <= :beforeAt AND (" + timeColumn + " < :beforeAt OR id < :beforeId)");
                values.put("beforeAt", ts(key.get().at()));
                values.put("beforeId", key.get().id());
            }
            return this;
        }

        String sql() {
            return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
        }

        Query bind(Query q) {
            values.forEach(q::bind);
            return q;
        }
    }

    /**
     * The leading column of an {@code ORDER BY} that a filter holds constant, when it is also the leading column of
     * the index the page ranges over: ordering by {@code (pool_id, ip)} under {@code pool_id = ?} is ordering by
     * {@code ip}, and H2 reads the index in order only when the {@code ORDER BY} names its columns from the first.
     *
     * @param applies whether no more selective filter (the address, for instance) decides the plan
     * @param column the filtered column, or {@code null}
     * @param direction {@code ""} or {@code " DESC"}
     * @return {@code "column direction, "}, or {@code ""}
     */
    private static String lead(boolean applies, String column, String direction) {
        return applies && column != null ? column + direction + ", " : "";
    }

    /**
     * A page of leases, by address.
     *
     * @param h the handle
     * @param q the query
     * @param now the moment {@code state} is judged at
     * @return the leases
     */
    public static List<Lease> leases(Handle h, LeaseQuery q, java.time.Instant now) {
        Where w = new Where()
                .add(q.ip().isPresent(), "ip = :ip", "ip", q.ip().map(Ipv4Address::toUnsigned).orElse(null))
                .add(q.subscriberId().isPresent(), "subscriber_id = :s", "s", q.subscriberId().orElse(null))
                .add(q.mac().isPresent(), "mac = :mac", "mac", q.mac().map(MacAddress::value).orElse(null))
                .add(q.deviceId().isPresent(), "device_id = :d", "d", q.deviceId().orElse(null))
                .add(q.poolId().isPresent(), "pool_id = :p", "p", q.poolId().orElse(null))
                .add(q.state().filter(LeaseState.ACTIVE::equals).isPresent(),
                        "(expires_at IS NULL OR expires_at > :now)", "now", ts(now))
                .add(q.state().filter(LeaseState.EXPIRED::equals).isPresent(), "expires_at <= :now", "now", ts(now))
                // Always a range on ip, so that H2 ranges over (pool_id, ip) rather than the foreign key's (pool_id).
                .add(true, "ip > :after", "after", q.after().map(Ipv4Address::toUnsigned).orElse(-1L));
        return w.bind(h.createQuery("SELECT " + LeaseTable.LEASE_COLUMNS + " FROM lease" + w.sql()
                        + " ORDER BY " + lead(q.ip().isEmpty() && q.subscriberId().isEmpty(),
                                q.mac().isPresent() ? "mac" : q.deviceId().isPresent() ? "device_id"
                                        : q.poolId().isPresent() ? "pool_id" : null, "")
                        + "ip FETCH FIRST " + q.limit() + " ROWS ONLY"))
                .map((rs, ctx) -> LeaseTable.lease(rs)).list();
    }

    /**
     * A page of the DHCP event log, newest first.
     *
     * @param h the handle
     * @param q the query
     * @return the rows
     */
    public static List<RecordedEvent> events(Handle h, DhcpEventQuery q) {
        Where w = new Where()
                .add(q.outcome().isPresent(), "outcome = :o", "o", q.outcome().orElse(null))
                .add(q.source().isPresent(), "source = :src", "src", q.source().map(s -> s.label()).orElse(null))
                .add(q.ip().isPresent(), "ip = :ip", "ip", q.ip().map(Ipv4Address::toUnsigned).orElse(null))
                .add(q.subscriberId().isPresent(), "subscriber_id = :s", "s", q.subscriberId().orElse(null))
                .add(q.from().isPresent(), "received_at >= :from", "from", q.from().map(Jdbc::ts).orElse(null))
                .add(q.to().isPresent(), "received_at < :to", "to", q.to().map(Jdbc::ts).orElse(null))
                .before(q.before(), "received_at")
                // A bound on the time in every page, so that H2 ranges over (source, received_at, id) rather than
                // the unique (source, source_event_id).
                .add(q.to().isEmpty() && q.before().isEmpty(), "received_at < :horizon", "horizon", ts(HORIZON));
        return w.bind(h.createQuery("SELECT * FROM dhcp_event" + w.sql()
                        + " ORDER BY " + lead(q.ip().isEmpty(), q.subscriberId().isPresent() ? "subscriber_id"
                                : q.outcome().isPresent() ? "outcome" : q.source().isPresent() ? "source" : null,
                                " DESC")
                        + "received_at DESC, id DESC FETCH FIRST " + q.limit() + " ROWS ONLY"))
                .map((rs, ctx) -> DhcpEventTable.event(rs)).list();
    }

    /**
     * A page of the lease history, newest first.
     *
     * @param h the handle
     * @param q the query
     * @return the entries
     */
    public static List<LeaseHistoryEntry> history(Handle h, LeaseHistoryQuery q) {
        Where w = new Where()
                .add(q.ip().isPresent(), "ip = :ip", "ip", q.ip().map(Ipv4Address::toUnsigned).orElse(null))
                .add(q.subscriberId().isPresent(), "subscriber_id = :s", "s", q.subscriberId().orElse(null))
                .add(q.from().isPresent(), "recorded_at >= :from", "from", q.from().map(Jdbc::ts).orElse(null))
                .add(q.to().isPresent(), "recorded_at < :to", "to", q.to().map(Jdbc::ts).orElse(null))
                .before(q.before(), "recorded_at");
        return w.bind(h.createQuery("SELECT * FROM lease_history" + w.sql()
                        + " ORDER BY recorded_at DESC, id DESC FETCH FIRST " + q.limit() + " ROWS ONLY"))
                .map((rs, ctx) -> LeaseHistoryTable.entry(rs)).list();
    }

    /**
     * A page of the NAS-sync queue, newest first.
     *
     * @param h the handle
     * @param q the query
     * @return the rows
     */
    public static List<NasSyncEntry> nasSync(Handle h, NasSyncQuery q) {
        Where w = new Where()
                .add(q.status().isPresent(), "status = :st", "st", q.status().map(NasSyncStatus::stored).orElse(null))
                .add(q.subscriberId().isPresent(), "subscriber_id = :s", "s", q.subscriberId().orElse(null))
                // Always a range on id, so that H2 ranges over (status, id) rather than (status, due_at).
                .add(true, "id < :before", "before", q.before().orElse(Long.MAX_VALUE));
        return w.bind(h.createQuery("SELECT * FROM nas_sync" + w.sql() + " ORDER BY "
                        + lead(true, q.subscriberId().isPresent() ? "subscriber_id"
                                : q.status().isPresent() ? "status" : null, " DESC")
                        + "id DESC FETCH FIRST " + q.limit() + " ROWS ONLY"))
                .map((rs, ctx) -> new NasSyncEntry(rs.getLong("id"), rs.getString("subscriber_id"),
                        Ipv4Address.ofUnsigned(rs.getLong("ip")),
                        NasChange.valueOf(rs.getString("change_kind").toUpperCase(Locale.ROOT)),
                        instant(rs, "created_at"), instant(rs, "due_at"), rs.getInt("attempts"),
                        NasSyncStatus.ofStored(rs.getString("status")),
                        Optional.ofNullable(rs.getString("last_error")),
                        Optional.ofNullable(rs.getObject("finished_at", OffsetDateTime.class))
                                .map(OffsetDateTime::toInstant)))
                .list();
    }

    /**
     * How the NAS-sync queue stands. Reads only the rows not done, on the {@code (status, ...)} indexes.
     *
     * @param h the handle
     * @return the summary
     */
    public static NasSyncSummary nasSyncSummary(Handle h) {
        Map<String, Long> counts = h.createQuery("SELECT status, COUNT(*) AS n FROM nas_sync "
                        + "WHERE status IN ('pending', 'in_progress', 'abandoned') GROUP BY status")
                .reduceRows(new LinkedHashMap<String, Long>(), (map, row) -> {
                    map.put(row.getColumn("status", String.class), row.getColumn("n", Long.class));
                    return map;
                });
        Optional<java.time.Instant> oldest = h.createQuery("SELECT due_at FROM nas_sync WHERE status = 'pending' "
                        + "ORDER BY status, due_at FETCH FIRST 1 ROWS ONLY")
                .map((rs, ctx) -> instant(rs, "due_at")).findOne();
        Optional<String> lastError = h.createQuery("SELECT last_error FROM nas_sync "
                        + "WHERE status IN ('pending', 'in_progress', 'abandoned') AND last_error IS NOT NULL "
                        + "ORDER BY id DESC FETCH FIRST 1 ROWS ONLY")
                .mapTo(String.class).findOne();
        return new NasSyncSummary(counts.getOrDefault("pending", 0L), counts.getOrDefault("in_progress", 0L),
                counts.getOrDefault("abandoned", 0L), oldest, lastError);
    }
}
