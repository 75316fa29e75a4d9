package org.netlever.aaa.dhcp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.netlever.aaa.AaaException;
import org.netlever.aaa.ip.Ipv4Address;
import org.netlever.option82.MacAddress;
import org.netlever.option82.Option82Exception;
import org.netlever.option82.RelayAgentInformation;
import org.netlever.option82.SubOption;
import org.netlever.option82.SubOptionCode;

/**
 * Reads ISC dhcpd's lease file, {@code dhcpd.leases} (dhcpd.leases(5)): a sequence of statements ending in {@code ;}
 * or a {@code { … }} block, with {@code #} comments. It keeps the {@code lease A.B.C.D { … }} records as
 * {@link DhcpdLease}s and skips everything else ({@code server-duid}, {@code authoring-byte-order}, {@code failover
 * peer} state, {@code host}, {@code lease6} …), and inside a lease the statements it does not use ({@code uid},
 * {@code set …}, {@code on expiry { … }}, {@code next binding state} …). Times are read in both of dhcpd's
 * {@code db-time-format}s: {@code W YYYY/MM/DD HH:MM:SS} (UTC, the default) and {@code epoch N}. Agent options are
 * read as dhcpd writes them: unpadded colon-hex ({@code 0:4:0:98:0:5}) or a quoted string with dhcpd's escapes
 * ({@code "ZTEGC0288E70"}, {@code "\001"}).
 *
 * <p>The file is read while dhcpd appends to it: a statement not yet complete at the end of the input is left
 * unread ({@link Result#consumed()} stops before it) unless the input is final. A record that cannot be read is an
 * {@link Item} with a problem — the parse goes on with the next statement; a statement longer than
 * {@value #MAX_STATEMENT} bytes is garbage, skipped up to the next line that starts with {@code lease}.
 *
 * <p>Thread-safe (no state).
 */
public final class DhcpdLeasesParser {

    /** The longest statement read; dhcpd's records are a few hundred bytes. */
    public static final int MAX_STATEMENT = 64 * 1024;

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("uuuu/MM/dd HH:mm:ss");
    private static final long MAX_EPOCH = 253_402_300_799L;

    private DhcpdLeasesParser() {
    }

    /**
     * What one statement of the file was: a lease, or a lease that could not be read. Immutable and thread-safe.
     *
     * @param end the offset just after the statement, in the caller's array
     * @param lease the lease, or empty
     * @param problem why the statement could not be read, or empty
     */
    public record Item(int end, Optional<DhcpdLease> lease, Optional<String> problem) {
        /** Validates: exactly one of lease and problem. */
        public Item {
            Objects.requireNonNull(lease, "lease");
            Objects.requireNonNull(problem, "problem");
            if (lease.isPresent() == problem.isPresent()) {
                throw new IllegalArgumentException("an item is either a lease or a problem");
            }
        }
    }

    /**
     * The leases and problems of the complete statements read, in file order. Immutable and thread-safe.
     *
     * @param items the leases and problems (other statements are not listed)
     * @param consumed the offset after the last complete statement (or after the garbage skipped)
     */
    public record Result(List<Item> items, int consumed) {
        /** Copies the list. */
        public Result {
            items = List.copyOf(items);
        }
    }

    /**
     * Reads the whole text of a lease file.
     *
     * @param text the file's content
     * @return the leases and problems; an incomplete last statement is a problem
     */
    public static Result parse(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        return parse(bytes, 0, bytes.length, true);
    }

    /**
     * Reads the complete statements in {@code data[from, to)}.
     *
     * @param data the file's bytes
     * @param from where to start: the start of a statement (or whitespace before one)
     * @param to where the bytes read so far end
     * @param last whether nothing follows {@code to} (a file dhcpd renamed away): an incomplete statement is then a
     *     problem rather than left for later
     * @return the leases and problems, with the offsets in {@code data}
     */
    public static Result parse(byte[] data, int from, int to, boolean last) {
        Objects.checkFromToIndex(from, to, data.length);
        List<Item> items = new ArrayList<>();
        int pos = from;
        int consumed = from;
        while (true) {
            pos = skipBlank(data, pos, to);
            if (pos >= to) {
                consumed = to;
                break;
            }
            int end = statementEnd(data, pos, to);
            if (end < 0) {
                if (to - pos > MAX_STATEMENT) {
                    int next = nextLeaseLine(data, pos + 1, to);
                    int skipTo = next < 0 ? to : next;
                    items.add(problem(skipTo, "a statement of over " + MAX_STATEMENT + " bytes at offset " + pos
                            + " is not dhcpd's; skipped to offset " + skipTo));
                    pos = skipTo;
                    consumed = skipTo;
                    continue;
                }
                if (last) {
                    items.add(problem(to, "truncated statement at offset " + pos + " (" + (to - pos)
                            + " bytes) at the end of a finished file"));
                    consumed = to;
                }
                break;
            }
            if (data[end - 1] == '\n') {
                items.add(problem(end, "unfinished statement at offset " + pos + " ("
                        + printable(new String(data, pos, Math.min(end - pos, 40), StandardCharsets.ISO_8859_1))
                        + ") cut by the next lease"));
            } else if (isLease(data, pos, end)) {
                items.add(lease(data, pos, end));
            }
            pos = end;
            consumed = end;
        }
        return new Result(items, consumed);
    }

    private static Item problem(int end, String reason) {
        return new Item(end, Optional.empty(), Optional.of(reason));
    }

    private static int skipBlank(byte[] b, int pos, int to) {
        while (pos < to) {
            if (b[pos] == '#') {
                while (pos < to && b[pos] != '\n') {
                    pos++;
                }
            } else if (b[pos] == ' ' || b[pos] == '\t' || b[pos] == '\n' || b[pos] == '\r' || b[pos] == ';') {
                pos++;
            } else {
                break;
            }
        }
        return pos;
    }

    /**
     * The offset after a statement ({@code ;} at depth 0 or its block's closing brace), or -1 if incomplete. dhcpd
     * starts every record on a line of its own and never writes a raw newline inside a string, so a newline ends a
     * quoted string, and a line starting with {@code lease} cuts the statement before it (which then ends in a
     * newline: a record dhcpd did not finish, or garbage) — a broken record never swallows the next one.
     */
    private static int statementEnd(byte[] b, int pos, int to) {
        int depth = 0;
        boolean quoted = false;
        for (int i = pos; i < to; i++) {
            byte c = b[i];
            if (c == '\n') {
                quoted = false;
                if (startsWith(b, i + 1, to, "lease ")) {
                    return i + 1;
                }
                continue;
            }
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == '#') {
                while (i + 1 < to && b[i + 1] != '\n') {
                    i++;
                }
            } else if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
                if (depth <= 0) {
                    return i + 1;
                }
            } else if (c == ';' && depth == 0) {
                return i + 1;
            }
        }
        return -1;
    }

    private static int nextLeaseLine(byte[] b, int pos, int to) {
        for (int i = pos; i + 6 <= to; i++) {
            if (b[i - 1] == '\n' && startsWith(b, i, to, "lease ")) {
                return i;
            }
        }
        return -1;
    }

    private static boolean startsWith(byte[] b, int pos, int to, String word) {
        if (to - pos < word.length()) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            if (b[pos + i] != word.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLease(byte[] b, int pos, int end) {
        return startsWith(b, pos, end, "lease") && end - pos > 5 && (b[pos + 5] == ' ' || b[pos + 5] == '\t');
    }

    private static Item lease(byte[] b, int pos, int end) {
        int open = -1;
        for (int i = pos; i < end; i++) {
            if (b[i] == '{') {
                open = i;
                break;
            }
        }
        String header = new String(b, pos + 5, (open < 0 ? end : open) - pos - 5, StandardCharsets.ISO_8859_1).strip();
        if (open < 0 || b[end - 1] != '}') {
            return problem(end, "lease " + printable(header) + " at offset " + pos + " has no { … } block");
        }
        try {
            return new Item(end, Optional.of(body(Ipv4Address.parse(header), b, open + 1, end - 1)), Optional.empty());
        } catch (AaaException | Option82Exception e) {
            return problem(end, "lease " + printable(header) + " at offset " + pos + ": " + e.getMessage());
        }
    }

    private static DhcpdLease body(Ipv4Address ip, byte[] b, int from, int to) {
        LeaseFields f = new LeaseFields();
        int pos = from;
        while (true) {
            pos = skipBlank(b, pos, to);
            if (pos >= to) {
                break;
            }
            int end = statementEnd(b, pos, to);
            if (end < 0) {
                end = to;
            }
            f.statement(Tokens.split(b, pos, end));
            pos = end;
        }
        RelayAgentInformation option82 = null;
        if (f.circuitId != null || f.remoteId != null) {
            List<SubOption> subs = new ArrayList<>(2);
            if (f.circuitId != null) {
                subs.add(SubOption.of(SubOptionCode.CIRCUIT_ID, f.circuitId));
            }
            if (f.remoteId != null) {
                subs.add(SubOption.of(SubOptionCode.REMOTE_ID, f.remoteId));
            }
            option82 = RelayAgentInformation.of(subs);
        }
        return new DhcpdLease(ip, f.state, Optional.ofNullable(f.starts), Optional.ofNullable(f.ends),
                Optional.ofNullable(f.cltt), Optional.ofNullable(f.hardware), Optional.ofNullable(option82),
                Optional.ofNullable(f.hostname));
    }

    /** The fields of one lease, set statement by statement. */
    private static final class LeaseFields {
        String state = "";
        Instant starts;
        Instant ends;
        Instant cltt;
        MacAddress hardware;
        byte[] circuitId;
        byte[] remoteId;
        String hostname;

        void statement(List<Tokens.Token> t) {
            if (t.isEmpty()) {
                return;
            }
            String first = t.get(0).text();
            switch (first) {
                case "starts" -> starts = time(first, t).orElse(null);
                case "ends" -> ends = time(first, t).orElse(null);
                case "cltt" -> cltt = time(first, t).orElse(null);
                case "binding" -> state = word(t, 2, "binding state");
                case "hardware" -> {
                    if (t.size() >= 3 && t.get(1).text().equals("ethernet")) {
                        hardware = MacAddress.parse(t.get(2).text());
                    }
                }
                case "client-hostname" -> hostname = new String(value(t, 1, "client-hostname"),
                        StandardCharsets.UTF_8);
                case "option" -> {
                    if (t.size() >= 2 && t.get(1).text().equals("agent.circuit-id")) {
                        circuitId = value(t, 2, "option agent.circuit-id");
                    } else if (t.size() >= 2 && t.get(1).text().equals("agent.remote-id")) {
                        remoteId = value(t, 2, "option agent.remote-id");
                    }
                }
                default -> {
                    // uid, tstp, tsfp, atsfp, next/rewind binding state, set, on …: not used
                }
            }
        }

        private static String word(List<Tokens.Token> t, int index, String what) {
            if (t.size() <= index || t.get(index).quoted()) {
                throw new DhcpEventException(what, "missing");
            }
            return t.get(index).text();
        }

        private static byte[] value(List<Tokens.Token> t, int index, String what) {
            if (t.size() <= index) {
                throw new DhcpEventException(what, "missing value");
            }
            Tokens.Token v = t.get(index);
            return v.quoted() ? v.bytes() : colonHex(what, v.text());
        }

        private static Optional<Instant> time(String what, List<Tokens.Token> t) {
            if (t.size() >= 2 && t.get(1).text().equals("never")) {
                return Optional.empty();
            }
            if (t.size() >= 3 && t.get(1).text().equals("epoch")) {
                try {
                    long s = Long.parseLong(t.get(2).text());
                    if (s < 0 || s > MAX_EPOCH) {
                        throw new DhcpEventException(what, "epoch " + s + " is out of range");
                    }
                    return Optional.of(Instant.ofEpochSecond(s));
                } catch (NumberFormatException e) {
                    throw new DhcpEventException(what, "'" + printable(t.get(2).text()) + "' is not a number", e);
                }
            }
            if (t.size() >= 4) {
                String text = t.get(2).text() + " " + t.get(3).text();
                try {
                    return Optional.of(LocalDateTime.parse(text, DATE_TIME).toInstant(ZoneOffset.UTC));
                } catch (DateTimeParseException e) {
                    throw new DhcpEventException(what, "'" + printable(text) + "' is not YYYY/MM/DD HH:MM:SS", e);
                }
            }
            throw new DhcpEventException(what, "expected W YYYY/MM/DD HH:MM:SS, epoch N or never");
        }
    }

    /** Unpadded colon-hex as dhcpd prints a binary option: {@code 0:4:0:98:0:5}. */
    static byte[] colonHex(String what, String text) {
        String[] parts = text.split(":", -1);
        byte[] out = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 2) {
                throw new DhcpEventException(what, "'" + printable(text) + "' is neither colon-hex nor a quoted string");
            }
            try {
                out[i] = (byte) Integer.parseInt(p, 16);
            } catch (NumberFormatException e) {
                throw new DhcpEventException(what, "'" + printable(text) + "' is neither colon-hex nor a quoted string",
                        e);
            }
        }
        return out;
    }

    /** Text safe to log: control characters and quotes escaped, at most 80 characters. */
    static String printable(String text) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < text.length() && sb.length() < 80; i++) {
            char c = text.charAt(i);
            sb.append(c < 0x20 || c > 0x7e ? String.format("\\x%02x", (int) c & 0xFF) : String.valueOf(c));
        }
        return text.length() > 80 ? sb + "…" : sb.toString();
    }

    /** Words and quoted strings of a statement inside a lease. */
    static final class Tokens {
        private Tokens() {
        }

        /** A word, or a quoted string's decoded bytes. */
        record Token(String text, byte[] bytes, boolean quoted) {
        }

        static List<Token> split(byte[] b, int from, int to) {
            List<Token> out = new ArrayList<>();
            int i = from;
            while (i < to) {
                byte c = b[i];
                if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ';') {
                    i++;
                } else if (c == '#') {
                    while (i < to && b[i] != '\n') {
                        i++;
                    }
                } else if (c == '{') {
                    break; // a nested block (on expiry { … }): nothing netlever uses
                } else if (c == '"') {
                    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                    i = quoted(b, i + 1, to, bytes);
                    byte[] value = bytes.toByteArray();
                    out.add(new Token(new String(value, StandardCharsets.ISO_8859_1), value, true));
                } else {
                    int start = i;
                    while (i < to && b[i] != ' ' && b[i] != '\t' && b[i] != '\n' && b[i] != '\r' && b[i] != ';'
                            && b[i] != '"' && b[i] != '{') {
                        i++;
                    }
                    String word = new String(b, start, i - start, StandardCharsets.ISO_8859_1);
                    out.add(new Token(word, word.getBytes(StandardCharsets.ISO_8859_1), false));
                }
            }
            return out;
        }

        /** Decodes a quoted string from after its opening quote; returns the offset after the closing quote. */
        private static int quoted(byte[] b, int i, int to, ByteArrayOutputStream out) {
            while (i < to) {
                byte c = b[i++];
                if (c == '"') {
                    return i;
                }
                if (c != '\\' || i >= to) {
                    out.write(c);
                    continue;
                }
                byte e = b[i++];
                if (e >= '0' && e <= '7') {
                    int v = e - '0';
                    for (int n = 0; n < 2 && i < to && b[i] >= '0' && b[i] <= '7'; n++) {
                        v = v * 8 + (b[i++] - '0');
                    }
                    out.write(v & 0xFF);
                } else {
                    out.write(switch (e) {
                        case 'n' -> '\n';
                        case 't' -> '\t';
                        case 'r' -> '\r';
                        default -> e;
                    });
                }
            }
            throw new DhcpEventException("quoted string", "not closed before the end of the statement");
        }
    }
}
