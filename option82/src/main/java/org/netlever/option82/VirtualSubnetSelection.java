package org.netlever.option82;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * The Virtual Subnet Selection sub-option (code 151, RFC 6607): which VPN the client belongs to.
 *
 * <p>The type octet says how to read the information: {@value #TYPE_NVT_ASCII} an NVT ASCII VPN identifier (a VRF
 * name), {@value #TYPE_VPN_ID} an RFC 2685 VPN-ID (3-octet OUI and 4-octet index), {@value #TYPE_GLOBAL} the global,
 * default VPN with no information. Other types are kept as they came.
 *
 * <p>Instances are immutable and thread-safe; {@link #information()} returns a copy.
 *
 * @param type the VSS type octet, 0 to 255
 * @param information the VSS information that follows the type
 */
public record VirtualSubnetSelection(int type, byte[] information) {

    /** Type 0: the information is an NVT ASCII VPN identifier. */
    public static final int TYPE_NVT_ASCII = 0;
    /** Type 1: the information is an RFC 2685 VPN-ID, 7 octets. */
    public static final int TYPE_VPN_ID = 1;
    /** Type 255: the global, default VPN; no information. */
    public static final int TYPE_GLOBAL = 255;

    /**
     * Validates the type against the information length and copies the information.
     *
     * @throws Option82Exception if the type is not an octet, a VPN-ID is not 7 octets, the global VPN carries
     *     information, or the whole does not fit in a sub-option
     */
    public VirtualSubnetSelection {
        if (type < 0 || type > 255) {
            throw new Option82Exception("a VSS type is one octet, got " + type);
        }
        Objects.requireNonNull(information, "information");
        if (information.length > 254) {
            throw new Option82Exception("VSS information of " + information.length + " bytes exceeds 254");
        }
        if (type == TYPE_VPN_ID && information.length != 7) {
            throw new Option82Exception("a type-1 VSS (RFC 2685 VPN-ID) has 7 octets of information, got "
                    + information.length);
        }
        if (type == TYPE_GLOBAL && information.length != 0) {
            throw new Option82Exception("a type-255 VSS (global VPN) has no information, got " + information.length
                    + " bytes");
        }
        information = information.clone();
    }

    /**
     * The information after the type octet, copied.
     *
     * @return a fresh array
     */
    @Override
    public byte[] information() {
        return information.clone();
    }

    /**
     * Whether this selects the global, default VPN.
     *
     * @return {@code true} for type 255
     */
    public boolean isGlobal() {
        return type == TYPE_GLOBAL;
    }

    /**
     * The VPN name, for type 0.
     *
     * @return the NVT ASCII identifier, or empty for other types
     */
    public Optional<String> vpnName() {
        return type == TYPE_NVT_ASCII ? Optional.of(new String(information, StandardCharsets.US_ASCII))
                : Optional.empty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VirtualSubnetSelection other && other.type == type
                && Arrays.equals(other.information, information);
    }

    @Override
    public int hashCode() {
        return type * 31 + Arrays.hashCode(information);
    }

    @Override
    public String toString() {
        return "VirtualSubnetSelection[type=" + type + ", information=" + HexFormat.of().formatHex(information) + "]";
    }
}
