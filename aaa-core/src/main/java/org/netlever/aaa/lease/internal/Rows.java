package org.netlever.aaa.lease.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
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
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
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
import org.netlever.aaa.store.StoreException;
import org.netlever.option82.MacAddress;

/**
 * The SQL of the lease tables, shared by the lease service, the pools and the NAS-sync worker. Not API.
 *
 * <p>The statements every DHCP event runs — lock, write, history, event log, NAS-sync queue — use the transaction's
 * JDBC connection directly: jdbi's per-statement binding costs several times what H2 itself needs for them. Their
 * failures are raised as jdbi exceptions, so the transaction retry treats them alike. Reads use jdbi.
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
        try (PreparedStatement ps = h.getConnection().prepareStatement(
                "SELECT " + LEASE_COLUMNS + " FROM lease WHERE ip = ? FOR UPDATE")) {
            ps.setLong(1, ip.toUnsigned());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(leaseByIndex(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw sql("locking the lease on " + ip, e);
        }
    }

    /** A lease row selected with {@link #LEASE_COLUMNS}, read by column position. */
    private static Lease leaseByIndex(ResultSet rs) throws SQLException {
        long mac = rs.getLong(3);
        Optional<MacAddress> macValue = rs.wasNull() ? Optional.empty() : Optional.of(MacAddress.of(mac));
        int port = rs.getInt(7);
        OptionalInt portValue = rs.wasNull() ? OptionalInt.empty() : OptionalInt.of(port);
        OffsetDateTime expires = rs.getObject(10, OffsetDateTime.class);
        return new Lease(Ipv4Address.ofUnsigned(rs.getLong(1)), rs.getString(2), macValue,
                "allocated".equals(rs.getString(4)) ? LeaseOrigin.ALLOCATED : LeaseOrigin.DHCP, rs.getString(5),
                Optional.ofNullable(rs.getString(6)), portValue, rs.getObject(8, OffsetDateTime.class).toInstant(),
                rs.getObject(9, OffsetDateTime.class).toInstant(),
                expires == null ? Optional.empty() : Optional.of(expires.toInstant()),
                rs.getObject(11, OffsetDateTime.class).toInstant());
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
        execute(h, "INSERT INTO lease (subscriber_id, mac, origin, pool_id, device_id, device_port, created_at, "
                + "renewed_at, expires_at, event_at, ip) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", l);
    }

    /**
     * Overwrites the lease on its address.
     *
     * @param h the handle
     * @param l the lease
     */
    public static void updateLease(Handle h, Lease l) {
        execute(h, "UPDATE lease SET subscriber_id = ?, mac = ?, origin = ?, pool_id = ?, device_id = ?, "
                + "device_port = ?, created_at = ?, renewed_at = ?, expires_at = ?, event_at = ? WHERE ip = ?", l);
    }

    private static void execute(Handle h, String sql, Lease l) {
        try (PreparedStatement ps = h.getConnection().prepareStatement(sql)) {
            ps.setString(1, l.subscriberId());
            setLong(ps, 2, l.mac().map(MacAddress::value).orElse(null));
            ps.setString(3, l.origin().name().toLowerCase(Locale.ROOT));
            ps.setString(4, l.poolId());
            ps.setString(5, l.deviceId().orElse(null));
            setInt(ps, 6, l.devicePort());
            ps.setObject(7, ts(l.createdAt()));
            ps.setObject(8, ts(l.renewedAt()));
            setTimestamp(ps, 9, l.expiresAt().orElse(null));
            ps.setObject(10, ts(l.eventAt()));
            ps.setLong(11, l.ip().toUnsigned());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw sql("writing the lease on " + l.ip(), e);
        }
    }

    /**
     * Deletes the lease on an address.
     *
     * @param h the handle
     * @param ip the address
     */
    public static void deleteLease(Handle h, Ipv4Address ip) {
        try (PreparedStatement ps = h.getConnection().prepareStatement("DELETE FROM lease WHERE ip = ?")) {
            ps.setLong(1, ip.toUnsigned());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw sql("deleting the lease on " + ip, e);
        }
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
        try (PreparedStatement ps = h.getConnection().prepareStatement("INSERT INTO lease_history (ip, lease_action, "
                + "subscriber_id, mac, previous_subscriber_id, previous_mac, pool_id, device_id, device_port, "
                + "event_id, event_at, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, lease.ip().toUnsigned());
            ps.setString(2, action.name().toLowerCase(Locale.ROOT));
            ps.setString(3, lease.subscriberId());
            setLong(ps, 4, lease.mac().map(MacAddress::value).orElse(null));
            ps.setString(5, previousSubscriber);
            setLong(ps, 6, previousMac == null ? null : previousMac.value());
            ps.setString(7, lease.poolId());
            ps.setString(8, lease.deviceId().orElse(null));
            setInt(ps, 9, lease.devicePort());
            setLong(ps, 10, eventId);
            ps.setObject(11, ts(lease.eventAt()));
            ps.setObject(12, ts(recordedAt));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw sql("appending to the history of " + lease.ip(), e);
        }
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
     * An event log row to write. Immutable and thread-safe.
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
        try (PreparedStatement ps = h.getConnection().prepareStatement("INSERT INTO dhcp_event (received_at, "
                + "occurred_at, source, source_event_id, event_type, ip, mac, option82, outcome, reason, subscriber_id, "
                + "device_id, raw) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", new String[] {"id"})) {
            ps.setObject(1, ts(e.receivedAt()));
            setTimestamp(ps, 2, e.occurredAt());
            ps.setString(3, e.source().label());
            ps.setString(4, e.sourceEventId());
            ps.setString(5, e.type() == null ? null : e.type().name().toLowerCase(Locale.ROOT));
            setLong(ps, 6, e.ip() == null ? null : e.ip().toUnsigned());
            setLong(ps, 7, e.mac() == null ? null : e.mac().value());
            ps.setString(8, e.option82());
            ps.setString(9, e.outcome());
            ps.setString(10, clip(e.reason(), 2000));
            ps.setString(11, e.subscriberId());
            ps.setString(12, e.deviceId());
            ps.setString(13, clip(e.raw(), 8000));
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                if (!keys.next()) {
                    throw new StoreException("the database returned no id for the event log row");
                }
                return keys.getLong(1);
            }
        } catch (SQLException ex) {
            throw sql("recording the event", ex);
        }
    }

    /**
     * The event log row of an event by its source's id for it.
     *
     * @param h the handle
     * @param source the source
     * @param sourceEventId the source's id
     * @return the row, if that event was recorded
     */
    public static Optional<RecordedEvent> eventBySourceId(Handle h, EventSource source, String sourceEventId) {
        return h.createQuery("SELECT id FROM dhcp_event WHERE source = :source AND source_event_id = :id")
                .bind("source", source.label()).bind("id", sourceEventId).mapTo(Long.class).findOne()
                .flatMap(id -> h.createQuery("SELECT * FROM dhcp_event WHERE id = :id").bind("id", id)
                        .map((rs, ctx) -> event(rs)).findOne());
    }

    /**
     * Whether a failure was a unique-key violation (SQL state 23505 on H2 and PostgreSQL).
     *
     * @param e the failure
     * @return whether a unique key refused the write
     */
    public static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
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
                .map((rs, ctx) -> event(rs))
                .list();
    }

    private static RecordedEvent event(ResultSet rs) throws SQLException {
        return new RecordedEvent(rs.getLong("id"), instant(rs, "received_at"),
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
                        Optional.ofNullable(rs.getString("device_id")), Optional.ofNullable(rs.getString("raw")));
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
        try (PreparedStatement ps = h.getConnection().prepareStatement("INSERT INTO nas_sync (subscriber_id, ip, "
                + "change_kind, created_at, due_at, attempts, status) VALUES (?, ?, ?, ?, ?, 0, 'pending')")) {
            ps.setString(1, subscriberId);
            ps.setLong(2, ip.toUnsigned());
            ps.setString(3, change);
            ps.setObject(4, ts(now));
            ps.setObject(5, ts(now));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw sql("queueing the NAS sync of " + subscriberId, e);
        }
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
        // OffsetDateTime.ofInstant asks the offset for its ZoneRules, which builds a new ZoneRules every time.
        return LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), ZoneOffset.UTC)
                .atOffset(ZoneOffset.UTC);
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

    private static void setLong(PreparedStatement ps, int index, Long value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, value);
        }
    }

    private static void setInt(PreparedStatement ps, int index, OptionalInt value) throws SQLException {
        if (value.isPresent()) {
            ps.setInt(index, value.getAsInt());
        } else {
            ps.setNull(index, Types.INTEGER);
        }
    }

    private static void setTimestamp(PreparedStatement ps, int index, Instant value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setObject(index, ts(value));
        }
    }

    /**
     * A JDBC failure in the hot path, as jdbi would report it, so that the transaction retry sees its SQL state.
     *
     * @param what the operation
     * @param e the failure
     * @return the exception to throw
     */
    private static RuntimeException sql(String what, SQLException e) {
        return new UnableToExecuteStatementException(what + ": " + e.getMessage(), e, null);
    }

    private static String clip(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
