package org.netlever.aaa.ip;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * An IPv4 address as a value: 32 bits, compared as unsigned numbers, printed in dotted-quad form.
 *
 * <p>Unlike {@link InetAddress}, it never resolves a name and carries no host name. {@link #parse(CharSequence)}
 * accepts exactly four decimal octets 0–255 without leading zeros (so {@code 010.0.0.1} — octal to some tools — is
 * rejected rather than misread).
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param bits the address, most significant octet first, as a signed {@code int}
 */
public record Ipv4Address(int bits) implements Comparable<Ipv4Address> {

    /**
     * Parses a dotted quad.
     *
     * @param text e.g. {@code 198.51.100.7}
     * @return the address
     * @throws IpAddressFormatException if the text is not exactly four octets
     */
    public static Ipv4Address parse(CharSequence text) {
        Objects.requireNonNull(text, "text");
        int n = text.length();
        int bits = 0;
        int i = 0;
        for (int octet = 0; octet < 4; octet++) {
            int start = i;
            int value = 0;
            while (i < n && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
                if (i - start == 3) {
                    throw new IpAddressFormatException(text, i, "an octet has at most three digits");
                }
                value = value * 10 + (text.charAt(i) - '0');
                i++;
            }
            if (i == start) {
                throw new IpAddressFormatException(text, i, i < n ? "expected a digit, found '" + text.charAt(i) + "'"
                        : "expected 4 octets, the text ends after " + octet);
            }
            if (i - start > 1 && text.charAt(start) == '0') {
                throw new IpAddressFormatException(text, start, "an octet has no leading zeros");
            }
            if (value > 255) {
                throw new IpAddressFormatException(text, start, "octet " + value + " is above 255");
            }
            bits = (bits << 8) | value;
            if (octet < 3) {
                if (i >= n || text.charAt(i) != '.') {
                    throw new IpAddressFormatException(text, i, "expected '.' after octet " + (octet + 1));
                }
                i++;
            }
        }
        if (i != n) {
            throw new IpAddressFormatException(text, i, "unexpected text after the fourth octet");
        }
        return new Ipv4Address(bits);
    }

    /**
     * The address of an {@link Inet4Address}.
     *
     * @param address the address
     * @return the value
     */
    public static Ipv4Address of(Inet4Address address) {
        byte[] b = address.getAddress();
        return new Ipv4Address(((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF));
    }

    /**
     * The address with this unsigned 32-bit value, as databases store it.
     *
     * @param value 0 to 4294967295
     * @return the address
     * @throws IllegalArgumentException if the value is out of range
     */
    public static Ipv4Address ofUnsigned(long value) {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("an IPv4 address is 0 to 4294967295, got " + value);
        }
        return new Ipv4Address((int) value);
    }

    /**
     * The address as an unsigned 32-bit value.
     *
     * @return 0 to 4294967295
     */
    public long toUnsigned() {
        return Integer.toUnsignedLong(bits);
    }

    /**
     * The address as an {@link Inet4Address}, without any name lookup.
     *
     * @return the address
     */
    public Inet4Address toInetAddress() {
        try {
            return (Inet4Address) InetAddress.getByAddress(new byte[] {(byte) (bits >>> 24), (byte) (bits >>> 16),
                    (byte) (bits >>> 8), (byte) bits});
        } catch (UnknownHostException impossible) {
            throw new AssertionError("four bytes are always an IPv4 address", impossible);
        }
    }

    /**
     * The address {@code n} after this one.
     *
     * @param n how far, may be negative
     * @return the address
     * @throws IllegalArgumentException if the result leaves the IPv4 space
     */
    public Ipv4Address plus(long n) {
        return ofUnsigned(toUnsigned() + n);
    }

    /**
     * Orders addresses as unsigned numbers: {@code 10.0.0.1 < 192.0.2.1}.
     *
     * @param other the other address
     * @return negative, zero or positive
     */
    @Override
    public int compareTo(Ipv4Address other) {
        return Integer.compareUnsigned(bits, other.bits);
    }

    /**
     * The dotted quad.
     *
     * @return e.g. {@code 198.51.100.7}
     */
    @Override
    public String toString() {
        return (bits >>> 24) + "." + ((bits >>> 16) & 0xFF) + "." + ((bits >>> 8) & 0xFF) + "." + (bits & 0xFF);
    }
}
