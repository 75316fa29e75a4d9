package org.netlever.aaa.radius;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import org.netlever.aaa.ip.Ipv4Address;

/**
 * One RADIUS attribute: its type and its value octets, without the type and length header.
 *
 * <p>Vendor-Specific attributes (type 26) are flattened: a {@code Cisco-AVPair} inside a Vendor-Specific attribute is
 * the attribute {@code (AttributeType.CISCO_AVPAIR, "key=value")}; the encoder wraps each vendor attribute in its own
 * Vendor-Specific attribute, as RFC 2865 section 5.26 recommends. Only a Vendor-Specific attribute whose content cannot
 * be split into vendor attributes (a vendor with a different sub-attribute format) is kept whole, as type 26 with the
 * vendor id first.
 *
 * <p>The value is kept as octets; the {@code as…} readers interpret it as RFC 2865's data types and reject a value
 * of the wrong length with a {@link RadiusFormatException}. Values are at least one octet (RFC 2865 section 5: the
 * Length field is 3 or more).
 *
 * <p>Instances are immutable and thread-safe: the value is copied in and out.
 *
 * @param type the attribute type
 * @param value the value octets, 1 to {@link AttributeType#maxValueLength()} of them
 */
public record RadiusAttribute(AttributeType type, byte[] value) {

    private static final HexFormat HEX = HexFormat.of();

    /**
     * Copies the value and checks its length.
     *
     * @throws RadiusFormatException if the value is empty or too long for one attribute
     */
    public RadiusAttribute {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
        if (value.length == 0) {
            throw new RadiusFormatException(type.name() + ": an attribute value has at least one octet");
        }
        int max = type.equals(AttributeType.VENDOR_SPECIFIC) ? 253 : type.maxValueLength();
        if (value.length > max) {
            throw new RadiusFormatException(type.name() + ": the value is " + value.length
                    + " octets, one attribute carries at most " + max);
        }
        value = value.clone();
    }

    /**
     * A text attribute, encoded as UTF-8.
     *
     * @param type the type
     * @param text the text, not empty
     * @return the attribute
     * @throws RadiusFormatException if the text is empty or too long
     */
    public static RadiusAttribute ofString(AttributeType type, String text) {
        Objects.requireNonNull(text, "text");
        return new RadiusAttribute(type, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * An {@code integer} attribute: a 32-bit unsigned number, big-endian.
     *
     * @param type the type
     * @param number 0 to 4294967295
     * @return the attribute
     * @throws RadiusFormatException if the number does not fit 32 unsigned bits
     */
    public static RadiusAttribute ofInteger(AttributeType type, long number) {
        if (number < 0 || number > 0xffff_ffffL) {
            throw new RadiusFormatException(type.name() + ": an integer attribute holds 0 to 4294967295, got "
                    + number);
        }
        return new RadiusAttribute(type, ByteBuffer.allocate(4).putInt((int) number).array());
    }

    /**
     * An {@code ipaddr} attribute.
     *
     * @param type the type
     * @param address the address
     * @return the attribute
     */
    public static RadiusAttribute ofIpv4(AttributeType type, Ipv4Address address) {
        Objects.requireNonNull(address, "address");
        return new RadiusAttribute(type, ByteBuffer.allocate(4).putInt(address.bits()).array());
    }

    /**
     * A {@code date} attribute: seconds since 1970-01-01 UTC in 32 unsigned bits (RFC 2865 section 5; e.g.
     * Event-Timestamp). Fractions of a second are dropped.
     *
     * @param type the type
     * @param time the time, between 1970 and 2106
     * @return the attribute
     * @throws RadiusFormatException if the time is outside the 32-bit range
     */
    public static RadiusAttribute ofTime(AttributeType type, Instant time) {
        Objects.requireNonNull(time, "time");
        return ofInteger(type, time.getEpochSecond());
    }

    /**
     * An {@code octets} attribute.
     *
     * @param type the type
     * @param octets the value
     * @return the attribute
     */
    public static RadiusAttribute ofOctets(AttributeType type, byte[] octets) {
        return new RadiusAttribute(type, octets);
    }

    /**
     * An AV-pair attribute such as {@code Cisco-AVPair} or {@code Eltex-AVPair}.
     *
     * @param type the type
     * @param pair the pair
     * @return the attribute holding {@code key=value}
     */
    public static RadiusAttribute ofAvPair(AttributeType type, AvPair pair) {
        return ofString(type, pair.toString());
    }

    /**
     * A copy of the value octets.
     *
     * @return the value
     */
    @Override
    public byte[] value() {
        return value.clone();
    }

    /**
     * Copies the value into an array, for encoders that assemble a packet without a copy per attribute.
     *
     * @param destination where to
     * @param offset where in it the value starts
     * @return how many octets were copied, {@link #length()}
     * @throws IndexOutOfBoundsException if the value does not fit there
     */
    public int copyValueTo(byte[] destination, int offset) {
        System.arraycopy(value, 0, destination, offset, value.length);
        return value.length;
    }

    /**
     * How many octets the value has.
     *
     * @return 1 to 253
     */
    public int length() {
        return value.length;
    }

    /**
     * The value as UTF-8 text. Octets that are not valid UTF-8 are rejected rather than silently replaced.
     *
     * @return the text
     * @throws RadiusFormatException if the value is not valid UTF-8
     */
    public String asString() {
        // Most text attributes (User-Name, Calling-Station-Id, AV-pairs) are ASCII: ASCII is valid UTF-8 and decodes
        // to the same characters, without a decoder per call.
        boolean ascii = true;
        for (byte b : value) {
            if (b < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return new String(value, StandardCharsets.US_ASCII);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new RadiusFormatException(type.name() + ": the value is not UTF-8 text (0x" + HEX.formatHex(value)
                    + ")");
        }
    }

    /**
     * The value as an unsigned 32-bit {@code integer}.
     *
     * @return 0 to 4294967295
     * @throws RadiusFormatException if the value is not four octets
     */
    public long asInteger() {
        if (value.length != 4) {
            throw new RadiusFormatException(type.name() + ": an integer attribute has 4 octets, this one has "
                    + value.length);
        }
        return ByteBuffer.wrap(value).getInt() & 0xffff_ffffL;
    }

    /**
     * The value as an {@code ipaddr}.
     *
     * @return the address
     * @throws RadiusFormatException if the value is not four octets
     */
    public Ipv4Address asIpv4() {
        if (value.length != 4) {
            throw new RadiusFormatException(type.name() + ": an IPv4 address attribute has 4 octets, this one has "
                    + value.length);
        }
        return new Ipv4Address(ByteBuffer.wrap(value).getInt());
    }

    /**
     * The value as a {@code date}: seconds since 1970-01-01 UTC.
     *
     * @return the time
     * @throws RadiusFormatException if the value is not four octets
     */
    public Instant asTime() {
        return Instant.ofEpochSecond(asInteger());
    }

    /**
     * The value as a {@code key=value} pair.
     *
     * @return the pair
     * @throws RadiusFormatException if the value is not UTF-8 or has no separator
     */
    public AvPair asAvPair() {
        return AvPair.parse(asString());
    }

    /**
     * Whether the value equals the given octets, compared in constant time.
     *
     * @param octets the octets to compare with
     * @return {@code true} if equal
     */
    public boolean valueEquals(byte[] octets) {
        return java.security.MessageDigest.isEqual(value, octets);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RadiusAttribute other && other.type.equals(type) && Arrays.equals(other.value, value);
    }

    @Override
    public int hashCode() {
        return type.hashCode() * 31 + Arrays.hashCode(value);
    }

    /**
     * The type and a readable value: printable UTF-8 text in quotes, anything else in hex. Hidden values
     * (User-Password, Message-Authenticator) are never printed.
     *
     * @return e.g. {@code User-Name(1)="alice"}
     */
    @Override
    public String toString() {
        if (type.equals(AttributeType.USER_PASSWORD) || type.equals(AttributeType.MESSAGE_AUTHENTICATOR)
                || type.equals(AttributeType.CHAP_PASSWORD)) {
            return type + "=<hidden>";
        }
        return type + "=" + printable(value);
    }

    static String printable(byte[] value) {
        boolean text = true;
        for (byte b : value) {
            if ((b >= 0 && b < 0x20) || b == 0x7f) {
                text = false;
                break;
            }
        }
        if (text) {
            String s = new String(value, StandardCharsets.UTF_8);
            if (!s.contains("\uFFFD")) {
                return "\"" + s + "\"";
            }
        }
        return "0x" + HEX.formatHex(value);
    }
}
