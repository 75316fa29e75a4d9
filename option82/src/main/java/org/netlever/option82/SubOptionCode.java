package org.netlever.option82;

/**
 * The code of a Relay Agent Information sub-option, as registered by IANA ("DHCP Relay Agent Sub-Option Codes").
 *
 * <p>An <em>open</em> set of constants, in the manner of netty's {@code DnsRecordType}: the sub-options netlever
 * knows have named constants, and {@link #valueOf(int)} returns a value for every code 0 to 255, so a sub-option
 * with an unassigned or vendor-private code is kept, not rejected. Two codes are equal when their numbers are.
 *
 * <p>Instances are immutable and thread-safe; {@code valueOf} never allocates.
 */
public final class SubOptionCode implements Comparable<SubOptionCode> {

    /** Agent Circuit ID, RFC 3046: the port (and usually VLAN) the request came in on. */
    public static final SubOptionCode CIRCUIT_ID = new SubOptionCode(1, "circuit-id", true);
    /** Agent Remote ID, RFC 3046: the relay agent itself, usually the switch MAC. */
    public static final SubOptionCode REMOTE_ID = new SubOptionCode(2, "remote-id", true);
    /** DOCSIS Device Class, RFC 3256. */
    public static final SubOptionCode DOCSIS_DEVICE_CLASS = new SubOptionCode(4, "docsis-device-class", true);
    /** Link Selection, RFC 3527: an IPv4 address of the subnet the client is on. */
    public static final SubOptionCode LINK_SELECTION = new SubOptionCode(5, "link-selection", true);
    /** Subscriber-ID, RFC 3993: an NVT ASCII subscriber identifier. */
    public static final SubOptionCode SUBSCRIBER_ID = new SubOptionCode(6, "subscriber-id", true);
    /** RADIUS Attributes, RFC 4014. */
    public static final SubOptionCode RADIUS_ATTRIBUTES = new SubOptionCode(7, "radius-attributes", true);
    /** Authentication, RFC 4030. */
    public static final SubOptionCode AUTHENTICATION = new SubOptionCode(8, "authentication", true);
    /** Vendor-Specific Information, RFC 4243: enterprise number and data, repeated. */
    public static final SubOptionCode VENDOR_SPECIFIC = new SubOptionCode(9, "vendor-specific", true);
    /** Relay Agent Flags, RFC 5010. */
    public static final SubOptionCode RELAY_AGENT_FLAGS = new SubOptionCode(10, "relay-agent-flags", true);
    /** Server Identifier Override, RFC 5107: the IPv4 address the client should use as server identifier. */
    public static final SubOptionCode SERVER_ID_OVERRIDE = new SubOptionCode(11, "server-id-override", true);
    /** Relay Agent Identifier, RFC 6925. */
    public static final SubOptionCode RELAY_AGENT_ID = new SubOptionCode(12, "relay-agent-id", true);
    /** Access-Technology-Type, RFC 7839. */
    public static final SubOptionCode ACCESS_TECHNOLOGY_TYPE = new SubOptionCode(13, "access-technology-type", true);
    /** Access-Network-Name, RFC 7839. */
    public static final SubOptionCode ACCESS_NETWORK_NAME = new SubOptionCode(14, "access-network-name", true);
    /** Access-Point-Name, RFC 7839. */
    public static final SubOptionCode ACCESS_POINT_NAME = new SubOptionCode(15, "access-point-name", true);
    /** Access-Point-BSSID, RFC 7839. */
    public static final SubOptionCode ACCESS_POINT_BSSID = new SubOptionCode(16, "access-point-bssid", true);
    /** Operator-Identifier, RFC 7839. */
    public static final SubOptionCode OPERATOR_ID = new SubOptionCode(17, "operator-id", true);
    /** Operator-Realm, RFC 7839. */
    public static final SubOptionCode OPERATOR_REALM = new SubOptionCode(18, "operator-realm", true);
    /** Relay Source Port, RFC 8357. */
    public static final SubOptionCode RELAY_PORT = new SubOptionCode(19, "relay-port", true);
    /** Virtual Subnet Selection, RFC 6607. */
    public static final SubOptionCode VIRTUAL_SUBNET_SELECTION = new SubOptionCode(151, "vss", true);
    /** Virtual Subnet Selection Control, RFC 6607. */
    public static final SubOptionCode VIRTUAL_SUBNET_SELECTION_CONTROL = new SubOptionCode(152, "vss-control", true);

    private static final SubOptionCode[] BY_CODE = new SubOptionCode[256];

    static {
        for (SubOptionCode known : new SubOptionCode[] {CIRCUIT_ID, REMOTE_ID, DOCSIS_DEVICE_CLASS, LINK_SELECTION,
                SUBSCRIBER_ID, RADIUS_ATTRIBUTES, AUTHENTICATION, VENDOR_SPECIFIC, RELAY_AGENT_FLAGS,
                SERVER_ID_OVERRIDE, RELAY_AGENT_ID, ACCESS_TECHNOLOGY_TYPE, ACCESS_NETWORK_NAME, ACCESS_POINT_NAME,
                ACCESS_POINT_BSSID, OPERATOR_ID, OPERATOR_REALM, RELAY_PORT, VIRTUAL_SUBNET_SELECTION,
                VIRTUAL_SUBNET_SELECTION_CONTROL}) {
            BY_CODE[known.code] = known;
        }
        for (int code = 0; code < BY_CODE.length; code++) {
            if (BY_CODE[code] == null) {
                BY_CODE[code] = new SubOptionCode(code, "sub-option-" + code, false);
            }
        }
    }

    private final int code;
    private final String name;
    private final boolean known;

    private SubOptionCode(int code, String name, boolean known) {
        this.code = code;
        this.name = name;
        this.known = known;
    }

    /**
     * The constant for a code; codes netlever has no name for get a generic one ({@code sub-option-200}).
     *
     * @param code the sub-option code, 0 to 255
     * @return the code, never {@code null}
     * @throws Option82Exception if {@code code} is not 0 to 255
     */
    public static SubOptionCode valueOf(int code) {
        if (code < 0 || code > 255) {
            throw new Option82Exception("a sub-option code is one octet (0 to 255), got " + code);
        }
        return BY_CODE[code];
    }

    /**
     * The numeric code.
     *
     * @return 0 to 255
     */
    public int code() {
        return code;
    }

    /**
     * A short lower-case name, e.g. {@code circuit-id}; for unnamed codes {@code sub-option-<code>}.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Whether the code is one of the registered sub-options netlever has a constant for.
     *
     * @return {@code true} for a named constant
     */
    public boolean isKnown() {
        return known;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SubOptionCode other && other.code == code;
    }

    @Override
    public int hashCode() {
        return code;
    }

    @Override
    public int compareTo(SubOptionCode other) {
        return Integer.compare(code, other.code);
    }

    /**
     * The name and number, e.g. {@code circuit-id(1)}.
     *
     * @return a readable form
     */
    @Override
    public String toString() {
        return name + "(" + code + ")";
    }
}
