package org.netlever.aaa.lease.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Update;
import org.netlever.aaa.dhcp.DhcpEventType;
import org.netlever.aaa.dhcp.EventSource;
import org.netlever.aaa.ip.IpPool;
import org.netlever.aaa.ip.Ipv4Address;
import org.netlever.aaa.ip.Ipv4Network;
import org.netlever.aaa.lease.Lease;
import org.netlever.aaa.lease.LeaseAction;
import org.netlever.aaa.lease.LeaseHistoryEntry;
import org.netlever.aaa.lease.LeaseOrigin;
import org.netlever.aaa.lease.RecordedEvent;
import org.netlever.option82.MacAddress;

/**
 * The SQL of the lease tables, shared by the lease service, the pools and the NAS-sync worker. Not API.
 *
 * <p>Thread-safe (no state); each call uses the caller's handle and transaction.
 */
public final class Rows {

    private static final String LEASE_COLUMNS = "ip, subscriber_id, mac, origin, pool_id, device_id, device_port, "
            + "created_at, renewed_at, expires_at, event_at";

    private Rows() {
    }

    // ------------------------------------------------------------------------------------------------------- leases

    /**
     * The lease on an address, locked until the transaction ends.
     *
     * @param h the handle, in a transaction
     * @param ip the address
     * @return the lease, or empty if the address is free
     */
    public static Optional<Lease> lockLease(Handle h, Ipv4Address ip) {
        return h.createQuery("SELECT " + LEASE_COLUMNS + " FROM lease WHERE ip = :ip FOR UPDATE")
                .bind("ip", ip.toUnsigned())
                .map((rs, ctx) -> lease(rs)).findOne();
    }

    /**
     * The lease on an address.
     *
     * @param h the handle
     * @param ip the address
     * @return the lease, or empty
     */
    public static Optional<Lease> findLease(Handle h, Ipv4Address ip) {
        return h.createQuery("SELECT " + LEASE_COLUMNS + " FROM lease WHERE ip = :ip")
                .bind("ip", ip.toUnsigned())
                .map((rs, ctx) -> lease(rs)).findOne();
    }

    /**
     * A subscriber's leases, by address.
     *
     * @param h the handle
     * @param subscriberId the subscriber
     * @return the leases
     */
    public static List<Lease> leasesOf(Handle h, String subscriberId) {
        return h.createQuery("SELECT " + LEASE_COLUMNS + " FROM lease WHERE subscriber_id = :s ORDER BY ip")
                .bind("s", subscriberId)
                .map((rs, ctx) -> lease(rs)).list();
    }

    /**
     * Every lease, by address.
     *
     * @param h the handle
     * @return the leases
     */
    public static List<Lease> allLeases(Handle h) {
        return h.createQuery("SELECT " + LEASE_COLUMNS + " FROM lease ORDER BY ip").map((rs, ctx) -> lease(rs)).list();
    }

    /**
     * Inserts a lease; a concurrent insert of the same address makes this fail with a unique violation.
     *
     * @param h the handle
     * @param l the lease
     */
    public static void insertLease(Handle h, Lease l) {
        bindLease(h.createUpdate("INSERT INTO lease (" + LEASE_COLUMNS + ") VALUES (:ip, :subscriber, :mac, :origin, "
                + ":pool, :device, :port, :created, :renewed, :expires, :eventAt)"), l).execute();
    }

    /**
     * Overwrites the lease on its address.
     *
     * @param h the handle
     * @param l the lease
     */
    public static void updateLease(Handle h, Lease l) {
        bindLease(h.createUpdate("UPDATE lease SET subscriber_id = :subscriber, mac = :mac, origin = :origin, "
                + "pool_id = :pool, device_id = :device, device_port = :port, created_at = :created, "
                + "renewed_at = :renewed, expires_at = :expires, event_at = :eventAt WHERE ip = :ip"), l).execute();
    }

    /**
     * Deletes the lease on an address.
     *
     * @param h the handle
     * @param ip the address
     */
    public static void deleteLease(Handle h, Ipv4Address ip) {
        h.createUpdate("DELETE FROM lease WHERE ip = :ip").bind("ip", ip.toUnsigned()).execute();
    }

    private static Update bindLease(Update u, Lease l) {
        return u.bind("ip", l.ip().toUnsigned())
                .bind("subscriber", l.subscriberId())
                .bind("mac", l.mac().map(MacAddress::value).orElse(null))
                .bind("origin", l.origin().name().toLowerCase(Locale.ROOT))
                .bind("pool", l.poolId())
                .bind("device", l.deviceId().orElse(null))
                .bind("port", l.devicePort().isPresent() ? l.devicePort().getAsInt() : null)
                .bind("created", ts(l.createdAt()))
                .bind("renewed", ts(l.renewedAt()))
                .bind("expires", l.expiresAt().map(Rows::ts).orElse(null))
                .bind("eventAt", ts(l.eventAt()));
    }

    private static Lease lease(ResultSet rs) throws SQLException {
        return new Lease(Ipv4Address.ofUnsigned(rs.getLong("ip")), rs.getString("subscriber_id"), mac(rs, "mac"),
                LeaseOrigin.valueOf(rs.getString("origin").toUpperCase(Locale.ROOT)), rs.getString("pool_id"),
                Optional.ofNullable(rs.getString("device_id")), optionalInt(rs, "device_port"),
                instant(rs, "created_at"), instant(rs, "renewed_at"),
                Optional.ofNullable(rs.getObject("expires_at", OffsetDateTime.class)).map(OffsetDateTime::toInstant),
                instant(rs, "event_at"));
    }

    // ------------------------------------------------------------------------------------------------------ history

    /**
     * Appends a history entry.
     *
     * @param h the handle, in the transaction that made the change
     * @param action what happened
     * @param lease the lease after the change (for freeing actions, the lease that was freed)
     * @param previousSubscriber for a reassignment, the holder before
     * @param previousMac for a reassignment, the MAC before
     * @param eventId the causing event, or {@code null}
     * @param recordedAt now
     */
    public static void appendHistory(Handle h, LeaseAction action, Lease lease, String previousSubscriber,
            MacAddress previousMac, Long eventId, Instant recordedAt) {
        h.createUpdate("INSERT INTO lease_history (ip, lease_action, subscriber_id, mac, previous_subscriber_id, "
                        + "previous_mac, pool_id, device_id, device_port, event_id, event_at, recorded_at) VALUES "
                        + "(:ip, :action, :subscriber, :mac, :prevSubscriber, :prevMac, :pool, :device, :port, "
                        + ":event, :eventAt, :recorded)")
                .bind("ip", lease.ip().toUnsigned())
                .bind("action", action.name().toLowerCase(Locale.ROOT))
                .bind("subscriber", lease.subscriberId())
                .bind("mac", lease.mac().map(MacAddress::value).orElse(null))
                .bind("prevSubscriber", previousSubscriber)
                .bind("prevMac", previousMac == null ? null : previousMac.value())
                .bind("pool", lease.poolId())
                .bind("device", lease.deviceId().orElse(null))
                .bind("port", lease.devicePort().isPresent() ? lease.devicePort().getAsInt() : null)
                .bind("event", eventId)
                .bind("eventAt", ts(lease.eventAt()))
                .bind("recorded", ts(recordedAt))
                .execute();
    }

    /**
     * History entries, newest last.
     *
     * @param h the handle
     * @param ip the address, or {@code null} for every address
     * @param subscriberId the subscriber, or {@code null} for every subscriber
     * @param limit the most entries to return (the newest)
     * @return the entries in ascending order
     */
    public static List<LeaseHistoryEntry> history(Handle h, Ipv4Address ip, String subscriberId, int limit) {
        String where = ip != null ? "WHERE ip = :ip" : subscriberId != null ? "WHERE subscriber_id = :s" : "";
        List<LeaseHistoryEntry> newestFirst = h.createQuery("SELECT * FROM lease_history " + where
                        + " ORDER BY id DESC FETCH FIRST :limit ROWS ONLY")
                .bind("ip", ip == null ? null : ip.toUnsigned())
                .bind("s", subscriberId)
                .bind("limit", limit)
                .map((rs, ctx) -> new LeaseHistoryEntry(rs.getLong("id"), Ipv4Address.ofUnsigned(rs.getLong("ip")),
                        LeaseAction.valueOf(rs.getString("lease_action").toUpperCase(Locale.ROOT)),
                        rs.getString("subscriber_id"), mac(rs, "mac"),
                        Optional.ofNullable(rs.getString("previous_subscriber_id")), mac(rs, "previous_mac"),
                        Optional.ofNullable(rs.getString("pool_id")), optionalLong(rs, "event_id"),
                        instant(rs, "event_at"), instant(rs, "recorded_at")))
                .list();
        List<LeaseHistoryEntry> ascending = new ArrayList<>(newestFirst);
        Collections.reverse(ascending);
        return ascending;
    }

    // -------------------------------------------------------------------------------------------------- event log

    /**
     * An event log row to write.
     *
     * @param receivedAt when it was received
     * @param occurredAt when the server reported it, or {@code null}
     * @param source the source
     * @param sourceEventId the source's id, or {@code null}
     * @param type the event type, or {@code null}
     * @param ip the address, or {@code null}
     * @param mac the MAC, or {@code null}
     * @param option82 the Option 82 in hex, or {@code null}
     * @param outcome the outcome label
     * @param reason the reason, or {@code null}
     * @param subscriberId the subscriber, or {@code null}
     * @param deviceId the device, or {@code null}
     * @param raw the raw input, or {@code null}
     */
    public record EventRow(Instant receivedAt, Instant occurredAt, EventSource source, String sourceEventId,
            DhcpEventType type, Ipv4Address ip, MacAddress mac, String option82, String outcome, String reason,
            String subscriberId, String deviceId, String raw) {
    }

    /**
     * Appends an event log row.
     *
     * @param h the handle
     * @param e the row
     * @return its id
     */
    public static long recordEvent(Handle h, EventRow e) {
        return h.createUpdate("INSERT INTO dhcp_event (received_at, occurred_at, source, source_event_id, event_type, "
                        + "ip, mac, option82, outcome, reason, subscriber_id, device_id, raw) VALUES (:received, "
                        + ":occurred, :source, :sourceId, :type, :ip, :mac, :o82, :outcome, :reason, :subscriber, "
                        + ":device, :raw)")
                .bind("received", ts(e.receivedAt()))
                .bind("occurred", e.occurredAt() == null ? null : ts(e.occurredAt()))
                .bind("source", e.source().label())
                .bind("sourceId", e.sourceEventId())
                .bind("type", e.type() == null ? null : e.type().name().toLowerCase(Locale.ROOT))
                .bind("ip", e.ip() == null ? null : e.ip().toUnsigned())
                .bind("mac", e.mac() == null ? null : e.mac().value())
                .bind("o82", e.option82())
                .bind("outcome", e.outcome())
                .bind("reason", clip(e.reason(), 2000))
                .bind("subscriber", e.subscriberId())
                .bind("device", e.deviceId())
                .bind("raw", clip(e.raw(), 8000))
                .executeAndReturnGeneratedKeys("id")
                .mapTo(Long.class)
                .one();
    }

    /**
     * Event log rows, newest first.
     *
     * @param h the handle
     * @param ip only events for this address, or {@code null}
     * @param limit the most rows
     * @return the rows
     */
    public static List<RecordedEvent> events(Handle h, Ipv4Address ip, int limit) {
        return h.createQuery("SELECT * FROM dhcp_event " + (ip != null ? "WHERE ip = :ip " : "")
                        + "ORDER BY id DESC FETCH FIRST :limit ROWS ONLY")
                .bind("ip", ip == null ? null : ip.toUnsigned())
                .bind("limit", limit)
                .map((rs, ctx) -> new RecordedEvent(rs.getLong("id"), instant(rs, "received_at"),
                        Optional.ofNullable(rs.getObject("occurred_at", OffsetDateTime.class))
                                .map(OffsetDateTime::toInstant),
                        EventSource.ofLabel(rs.getString("source")),
                        Optional.ofNullable(rs.getString("source_event_id")),
                        Optional.ofNullable(rs.getString("event_type"))
                                .map(t -> DhcpEventType.valueOf(t.toUpperCase(Locale.ROOT))),
                        optionalLong(rs, "ip").isPresent()
                                ? Optional.of(Ipv4Address.ofUnsigned(rs.getLong("ip"))) : Optional.empty(),
                        mac(rs, "mac"), Optional.ofNullable(rs.getString("option82")), rs.getString("outcome"),
                        Optional.ofNullable(rs.getString("reason")), Optional.ofNullable(rs.getString("subscriber_id")),
                        Optional.ofNullable(rs.getString("device_id")), Optional.ofNullable(rs.getString("raw"))))
                .list();
    }

    // --------------------------------------------------------------------------------------------------- NAS sync

    /**
     * Queues a NAS sync for a subscriber, due now.
     *
     * @param h the handle, in the transaction that made the change
     * @param subscriberId the subscriber
     * @param ip the address that changed
     * @param change {@code assigned} or {@code freed}
     * @param now the current time
     */
    public static void queueNasSync(Handle h, String subscriberId, Ipv4Address ip, String change, Instant now) {
        h.createUpdate("INSERT INTO nas_sync (subscriber_id, ip, change_kind, created_at, due_at, attempts, status) "
                        + "VALUES (:s, :ip, :change, :now, :now, 0, 'pending')")
                .bind("s", subscriberId)
                .bind("ip", ip.toUnsigned())
                .bind("change", change)
                .bind("now", ts(now))
                .execute();
    }

    // ------------------------------------------------------------------------------------------------------- pools

    /**
     * Every pool, by first address.
     *
     * @param h the handle
     * @return the pools
     */
    public static List<IpPool> pools(Handle h) {
        return h.createQuery("SELECT * FROM ip_pool ORDER BY first_ip").map((rs, ctx) -> {
            IpPool.Builder b = IpPool.builder(rs.getString("id"),
                            new Ipv4Network(Ipv4Address.ofUnsigned(rs.getLong("network")), rs.getInt("prefix_length")),
                            rs.getString("kind"))
                    .range(Ipv4Address.ofUnsigned(rs.getLong("first_ip")), Ipv4Address.ofUnsigned(rs.getLong("last_ip")))
                    .description(rs.getString("description"));
            optionalLong(rs, "gateway").ifPresent(g -> b.gateway(Ipv4Address.ofUnsigned(g)));
            optionalInt(rs, "vlan").ifPresent(b::vlan);
            return b.build();
        }).list();
    }

    /**
     * Inserts a pool.
     *
     * @param h the handle
     * @param p the pool
     * @param now the current time
     */
    public static void insertPool(Handle h, IpPool p, Instant now) {
        h.createUpdate("INSERT INTO ip_pool (id, network, prefix_length, first_ip, last_ip, gateway, kind, vlan, "
                        + "description, created_at) VALUES (:id, :network, :prefix, :first, :last, :gateway, :kind, "
                        + ":vlan, :description, :now)")
                .bind("id", p.id())
                .bind("network", p.network().address().toUnsigned())
                .bind("prefix", p.network().prefixLength())
                .bind("first", p.first().toUnsigned())
                .bind("last", p.last().toUnsigned())
                .bind("gateway", p.gateway().map(Ipv4Address::toUnsigned).orElse(null))
                .bind("kind", p.kind())
                .bind("vlan", p.vlan().isPresent() ? p.vlan().getAsInt() : null)
                .bind("description", p.description())
                .bind("now", ts(now))
                .execute();
    }

    // ----------------------------------------------------------------------------------------------------- helpers

    /**
     * An instant as a UTC timestamp for binding.
     *
     * @param instant the instant
     * @return the timestamp
     */
    public static OffsetDateTime ts(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /**
     * A timestamp column as an instant.
     *
     * @param rs the row
     * @param column the column
     * @return the instant
     * @throws SQLException if the column cannot be read
     */
    public static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    private static Optional<MacAddress> mac(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(MacAddress.of(value));
    }

    private static OptionalInt optionalInt(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? OptionalInt.empty() : OptionalInt.of(value);
    }

    private static OptionalLong optionalLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(value);
    }

    private static String clip(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
