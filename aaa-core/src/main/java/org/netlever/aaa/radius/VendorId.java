package org.netlever.aaa.radius;

import java.util.Map;

/**
 * An SMI Private Enterprise Number as used in the RADIUS Vendor-Specific attribute (RFC 2865 section 5.26).
 *
 * <p>An <em>open</em> set of constants: the vendors netlever's curated dictionary describes have named constants, and
 * {@link #valueOf(int)} accepts any 32-bit number, so attributes of vendors netlever does not know are kept. Two ids
 * are equal when their numbers are.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class VendorId implements Comparable<VendorId> {

    /** Cisco Systems (9): {@code Cisco-AVPair} and the {@code h323-*} voice attributes. */
    public static final VendorId CISCO = new VendorId(9, "Cisco");
    /** Eltex (35265): {@code Eltex-AVPair} and ECSS/SMG attributes. */
    public static final VendorId ELTEX = new VendorId(35265, "Eltex");

    private static final Map<Integer, VendorId> KNOWN = Map.of(CISCO.number, CISCO, ELTEX.number, ELTEX);

    private final int number;
    private final String name;

    private VendorId(int number, String name) {
        this.number = number;
        this.name = name;
    }

    /**
     * The id for a number; unknown numbers get the name {@code Vendor-<n>}.
     *
     * @param number the enterprise number, 1 to 2<sup>24</sup>-1 in practice; any positive {@code int} is accepted
     * @return the id
     * @throws RadiusException if the number is not positive
     */
    public static VendorId valueOf(int number) {
        VendorId known = KNOWN.get(number);
        if (known != null) {
            return known;
        }
        if (number <= 0) {
            throw new RadiusException("a vendor id is a positive enterprise number, got " + number);
        }
        return new VendorId(number, "Vendor-" + number);
    }

    /**
     * The enterprise number.
     *
     * @return the number
     */
    public int number() {
        return number;
    }

    /**
     * The vendor's name as FreeRADIUS dictionaries spell it, or {@code Vendor-<n>}.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VendorId other && other.number == number;
    }

    @Override
    public int hashCode() {
        return number;
    }

    @Override
    public int compareTo(VendorId other) {
        return Integer.compare(number, other.number);
    }

    /**
     * The name and number, e.g. {@code Cisco(9)}.
     *
     * @return a readable form
     */
    @Override
    public String toString() {
        return name + "(" + number + ")";
    }
}
