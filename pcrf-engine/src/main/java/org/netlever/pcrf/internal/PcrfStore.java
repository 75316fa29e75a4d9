package org.netlever.pcrf.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.netlever.aaa.store.Database;
import org.netlever.pcrf.PcrfException;
import org.netlever.pcrf.PcrfFencedException;
import org.netlever.pcrf.StoreFence;

/**
 * The SQL of the PCRF tables, on the transaction's JDBC connection with statement batches (a mass reset writes a
 * million rows). Thread-safe: no state besides the database.
 */
public final class PcrfStore {

    /**
     * A subscriber's rows: {@code insert} for its first write, {@code planChanged} when its domain, zone, tariff or
     * scenario must be written again; otherwise only the state row is updated.
     */
    record SubscriberRow(long rowId, String id, String domain, String zoneId, String tariffCode, String scenario,
            int step, String quotas, String sessions, boolean reauthPending, boolean insert, boolean planChanged) {
    }

    /** A transition row. */
    record TransitionRow(long rowId, String subscriberId, Instant at, int fromStep, int toStep, String reason) {
    }

    private final Database db;
    private final StoreFence fence;

    /**
     * Migrates the PCRF tables.
     *
     * @param db the database
     */
    public PcrfStore(Database db) {
        this(db, StoreFence.NONE);
    }

    /**
     * The store on a database, its schema migrated, writing only while the fence allows.
     *
     * @param db the database
     * @param fence asked inside every write transaction
     */
    public PcrfStore(Database db, StoreFence fence) {
        this.db = db;
        this.fence = fence;
        migrate(db);
    }

    /**
     * Brings the PCRF tables (state, transitions, owner epoch) to the newest version; applied scripts are skipped.
     *
     * @param db the database
     */
    public static void migrate(Database db) {
        db.migrate("pcrf", PcrfStore.class.getClassLoader(), "org/netlever/pcrf/migrations/");
    }

    Database database() {
        return db;
    }

    private static OffsetDateTime ts(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    /**
     * The flusher's own connection, kept open between groups: a group is one transaction on it. Not thread-safe: one
     * flusher uses it.
     */
    final class Writer {
        private org.jdbi.v3.core.Handle handle;

        /** Writes a group of changes in one transaction; on failure rolls back and throws. */
        void write(List<SubscriberRow> subscribers, List<TransitionRow> transitions, Instant now) {
            if (handle == null) {
                handle = db.jdbi().open();
            }
            Connection c = handle.getConnection();
            try {
                c.setAutoCommit(false);
                if (!fence.owns(c)) {
                    c.rollback();
                    throw new PcrfFencedException("another engine owns the PCRF state now; " + subscribers.size()
                            + " subscriber changes and " + transitions.size() + " transitions not stored");
                }
                writeGroup(c, subscribers, transitions, now);
                c.commit();
            } catch (PcrfFencedException e) {
                throw e;
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException ignored) {
                    // the connection is broken; reset() discards it
                }
                throw new PcrfException("cannot store PCRF state: " + e.getMessage(), e);
            }
        }

        /**
         * Returns once every group written so far is durable (H2 file: written to disk; PostgreSQL: already is).
         *
         * @throws org.netlever.aaa.store.StoreException if the database cannot be written
         */
        void sync() {
            db.awaitDurable();
        }

        /** Discards the connection, so the next write opens a fresh one. */
        void reset() {
            if (handle != null) {
                try {
                    handle.close();
                } catch (RuntimeException e) {
                    // already broken
                }
                handle = null;
            }
        }
    }

    Writer writer() {
        return new Writer();
    }

    /** Writes a group of changes: new subscribers inserted, plan changes and state updated. */
    private static void writeGroup(Connection c, List<SubscriberRow> subscribers, List<TransitionRow> transitions,
            Instant now) throws SQLException {
        List<SubscriberRow> inserts = new ArrayList<>();
        List<SubscriberRow> plans = new ArrayList<>();
        List<SubscriberRow> states = new ArrayList<>();
        for (SubscriberRow r : subscribers) {
            if (r.insert()) {
                inserts.add(r);
            } else {
                states.add(r);
                if (r.planChanged()) {
                    plans.add(r);
                }
            }
        }
        if (!inserts.isEmpty()) {
            try (PreparedStatement who = c.prepareStatement("INSERT INTO pcrf_subscriber (domain, zone_id, tariff_code, "
                    + "scenario, subscriber_id, row_id) VALUES (?, ?, ?, ?, ?, ?)");
                    PreparedStatement state = c.prepareStatement("INSERT INTO pcrf_state (step, quotas, sessions, "
                            + "reauth_pending, row_id) VALUES (?, ?, ?, ?, ?)")) {
                bindPlans(who, inserts, true);
                bindStates(state, inserts);
            }
        }
        if (!plans.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE pcrf_subscriber SET domain = ?, zone_id = ?, "
                    + "tariff_code = ?, scenario = ? WHERE row_id = ?")) {
                bindPlans(ps, plans, false);
            }
        }
        if (!states.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE pcrf_state SET step = ?, quotas = ?, sessions = ?, "
                    + "reauth_pending = ? WHERE row_id = ?")) {
                bindStates(ps, states);
            }
        }
        if (!transitions.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO pcrf_transition (row_id, at, "
                    + "from_step, to_step, reason) VALUES (?, ?, ?, ?, ?)")) {
                for (TransitionRow r : transitions) {
                    ps.setLong(1, r.rowId());
                    ps.setObject(2, ts(r.at()));
                    ps.setInt(3, r.fromStep());
                    ps.setInt(4, r.toStep());
                    ps.setString(5, r.reason());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
    }

    private static void bindPlans(PreparedStatement ps, List<SubscriberRow> rows, boolean insert) throws SQLException {
        for (SubscriberRow r : rows) {
            ps.setString(1, r.domain());
            ps.setString(2, r.zoneId());
            ps.setString(3, r.tariffCode());
            ps.setString(4, r.scenario());
            if (insert) {
                ps.setString(5, r.id());
                ps.setLong(6, r.rowId());
            } else {
                ps.setLong(5, r.rowId());
            }
            ps.addBatch();
        }
        ps.executeBatch();
    }

    private static void bindStates(PreparedStatement ps, List<SubscriberRow> rows) throws SQLException {
        for (SubscriberRow r : rows) {
            ps.setInt(1, r.step());
            ps.setString(2, r.quotas());
            ps.setString(3, r.sessions());
            ps.setBoolean(4, r.reauthPending());
            ps.setLong(5, r.rowId());
            ps.addBatch();
        }
        ps.executeBatch();
    }

    /** Reads every subscriber row, in no particular order. */
    void eachSubscriber(Consumer<SubscriberRow> consumer) {
        db.withHandle(h -> {
            try (PreparedStatement ps = h.getConnection().prepareStatement("SELECT s.row_id, s.subscriber_id, s.domain, "
                    + "s.zone_id, s.tariff_code, s.scenario, t.step, t.quotas, t.sessions, t.reauth_pending "
                    + "FROM pcrf_subscriber s JOIN pcrf_state t ON t.row_id = s.row_id")) {
                ps.setFetchSize(10_000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        consumer.accept(new SubscriberRow(rs.getLong(1), rs.getString(2), rs.getString(3),
                                rs.getString(4), rs.getString(5), rs.getString(6), rs.getInt(7), rs.getString(8),
                                rs.getString(9), rs.getBoolean(10), false, false));
                    }
                }
            } catch (SQLException e) {
                throw new PcrfException("cannot read PCRF subscribers: " + e.getMessage(), e);
            }
            return null;
        });
    }

    /** The tariff plan code a subscriber is stored with, if it has a row. */
    java.util.Optional<String> storedPlan(String subscriberId) {
        return db.withHandle(h -> h.createQuery("SELECT tariff_code FROM pcrf_subscriber WHERE subscriber_id = :id")
                .bind("id", subscriberId).mapTo(String.class).findFirst());
    }

    /** The transitions of a subscriber, oldest first. */
    List<TransitionRow> transitions(String subscriberId, int limit) {
        return db.withHandle(h -> h.createQuery("SELECT t.row_id, s.subscriber_id, t.at, t.from_step, t.to_step, "
                + "t.reason FROM pcrf_transition t JOIN pcrf_subscriber s ON s.row_id = t.row_id "
                + "WHERE s.subscriber_id = :id ORDER BY t.row_id, t.id LIMIT :limit")
                .bind("id", subscriberId).bind("limit", limit)
                .map((rs, ctx) -> new TransitionRow(rs.getLong(1), rs.getString(2), rs.getObject(3,
                        OffsetDateTime.class).toInstant(), rs.getInt(4), rs.getInt(5), rs.getString(6)))
                .list());
    }
}
