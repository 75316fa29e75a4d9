package org.netlever.aaa.radius;

import java.util.Objects;

/**
 * What a {@link RadiusDictionary} says about one attribute: its name, type and data type, whether it is hidden on the
 * wire. Enumerated value names are looked up through {@link RadiusDictionary#valueName(AttributeType, long)}.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param name the name, e.g. {@code Acct-Status-Type}
 * @param type the attribute type
 * @param dataType how the value is encoded
 * @param hidden whether the value is encrypted with the shared secret on the wire (User-Password)
 */
public record AttributeDefinition(String name, AttributeType type, DataType dataType, boolean hidden) {

    /**
     * Checks that nothing is missing.
     */
    public AttributeDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(dataType, "dataType");
    }

    /**
     * The data types of FreeRADIUS dictionaries that netlever distinguishes.
     *
     * <p>Thread-safe (an enum).
     */
    public enum DataType {
        /** UTF-8 text. */
        STRING,
        /** Raw octets, written as {@code 0x…} hex. */
        OCTETS,
        /** A 32-bit unsigned number, possibly with named values. */
        INTEGER,
        /** Seconds since 1970-01-01 UTC, 32 bits. */
        DATE,
        /** An IPv4 address. */
        IPADDR,
        /** An IPv6 address. */
        IPV6ADDR,
        /** An IPv6 prefix. */
        IPV6PREFIX,
        /** A 64-bit unsigned number. */
        INTEGER64,
        /** Any other FreeRADIUS type (ether, ifid, tlv, …): treated as octets. */
        OTHER;

        /**
         * The data type for a FreeRADIUS dictionary type name.
         *
         * @param freeRadiusName e.g. {@code string}, {@code integer}, {@code ipaddr}
         * @return the data type; {@link #OTHER} for names netlever does not distinguish
         */
        public static DataType of(String freeRadiusName) {
            return switch (freeRadiusName.toLowerCase(java.util.Locale.ROOT)) {
                case "string" -> STRING;
                case "octets" -> OCTETS;
                case "integer" -> INTEGER;
                case "date" -> DATE;
                case "ipaddr" -> IPADDR;
                case "ipv6addr" -> IPV6ADDR;
                case "ipv6prefix" -> IPV6PREFIX;
                case "integer64" -> INTEGER64;
                default -> OTHER;
            };
        }
    }
}
