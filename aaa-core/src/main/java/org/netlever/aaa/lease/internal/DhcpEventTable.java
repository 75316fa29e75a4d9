package org.netlever.aaa.lease.internal;

import static org.netlever.aaa.lease.internal.Jdbc.clip;
import static org.netlever.aaa.lease.internal.Jdbc.instant;
import static org.netlever.aaa.lease.internal.Jdbc.mac;
import static org.netlever.aaa.lease.internal.Jdbc.optionalLong;
import static org.netlever.aaa.lease.internal.Jdbc.setLong;
import static org.netlever.aaa.lease.internal.Jdbc.setTimestamp;
import static org.netlever.aaa.lease.internal.Jdbc.sql;
import static org.netlever.aaa.lease.internal.Jdbc.ts;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.jdbi.v3.core.Handle;
import org.netlever.aaa.dhcp.DhcpEventType;
import org.netlever.aaa.dhcp.EventSource;
import org.netlever.aaa.ip.Ipv4Address;
import org.netlever.aaa.lease.RecordedEvent;
import org.netlever.aaa.store.StoreException;
import org.netlever.option82.MacAddress;

/**
 * The SQL of the {@code dhcp_event} table: the event log, every event accepted or not. Not API.
 *
 * <p>The lease tables' SQL is one class per table, in one style: the statements every DHCP event runs use the
 * transaction's JDBC connection directly (jdbi's per-statement binding costs several times what H2 itself needs for
 * them) and raise their failures as jdbi exceptions ({@code Jdbc.sql}), so the transaction retry treats them
 * alike; the rest use jdbi. Every method takes the caller's handle and runs in its transaction.
 *
 * <p>Thread-safe (no state).
 */
public final class DhcpEventTable {

    private DhcpEventTable() {
    }

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

    static RecordedEvent event(ResultSet rs) throws SQLException {
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
}
