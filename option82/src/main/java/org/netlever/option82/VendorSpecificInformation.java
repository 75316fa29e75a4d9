package org.netlever.option82;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One vendor's block in the Vendor-Specific Information sub-option (code 9, RFC 4243): an IANA enterprise number
 * and up to 255 bytes of data whose layout that vendor defines.
 *
 * <p>Instances are immutable and thread-safe; {@link #data()} returns a copy.
 *
 * @param enterpriseNumber the IANA Private Enterprise Number, 0 to 2<sup>32</sup>-1 (9 is Cisco, 35265 Eltex)
 * @param data the vendor's data, 0 to 255 bytes
 */
public record VendorSpecificInformation(long enterpriseNumber, byte[] data) {

    /**
     * Validates the enterprise number and length, and copies the data.
     *
     * @throws Option82Exception if the enterprise number is not 32-bit unsigned or the data is over 255 bytes
     */
    public VendorSpecificInformation {
        if (enterpriseNumber < 0 || enterpriseNumber > 0xFFFF_FFFFL) {
            throw new Option82Exception("an enterprise number is 32-bit unsigned, got " + enterpriseNumber);
        }
        Objects.requireNonNull(data, "data");
        if (data.length > 255) {
            throw new Option82Exception("vendor-specific data of " + data.length + " bytes exceeds 255");
        }
        data = data.clone();
    }

    /**
     * The vendor's data, copied.
     *
     * @return a fresh array
     */
    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VendorSpecificInformation other && other.enterpriseNumber == enterpriseNumber
                && Arrays.equals(other.data, data);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(enterpriseNumber) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "VendorSpecificInformation[enterprise=" + enterpriseNumber + ", data=" + HexFormat.of().formatHex(data)
                + "]";
    }
}
