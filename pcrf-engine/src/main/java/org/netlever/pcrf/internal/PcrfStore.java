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
import org.netlever.aaa.store.Dialect;
import org.netlever.pcrf.PcrfException;

/**
 * The SQL of the PCRF tables, on the transaction's JDBC connection with statement batches (a mass reset writes a
 * million rows). Thread-safe: no state besides the database.
 */
public final class PcrfStore {

    /** A subscriber row. */
    record SubscriberRow(String id, String domain, String zoneId, String tariffCode, String scenario, int step,
            String quotas, boolean reauthPending) {
    }

    /** A session row. */
    record SessionRow(String id, String subscriberId, String service, String nas, long seconds, long input,
            long output, boolean gigawords) {
    }

    /** A transition row. */
    record TransitionRow(String subscriberId, Instant at, int fromStep, int toStep, String reason) {
    }

    private final Database db;
    private final String upsertSubscriber;
    private final String upsertSession;

    /**
     * Migrates the PCRF tables.
     *
     * @param db the database
     */
    public PcrfStore(Database db) {
        this.db = db;
        db.migrate("pcrf", PcrfStore.class.getClassLoader(), "org/netlever/pcrf/migrations/");
        if (db.dialect() == Dialect.POSTGRESQL) {
            upsertSubscriber = "INSERT INTO pcrf_subscriber (subscriber_id, domain, zone_id, tariff_code, scenario, step, "
                    + "quotas, reauth_pending, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (subscriber_id) "
                    + "DO UPDATE SET domain = EXCLUDED.domain, zone_id = EXCLUDED.zone_id, tariff_code = "
                    + "EXCLUDED.tariff_code, scenario = EXCLUDED.scenario, step = EXCLUDED.step, quotas = "
                    + "EXCLUDED.quotas, reauth_pending = EXCLUDED.reauth_pending, updated_at = EXCLUDED.updated_at";
            upsertSession = "INSERT INTO pcrf_session (session_id, subscriber_id, service, nas, session_time, "
                    + "input_octets, output_octets, gigawords, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                    + "ON CONFLICT (session_id) DO UPDATE SET session_time = EXCLUDED.session_time, input_octets = "
                    + "EXCLUDED.input_octets, output_octets = EXCLUDED.output_octets, gigawords = EXCLUDED.gigawords, "
                    + "updated_at = EXCLUDED.updated_at";
        } else {
            upsertSubscriber = "MERGE INTO pcrf_subscriber (subscriber_id, domain, zone_id, tariff_code, scenario, step, "
                    + "quotas, reauth_pending, updated_at) KEY (subscriber_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
            upsertSession = "MERGE INTO pcrf_session (session_id, subscriber_id, service, nas, session_time, "
                    + "input_octets, output_octets, gigawords, updated_at) KEY (session_id) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
        }
    }

    Database database() {
        return db;
    }

    private static OffsetDateTime ts(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    /** Writes a group of changes in one transaction. */
    void write(List<SubscriberRow> subscribers, List<SessionRow> sessions, List<String> closedSessions,
            List<TransitionRow> transitions, Instant now) {
        db.inTransaction(h -> {
            Connection c = h.getConnection();
            try {
                if (!subscribers.isEmpty()) {
                    try (PreparedStatement ps = c.prepareStatement(upsertSubscriber)) {
                        for (SubscriberRow r : subscribers) {
                            ps.setString(1, r.id());
                            ps.setString(2, r.domain());
                            ps.setString(3, r.zoneId());
                            ps.setString(4, r.tariffCode());
                            ps.setString(5, r.scenario());
                            ps.setInt(6, r.step());
                            ps.setString(7, r.quotas());
                            ps.setBoolean(8, r.reauthPending());
                            ps.setObject(9, ts(now));
                            ps.addBatch();
                        }
                        ps.executeBatch();
                    }
                }
                if (!sessions.isEmpty()) {
                    try (PreparedStatement ps = c.prepareStatement(upsertSession)) {
                        for (SessionRow r : sessions) {
                            ps.setString(1, r.id());
                            ps.setString(2, r.subscriberId());
                            ps.setString(3, r.service());
                            ps.setString(4, r.nas());
                            ps.setLong(5, r.seconds());
                            ps.setLong(6, r.input());
                            ps.setLong(7, r.output());
                            ps.setBoolean(8, r.gigawords());
                            ps.setObject(9, ts(now));
                            ps.addBatch();
                        }
                        ps.executeBatch();
                    }
                }
                if (!closedSessions.isEmpty()) {
                    try (PreparedStatement ps = c.prepareStatement("DELETE FROM pcrf_session WHERE session_id = ?")) {
                        for (String id : closedSessions) {
                            ps.setString(1, id);
                            ps.addBatch();
                        }
                        ps.executeBatch();
                    }
                }
                if (!transitions.isEmpty()) {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO pcrf_transition (subscriber_id, at, "
                            + "from_step, to_step, reason) VALUES (?, ?, ?, ?, ?)")) {
                        for (TransitionRow r : transitions) {
                            ps.setString(1, r.subscriberId());
                            ps.setObject(2, ts(r.at()));
                            ps.setInt(3, r.fromStep());
                            ps.setInt(4, r.toStep());
                            ps.setString(5, r.reason());
                            ps.addBatch();
                        }
                        ps.executeBatch();
                    }
                }
            } catch (SQLException e) {
                throw new PcrfException("cannot store PCRF state: " + e.getMessage(), e);
            }
            return null;
        });
    }

    /** Reads every subscriber row, in no particular order. */
    void eachSubscriber(Consumer<SubscriberRow> consumer) {
        db.withHandle(h -> {
            try (PreparedStatement ps = h.getConnection().prepareStatement("SELECT subscriber_id, domain, zone_id, "
                    + "tariff_code, scenario, step, quotas, reauth_pending FROM pcrf_subscriber")) {
                ps.setFetchSize(10_000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        consumer.accept(new SubscriberRow(rs.getString(1), rs.getString(2), rs.getString(3),
                                rs.getString(4), rs.getString(5), rs.getInt(6), rs.getString(7), rs.getBoolean(8)));
                    }
                }
            } catch (SQLException e) {
                throw new PcrfException("cannot read PCRF subscribers: " + e.getMessage(), e);
            }
            return null;
        });
    }

    /** Reads every open session. */
    List<SessionRow> sessions() {
        return db.withHandle(h -> {
            List<SessionRow> rows = new ArrayList<>();
            try (PreparedStatement ps = h.getConnection().prepareStatement("SELECT session_id, subscriber_id, service, "
                    + "nas, session_time, input_octets, output_octets, gigawords FROM pcrf_session");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new SessionRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getBoolean(8)));
                }
            } catch (SQLException e) {
                throw new PcrfException("cannot read PCRF sessions: " + e.getMessage(), e);
            }
            return rows;
        });
    }

    /** The transitions of a subscriber, oldest first. */
    List<TransitionRow> transitions(String subscriberId, int limit) {
        return db.withHandle(h -> h.createQuery("SELECT subscriber_id, at, from_step, to_step, reason FROM "
                + "pcrf_transition WHERE subscriber_id = :id ORDER BY at, id LIMIT :limit")
                .bind("id", subscriberId).bind("limit", limit)
                .map((rs, ctx) -> new TransitionRow(rs.getString(1), rs.getObject(2, OffsetDateTime.class)
                        .toInstant(), rs.getInt(3), rs.getInt(4), rs.getString(5)))
                .list());
    }
}
