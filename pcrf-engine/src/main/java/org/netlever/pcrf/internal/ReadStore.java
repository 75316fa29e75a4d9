package org.netlever.pcrf.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.jdbi.v3.core.statement.Query;
import org.netlever.aaa.store.Database;
import org.netlever.pcrf.PcrfSession;
import org.netlever.pcrf.StepQuota;
import org.netlever.pcrf.model.PcrfDefinitions;
import org.netlever.pcrf.model.Scenario;
import org.netlever.pcrf.read.PcrfSubscriberView;
import org.netlever.pcrf.read.PcrfTransitionEntry;
import org.netlever.pcrf.read.SubscriberFilter;
import org.netlever.pcrf.read.TransitionFilter;

/**
 * The read API's SQL over the PCRF tables: keyset pages on the indexes of {@code V3__read_indexes.sql}, the stored
 * columns decoded as the engine decodes them. Thread-safe: no state besides the database.
 */
public final class ReadStore {

    private static final String SUBSCRIBER_COLUMNS = "SELECT s.row_id, s.subscriber_id, s.domain, s.zone_id, "
            + "s.tariff_code, s.scenario, t.step, t.quotas, t.sessions, t.reauth_pending ";

    private final Database db;
    private final PcrfDefinitions definitions;

    /**
     * The store's reads.
     *
     * @param db the database, migrated for the PCRF tables
     * @param definitions the definitions the stored scenarios are read with (the services of their steps)
     */
    public ReadStore(Database db, PcrfDefinitions definitions) {
        this.db = db;
        this.definitions = definitions;
    }

    /**
     * A page of subscribers by position.
     *
     * @param filter which, and after which position
     * @param limit the most rows
     * @return the rows, by position
     */
    public List<PcrfSubscriberView> subscribers(SubscriberFilter filter, int limit) {
        // The table whose index the filter is on leads, ordered by that index's columns (its equality column first,
        // so H2 too walks the index in order instead of sorting): step or reauth on the state's indexes, domain on
        // the subscriber's, else the subscriber's primary key.
        boolean stateLeads = filter.step().isPresent() || filter.reauthPendingOnly();
        String order = filter.step().isPresent() ? "t.step, t.row_id"
                : filter.reauthPendingOnly() ? "t.reauth_pending, t.row_id"
                : filter.domain().isPresent() ? "s.domain, s.row_id" : "s.row_id";
        StringBuilder sql = new StringBuilder(SUBSCRIBER_COLUMNS).append(stateLeads
                ? "FROM pcrf_state t JOIN pcrf_subscriber s ON s.row_id = t.row_id WHERE 1 = 1"
                : "FROM pcrf_subscriber s JOIN pcrf_state t ON t.row_id = s.row_id WHERE 1 = 1");
        filter.subscriberId().ifPresent(v -> sql.append(" AND s.subscriber_id = :subscriber"));
        filter.domain().ifPresent(v -> sql.append(" AND s.domain = :domain"));
        filter.step().ifPresent(v -> sql.append(" AND t.step = :step"));
        if (filter.reauthPendingOnly()) {
            sql.append(" AND t.reauth_pending = TRUE");
        }
        // On both tables: PostgreSQL then merge-joins two index ranges from the cursor on, instead of reading the
        // other table's index from its start (356 ms for a page after 900,000 of 1,000,000).
        filter.after().ifPresent(v -> sql.append(" AND s.row_id > :after AND t.row_id > :after"));
        sql.append(" ORDER BY ").append(order).append(" LIMIT :limit");
        return db.withHandle(h -> {
            Query q = h.createQuery(sql.toString()).bind("limit", limit);
            filter.subscriberId().ifPresent(v -> q.bind("subscriber", v));
            filter.domain().ifPresent(v -> q.bind("domain", v));
            filter.step().ifPresent(v -> q.bind("step", v));
            filter.after().ifPresent(v -> q.bind("after", v));
            return q.map((rs, ctx) -> view(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                    rs.getString(5), rs.getString(6), rs.getInt(7), rs.getString(8), rs.getString(9),
                    rs.getBoolean(10))).list();
        });
    }

    /**
     * The stored position of a subscriber.
     *
     * @param subscriberId the subscriber
     * @return its row id, or empty
     */
    public OptionalLong position(String subscriberId) {
        return db.withHandle(h -> h.createQuery("SELECT row_id FROM pcrf_subscriber WHERE subscriber_id = :id")
                .bind("id", subscriberId).mapTo(Long.class).findFirst())
                .map(OptionalLong::of).orElse(OptionalLong.empty());
    }

    /**
     * A page of transitions, newest first.
     *
     * @param filter which, and before which position
     * @param limit the most rows
     * @return the rows, newest first (by time, then number)
     */
    public List<PcrfTransitionEntry> transitions(TransitionFilter filter, int limit) {
        OptionalLong row = OptionalLong.empty();
        if (filter.subscriberId().isPresent()) {
            row = position(filter.subscriberId().get());
            if (row.isEmpty()) {
                return List.of();
            }
        }
        if (filter.before().isEmpty()) {
            return transitions(row, filter.from(), filter.to(), Optional.empty(), limit);
        }
        // After a cursor: first the rest of its moment (a mass reset stores a million transitions at one), then the
        // older moments - each one range of the index, where "(at, id) < (?, ?)" is not one on H2.
        TransitionFilter.Position before = filter.before().get();
        List<PcrfTransitionEntry> out = new ArrayList<>(transitions(row, Optional.of(before.at()), Optional.empty(),
                Optional.of(before), limit));
        if (out.size() < limit) {
            out.addAll(transitions(row, filter.from(), Optional.of(before.at()), Optional.empty(),
                    limit - out.size()));
        }
        return out;
    }

    /** One index range of transitions: {@code from <= at < to}, or {@code at = tie.at AND id < tie.id}. */
    private List<PcrfTransitionEntry> transitions(OptionalLong row, Optional<Instant> from, Optional<Instant> to,
            Optional<TransitionFilter.Position> tie, int limit) {
        StringBuilder sql = new StringBuilder("SELECT t.id, (SELECT s.subscriber_id FROM pcrf_subscriber s "
                + "WHERE s.row_id = t.row_id), t.at, t.from_step, t.to_step, t.reason FROM pcrf_transition t "
                + "WHERE 1 = 1");
        if (row.isPresent()) {
            sql.append(" AND t.row_id = :row");
        }
        if (tie.isPresent()) {
            sql.append(" AND t.at = :tieAt AND t.id < :tieId");
        } else {
            from.ifPresent(v -> sql.append(" AND t.at >= :from"));
            to.ifPresent(v -> sql.append(" AND t.at < :to"));
        }
        sql.append(row.isPresent() ? " ORDER BY t.row_id DESC, t.at DESC, t.id DESC" : " ORDER BY t.at DESC, t.id DESC")
                .append(" LIMIT :limit");
        return db.withHandle(h -> {
            Query q = h.createQuery(sql.toString()).bind("limit", limit);
            row.ifPresent(v -> q.bind("row", v));
            if (tie.isPresent()) {
                q.bind("tieAt", ts(tie.get().at())).bind("tieId", tie.get().id());
            } else {
                from.ifPresent(v -> q.bind("from", ts(v)));
                to.ifPresent(v -> q.bind("to", ts(v)));
            }
            return q.map((rs, ctx) -> new PcrfTransitionEntry(rs.getLong(1), Objects.requireNonNullElse(
                    rs.getString(2), ""), rs.getObject(3, OffsetDateTime.class).toInstant(), rs.getInt(4),
                    rs.getInt(5), rs.getString(6))).list();
        });
    }

    /**
     * How many subscribers are owed a services-reauth.
     *
     * @return the count
     */
    public long owedCount() {
        return db.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM pcrf_state WHERE reauth_pending = TRUE")
                .mapTo(Long.class).one());
    }

    /**
     * The time of each subscriber's newest transition, in one query on the index by subscriber.
     *
     * @param positions the subscribers' row ids
     * @return the times by row id, for those that have any
     */
    public java.util.Map<Long, Instant> lastTransitions(java.util.Collection<Long> positions) {
        if (positions.isEmpty()) {
            return java.util.Map.of();
        }
        return db.withHandle(h -> {
            java.util.Map<Long, Instant> out = new java.util.HashMap<>();
            h.createQuery("SELECT row_id, MAX(at) FROM pcrf_transition WHERE row_id IN (<rows>) GROUP BY row_id")
                    .bindList("rows", List.copyOf(positions))
                    .map((rs, ctx) -> java.util.Map.entry(rs.getLong(1), rs.getObject(2, OffsetDateTime.class)
                            .toInstant()))
                    .forEach(e -> out.put(e.getKey(), e.getValue()));
            return out;
        });
    }

    private static OffsetDateTime ts(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private PcrfSubscriberView view(long rowId, String id, String domain, String zoneId, String tariff,
            String scenarioName, int step, String quotas, String sessions, boolean reauthPending) {
        ZoneId zone = ZoneId.of(zoneId);
        Optional<Scenario> scenario = definitions.scenario(scenarioName);
        List<StepQuota> steps = new ArrayList<>();
        Optional<String> service = Optional.empty();
        if (scenario.isPresent()) {
            List<String> services = scenario.get().steps();
            long[] q = Subscriber.decodeQuotas(quotas, services.size());
            for (int k = 0; k < services.size(); k++) {
                steps.add(Subscriber.stepQuota(k, services.get(k), q, zone));
            }
            if (step < services.size()) {
                service = Optional.of(services.get(step));
            }
        }
        return new PcrfSubscriberView(rowId, id, domain, zone, tariff, scenarioName, step, service, steps,
                storedSessions(id, sessions), reauthPending);
    }

    /** The open sessions of a stored sessions column. */
    private static List<PcrfSession> storedSessions(String id, String column) {
        if (column == null || column.isEmpty()) {
            return List.of();
        }
        Subscriber decoded = new Subscriber(id);
        decoded.decodeSessions(column, 0, nas -> nas);
        List<PcrfSession> out = new ArrayList<>();
        for (Session s : decoded.open) {
            if (s.isOpen()) {
                out.add(new PcrfSession(s.id, s.service, PcrfSession.nasName(s.nas), s.seconds, s.input, s.output));
            }
        }
        return out;
    }
}
