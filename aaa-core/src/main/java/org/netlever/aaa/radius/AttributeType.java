package org.netlever.aaa.radius;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The type of a RADIUS attribute: a standard attribute number (RFC 2865 section 5), or a vendor's sub-attribute number
 * inside Vendor-Specific (vendor id and vendor type). netlever flattens Vendor-Specific attributes, so
 * {@code Cisco-AVPair} is simply the type {@code (9, 1)} — see {@link RadiusAttribute}.
 *
 * <p>An <em>open</em> set of constants, in the manner of netty's {@code DnsRecordType}: the attributes netlever uses
 * have named constants (the same names as its curated dictionary and FreeRADIUS's), and {@link #of(int)} and
 * {@link #vendor(int, int)} return a value for every number, so attributes netlever has no name for are kept, not
 * rejected. Two types are equal when their vendor and number are; names do not take part.
 *
 * <p>Instances are immutable and thread-safe; {@link #of(int)} never allocates.
 */
public final class AttributeType implements Comparable<AttributeType> {

    /** {@code User-Name}, standard attribute 1: RFC 2865. */
    public static final AttributeType USER_NAME = new AttributeType(0, 1, "User-Name", true);
    /** {@code User-Password}, standard attribute 2: RFC 2865; hidden with the shared secret on the wire. */
    public static final AttributeType USER_PASSWORD = new AttributeType(0, 2, "User-Password", true);
    /** {@code CHAP-Password}, standard attribute 3: RFC 2865. */
    public static final AttributeType CHAP_PASSWORD = new AttributeType(0, 3, "CHAP-Password", true);
    /** {@code NAS-IP-Address}, standard attribute 4: RFC 2865. */
    public static final AttributeType NAS_IP_ADDRESS = new AttributeType(0, 4, "NAS-IP-Address", true);
    /** {@code NAS-Port}, standard attribute 5: RFC 2865. */
    public static final AttributeType NAS_PORT = new AttributeType(0, 5, "NAS-Port", true);
    /** {@code Service-Type}, standard attribute 6: RFC 2865. */
    public static final AttributeType SERVICE_TYPE = new AttributeType(0, 6, "Service-Type", true);
    /** {@code Framed-Protocol}, standard attribute 7: RFC 2865. */
    public static final AttributeType FRAMED_PROTOCOL = new AttributeType(0, 7, "Framed-Protocol", true);
    /** {@code Framed-IP-Address}, standard attribute 8: RFC 2865. */
    public static final AttributeType FRAMED_IP_ADDRESS = new AttributeType(0, 8, "Framed-IP-Address", true);
    /** {@code Framed-IP-Netmask}, standard attribute 9: RFC 2865. */
    public static final AttributeType FRAMED_IP_NETMASK = new AttributeType(0, 9, "Framed-IP-Netmask", true);
    /** {@code Filter-Id}, standard attribute 11: RFC 2865. */
    public static final AttributeType FILTER_ID = new AttributeType(0, 11, "Filter-Id", true);
    /** {@code Reply-Message}, standard attribute 18: RFC 2865. */
    public static final AttributeType REPLY_MESSAGE = new AttributeType(0, 18, "Reply-Message", true);
    /** {@code State}, standard attribute 24: RFC 2865. */
    public static final AttributeType STATE = new AttributeType(0, 24, "State", true);
    /** {@code Class}, standard attribute 25: RFC 2865. */
    public static final AttributeType CLASS = new AttributeType(0, 25, "Class", true);
    /** {@code Vendor-Specific}, standard attribute 26: RFC 2865; netlever flattens it into vendor attributes and keeps it raw only for vendors it cannot split. */
    public static final AttributeType VENDOR_SPECIFIC = new AttributeType(0, 26, "Vendor-Specific", true);
    /** {@code Session-Timeout}, standard attribute 27: RFC 2865: seconds. */
    public static final AttributeType SESSION_TIMEOUT = new AttributeType(0, 27, "Session-Timeout", true);
    /** {@code Idle-Timeout}, standard attribute 28: RFC 2865: seconds. */
    public static final AttributeType IDLE_TIMEOUT = new AttributeType(0, 28, "Idle-Timeout", true);
    /** {@code Called-Station-Id}, standard attribute 30: RFC 2865. */
    public static final AttributeType CALLED_STATION_ID = new AttributeType(0, 30, "Called-Station-Id", true);
    /** {@code Calling-Station-Id}, standard attribute 31: RFC 2865. */
    public static final AttributeType CALLING_STATION_ID = new AttributeType(0, 31, "Calling-Station-Id", true);
    /** {@code NAS-Identifier}, standard attribute 32: RFC 2865. */
    public static final AttributeType NAS_IDENTIFIER = new AttributeType(0, 32, "NAS-Identifier", true);
    /** {@code Proxy-State}, standard attribute 33: RFC 2865; copied into every reply. */
    public static final AttributeType PROXY_STATE = new AttributeType(0, 33, "Proxy-State", true);
    /** {@code Acct-Status-Type}, standard attribute 40: RFC 2866. */
    public static final AttributeType ACCT_STATUS_TYPE = new AttributeType(0, 40, "Acct-Status-Type", true);
    /** {@code Acct-Delay-Time}, standard attribute 41: RFC 2866: seconds. */
    public static final AttributeType ACCT_DELAY_TIME = new AttributeType(0, 41, "Acct-Delay-Time", true);
    /** {@code Acct-Input-Octets}, standard attribute 42: RFC 2866: low 32 bits. */
    public static final AttributeType ACCT_INPUT_OCTETS = new AttributeType(0, 42, "Acct-Input-Octets", true);
    /** {@code Acct-Output-Octets}, standard attribute 43: RFC 2866: low 32 bits. */
    public static final AttributeType ACCT_OUTPUT_OCTETS = new AttributeType(0, 43, "Acct-Output-Octets", true);
    /** {@code Acct-Session-Id}, standard attribute 44: RFC 2866. */
    public static final AttributeType ACCT_SESSION_ID = new AttributeType(0, 44, "Acct-Session-Id", true);
    /** {@code Acct-Authentic}, standard attribute 45: RFC 2866. */
    public static final AttributeType ACCT_AUTHENTIC = new AttributeType(0, 45, "Acct-Authentic", true);
    /** {@code Acct-Session-Time}, standard attribute 46: RFC 2866: seconds. */
    public static final AttributeType ACCT_SESSION_TIME = new AttributeType(0, 46, "Acct-Session-Time", true);
    /** {@code Acct-Input-Packets}, standard attribute 47: RFC 2866. */
    public static final AttributeType ACCT_INPUT_PACKETS = new AttributeType(0, 47, "Acct-Input-Packets", true);
    /** {@code Acct-Output-Packets}, standard attribute 48: RFC 2866. */
    public static final AttributeType ACCT_OUTPUT_PACKETS = new AttributeType(0, 48, "Acct-Output-Packets", true);
    /** {@code Acct-Terminate-Cause}, standard attribute 49: RFC 2866. */
    public static final AttributeType ACCT_TERMINATE_CAUSE = new AttributeType(0, 49, "Acct-Terminate-Cause", true);
    /** {@code Acct-Multi-Session-Id}, standard attribute 50: RFC 2866. */
    public static final AttributeType ACCT_MULTI_SESSION_ID = new AttributeType(0, 50, "Acct-Multi-Session-Id", true);
    /** {@code Acct-Link-Count}, standard attribute 51: RFC 2866. */
    public static final AttributeType ACCT_LINK_COUNT = new AttributeType(0, 51, "Acct-Link-Count", true);
    /** {@code Acct-Input-Gigawords}, standard attribute 52: RFC 2869: high 32 bits of the input octets. */
    public static final AttributeType ACCT_INPUT_GIGAWORDS = new AttributeType(0, 52, "Acct-Input-Gigawords", true);
    /** {@code Acct-Output-Gigawords}, standard attribute 53: RFC 2869: high 32 bits of the output octets. */
    public static final AttributeType ACCT_OUTPUT_GIGAWORDS = new AttributeType(0, 53, "Acct-Output-Gigawords", true);
    /** {@code Event-Timestamp}, standard attribute 55: RFC 2869: seconds since 1970-01-01 UTC. */
    public static final AttributeType EVENT_TIMESTAMP = new AttributeType(0, 55, "Event-Timestamp", true);
    /** {@code CHAP-Challenge}, standard attribute 60: RFC 2865. */
    public static final AttributeType CHAP_CHALLENGE = new AttributeType(0, 60, "CHAP-Challenge", true);
    /** {@code NAS-Port-Type}, standard attribute 61: RFC 2865. */
    public static final AttributeType NAS_PORT_TYPE = new AttributeType(0, 61, "NAS-Port-Type", true);
    /** {@code Port-Limit}, standard attribute 62: RFC 2865. */
    public static final AttributeType PORT_LIMIT = new AttributeType(0, 62, "Port-Limit", true);
    /** {@code Connect-Info}, standard attribute 77: RFC 2869. */
    public static final AttributeType CONNECT_INFO = new AttributeType(0, 77, "Connect-Info", true);
    /** {@code EAP-Message}, standard attribute 79: RFC 3579. */
    public static final AttributeType EAP_MESSAGE = new AttributeType(0, 79, "EAP-Message", true);
    /** {@code Message-Authenticator}, standard attribute 80: RFC 3579: HMAC-MD5 over the packet. */
    public static final AttributeType MESSAGE_AUTHENTICATOR = new AttributeType(0, 80, "Message-Authenticator", true);
    /** {@code Acct-Interim-Interval}, standard attribute 85: RFC 2869: seconds. */
    public static final AttributeType ACCT_INTERIM_INTERVAL = new AttributeType(0, 85, "Acct-Interim-Interval", true);
    /** {@code NAS-Port-Id}, standard attribute 87: RFC 2869. */
    public static final AttributeType NAS_PORT_ID = new AttributeType(0, 87, "NAS-Port-Id", true);
    /** {@code Error-Cause}, standard attribute 101: RFC 5176. */
    public static final AttributeType ERROR_CAUSE = new AttributeType(0, 101, "Error-Cause", true);
    /** {@code Cisco-AVPair}, Cisco vendor attribute 1: key=value pairs. */
    public static final AttributeType CISCO_AVPAIR = new AttributeType(VendorId.CISCO.number(), 1, "Cisco-AVPair", true);
    /** {@code h323-remote-address}, Cisco vendor attribute 23. */
    public static final AttributeType H323_REMOTE_ADDRESS = new AttributeType(VendorId.CISCO.number(), 23, "h323-remote-address", true);
    /** {@code h323-conf-id}, Cisco vendor attribute 24. */
    public static final AttributeType H323_CONF_ID = new AttributeType(VendorId.CISCO.number(), 24, "h323-conf-id", true);
    /** {@code h323-setup-time}, Cisco vendor attribute 25. */
    public static final AttributeType H323_SETUP_TIME = new AttributeType(VendorId.CISCO.number(), 25, "h323-setup-time", true);
    /** {@code h323-call-origin}, Cisco vendor attribute 26. */
    public static final AttributeType H323_CALL_ORIGIN = new AttributeType(VendorId.CISCO.number(), 26, "h323-call-origin", true);
    /** {@code h323-call-type}, Cisco vendor attribute 27. */
    public static final AttributeType H323_CALL_TYPE = new AttributeType(VendorId.CISCO.number(), 27, "h323-call-type", true);
    /** {@code h323-connect-time}, Cisco vendor attribute 28. */
    public static final AttributeType H323_CONNECT_TIME = new AttributeType(VendorId.CISCO.number(), 28, "h323-connect-time", true);
    /** {@code h323-disconnect-time}, Cisco vendor attribute 29. */
    public static final AttributeType H323_DISCONNECT_TIME = new AttributeType(VendorId.CISCO.number(), 29, "h323-disconnect-time", true);
    /** {@code h323-disconnect-cause}, Cisco vendor attribute 30. */
    public static final AttributeType H323_DISCONNECT_CAUSE = new AttributeType(VendorId.CISCO.number(), 30, "h323-disconnect-cause", true);
    /** {@code h323-voice-quality}, Cisco vendor attribute 31. */
    public static final AttributeType H323_VOICE_QUALITY = new AttributeType(VendorId.CISCO.number(), 31, "h323-voice-quality", true);
    /** {@code h323-gw-id}, Cisco vendor attribute 33. */
    public static final AttributeType H323_GW_ID = new AttributeType(VendorId.CISCO.number(), 33, "h323-gw-id", true);
    /** {@code h323-incoming-conf-id}, Cisco vendor attribute 35. */
    public static final AttributeType H323_INCOMING_CONF_ID = new AttributeType(VendorId.CISCO.number(), 35, "h323-incoming-conf-id", true);
    /** {@code h323-credit-amount}, Cisco vendor attribute 101. */
    public static final AttributeType H323_CREDIT_AMOUNT = new AttributeType(VendorId.CISCO.number(), 101, "h323-credit-amount", true);
    /** {@code h323-credit-time}, Cisco vendor attribute 102. */
    public static final AttributeType H323_CREDIT_TIME = new AttributeType(VendorId.CISCO.number(), 102, "h323-credit-time", true);
    /** {@code h323-return-code}, Cisco vendor attribute 103. */
    public static final AttributeType H323_RETURN_CODE = new AttributeType(VendorId.CISCO.number(), 103, "h323-return-code", true);
    /** {@code h323-prompt-id}, Cisco vendor attribute 104. */
    public static final AttributeType H323_PROMPT_ID = new AttributeType(VendorId.CISCO.number(), 104, "h323-prompt-id", true);
    /** {@code h323-time-and-day}, Cisco vendor attribute 105. */
    public static final AttributeType H323_TIME_AND_DAY = new AttributeType(VendorId.CISCO.number(), 105, "h323-time-and-day", true);
    /** {@code h323-redirect-number}, Cisco vendor attribute 106. */
    public static final AttributeType H323_REDIRECT_NUMBER = new AttributeType(VendorId.CISCO.number(), 106, "h323-redirect-number", true);
    /** {@code h323-preferred-lang}, Cisco vendor attribute 107. */
    public static final AttributeType H323_PREFERRED_LANG = new AttributeType(VendorId.CISCO.number(), 107, "h323-preferred-lang", true);
    /** {@code h323-redirect-ip-address}, Cisco vendor attribute 108. */
    public static final AttributeType H323_REDIRECT_IP_ADDRESS = new AttributeType(VendorId.CISCO.number(), 108, "h323-redirect-ip-address", true);
    /** {@code h323-billing-model}, Cisco vendor attribute 109. */
    public static final AttributeType H323_BILLING_MODEL = new AttributeType(VendorId.CISCO.number(), 109, "h323-billing-model", true);
    /** {@code h323-currency}, Cisco vendor attribute 110. */
    public static final AttributeType H323_CURRENCY = new AttributeType(VendorId.CISCO.number(), 110, "h323-currency", true);
    /** {@code Eltex-AVPair}, Eltex vendor attribute 1: key=value pairs. */
    public static final AttributeType ELTEX_AVPAIR = new AttributeType(VendorId.ELTEX.number(), 1, "Eltex-AVPair", true);
    /** {@code Eltex-Disconnect-Code-Local}, Eltex vendor attribute 11: the local disconnect code. */
    public static final AttributeType ELTEX_DISCONNECT_CODE_LOCAL = new AttributeType(VendorId.ELTEX.number(), 11, "Eltex-Disconnect-Code-Local", true);

    private static final AttributeType[] STANDARD = new AttributeType[256];
    private static final Map<Long, AttributeType> KNOWN_VENDOR = new HashMap<>();
    private static final List<AttributeType> KNOWN;

    static {
        List<AttributeType> known = new ArrayList<>();
        for (AttributeType type : new AttributeType[] {
                USER_NAME, USER_PASSWORD, CHAP_PASSWORD, NAS_IP_ADDRESS, NAS_PORT, SERVICE_TYPE, FRAMED_PROTOCOL,
                FRAMED_IP_ADDRESS, FRAMED_IP_NETMASK, FILTER_ID, REPLY_MESSAGE, STATE, CLASS,
                VENDOR_SPECIFIC, SESSION_TIMEOUT, IDLE_TIMEOUT, CALLED_STATION_ID, CALLING_STATION_ID,
                NAS_IDENTIFIER, PROXY_STATE, ACCT_STATUS_TYPE, ACCT_DELAY_TIME, ACCT_INPUT_OCTETS,
                ACCT_OUTPUT_OCTETS, ACCT_SESSION_ID, ACCT_AUTHENTIC, ACCT_SESSION_TIME,
                ACCT_INPUT_PACKETS, ACCT_OUTPUT_PACKETS, ACCT_TERMINATE_CAUSE, ACCT_MULTI_SESSION_ID,
                ACCT_LINK_COUNT, ACCT_INPUT_GIGAWORDS, ACCT_OUTPUT_GIGAWORDS, EVENT_TIMESTAMP,
                CHAP_CHALLENGE, NAS_PORT_TYPE, PORT_LIMIT, CONNECT_INFO, EAP_MESSAGE,
                MESSAGE_AUTHENTICATOR, ACCT_INTERIM_INTERVAL, NAS_PORT_ID, ERROR_CAUSE, CISCO_AVPAIR,
                H323_REMOTE_ADDRESS, H323_CONF_ID, H323_SETUP_TIME, H323_CALL_ORIGIN, H323_CALL_TYPE,
                H323_CONNECT_TIME, H323_DISCONNECT_TIME, H323_DISCONNECT_CAUSE, H323_VOICE_QUALITY,
                H323_GW_ID, H323_INCOMING_CONF_ID, H323_CREDIT_AMOUNT, H323_CREDIT_TIME,
                H323_RETURN_CODE, H323_PROMPT_ID, H323_TIME_AND_DAY, H323_REDIRECT_NUMBER,
                H323_PREFERRED_LANG, H323_REDIRECT_IP_ADDRESS, H323_BILLING_MODEL, H323_CURRENCY,
                ELTEX_AVPAIR, ELTEX_DISCONNECT_CODE_LOCAL}) {
            known.add(type);
            if (type.vendorId == 0) {
                STANDARD[type.code] = type;
            } else {
                KNOWN_VENDOR.put(key(type.vendorId, type.code), type);
            }
        }
        for (int code = 0; code < STANDARD.length; code++) {
            if (STANDARD[code] == null) {
                STANDARD[code] = new AttributeType(0, code, "Attr-" + code, false);
            }
        }
        KNOWN = Collections.unmodifiableList(known);
    }

    private final int vendorId;
    private final int code;
    private final String name;
    private final boolean known;

    private AttributeType(int vendorId, int code, String name, boolean known) {
        this.vendorId = vendorId;
        this.code = code;
        this.name = name;
        this.known = known;
    }

    private static long key(int vendorId, int code) {
        return ((long) vendorId << 32) | (code & 0xffffffffL);
    }

    /**
     * A standard attribute type.
     *
     * @param code the attribute number, 1 to 255
     * @return the type, a named constant when netlever has one
     * @throws RadiusException if the number is not 1 to 255
     */
    public static AttributeType of(int code) {
        if (code < 1 || code > 255) {
            throw new RadiusException("a RADIUS attribute type is 1 to 255, got " + code);
        }
        return STANDARD[code];
    }

    /**
     * A vendor's sub-attribute type (RFC 2865 section 5.26, the format "one octet type, one octet length" that RFC
     * 2865 recommends and Cisco and Eltex use).
     *
     * @param vendorId the vendor's enterprise number
     * @param code the vendor type, 1 to 255
     * @return the type, a named constant when netlever has one
     * @throws RadiusException if the vendor id is not positive or the type not 1 to 255
     */
    public static AttributeType vendor(int vendorId, int code) {
        if (vendorId <= 0) {
            throw new RadiusException("a vendor id is a positive enterprise number, got " + vendorId);
        }
        if (code < 1 || code > 255) {
            throw new RadiusException("a vendor attribute type is 1 to 255, got " + code + " (vendor " + vendorId + ")");
        }
        AttributeType known = KNOWN_VENDOR.get(key(vendorId, code));
        return known != null ? known : new AttributeType(vendorId, code, "Attr-26." + vendorId + "." + code, false);
    }

    /**
     * A vendor's sub-attribute type.
     *
     * @param vendor the vendor
     * @param code the vendor type, 1 to 255
     * @return the type
     * @throws RadiusException if the type is not 1 to 255
     */
    public static AttributeType vendor(VendorId vendor, int code) {
        return vendor(vendor.number(), code);
    }

    /**
     * Every type netlever has a named constant for, standard ones first.
     *
     * @return an unmodifiable list
     */
    public static List<AttributeType> knownTypes() {
        return KNOWN;
    }

    /**
     * The vendor's enterprise number, or 0 for a standard attribute.
     *
     * @return the vendor id, 0 when standard
     */
    public int vendorId() {
        return vendorId;
    }

    /**
     * Whether this is a standard (not vendor-specific) attribute.
     *
     * @return {@code true} for a standard attribute
     */
    public boolean isStandard() {
        return vendorId == 0;
    }

    /**
     * The attribute number (the vendor type for vendor attributes).
     *
     * @return 1 to 255
     */
    public int code() {
        return code;
    }

    /**
     * The name, as netlever's curated dictionary and FreeRADIUS spell it, e.g. {@code Acct-Session-Id},
     * {@code h323-conf-id}; {@code Attr-<n>} or {@code Attr-26.<vendor>.<n>} (FreeRADIUS's notation) for types
     * netlever has no constant for. A {@link RadiusDictionary} may know more names.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Whether netlever has a named constant for this type.
     *
     * @return {@code true} for a named constant
     */
    public boolean isKnown() {
        return known;
    }

    /**
     * The longest value an attribute of this type can carry in one attribute: 253 octets for a standard attribute, 247
     * for a vendor attribute (the Vendor-Specific header takes six more).
     *
     * @return the maximum value length in octets
     */
    public int maxValueLength() {
        return vendorId == 0 ? 253 : 247;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AttributeType other && other.vendorId == vendorId && other.code == code;
    }

    @Override
    public int hashCode() {
        return vendorId * 31 + code;
    }

    @Override
    public int compareTo(AttributeType other) {
        int byVendor = Integer.compare(vendorId, other.vendorId);
        return byVendor != 0 ? byVendor : Integer.compare(code, other.code);
    }

    /**
     * The name and numbers, e.g. {@code User-Name(1)} or {@code Cisco-AVPair(26.9.1)}.
     *
     * @return a readable form
     */
    @Override
    public String toString() {
        return vendorId == 0 ? name + "(" + code + ")" : name + "(26." + vendorId + "." + code + ")";
    }
}
