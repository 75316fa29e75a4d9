package org.netlever.option82;

import java.io.ByteArrayOutputStream;
import java.util.Objects;

import org.netlever.option82.internal.Hex;

/**
 * The textual forms in which Option 82 bytes reach billing, each decoding to the same bytes.
 *
 * <table>
 *   <caption>Forms and where they come from</caption>
 *   <tr><th>form</th><th>example</th><th>source</th></tr>
 *   <tr><td>{@link #DHCPD_HEX}</td><td>{@code 0:6:0:1e:58:a1:b2:c3}</td>
 *       <td>ISC dhcpd {@code binary-to-ascii(16, 8, ":", option agent.remote-id)}: unpadded octets; also the
 *       padded {@code 00:06:...} that {@code dhcpd.leases} and tshark print</td></tr>
 *   <tr><td>{@link #PREFIXED_HEX}</td><td>{@code 0x0006001E58A1B2C3}</td>
 *       <td>Kea {@code run_script} ({@code QUERY4_OPTION_82}, {@code QUERY4_OPTION_82_SUB_OPTION_1/2}); RADIUS
 *       octet attributes as radclient and FreeRADIUS print them; either case</td></tr>
 *   <tr><td>{@link #PLAIN_HEX}</td><td>{@code 0006001e58a1b2c3}</td><td>logs, databases, hand-written</td></tr>
 *   <tr><td>{@link #QUOTED_STRING}</td><td>{@code "eth 1/0/5:100"} or {@code "\000\006..."}</td>
 *       <td>{@code dhcpd.leases} and dhcpd configuration strings, with C escapes ({@code \ooo} octal,
 *       {@code \xHH}, {@code \"}, {@code \\}, {@code \n}, {@code \r}, {@code \t})</td></tr>
 *   <tr><td>{@link #ASCII}</td><td>{@code Vlan10+Ethernet1/0/7}</td><td>text circuit-ids taken verbatim</td></tr>
 * </table>
 *
 * <p>{@link #detect(String)} picks the form of a string by these rules, in order: a {@code 0x} prefix is
 * {@link #PREFIXED_HEX}; double quotes at both ends are {@link #QUOTED_STRING}; hex digits in groups of one or two
 * separated by colons (or any colon-separated text whose groups are all one or two characters, so that a mistyped
 * digit is reported rather than taken as text) is {@link #DHCPD_HEX}; only hex digits is {@link #PLAIN_HEX} (one or
 * two digits: a single dhcpd octet); anything else is {@link #ASCII}. A string that is meant as text but looks like
 * hex ({@code "cafe"}) must be quoted.
 *
 * <p>Thread-safe (an enum; no state).
 */
public enum TextForm {

    /** Colon-separated octets of one or two hex digits, as ISC dhcpd's {@code binary-to-ascii(16, 8, ":", ...)}. */
    DHCPD_HEX("dhcpd hex"),
    /** {@code 0x} followed by an even number of hex digits, upper or lower case, as Kea and RADIUS tools print. */
    PREFIXED_HEX("0x hex"),
    /** An even number of hex digits, no prefix, no separators. */
    PLAIN_HEX("plain hex"),
    /** Text in double quotes with C escapes, as in {@code dhcpd.leases}. */
    QUOTED_STRING("quoted string"),
    /** The characters themselves, each one byte (ISO-8859-1). */
    ASCII("ascii");

    private static final char[] LOWER = "0123456789abcdef".toCharArray();
    private static final char[] UPPER = "0123456789ABCDEF".toCharArray();

    private final String label;

    TextForm(String label) {
        this.label = label;
    }

    /**
     * Decodes text in whatever form {@link #detect(String)} finds.
     *
     * @param text the text; an empty string decodes to no bytes
     * @return the bytes
     * @throws Option82ParseException if the text is not valid in the form it looks like, naming the character index
     */
    public static byte[] decodeAny(String text) {
        return detect(text).decode(text);
    }

    /**
     * Finds the form of a string by the rules in the class description.
     *
     * @param text the text
     * @return its form
     */
    public static TextForm detect(String text) {
        Objects.requireNonNull(text, "text");
        int n = text.length();
        if (n >= 2 && text.charAt(0) == '0' && (text.charAt(1) == 'x' || text.charAt(1) == 'X')) {
            return PREFIXED_HEX;
        }
        if (n >= 2 && text.charAt(0) == '"' && text.charAt(n - 1) == '"') {
            return QUOTED_STRING;
        }
        boolean allHex = true;
        boolean hasColon = false;
        boolean shortGroups = true;
        int group = 0;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c == ':') {
                hasColon = true;
                group = 0;
            } else {
                if (Hex.digit(c) < 0) {
                    allHex = false;
                }
                if (++group > 2) {
                    shortGroups = false;
                }
            }
        }
        if (hasColon && shortGroups) {
            return DHCPD_HEX;
        }
        if (allHex && !hasColon) {
            return n <= 2 && n > 0 ? DHCPD_HEX : PLAIN_HEX;
        }
        return ASCII;
    }

    /**
     * Decodes text that is in this form.
     *
     * @param text the text
     * @return the bytes
     * @throws Option82ParseException if the text is not valid in this form, naming the character index
     */
    public byte[] decode(String text) {
        Objects.requireNonNull(text, "text");
        return switch (this) {
            case DHCPD_HEX -> decodeDhcpd(text);
            case PREFIXED_HEX -> decodePrefixed(text);
            case PLAIN_HEX -> decodeHexDigits(text, 0);
            case QUOTED_STRING -> decodeQuoted(text);
            case ASCII -> decodeAscii(text);
        };
    }

    /**
     * Writes bytes in this form: dhcpd hex unpadded lower-case, {@code 0x} hex upper-case as Kea prints it, plain hex
     * lower-case, a quoted string with octal escapes for unprintable bytes, or plain ASCII.
     *
     * @param bytes the bytes
     * @return the text
     * @throws Option82Exception for {@link #ASCII} when a byte is not printable, as the text could not be read back
     */
    public String encode(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        StringBuilder out = new StringBuilder(bytes.length * 3 + 2);
        switch (this) {
            case DHCPD_HEX -> {
                for (int i = 0; i < bytes.length; i++) {
                    int b = bytes[i] & 0xFF;
                    if (i > 0) {
                        out.append(':');
                    }
                    if (b >= 16) {
                        out.append(LOWER[b >> 4]);
                    }
                    out.append(LOWER[b & 0xF]);
                }
            }
            case PREFIXED_HEX -> {
                out.append("0x");
                appendHex(out, bytes, UPPER);
            }
            case PLAIN_HEX -> appendHex(out, bytes, LOWER);
            case QUOTED_STRING -> {
                out.append('"');
                for (byte value : bytes) {
                    int b = value & 0xFF;
                    if (b == '"' || b == '\\') {
                        out.append('\\').append((char) b);
                    } else if (b >= 0x20 && b <= 0x7E) {
                        out.append((char) b);
                    } else {
                        out.append('\\').append((char) ('0' + (b >> 6))).append((char) ('0' + ((b >> 3) & 7)))
                                .append((char) ('0' + (b & 7)));
                    }
                }
                out.append('"');
            }
            case ASCII -> {
                for (int i = 0; i < bytes.length; i++) {
                    int b = bytes[i] & 0xFF;
                    if (b < 0x20 || b > 0x7E) {
                        throw new Option82Exception("byte " + i + " (0x" + Integer.toHexString(b)
                                + ") is not printable ASCII; use another form");
                    }
                    out.append((char) b);
                }
            }
        }
        return out.toString();
    }

    private static void appendHex(StringBuilder out, byte[] bytes, char[] digits) {
        for (byte value : bytes) {
            int b = value & 0xFF;
            out.append(digits[b >> 4]).append(digits[b & 0xF]);
        }
    }

    private Option82ParseException error(int index, String reason) {
        return new Option82ParseException(label + " text", index, reason);
    }

    private byte[] decodeDhcpd(String text) {
        int n = text.length();
        if (n == 0) {
            return new byte[0];
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(n / 2 + 1);
        int i = 0;
        while (true) {
            int start = i;
            int value = 0;
            while (i < n && text.charAt(i) != ':') {
                int d = Hex.digit(text.charAt(i));
                if (d < 0) {
                    throw error(i, "expected a hex digit, found '" + text.charAt(i) + "'");
                }
                if (i - start == 2) {
                    throw error(i, "an octet has at most two hex digits");
                }
                value = (value << 4) | d;
                i++;
            }
            if (i == start) {
                throw error(i, i == n ? "the text ends with a colon" : "empty octet between colons");
            }
            out.write(value);
            if (i == n) {
                return out.toByteArray();
            }
            i++; // the colon
        }
    }

    private byte[] decodePrefixed(String text) {
        if (text.length() < 2 || text.charAt(0) != '0' || (text.charAt(1) != 'x' && text.charAt(1) != 'X')) {
            throw error(0, "expected the prefix 0x");
        }
        return decodeHexDigits(text, 2);
    }

    private byte[] decodeHexDigits(String text, int from) {
        int digits = text.length() - from;
        if (digits % 2 != 0) {
            throw error(text.length(), "odd number of hex digits (" + digits + ")");
        }
        byte[] out = new byte[digits / 2];
        for (int i = 0; i < out.length; i++) {
            int at = from + 2 * i;
            int hi = Hex.digit(text.charAt(at));
            if (hi < 0) {
                throw error(at, "expected a hex digit, found '" + text.charAt(at) + "'");
            }
            int lo = Hex.digit(text.charAt(at + 1));
            if (lo < 0) {
                throw error(at + 1, "expected a hex digit, found '" + text.charAt(at + 1) + "'");
            }
            out[i] = (byte) ((hi << 4) | lo);
        }
        return out;
    }

    private byte[] decodeQuoted(String text) {
        int n = text.length();
        if (n < 2 || text.charAt(0) != '"') {
            throw error(0, "expected an opening double quote");
        }
        if (text.charAt(n - 1) != '"') {
            throw error(n, "expected a closing double quote");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(n);
        int end = n - 1;
        int i = 1;
        while (i < end) {
            char c = text.charAt(i);
            if (c == '"') {
                throw error(i, "unescaped double quote inside the string");
            }
            if (c != '\\') {
                out.write(latin1(c, i));
                i++;
                continue;
            }
            if (i + 1 >= end) {
                throw error(i, "the string ends with a lone backslash");
            }
            char e = text.charAt(i + 1);
            if (e >= '0' && e <= '7') {
                int value = 0;
                int j = i + 1;
                while (j < end && j < i + 4 && text.charAt(j) >= '0' && text.charAt(j) <= '7') {
                    value = value * 8 + (text.charAt(j) - '0');
                    j++;
                }
                if (value > 0xFF) {
                    throw error(i, "octal escape \\" + text.substring(i + 1, j) + " is more than one byte");
                }
                out.write(value);
                i = j;
            } else if (e == 'x') {
                int value = 0;
                int j = i + 2;
                while (j < end && j < i + 4 && Hex.digit(text.charAt(j)) >= 0) {
                    value = value * 16 + Hex.digit(text.charAt(j));
                    j++;
                }
                if (j == i + 2) {
                    throw error(i, "\\x is not followed by a hex digit");
                }
                out.write(value);
                i = j;
            } else {
                int value = switch (e) {
                    case '"' -> '"';
                    case '\\' -> '\\';
                    case '\'' -> '\'';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case 't' -> '\t';
                    case 'b' -> '\b';
                    case 'f' -> '\f';
                    default -> throw error(i, "unknown escape \\" + e);
                };
                out.write(value);
                i += 2;
            }
        }
        return out.toByteArray();
    }

    private byte[] decodeAscii(String text) {
        byte[] out = new byte[text.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) latin1(text.charAt(i), i);
        }
        return out;
    }

    private int latin1(char c, int index) {
        if (c > 0xFF) {
            throw error(index, "character '" + c + "' is not a single byte");
        }
        return c;
    }


    /**
     * A short lower-case name, e.g. {@code dhcpd hex}.
     *
     * @return the label
     */
    public String label() {
        return label;
    }
}
