package org.netlever.aaa.kea.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.netlever.aaa.dhcp.DhcpEventException;

/**
 * Kea's memfile CSV: comma-separated, no quoting; a comma (and any other character Kea escapes) inside a value is
 * written as {@code &#xHH} (isc-projects/kea {@code src/lib/util/csv_file.cc}, {@code CSVFile::escapeCharacters}),
 * e.g. {@code &#x2c} in a user context with two keys. Thread-safe (no state).
 */
public final class KeaCsv {

    private KeaCsv() {
    }

    /**
     * The values of a line, unescaped.
     *
     * @param line one line without its line end
     * @return the values, in order
     */
    public static List<String> split(String line) {
        List<String> values = new ArrayList<>(12);
        int start = 0;
        while (true) {
            int comma = line.indexOf(',', start);
            if (comma < 0) {
                values.add(unescape(line.substring(start)));
                return values;
            }
            values.add(unescape(line.substring(start, comma)));
            start = comma + 1;
        }
    }

    /**
     * The columns of a row by the header's names.
     *
     * @param header the header's column names
     * @param line the row
     * @return the values by name
     * @throws DhcpEventException if the row has fewer values than the header
     */
    public static Map<String, String> columns(List<String> header, String line) {
        List<String> values = split(line);
        if (values.size() < header.size()) {
            throw new DhcpEventException("row", "has " + values.size() + " values, the header names " + header.size()
                    + " columns (a truncated line?)");
        }
        Map<String, String> columns = new LinkedHashMap<>();
        for (int i = 0; i < header.size(); i++) {
            columns.put(header.get(i), values.get(i));
        }
        return columns;
    }

    /**
     * Replaces Kea's {@code &#xHH} escapes by their characters; anything else stays as it is.
     *
     * @param value an escaped value
     * @return the value
     */
    public static String unescape(String value) {
        int at = value.indexOf("&#x");
        if (at < 0) {
            return value;
        }
        StringBuilder b = new StringBuilder(value.length());
        int from = 0;
        while (at >= 0) {
            b.append(value, from, at);
            if (at + 5 <= value.length() && isHex(value.charAt(at + 3)) && isHex(value.charAt(at + 4))) {
                b.append((char) Integer.parseInt(value.substring(at + 3, at + 5), 16));
                from = at + 5;
            } else {
                b.append("&#x");
                from = at + 3;
            }
            at = value.indexOf("&#x", from);
        }
        return b.append(value, from, value.length()).toString();
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }
}
