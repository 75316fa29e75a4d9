package org.netlever.aaa.lease.internal;

import static org.netlever.aaa.lease.internal.Jdbc.instant;
import static org.netlever.aaa.lease.internal.Jdbc.mac;
import static org.netlever.aaa.lease.internal.Jdbc.optionalInt;
import static org.netlever.aaa.lease.internal.Jdbc.setInt;
import static org.netlever.aaa.lease.internal.Jdbc.setLong;
import static org.netlever.aaa.lease.internal.Jdbc.setTimestamp;
import static org.netlever.aaa.lease.internal.Jdbc.sql;
import static org.netlever.aaa.lease.internal.Jdbc.ts;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

import org.jdbi.v3.core.Handle;
import org.netlever.aaa.ip.Ipv4Address;
import org.netlever.aaa.lease.Lease;
import org.netlever.aaa.lease.LeaseOrigin;
import org.netlever.option82.MacAddress;

/**
 * The SQL of the {@code lease} table: who holds each address. Not API.
 *
 * <p>The lease tables' SQL is one class per table, in one style: the statements every DHCP event runs use the
 * transaction's JDBC connection directly (jdbi's per-statement binding costs several times what H2 itself needs for
 * them) and raise their failures as jdbi exceptions ({@code Jdbc.sql}), so the transaction retry treats them
 * alike; the rest use jdbi. Every method takes the caller's handle and runs in its transaction.
 *
 * <p>Thread-safe (no state).
 */
public final class LeaseTable {
    static final String LEASE_COLUMNS = "ip, subscriber_id, mac, origin, pool_id, device_id, device_port, "
            + "created_at, renewed_at, expires_at, event_at";

    private LeaseTable() {
    }

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

    static Lease lease(ResultSet rs) throws SQLException {
        return new Lease(Ipv4Address.ofUnsigned(rs.getLong("ip")), rs.getString("subscriber_id"), mac(rs, "mac"),
                LeaseOrigin.valueOf(rs.getString("origin").toUpperCase(Locale.ROOT)), rs.getString("pool_id"),
                Optional.ofNullable(rs.getString("device_id")), optionalInt(rs, "device_port"),
                instant(rs, "created_at"), instant(rs, "renewed_at"),
                Optional.ofNullable(rs.getObject("expires_at", OffsetDateTime.class)).map(OffsetDateTime::toInstant),
                instant(rs, "event_at"));
    }

    /**
     * How many leases a pool has.
     *
     * @param h the handle
     * @param poolId the pool id
     * @return the count
     */
    public static long countInPool(Handle h, String poolId) {
        return h.createQuery("SELECT COUNT(*) FROM lease WHERE pool_id = :id").bind("id", poolId).mapTo(Long.class)
                .one();
    }

    /**
     * Whether an address is held.
     *
     * @param h the handle
     * @param ip the address
     * @return whether a lease holds it
     */
    public static boolean isHeld(Handle h, Ipv4Address ip) {
        return h.createQuery("SELECT COUNT(*) FROM lease WHERE ip = :ip").bind("ip", ip.toUnsigned())
                .mapTo(Long.class).one() > 0;
    }

    /**
     * The lowest address after a held one, from {@code first} on, that is not held: the first gap in a range whose
     * first address is held.
     *
     * @param h the handle
     * @param first the range's first address
     * @param last the range's last address
     * @return the address as an unsigned number (it may be past {@code last}), or empty if none below last is held
     */
    public static Optional<Long> firstFreeAfterHeld(Handle h, Ipv4Address first, Ipv4Address last) {
        return h.createQuery("SELECT MIN(l.ip) + 1 FROM lease l WHERE l.ip >= :first AND l.ip < :last "
                        + "AND NOT EXISTS (SELECT 1 FROM lease m WHERE m.ip = l.ip + 1)")
                .bind("first", first.toUnsigned())
                .bind("last", last.toUnsigned())
                .mapTo(Long.class).findOne();
    }
}
