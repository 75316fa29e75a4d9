package org.netlever.aaa.lever.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.netlever.aaa.dhcp.DhcpEventException;

/**
 * Parses {@code application/x-www-form-urlencoded} text. Not API.
 *
 * <p>Thread-safe (no state).
 */
public final class Forms {

    private Forms() {
    }

    /**
     * The fields of a form or query string.
     *
     * @param text the encoded text, may be {@code null}
     * @return the fields in order
     * @throws DhcpEventException if a field repeats or the encoding is broken
     */
    public static Map<String, String> parse(String text) {
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
                throw new DhcpEventException("form", "bad percent-encoding in '" + pair + "': " + e.getMessage(), e);
            }
            if (fields.putIfAbsent(name, value) != null) {
                throw new DhcpEventException(name, "the field is given twice");
            }
        }
        return fields;
    }
}
