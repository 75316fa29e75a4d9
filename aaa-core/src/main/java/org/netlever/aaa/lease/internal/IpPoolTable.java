package org.netlever.aaa.lease.internal;

import static org.netlever.aaa.lease.internal.Jdbc.optionalInt;
import static org.netlever.aaa.lease.internal.Jdbc.optionalLong;
import static org.netlever.aaa.lease.internal.Jdbc.ts;

import java.time.Instant;
import java.util.List;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Update;
import org.netlever.aaa.ip.IpPool;
import org.netlever.aaa.ip.Ipv4Address;
import org.netlever.aaa.ip.Ipv4Network;

/**
 * The SQL of the {@code ip_pool} table. Not API.
 *
 * <p>The lease tables' SQL is one class per table, in one style: the statements every DHCP event runs use the
 * transaction's JDBC connection directly (jdbi's per-statement binding costs several times what H2 itself needs for
 * them) and raise their failures as jdbi exceptions ({@code Jdbc.sql}), so the transaction retry treats them
 * alike; the rest use jdbi. Every method takes the caller's handle and runs in its transaction.
 *
 * <p>Thread-safe (no state).
 */
public final class IpPoolTable {

    private IpPoolTable() {
    }

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
        bound(h.createUpdate("INSERT INTO ip_pool (id, network, prefix_length, first_ip, last_ip, gateway, kind, vlan, "
                        + "description, created_at) VALUES (:id, :network, :prefix, :first, :last, :gateway, :kind, "
                        + ":vlan, :description, :now)"), p)
                .bind("now", ts(now))
                .execute();
    }

    /**
     * Updates a pool in place, by its id (leases refer to it, so it is not deleted and inserted again).
     *
     * @param h the handle
     * @param p the pool as it is to be
     */
    public static void updatePool(Handle h, IpPool p) {
        bound(h.createUpdate("UPDATE ip_pool SET network = :network, prefix_length = :prefix, first_ip = :first,"
                        + " last_ip = :last, gateway = :gateway, kind = :kind, vlan = :vlan, description = :description"
                        + " WHERE id = :id"), p).execute();
    }

    /** Binds a pool's columns, by the names both statements use. */
    private static Update bound(Update update, IpPool p) {
        return update
                .bind("id", p.id())
                .bind("network", p.network().address().toUnsigned())
                .bind("prefix", p.network().prefixLength())
                .bind("first", p.first().toUnsigned())
                .bind("last", p.last().toUnsigned())
                .bind("gateway", p.gateway().map(Ipv4Address::toUnsigned).orElse(null))
                .bind("kind", p.kind())
                .bind("vlan", p.vlan().isPresent() ? p.vlan().getAsInt() : null)
                .bind("description", p.description());
    }

    /**
     * Locks the pools against each other's changes until the transaction ends (a row of {@code netlever_lock}).
     *
     * @param h the handle, in a transaction
     */
    public static void lockAll(Handle h) {
        h.execute("SELECT name FROM netlever_lock WHERE name = 'ip_pool' FOR UPDATE");
    }

    /**
     * Locks one pool's row until the transaction ends: allocations from one pool take turns.
     *
     * @param h the handle, in a transaction
     * @param id the pool id
     */
    public static void lockPool(Handle h, String id) {
        h.createQuery("SELECT id FROM ip_pool WHERE id = :id FOR UPDATE").bind("id", id).mapTo(String.class)
                .findOne();
    }

    /**
     * Deletes a pool.
     *
     * @param h the handle
     * @param id the pool id
     * @return whether there was one
     */
    public static boolean deletePool(Handle h, String id) {
        return h.createUpdate("DELETE FROM ip_pool WHERE id = :id").bind("id", id).execute() > 0;
    }
}
