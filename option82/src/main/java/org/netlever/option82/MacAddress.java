package org.netlever.option82;

import java.util.Objects;
import java.util.Optional;

import org.netlever.option82.internal.Hex;

/**
 * A 48-bit IEEE 802 MAC address, such as a switch's base MAC carried in the Option 82 remote-id or a DHCP client's
 * hardware address.
 *
 * <p>{@link #parse(CharSequence)} accepts every notation that reaches a billing system:
 * <ul>
 *   <li>colon or hyphen separated octets, {@code 00:1e:58:a1:b2:c3} or {@code 00-1E-58-A1-B2-C3};</li>
 *   <li>unpadded octets as ISC dhcpd prints them, {@code 2:0:0:0:0:1};</li>
 *   <li>three groups of four digits, Cisco {@code 001e.58a1.b2c3} or Huawei / H3C {@code 001e-58a1-b2c3};</li>
 *   <li>twelve hex digits, {@code 001E58A1B2C3}.</li>
 * </ul>
 * Digits are case-insensitive; nothing else (no surrounding blanks, no mixed separators) is accepted. A bad string
 * is rejected with an {@link Option82ParseException} naming the character index.
 *
 * <p>{@link #toString()} prints the canonical lower-case colon form {@code 00:1e:58:a1:b2:c3}; {@link #format(Notation)}
 * prints the others.
 *
 * <p>Instances are immutable and thread-safe; they compare by value, in numeric order.
 *
 * @param value the 48 address bits in the low bits of a {@code long}, first octet most significant
 */
public record MacAddress(long value) implements Comparable<MacAddress> {

    /** Number of octets in a MAC address. */
    public static final int LENGTH = 6;

    private static final long MASK = 0xFFFF_FFFF_FFFFL;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /**
     * How {@link #format(Notation)} writes an address. Every notation uses lower-case digits.
     *
     * <p>Thread-safe (an enum).
     */
    public enum Notation {
        /** {@code 00:1e:58:a1:b2:c3}, the canonical form. */
        COLON,
        /** {@code 00-1e-58-a1-b2-c3}, common in RADIUS {@code Calling-Station-Id}. */
        HYPHEN,
        /** {@code 001e.58a1.b2c3}, as Cisco prints it. */
        DOT,
        /** {@code 001e58a1b2c3}, twelve digits. */
        PLAIN,
        /** {@code 0:1e:58:a1:b2:c3}, unpadded octets as ISC dhcpd's {@code binary-to-ascii(16, 8, ":", ...)} prints. */
        DHCPD
    }

    /**
     * Validates that the value fits in 48 bits.
     *
     * @throws Option82Exception if any bit above the 48th is set
     */
    public MacAddress {
        if ((value & ~MASK) != 0) {
            throw new Option82Exception("mac address value 0x" + Long.toHexString(value) + " does not fit in 48 bits");
        }
    }

    /**
     * The address held by the 48 low bits of {@code value}.
     *
     * @param value the address bits, first octet most significant
     * @return the address
     * @throws Option82Exception if any bit above the 48th is set
     */
    public static MacAddress of(long value) {
        return new MacAddress(value);
    }

    /**
     * The address in six bytes.
     *
     * @param octets exactly six bytes, first octet first
     * @return the address
     * @throws Option82Exception if {@code octets} does not hold exactly six bytes
     */
    public static MacAddress of(byte[] octets) {
        Objects.requireNonNull(octets, "octets");
        if (octets.length != LENGTH) {
            throw new Option82Exception("a mac address has 6 octets, got " + octets.length);
        }
        return of(octets, 0);
    }

    /**
     * The address in the six bytes starting at {@code offset}.
     *
     * @param bytes the buffer
     * @param offset where the first octet is
     * @return the address
     * @throws Option82Exception if fewer than six bytes follow {@code offset}
     */
    public static MacAddress of(byte[] bytes, int offset) {
        Objects.requireNonNull(bytes, "bytes");
        if (offset < 0 || offset > bytes.length - LENGTH) {
            throw new Option82Exception("a mac address needs 6 bytes at offset " + offset + " of a " + bytes.length
                    + "-byte buffer");
        }
        long v = 0;
        for (int i = 0; i < LENGTH; i++) {
            v = (v << 8) | (bytes[offset + i] & 0xFF);
        }
        return new MacAddress(v);
    }

    /**
     * Parses any of the notations listed in the class description.
     *
     * @param text the address text
     * @return the address
     * @throws Option82ParseException if the text is not a MAC address, naming the character index
     */
    public static MacAddress parse(CharSequence text) {
        Objects.requireNonNull(text, "text");
        int n = text.length();
        if (n == 0) {
            throw error(0, "empty string");
        }
        int firstSeparator = 0;
        while (firstSeparator < n && Hex.digit(text.charAt(firstSeparator)) >= 0) {
            firstSeparator++;
        }
        if (firstSeparator == n) {
            if (n != 12) {
                throw error(Math.min(n, 12), "expected 12 hex digits without separators, found " + n);
            }
            return new MacAddress(hexRun(text, 0, 12));
        }
        char separator = text.charAt(firstSeparator);
        if (firstSeparator == 4 && (separator == '.' || separator == '-')) {
            return parseGroupsOfFour(text, separator);
        }
        if (separator == ':' || separator == '-') {
            return parseOctets(text, separator);
        }
        throw error(firstSeparator, "unexpected character '" + text.charAt(firstSeparator) + "'");
    }

    /**
     * Parses like {@link #parse(CharSequence)}, but answers empty instead of throwing — for decoders that test
     * whether a text field holds a MAC at all.
     *
     * @param text the text to try
     * @return the address, or empty if the text is not one
     */
    public static Optional<MacAddress> tryParse(CharSequence text) {
        Objects.requireNonNull(text, "text");
        int n = text.length();
        if (n < 11 || n > 17) {
            return Optional.empty();
        }
        try {
            return Optional.of(parse(text));
        } catch (Option82ParseException notAMac) {
            return Optional.empty();
        }
    }

    private static MacAddress parseGroupsOfFour(CharSequence text, char separator) {
        int n = text.length();
        long v = 0;
        for (int group = 0; group < 3; group++) {
            int start = group * 5;
            for (int i = start; i < start + 4; i++) {
                if (i >= n) {
                    throw error(n, "expected three groups of four hex digits, the text ends early");
                }
                int d = Hex.digit(text.charAt(i));
                if (d < 0) {
                    throw error(i, "expected a hex digit, found '" + text.charAt(i) + "'");
                }
                v = (v << 4) | d;
            }
            int after = start + 4;
            if (group < 2) {
                if (after >= n || text.charAt(after) != separator) {
                    throw error(Math.min(after, n), "expected '" + separator + "' after four hex digits");
                }
            } else if (after != n) {
                throw error(after, "unexpected text after the third group");
            }
        }
        return new MacAddress(v);
    }

    private static MacAddress parseOctets(CharSequence text, char separator) {
        int n = text.length();
        int i = 0;
        long v = 0;
        for (int octet = 0; octet < LENGTH; octet++) {
            int start = i;
            int value = 0;
            while (i < n && Hex.digit(text.charAt(i)) >= 0) {
                if (i - start == 2) {
                    throw error(i, "octet " + (octet + 1) + " has more than two hex digits");
                }
                value = (value << 4) | Hex.digit(text.charAt(i));
                i++;
            }
            if (i == start) {
                throw error(i, i < n ? "expected a hex digit, found '" + text.charAt(i) + "'"
                        : "expected 6 octets, the text ends after " + octet);
            }
            v = (v << 8) | value;
            if (octet < LENGTH - 1) {
                if (i >= n) {
                    throw error(i, "expected 6 octets, the text ends after " + (octet + 1));
                }
                if (text.charAt(i) != separator) {
                    throw error(i, "expected '" + separator + "', found '" + text.charAt(i) + "'");
                }
                i++;
            }
        }
        if (i != n) {
            throw error(i, "unexpected text after the sixth octet");
        }
        return new MacAddress(v);
    }

    private static long hexRun(CharSequence text, int from, int to) {
        long v = 0;
        for (int i = from; i < to; i++) {
            v = (v << 4) | Hex.digit(text.charAt(i));
        }
        return v;
    }


    private static Option82ParseException error(int index, String reason) {
        return new Option82ParseException("mac address", index, reason);
    }

    /**
     * The octet at {@code index}, 0 being the first (most significant).
     *
     * @param index 0 to 5
     * @return the octet as an unsigned value 0 to 255
     * @throws IndexOutOfBoundsException if {@code index} is not 0 to 5
     */
    public int octet(int index) {
        Objects.checkIndex(index, LENGTH);
        return (int) (value >>> (8 * (LENGTH - 1 - index))) & 0xFF;
    }

    /**
     * The six octets, first octet first, in a new array.
     *
     * @return a fresh six-byte array
     */
    public byte[] toBytes() {
        byte[] out = new byte[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            out[i] = (byte) octet(i);
        }
        return out;
    }

    /**
     * The organisationally unique identifier: the first three octets.
     *
     * @return the OUI as a 24-bit value
     */
    public int oui() {
        return (int) (value >>> 24);
    }

    /**
     * Whether the group bit (least significant bit of the first octet) is set.
     *
     * @return {@code true} for multicast and broadcast addresses
     */
    public boolean isMulticast() {
        return (octet(0) & 0x01) != 0;
    }

    /**
     * Whether the locally-administered bit (second-least significant bit of the first octet) is set.
     *
     * @return {@code true} for locally administered addresses
     */
    public boolean isLocallyAdministered() {
        return (octet(0) & 0x02) != 0;
    }

    /**
     * Writes the address in the given notation, lower-case.
     *
     * @param notation the notation
     * @return the text
     */
    public String format(Notation notation) {
        Objects.requireNonNull(notation, "notation");
        StringBuilder out = new StringBuilder(17);
        for (int i = 0; i < LENGTH; i++) {
            int o = octet(i);
            switch (notation) {
                case COLON, HYPHEN -> {
                    if (i > 0) {
                        out.append(notation == Notation.COLON ? ':' : '-');
                    }
                    out.append(HEX[o >> 4]).append(HEX[o & 0xF]);
                }
                case DOT -> {
                    if (i == 2 || i == 4) {
                        out.append('.');
                    }
                    out.append(HEX[o >> 4]).append(HEX[o & 0xF]);
                }
                case PLAIN -> out.append(HEX[o >> 4]).append(HEX[o & 0xF]);
                case DHCPD -> {
                    if (i > 0) {
                        out.append(':');
                    }
                    if (o >= 16) {
                        out.append(HEX[o >> 4]);
                    }
                    out.append(HEX[o & 0xF]);
                }
            }
        }
        return out.toString();
    }

    /**
     * The canonical form, lower-case colon-separated: {@code 00:1e:58:a1:b2:c3}.
     *
     * @return the canonical text
     */
    @Override
    public String toString() {
        return format(Notation.COLON);
    }

    /**
     * Orders addresses numerically, as unsigned 48-bit values.
     *
     * @param other the address to compare with
     * @return negative, zero or positive as this address is lower than, equal to or higher than {@code other}
     */
    @Override
    public int compareTo(MacAddress other) {
        return Long.compare(value, other.value);
    }
}
