package org.netlever.server.billing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;
import org.netlever.aaa.store.Database;
import org.netlever.aaa.store.StoreException;

/**
 * The record of the operations API's writes to the reference billing ({@code billing_change}, V8): who changed which
 * entry when, and the entry before and after. Each change is recorded in the transaction that makes it, so a change
 * is never made unrecorded nor recorded unmade.
 *
 * <p>Thread-safe: every method is one query or runs on the handle it is given.
 */
public final class BillingChanges {

    /** The kinds of entries, as {@code docs/api.md} names them. */
    public static final Set<String> KINDS = Set.of("device", "subscriber", "pool", "call-tariff", "rate-tariff");

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Database db;

    /**
     * A change. Immutable and thread-safe (its JSON is not changed after it is read).
     *
     * @param id its number, increasing
     * @param at when it was made
     * @param token the name of the token that made it
     * @param kind one of {@link #KINDS}
     * @param key the entry's id (a call tariff's prefix)
     * @param action {@code put}, {@code delete} or {@code top-up}
     * @param before the entry before, empty when there was none
     * @param after the entry after, empty when there is none
     */
    public record Change(long id, Instant at, String token, String kind, String key, String action,
            Optional<JsonNode> before, Optional<JsonNode> after) {
        /** Checks the fields. */
        public Change {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(before, "before");
            Objects.requireNonNull(after, "after");
        }
    }

    /**
     * The changes recorded in a database whose billing schema is migrated ({@link ReferenceBilling} does).
     *
     * @param db the database
     */
    public BillingChanges(Database db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    /**
     * Records a change in the caller's transaction.
     *
     * @param h the handle, in the transaction that makes the change
     * @param at when
     * @param token the token's name
     * @param kind one of {@link #KINDS}
     * @param key the entry's id
     * @param action {@code put}, {@code delete} or {@code top-up}
     * @param before the entry before, or null
     * @param after the entry after, or null
     */
    public static void record(Handle h, Instant at, String token, String kind, String key, String action,
            JsonNode before, JsonNode after) {
        if (!KINDS.contains(kind)) {
            throw new IllegalArgumentException("kind " + kind);
        }
        h.createUpdate("INSERT INTO billing_change (at, token_name, kind, entry_key, action, before_json, after_json)"
                + " VALUES (:at, :token, :kind, :key, :action, :before, :after)")
                .bind("at", CallAccounts.utc(at)).bind("token", token).bind("kind", kind).bind("key", key)
                .bind("action", action).bind("before", text(before)).bind("after", text(after)).execute();
    }

    /**
     * Changes newest first, a page of them.
     *
     * @param kind only of this kind
     * @param from only made at or after this
     * @param to only made before this
     * @param beforeId only older than this change (the page before ended with it)
     * @param limit at most this many
     * @return the changes, newest first
     */
    public List<Change> newestFirst(Optional<String> kind, Optional<Instant> from, Optional<Instant> to,
            OptionalLong beforeId, int limit) {
        StringBuilder sql = new StringBuilder("SELECT id, at, token_name, kind, entry_key, action, before_json,"
                + " after_json FROM billing_change WHERE 1 = 1");
        kind.ifPresent(k -> sql.append(" AND kind = :kind"));
        from.ifPresent(f -> sql.append(" AND at >= :from"));
        to.ifPresent(t -> sql.append(" AND at < :to"));
        beforeId.ifPresent(b -> sql.append(" AND id < :before"));
        sql.append(" ORDER BY id DESC LIMIT :limit");
        return db.withHandle(h -> {
            Query q = h.createQuery(sql.toString()).bind("limit", limit);
            kind.ifPresent(k -> q.bind("kind", k));
            from.ifPresent(f -> q.bind("from", CallAccounts.utc(f)));
            to.ifPresent(t -> q.bind("to", CallAccounts.utc(t)));
            beforeId.ifPresent(b -> q.bind("before", b));
            return new ArrayList<>(q.map((rs, ctx) -> change(rs)).list());
        });
    }

    private static Change change(ResultSet rs) throws SQLException {
        return new Change(rs.getLong("id"), rs.getObject("at", OffsetDateTime.class).toInstant(),
                rs.getString("token_name"), rs.getString("kind"), rs.getString("entry_key"), rs.getString("action"),
                json(rs.getString("before_json")), json(rs.getString("after_json")));
    }

    private static String text(JsonNode node) {
        try {
            return node == null ? null : MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
    }

    private static Optional<JsonNode> json(String text) {
        try {
            return text == null ? Optional.empty() : Optional.of(MAPPER.readTree(text));
        } catch (JsonProcessingException e) {
            throw new StoreException("billing_change holds text that is not JSON: " + e.getMessage(), e);
        }
    }
}
