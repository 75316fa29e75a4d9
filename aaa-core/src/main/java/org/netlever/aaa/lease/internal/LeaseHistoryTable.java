package org.netlever.aaa.lease.internal;

import static org.netlever.aaa.lease.internal.Jdbc.instant;
import static org.netlever.aaa.lease.internal.Jdbc.mac;
import static org.netlever.aaa.lease.internal.Jdbc.optionalInt;
import static org.netlever.aaa.lease.internal.Jdbc.optionalLong;
import static org.netlever.aaa.lease.internal.Jdbc.setInt;
import static org.netlever.aaa.lease.internal.Jdbc.setLong;
import static org.netlever.aaa.lease.internal.Jdbc.sql;
import static org.netlever.aaa.lease.internal.Jdbc.ts;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.jdbi.v3.core.Handle;
import org.netlever.aaa.ip.Ipv4Address;
import org.netlever.aaa.lease.Lease;
import org.netlever.aaa.lease.LeaseAction;
import org.netlever.aaa.lease.LeaseHistoryEntry;
import org.netlever.option82.MacAddress;

/**
 * The SQL of the {@code lease_history} table: every change to who holds an address. Not API.
 *
 * <p>The lease tables' SQL is one class per table, in one style: the statements every DHCP event runs use the
 * transaction's JDBC connection directly (jdbi's per-statement binding costs several times what H2 itself needs for
 * them) and raise their failures as jdbi exceptions ({@code Jdbc.sql}), so the transaction retry treats them
 * alike; the rest use jdbi. Every method takes the caller's handle and runs in its transaction.
 *
 * <p>Thread-safe (no state).
 */
public final class LeaseHistoryTable {

    private LeaseHistoryTable() {
    }

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
                .map((rs, ctx) -> entry(rs))
                .list();
        List<LeaseHistoryEntry> ascending = new ArrayList<>(newestFirst);
        Collections.reverse(ascending);
        return ascending;
    }

    static LeaseHistoryEntry entry(ResultSet rs) throws SQLException {
        return new LeaseHistoryEntry(rs.getLong("id"), Ipv4Address.ofUnsigned(rs.getLong("ip")),
                LeaseAction.valueOf(rs.getString("lease_action").toUpperCase(Locale.ROOT)),
                rs.getString("subscriber_id"), mac(rs, "mac"),
                Optional.ofNullable(rs.getString("previous_subscriber_id")), mac(rs, "previous_mac"),
                Optional.ofNullable(rs.getString("pool_id")), Optional.ofNullable(rs.getString("device_id")),
                optionalInt(rs, "device_port"), optionalLong(rs, "event_id"), instant(rs, "event_at"),
                instant(rs, "recorded_at"));
    }
}
