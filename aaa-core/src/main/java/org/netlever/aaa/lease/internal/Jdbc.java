package org.netlever.aaa.lease.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.netlever.option82.MacAddress;

/**
 * What the lease tables' SQL classes share: timestamps as UTC, nullable columns, the hot path's JDBC failures as jdbi
 * reports them, unique-key violations. Not API.
 *
 * <p>Thread-safe (no state).
 */
public final class Jdbc {

    private Jdbc() {
    }

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

    static Optional<MacAddress> mac(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(MacAddress.of(value));
    }

    static OptionalInt optionalInt(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? OptionalInt.empty() : OptionalInt.of(value);
    }

    static OptionalLong optionalLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(value);
    }

    static void setLong(PreparedStatement ps, int index, Long value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, value);
        }
    }

    static void setInt(PreparedStatement ps, int index, OptionalInt value) throws SQLException {
        if (value.isPresent()) {
            ps.setInt(index, value.getAsInt());
        } else {
            ps.setNull(index, Types.INTEGER);
        }
    }

    static void setTimestamp(PreparedStatement ps, int index, Instant value) throws SQLException {
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
    static RuntimeException sql(String what, SQLException e) {
        return new UnableToExecuteStatementException(what + ": " + e.getMessage(), e, null);
    }

    static String clip(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
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
}
