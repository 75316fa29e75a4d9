package org.netlever.aaa.lease.internal;

import static org.netlever.aaa.lease.internal.Jdbc.clip;
import static org.netlever.aaa.lease.internal.Jdbc.instant;
import static org.netlever.aaa.lease.internal.Jdbc.sql;
import static org.netlever.aaa.lease.internal.Jdbc.ts;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jdbi.v3.core.Handle;
import org.netlever.aaa.ip.Ipv4Address;
import org.netlever.aaa.lease.NasChange;

/**
 * The SQL of the {@code nas_sync} table: the queue of NAS syncs, written with the change. Not API.
 *
 * <p>The lease tables' SQL is one class per table, in one style: the statements every DHCP event runs use the
 * transaction's JDBC connection directly (jdbi's per-statement binding costs several times what H2 itself needs for
 * them) and raise their failures as jdbi exceptions ({@code Jdbc.sql}), so the transaction retry treats them
 * alike; the rest use jdbi. Every method takes the caller's handle and runs in its transaction.
 *
 * <p>Thread-safe (no state).
 */
public final class NasSyncTable {

    private NasSyncTable() {
    }

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

    /**
     * A queued NAS sync. Immutable and thread-safe.
     *
     * @param id its row
     * @param subscriberId the subscriber
     * @param ip the address that changed
     * @param kind assigned or freed
     * @param createdAt when the change was made
     * @param attempts how many deliveries failed so far
     */
    public record Queued(long id, String subscriberId, Ipv4Address ip, NasChange kind, Instant createdAt,
            int attempts) {
    }

    /**
     * Takes the oldest due rows for delivery, marking them {@code in_progress}: they are not due again until
     * {@code until}, so another worker passes them by unless this one dies (then a later round takes them again).
     *
     * @param h the handle, in a transaction
     * @param now the current time
     * @param until when they are due again if not delivered
     * @param limit the most rows
     * @param skipLocked the dialect's {@code FOR UPDATE SKIP LOCKED} clause
     * @return the rows, oldest first
     */
    public static List<Queued> claim(Handle h, Instant now, Instant until, int limit, String skipLocked) {
        List<Queued> rows = h.createQuery("SELECT id, subscriber_id, ip, change_kind, created_at, attempts "
                        + "FROM nas_sync WHERE status IN ('pending', 'in_progress') AND due_at <= :now ORDER BY due_at, id "
                        + "FETCH FIRST :n ROWS ONLY" + skipLocked)
                .bind("now", ts(now))
                .bind("n", limit)
                .map((rs, ctx) -> new Queued(rs.getLong("id"), rs.getString("subscriber_id"),
                        Ipv4Address.ofUnsigned(rs.getLong("ip")),
                        NasChange.valueOf(rs.getString("change_kind").toUpperCase(Locale.ROOT)),
                        instant(rs, "created_at"), rs.getInt("attempts")))
                .list();
        if (!rows.isEmpty()) {
            h.createUpdate("UPDATE nas_sync SET due_at = :until, status = 'in_progress' WHERE id IN (<ids>)")
                    .bind("until", ts(until))
                    .bindList("ids", rows.stream().map(Queued::id).toList())
                    .execute();
        }
        return rows;
    }

    /**
     * Records a failed delivery: due again at {@code due}, or abandoned when {@code abandonedAt} is given.
     *
     * @param h the handle
     * @param ids the rows
     * @param error what failed
     * @param due when to try again
     * @param abandonedAt when it was given up, or {@code null} to try again
     * @return how many rows changed
     */
    public static int failed(Handle h, List<Long> ids, String error, Instant due, Instant abandonedAt) {
        return h.createUpdate("UPDATE nas_sync SET attempts = attempts + 1, last_error = :error, "
                        + "due_at = :due, status = :status, finished_at = :finished WHERE id IN (<ids>)")
                .bind("error", clip(error, 2000))
                .bind("due", ts(due))
                .bind("status", abandonedAt != null ? "abandoned" : "pending")
                .bind("finished", abandonedAt != null ? ts(abandonedAt) : null)
                .bindList("ids", ids)
                .execute();
    }

    /**
     * Records a delivery.
     *
     * @param h the handle
     * @param ids the rows
     * @param now the current time
     * @return how many rows changed
     */
    public static int done(Handle h, List<Long> ids, Instant now) {
        return h.createUpdate("UPDATE nas_sync SET attempts = attempts + 1, status = 'done', "
                        + "last_error = NULL, finished_at = :now WHERE id IN (<ids>)")
                .bind("now", ts(now))
                .bindList("ids", ids)
                .execute();
    }

    /**
     * Rows by status ({@code pending}, {@code in_progress}, {@code done}, {@code abandoned}).
     *
     * @param h the handle
     * @return counts by status
     */
    public static Map<String, Long> counts(Handle h) {
        return h.createQuery("SELECT status, COUNT(*) AS n FROM nas_sync GROUP BY status")
                .reduceRows(new LinkedHashMap<String, Long>(), (map, row) -> {
                    map.put(row.getColumn("status", String.class), row.getColumn("n", Long.class));
                    return map;
                });
    }
}
