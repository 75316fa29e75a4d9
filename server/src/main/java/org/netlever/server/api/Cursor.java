package org.netlever.server.api;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * Where a keyset page ended: the sort key of its last row (one or more values, such as a received-at time and an id),
 * handed to the client as an opaque URL-safe text ({@code next}) and given back as {@code cursor}. A cursor that does
 * not decode, or has a different number of values than the route expects, is a {@code 400}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param values the sort key of the last row returned
 */
public record Cursor(List<String> values) {

    /** Checks the values. */
    public Cursor {
        values = List.copyOf(values);
        if (values.isEmpty()) {
            throw new IllegalArgumentException("a cursor has at least one value");
        }
    }

    /**
     * A cursor of these values.
     *
     * @param values the sort key of the last row returned, each as text
     * @return the cursor
     */
    public static Cursor of(Object... values) {
        List<String> out = new ArrayList<>();
        for (Object v : values) {
            out.add(String.valueOf(Objects.requireNonNull(v, "value")));
        }
        return new Cursor(out);
    }

    /** @return the opaque text for {@code next} */
    public String encode() {
        StringBuilder s = new StringBuilder();
        for (String v : values) {
            if (s.length() > 0) {
                s.append('\n');
            }
            s.append(v.replace("\\", "\\\\").replace("\n", "\\n"));
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.toString().getBytes(StandardCharsets.UTF_8));
    }

    static Cursor decode(String text) {
        try {
            String s = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
            List<String> out = new ArrayList<>();
            StringBuilder v = new StringBuilder();
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '\\' && i + 1 < s.length()) {
                    char n = s.charAt(++i);
                    v.append(n == 'n' ? '\n' : n);
                } else if (c == '\n') {
                    out.add(v.toString());
                    v.setLength(0);
                } else {
                    v.append(c);
                }
            }
            out.add(v.toString());
            return new Cursor(out);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("cursor", "not a cursor this API gave out; start again without it");
        }
    }

    /**
     * The value at a position, checking the cursor has the expected number of values.
     *
     * @param index the position
     * @param expected how many values the route's cursors have
     * @return the value
     */
    public String value(int index, int expected) {
        if (values.size() != expected) {
            throw ApiException.badRequest("cursor", "not a cursor of this list; start again without it");
        }
        return values.get(index);
    }

    /**
     * A whole-number value.
     *
     * @param index the position
     * @param expected how many values the route's cursors have
     * @return the value
     */
    public long longValue(int index, int expected) {
        try {
            return Long.parseLong(value(index, expected));
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("cursor", "not a cursor of this list; start again without it");
        }
    }
}
