package org.netlever.aaa.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * Decodes {@code application/x-www-form-urlencoded} text — a form body or a query string — into its fields, each
 * given once: the lever's signed forms and the operations API's query parameters read it alike, each refusing with
 * its own error.
 *
 * <p>Thread-safe (no state).
 */
public final class FormText {

    private FormText() {
    }

    /**
     * The fields of a form or query string, in order.
     *
     * @param text the encoded text; {@code null} or empty for none
     * @param refuse the error for a field (or {@code form} for the text) and the reason; thrown
     * @return the fields
     */
    public static Map<String, String> parse(String text, BiFunction<String, String, RuntimeException> refuse) {
        Objects.requireNonNull(refuse, "refuse");
        Map<String, String> fields = new LinkedHashMap<>();
        if (text == null || text.isEmpty()) {
            return fields;
        }
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name;
            String value;
            try {
                name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw refuse.apply("form", "bad percent-encoding in '" + pair + "': " + e.getMessage());
            }
            if (fields.putIfAbsent(name, value) != null) {
                throw refuse.apply(name, "given twice");
            }
        }
        return fields;
    }
}
