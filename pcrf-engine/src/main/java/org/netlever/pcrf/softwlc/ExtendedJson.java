package org.netlever.pcrf.softwlc;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Map;

/**
 * Values of MongoDB Extended JSON v2 as {@code mongoexport} prints them, relaxed ({@code 7200}) or canonical
 * ({@code {"$numberLong":"7200"}}), and the legacy strict mode of mongoexport 3.x (the same wrappers). Stateless and
 * thread-safe.
 */
final class ExtendedJson {

    private ExtendedJson() {
    }

    /**
     * A field that must be an integer: a plain number without a fraction, or {@code $numberInt}, {@code $numberLong},
     * {@code $numberDouble} or {@code $numberDecimal} holding one (the mongo shell stores its numbers as doubles).
     *
     * @throws IllegalArgumentException saying what the field holds instead
     */
    static long integer(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("'" + field + "' is missing");
        }
        String text;
        if (value.isNumber()) {
            text = value.asText();
        } else if (value.isObject() && value.size() == 1) {
            Map.Entry<String, JsonNode> wrapper = value.properties().iterator().next();
            if (!wrapper.getValue().isTextual() || !wrapper.getKey().matches(
                    "\\$number(Int|Long|Double|Decimal)")) {
                throw new IllegalArgumentException("'" + field + "' is not an integer: " + value);
            }
            text = wrapper.getValue().asText();
        } else {
            throw new IllegalArgumentException("'" + field + "' is not an integer: " + value);
        }
        try {
            return new BigDecimal(text).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("'" + field + "' is not a 64-bit integer: " + value);
        }
    }

    /**
     * A field that must be a string.
     *
     * @throws IllegalArgumentException if it is missing or something else
     */
    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("'" + field + "' is missing");
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException("'" + field + "' is not a string: " + value);
        }
        return value.asText();
    }

}
