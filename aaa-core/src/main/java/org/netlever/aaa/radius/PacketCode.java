package org.netlever.aaa.radius;

/**
 * The Code field of a RADIUS packet (RFC 2865 section 3, RFC 2866, RFC 5176, RFC 5997).
 *
 * <p>An <em>open</em> set of constants, in the manner of netty's {@code DnsRecordType}: the codes netlever uses have
 * named constants, and {@link #valueOf(int)} returns a value for every code 0 to 255, so a packet with a code netlever
 * has no name for is still represented (a server then drops it as unsupported and counts it). Two codes are equal when
 * their numbers are.
 *
 * <p>Instances are immutable and thread-safe; {@code valueOf} never allocates.
 */
public final class PacketCode implements Comparable<PacketCode> {

    /** Access-Request, RFC 2865. */
    public static final PacketCode ACCESS_REQUEST = new PacketCode(1, "Access-Request", true);
    /** Access-Accept, RFC 2865. */
    public static final PacketCode ACCESS_ACCEPT = new PacketCode(2, "Access-Accept", true);
    /** Access-Reject, RFC 2865. */
    public static final PacketCode ACCESS_REJECT = new PacketCode(3, "Access-Reject", true);
    /** Accounting-Request, RFC 2866. */
    public static final PacketCode ACCOUNTING_REQUEST = new PacketCode(4, "Accounting-Request", true);
    /** Accounting-Response, RFC 2866. */
    public static final PacketCode ACCOUNTING_RESPONSE = new PacketCode(5, "Accounting-Response", true);
    /** Access-Challenge, RFC 2865. */
    public static final PacketCode ACCESS_CHALLENGE = new PacketCode(11, "Access-Challenge", true);
    /** Status-Server, RFC 5997. */
    public static final PacketCode STATUS_SERVER = new PacketCode(12, "Status-Server", true);
    /** Status-Client, RFC 2865 (reserved, never answered). */
    public static final PacketCode STATUS_CLIENT = new PacketCode(13, "Status-Client", true);
    /** Disconnect-Request, RFC 5176. */
    public static final PacketCode DISCONNECT_REQUEST = new PacketCode(40, "Disconnect-Request", true);
    /** Disconnect-ACK, RFC 5176. */
    public static final PacketCode DISCONNECT_ACK = new PacketCode(41, "Disconnect-ACK", true);
    /** Disconnect-NAK, RFC 5176. */
    public static final PacketCode DISCONNECT_NAK = new PacketCode(42, "Disconnect-NAK", true);
    /** CoA-Request, RFC 5176. */
    public static final PacketCode COA_REQUEST = new PacketCode(43, "CoA-Request", true);
    /** CoA-ACK, RFC 5176. */
    public static final PacketCode COA_ACK = new PacketCode(44, "CoA-ACK", true);
    /** CoA-NAK, RFC 5176. */
    public static final PacketCode COA_NAK = new PacketCode(45, "CoA-NAK", true);

    private static final PacketCode[] BY_VALUE = new PacketCode[256];

    static {
        for (PacketCode known : new PacketCode[] {ACCESS_REQUEST, ACCESS_ACCEPT, ACCESS_REJECT, ACCOUNTING_REQUEST,
                ACCOUNTING_RESPONSE, ACCESS_CHALLENGE, STATUS_SERVER, STATUS_CLIENT, DISCONNECT_REQUEST,
                DISCONNECT_ACK, DISCONNECT_NAK, COA_REQUEST, COA_ACK, COA_NAK}) {
            BY_VALUE[known.value] = known;
        }
        for (int value = 0; value < BY_VALUE.length; value++) {
            if (BY_VALUE[value] == null) {
                BY_VALUE[value] = new PacketCode(value, "Code-" + value, false);
            }
        }
    }

    private final int value;
    private final String name;
    private final boolean known;

    private PacketCode(int value, String name, boolean known) {
        this.value = value;
        this.name = name;
        this.known = known;
    }

    /**
     * The constant for a code; unnamed codes get a generic name ({@code Code-200}).
     *
     * @param value the code, 0 to 255
     * @return the code, never {@code null}
     * @throws RadiusException if the value is not 0 to 255
     */
    public static PacketCode valueOf(int value) {
        if (value < 0 || value > 255) {
            throw new RadiusException("a RADIUS packet code is one octet (0 to 255), got " + value);
        }
        return BY_VALUE[value];
    }

    /**
     * The numeric code.
     *
     * @return 0 to 255
     */
    public int value() {
        return value;
    }

    /**
     * The RFC name, e.g. {@code Access-Request}; {@code Code-<n>} for codes without a constant.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Whether netlever has a named constant for this code.
     *
     * @return {@code true} for a named constant
     */
    public boolean isKnown() {
        return known;
    }

    /**
     * Whether this code is a request a client sends (as opposed to a reply).
     *
     * @return {@code true} for Access-Request, Accounting-Request, Status-Server, Status-Client, Disconnect-Request
     *     and CoA-Request
     */
    public boolean isRequest() {
        return value == 1 || value == 4 || value == 12 || value == 13 || value == 40 || value == 43;
    }

    /**
     * Whether the Request Authenticator of this request is computed like an Accounting-Request's (RFC 2866 section 3,
     * RFC 5176 section 3.5) rather than random (Access-Request, Status-Server).
     *
     * @return {@code true} for Accounting-Request, Disconnect-Request and CoA-Request
     */
    public boolean hasComputedRequestAuthenticator() {
        return value == 4 || value == 40 || value == 43;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PacketCode other && other.value == value;
    }

    @Override
    public int hashCode() {
        return value;
    }

    @Override
    public int compareTo(PacketCode other) {
        return Integer.compare(value, other.value);
    }

    /**
     * The name and number, e.g. {@code Access-Request(1)}.
     *
     * @return a readable form
     */
    @Override
    public String toString() {
        return name + "(" + value + ")";
    }
}
