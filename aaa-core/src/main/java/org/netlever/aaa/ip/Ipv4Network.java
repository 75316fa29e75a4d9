package org.netlever.aaa.ip;

import java.util.Objects;

/**
 * An IPv4 network in CIDR form, {@code 198.51.100.0/24}: an address whose host bits are zero and a prefix length.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param address the network address (host bits zero)
 * @param prefixLength 0 to 32
 */
public record Ipv4Network(Ipv4Address address, int prefixLength) {

    /**
     * Validates the prefix length and that the host bits are zero.
     *
     * @throws IpPoolException if either is wrong
     */
    public Ipv4Network {
        Objects.requireNonNull(address, "address");
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IpPoolException("a prefix length is 0 to 32, got " + prefixLength);
        }
        if ((address.bits() & ~mask(prefixLength)) != 0) {
            throw new IpPoolException(address + "/" + prefixLength + " has host bits set; the network is "
                    + new Ipv4Address(address.bits() & mask(prefixLength)) + "/" + prefixLength);
        }
    }

    /**
     * Parses {@code a.b.c.d/len}.
     *
     * @param text the CIDR text
     * @return the network
     * @throws IpAddressFormatException if the address or the length is malformed
     * @throws IpPoolException if host bits are set
     */
    public static Ipv4Network parse(String text) {
        Objects.requireNonNull(text, "text");
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IpAddressFormatException(text, text.length(), "expected '/' and a prefix length");
        }
        String length = text.substring(slash + 1);
        if (length.isEmpty() || length.length() > 2 || !length.chars().allMatch(Character::isDigit)
                || Integer.parseInt(length) > 32) {
            throw new IpAddressFormatException(text, slash + 1, "expected a prefix length 0 to 32");
        }
        return new Ipv4Network(Ipv4Address.parse(text.substring(0, slash)), Integer.parseInt(length));
    }

    private static int mask(int prefixLength) {
        return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
    }

    /**
     * Whether the address is in this network.
     *
     * @param ip the address
     * @return {@code true} if its network bits match
     */
    public boolean contains(Ipv4Address ip) {
        return (ip.bits() & mask(prefixLength)) == address.bits();
    }

    /**
     * The last address of the network (the broadcast address for prefixes below 31).
     *
     * @return the last address
     */
    public Ipv4Address last() {
        return new Ipv4Address(address.bits() | ~mask(prefixLength));
    }

    /**
     * CIDR text.
     *
     * @return e.g. {@code 198.51.100.0/24}
     */
    @Override
    public String toString() {
        return address + "/" + prefixLength;
    }
}
