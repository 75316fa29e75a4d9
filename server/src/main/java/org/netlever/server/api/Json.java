package org.netlever.server.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * The operations API's JSON conventions ({@code docs/api.md}): one mapper, instants in UTC ISO-8601 (seconds, or
 * milliseconds when there are any), money as decimal strings, absent values as {@code null}.
 *
 * <p>Thread-safe.
 */
public final class Json {

    /** The mapper every route writes and reads with. */
    public static final ObjectMapper MAPPER = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private Json() {
    }

    /** @return a new empty object */
    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /**
     * An instant as the API writes it.
     *
     * @param at the instant, or null
     * @return {@code 2026-12-01T10:15:30Z}, or null
     */
    public static String instant(Instant at) {
        if (at == null) {
            return null;
        }
        Instant truncated = at.getNano() % 1_000_000 == 0 ? at : at.truncatedTo(ChronoUnit.MILLIS);
        return truncated.toString();
    }

    /**
     * A time as the API writes it, in UTC.
     *
     * @param at the time, or null
     * @return the instant text, or null
     */
    public static String instant(OffsetDateTime at) {
        return at == null ? null : instant(at.withOffsetSameInstant(ZoneOffset.UTC).toInstant());
    }

    /**
     * Money as the API writes it: a decimal string, never a float.
     *
     * @param amount the amount, or null
     * @return its plain decimal text, or null
     */
    public static String money(BigDecimal amount) {
        return amount == null ? null : amount.toPlainString();
    }
}
