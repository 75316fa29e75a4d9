package org.netlever.aaa.lever.internal;

import java.util.Map;

import org.netlever.aaa.dhcp.DhcpEventException;
import org.netlever.aaa.http.FormText;

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
        return FormText.parse(text, (field, reason) -> new DhcpEventException(field,
                reason.equals("given twice") ? "the field is given twice" : reason));
    }
}
