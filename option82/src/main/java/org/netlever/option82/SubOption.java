package org.netlever.option82;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One sub-option of the Relay Agent Information option: a {@linkplain SubOptionCode code} and a value of 0 to 255
 * bytes.
 *
 * <p>The value is never exposed for writing: {@link #value()} returns a copy, and the readers {@link #length()},
 * {@link #unsignedByte(int)}, {@link #unsignedShort(int)}, {@link #ascii(int, int)} and {@link #regionMatches} read
 * it in place, which is what decoders on the hot path use.
 *
 * <p>Instances are immutable and thread-safe. Two sub-options are equal when their codes and values are.
 */
public final class SubOption {

    /** The largest value a sub-option can carry: its length is one octet. */
    public static final int MAX_LENGTH = 255;

    private static final HexFormat HEX = HexFormat.of();

    private final SubOptionCode code;
    private final byte[] bytes;
    private final int offset;
    private final int length;

    /** Wraps a range of an array the caller will never modify again (the parser's own copy of its input). */
    SubOption(SubOptionCode code, byte[] bytes, int offset, int length) {
        this.code = code;
        this.bytes = bytes;
        this.offset = offset;
        this.length = length;
    }

    /**
     * A sub-option with a copy of {@code value}.
     *
     * @param code the code
     * @param value 0 to 255 bytes
     * @return the sub-option
     * @throws Option82Exception if the value is longer than 255 bytes
     */
    public static SubOption of(SubOptionCode code, byte[] value) {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(value, "value");
        checkLength(code, value.length);
        return new SubOption(code, value.clone(), 0, value.length);
    }

    /**
     * A sub-option with a copy of {@code value}.
     *
     * @param code the code, 0 to 255
     * @param value 0 to 255 bytes
     * @return the sub-option
     * @throws Option82Exception if the code or the length is out of range
     */
    public static SubOption of(int code, byte[] value) {
        return of(SubOptionCode.valueOf(code), value);
    }

    /**
     * A sub-option whose value is the US-ASCII text, as text-format circuit-ids carry it.
     *
     * @param code the code
     * @param text printable US-ASCII, at most 255 characters
     * @return the sub-option
     * @throws Option82Exception if the text has a character outside US-ASCII or is too long
     */
    public static SubOption ofAscii(SubOptionCode code, String text) {
        Objects.requireNonNull(text, "text");
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) > 0x7F) {
                throw new Option82ParseException(code.name() + " text", i, "character '" + text.charAt(i)
                        + "' is not US-ASCII");
            }
        }
        byte[] value = text.getBytes(StandardCharsets.US_ASCII);
        checkLength(code, value.length);
        return new SubOption(code, value, 0, value.length);
    }

    private static void checkLength(SubOptionCode code, int length) {
        if (length > MAX_LENGTH) {
            throw new Option82Exception(code + " value of " + length + " bytes exceeds the 255 a sub-option can carry");
        }
    }

    /**
     * The sub-option code.
     *
     * @return the code
     */
    public SubOptionCode code() {
        return code;
    }

    /**
     * The value, copied.
     *
     * @return a fresh array of {@link #length()} bytes
     */
    public byte[] value() {
        return Arrays.copyOfRange(bytes, offset, offset + length);
    }

    /**
     * The number of value bytes.
     *
     * @return 0 to 255
     */
    public int length() {
        return length;
    }

    /**
     * The value byte at {@code index}, unsigned.
     *
     * @param index 0 to {@code length() - 1}
     * @return 0 to 255
     * @throws IndexOutOfBoundsException if {@code index} is outside the value
     */
    public int unsignedByte(int index) {
        Objects.checkIndex(index, length);
        return bytes[offset + index] & 0xFF;
    }

    /**
     * The big-endian 16-bit value at {@code index}, unsigned.
     *
     * @param index 0 to {@code length() - 2}
     * @return 0 to 65535
     * @throws IndexOutOfBoundsException if the two bytes are not both inside the value
     */
    public int unsignedShort(int index) {
        Objects.checkFromIndexSize(index, 2, length);
        return ((bytes[offset + index] & 0xFF) << 8) | (bytes[offset + index + 1] & 0xFF);
    }

    /**
     * The big-endian 32-bit value at {@code index}, unsigned.
     *
     * @param index 0 to {@code length() - 4}
     * @return 0 to 4294967295
     * @throws IndexOutOfBoundsException if the four bytes are not all inside the value
     */
    public long unsignedInt(int index) {
        Objects.checkFromIndexSize(index, 4, length);
        return ((long) unsignedShort(index) << 16) | unsignedShort(index + 2);
    }

    /**
     * The MAC address in the six bytes at {@code index}.
     *
     * @param index 0 to {@code length() - 6}
     * @return the address
     * @throws IndexOutOfBoundsException if the six bytes are not all inside the value
     */
    public MacAddress macAddress(int index) {
        Objects.checkFromIndexSize(index, MacAddress.LENGTH, length);
        return MacAddress.of(bytes, offset + index);
    }

    /**
     * Whether the value, from {@code index}, starts with the given bytes.
     *
     * @param index where to start comparing in the value
     * @param expected the bytes to look for
     * @return {@code true} if all of {@code expected} is there
     */
    public boolean regionMatches(int index, byte[] expected) {
        if (index < 0 || index > length - expected.length) {
            return false;
        }
        return Arrays.equals(bytes, offset + index, offset + index + expected.length, expected, 0, expected.length);
    }

    /**
     * Whether every value byte is printable US-ASCII (0x20 to 0x7E). An empty value is not printable.
     *
     * @return {@code true} for non-empty printable text
     */
    public boolean isPrintableAscii() {
        if (length == 0) {
            return false;
        }
        for (int i = offset; i < offset + length; i++) {
            if (bytes[i] < 0x20 || bytes[i] > 0x7E) {
                return false;
            }
        }
        return true;
    }

    /**
     * A range of the value as text, each byte one ISO-8859-1 character (so no byte is lost or replaced).
     *
     * @param index the first byte
     * @param count how many bytes
     * @return the text
     * @throws IndexOutOfBoundsException if the range is not inside the value
     */
    public String ascii(int index, int count) {
        Objects.checkFromIndexSize(index, count, length);
        return new String(bytes, offset + index, count, StandardCharsets.ISO_8859_1);
    }

    /**
     * The whole value as text, each byte one ISO-8859-1 character.
     *
     * @return the text
     */
    public String ascii() {
        return ascii(0, length);
    }

    /**
     * The value as lower-case hex digits without separators.
     *
     * @return the hex text, empty for an empty value
     */
    public String toHex() {
        return HEX.formatHex(bytes, offset, offset + length);
    }

    /** Appends code, length and value to {@code out} at {@code at}; returns the position after them. */
    int writeTo(byte[] out, int at) {
        out[at] = (byte) code.code();
        out[at + 1] = (byte) length;
        System.arraycopy(bytes, offset, out, at + 2, length);
        return at + 2 + length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SubOption other && other.code.equals(code)
                && Arrays.equals(bytes, offset, offset + length, other.bytes, other.offset, other.offset + other.length);
    }

    @Override
    public int hashCode() {
        int h = code.hashCode();
        for (int i = offset; i < offset + length; i++) {
            h = 31 * h + bytes[i];
        }
        return h;
    }

    /**
     * The code and the value in hex, e.g. {@code circuit-id(1)=0004000a0105}.
     *
     * @return a readable form
     */
    @Override
    public String toString() {
        return code + "=" + toHex();
    }
}
