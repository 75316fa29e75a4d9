package org.netlever.option82;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.StringJoiner;

/**
 * The DHCP Relay Agent Information option (option 82, RFC 3046): the ordered sub-options a relay agent — usually
 * the access switch — adds to a client's request.
 *
 * <h2>Parsing</h2>
 * {@link #parse(byte[])} takes the option with its {@code 52 LL} header or the bare payload;
 * {@link #parseOption(byte[])} and {@link #parsePayload(byte[])} insist on one of the two. Every sub-option is kept,
 * in order, including codes netlever has no name for and repeated codes. The TLV structure is checked strictly: a
 * sub-option whose length overruns the data, a code octet with no length octet after it, bytes after the declared
 * option length, or an option with no sub-options is an {@link Option82ParseException} naming the byte offset in the
 * input as given — never an {@code ArrayIndexOutOfBoundsException}. {@link #parse(String)} reads every textual form
 * that reaches billing (see {@link TextForm}).
 *
 * <h2>Typed access</h2>
 * Circuit-id (1) and remote-id (2) come back as {@link SubOption}s, as their layout is vendor-specific (see
 * {@link Option82Decoders}). Sub-options whose layout an RFC fixes are read into types: link-selection (5),
 * subscriber-id (6), vendor-specific (9), server-id-override (11), relay-port (19) and VSS (151). Their content is
 * checked when it is read, not when the option is parsed, so a malformed sub-option billing does not use never
 * rejects an otherwise good request; a malformed one that is read throws {@link Option82ParseException} with the
 * sub-option's offset.
 *
 * <p>Instances are immutable and thread-safe. Two are equal when they hold equal sub-options in the same order.
 */
public final class RelayAgentInformation {

    /** The DHCP option code of Relay Agent Information. */
    public static final int OPTION_CODE = 82;

    private static final HexFormat HEX = HexFormat.of();

    private final SubOption[] subOptions;
    /** Offset, in the input this was parsed from, of the first sub-option's code octet (0 if built, not parsed). */
    private final int sourceOffset;

    private RelayAgentInformation(SubOption[] subOptions, int sourceOffset) {
        this.subOptions = subOptions;
        this.sourceOffset = sourceOffset;
    }

    // ---------------------------------------------------------------------------------------------------- factories

    /**
     * Parses the option with or without its {@code 52 LL} header. The header is assumed when the first byte is 82,
     * a code no sub-option is assigned; use {@link #parsePayload(byte[])} to read a payload that starts with an
     * unassigned sub-option 82.
     *
     * @param bytes the option or its payload
     * @return the parsed option
     * @throws Option82ParseException if the bytes are not a well-formed option, naming the offset
     */
    public static RelayAgentInformation parse(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length > 0 && (bytes[0] & 0xFF) == OPTION_CODE) {
            return parseOption(bytes);
        }
        return parsePayload(bytes);
    }

    /**
     * Parses the whole option: code 82, a length octet, and exactly that many bytes of sub-options.
     *
     * @param bytes the option, header included
     * @return the parsed option
     * @throws Option82ParseException if the header is missing or wrong, the length overruns the input, bytes follow
     *     the declared length, or the payload is malformed
     */
    public static RelayAgentInformation parseOption(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length < 2) {
            throw new Option82ParseException("option header", bytes.length,
                    "the option needs a code and a length octet, the input has " + bytes.length + " byte(s)");
        }
        if ((bytes[0] & 0xFF) != OPTION_CODE) {
            throw new Option82ParseException("option code", 0, "expected 82 (0x52), found " + (bytes[0] & 0xFF));
        }
        int declared = bytes[1] & 0xFF;
        int remaining = bytes.length - 2;
        if (declared > remaining) {
            throw new Option82ParseException("option length", 1,
                    "length " + declared + " overruns the " + remaining + " byte(s) that follow");
        }
        if (declared < remaining) {
            throw new Option82ParseException("option", 2 + declared,
                    (remaining - declared) + " trailing byte(s) after the declared length of " + declared);
        }
        return decode(bytes, 2, declared);
    }

    /**
     * Parses a bare payload: the sub-option TLVs without the option's code and length.
     *
     * @param bytes the payload
     * @return the parsed option
     * @throws Option82ParseException if the payload is empty or a TLV is truncated or overruns
     */
    public static RelayAgentInformation parsePayload(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        return decode(bytes, 0, bytes.length);
    }

    /**
     * Parses a bare payload held in part of a larger buffer, such as a DHCP packet. Error offsets are indexes into
     * {@code buffer}.
     *
     * @param buffer the buffer
     * @param offset where the payload starts
     * @param length how many bytes it has
     * @return the parsed option
     * @throws Option82ParseException if the payload is empty or a TLV is truncated or overruns
     * @throws IndexOutOfBoundsException if the range is not inside the buffer
     */
    public static RelayAgentInformation parsePayload(byte[] buffer, int offset, int length) {
        Objects.requireNonNull(buffer, "buffer");
        Objects.checkFromIndexSize(offset, length, buffer.length);
        return decode(buffer, offset, length);
    }

    /**
     * Parses the option from text in any {@linkplain TextForm form} that reaches billing, with or without the
     * header: dhcpd's {@code 1:6:0:4:0:a:1:5:...}, Kea's {@code 0x0106...}, plain hex, or a quoted string.
     *
     * @param text the option as text
     * @return the parsed option
     * @throws Option82ParseException if the text is in no accepted form, or the bytes are malformed
     */
    public static RelayAgentInformation parse(String text) {
        return parse(TextForm.decodeAny(text));
    }

    /**
     * An option holding the given sub-options, in order.
     *
     * @param subOptions at least one sub-option
     * @return the option
     * @throws Option82Exception if the list is empty
     */
    public static RelayAgentInformation of(List<SubOption> subOptions) {
        Objects.requireNonNull(subOptions, "subOptions");
        SubOption[] copy = subOptions.toArray(new SubOption[0]);
        if (copy.length == 0) {
            throw new Option82Exception("relay agent information needs at least one sub-option (RFC 3046)");
        }
        for (SubOption s : copy) {
            Objects.requireNonNull(s, "sub-option");
        }
        return new RelayAgentInformation(copy, 0);
    }

    /**
     * An option holding the given sub-options, in order.
     *
     * @param subOptions at least one sub-option
     * @return the option
     * @throws Option82Exception if there is none
     */
    public static RelayAgentInformation of(SubOption... subOptions) {
        return of(Arrays.asList(subOptions));
    }

    /**
     * An option with a circuit-id and a remote-id — what most access switches send, and what ISC dhcpd and Kea hand
     * to scripts as two separate values.
     *
     * @param circuitId the circuit-id value
     * @param remoteId the remote-id value
     * @return the option
     * @throws Option82Exception if either value is over 255 bytes
     */
    public static RelayAgentInformation of(byte[] circuitId, byte[] remoteId) {
        return of(SubOption.of(SubOptionCode.CIRCUIT_ID, circuitId), SubOption.of(SubOptionCode.REMOTE_ID, remoteId));
    }

    private static RelayAgentInformation decode(byte[] src, int start, int length) {
        if (length == 0) {
            throw new Option82ParseException("relay agent information", start,
                    "no sub-options; RFC 3046 requires at least one");
        }
        int end = start + length;
        int count = 0;
        for (int p = start; p < end; ) {
            SubOptionCode code = SubOptionCode.valueOf(src[p] & 0xFF);
            if (p + 1 == end) {
                throw new Option82ParseException("sub-option " + code, p,
                        "truncated: the code octet has no length octet after it");
            }
            int len = src[p + 1] & 0xFF;
            int remaining = end - p - 2;
            if (len > remaining) {
                throw new Option82ParseException("sub-option " + code, p + 1,
                        "length " + len + " overruns the " + remaining + " byte(s) that remain");
            }
            count++;
            p += 2 + len;
        }
        byte[] copy = Arrays.copyOfRange(src, start, end);
        SubOption[] subs = new SubOption[count];
        int p = 0;
        for (int i = 0; i < count; i++) {
            int len = copy[p + 1] & 0xFF;
            subs[i] = new SubOption(SubOptionCode.valueOf(copy[p] & 0xFF), copy, p + 2, len);
            p += 2 + len;
        }
        return new RelayAgentInformation(subs, start);
    }

    // ------------------------------------------------------------------------------------------------ generic access

    /**
     * Every sub-option, in the order they came.
     *
     * @return an unmodifiable list, never empty
     */
    public List<SubOption> subOptions() {
        return List.of(subOptions);
    }

    /**
     * The first sub-option with the code.
     *
     * @param code the code
     * @return the sub-option, or empty if there is none
     */
    public Optional<SubOption> find(SubOptionCode code) {
        int i = indexOf(code);
        return i < 0 ? Optional.empty() : Optional.of(subOptions[i]);
    }

    /**
     * Every sub-option with the code, in order. RFC 3046 does not forbid repeats, and some relays repeat
     * vendor-specific blocks.
     *
     * @param code the code
     * @return an unmodifiable list, possibly empty
     */
    public List<SubOption> findAll(SubOptionCode code) {
        List<SubOption> out = new ArrayList<>(2);
        for (SubOption s : subOptions) {
            if (s.code().equals(code)) {
                out.add(s);
            }
        }
        return List.copyOf(out);
    }

    /**
     * Whether a sub-option with the code is present.
     *
     * @param code the code
     * @return {@code true} if at least one is
     */
    public boolean contains(SubOptionCode code) {
        return indexOf(code) >= 0;
    }

    private int indexOf(SubOptionCode code) {
        Objects.requireNonNull(code, "code");
        for (int i = 0; i < subOptions.length; i++) {
            if (subOptions[i].code().code() == code.code()) {
                return i;
            }
        }
        return -1;
    }

    /** Offset of sub-option {@code index}'s code octet in the input this was parsed from. */
    private int offsetOf(int index) {
        int p = sourceOffset;
        for (int i = 0; i < index; i++) {
            p += 2 + subOptions[i].length();
        }
        return p;
    }

    // -------------------------------------------------------------------------------------------------- typed access

    /**
     * The Agent Circuit ID (sub-option 1): where on the relay the request came in. Its layout is vendor-specific;
     * decode it with an {@link Option82Decoder}.
     *
     * @return the sub-option, or empty if absent
     */
    public Optional<SubOption> circuitId() {
        return find(SubOptionCode.CIRCUIT_ID);
    }

    /**
     * The Agent Remote ID (sub-option 2): which relay it is, usually the switch MAC in some vendor layout.
     *
     * @return the sub-option, or empty if absent
     */
    public Optional<SubOption> remoteId() {
        return find(SubOptionCode.REMOTE_ID);
    }

    /**
     * The Link Selection address (sub-option 5, RFC 3527): the subnet the server should allocate from.
     *
     * @return the address, or empty if absent
     * @throws Option82ParseException if the sub-option is not 4 bytes long
     */
    public Optional<Inet4Address> linkSelection() {
        return ipv4(SubOptionCode.LINK_SELECTION);
    }

    /**
     * The Server Identifier Override address (sub-option 11, RFC 5107).
     *
     * @return the address, or empty if absent
     * @throws Option82ParseException if the sub-option is not 4 bytes long
     */
    public Optional<Inet4Address> serverIdOverride() {
        return ipv4(SubOptionCode.SERVER_ID_OVERRIDE);
    }

    private Optional<Inet4Address> ipv4(SubOptionCode code) {
        int i = indexOf(code);
        if (i < 0) {
            return Optional.empty();
        }
        SubOption s = subOptions[i];
        if (s.length() != 4) {
            throw new Option82ParseException("sub-option " + code, offsetOf(i) + 1,
                    "an IPv4 address has 4 bytes, the sub-option has " + s.length());
        }
        try {
            return Optional.of((Inet4Address) InetAddress.getByAddress(s.value()));
        } catch (UnknownHostException impossible) {
            throw new AssertionError("four bytes are always an IPv4 address", impossible);
        }
    }

    /**
     * The Subscriber-ID (sub-option 6, RFC 3993): an NVT ASCII identifier the relay was configured with.
     *
     * @return the identifier, or empty if absent
     * @throws Option82ParseException if the sub-option is empty or holds a byte outside US-ASCII
     */
    public Optional<String> subscriberId() {
        int i = indexOf(SubOptionCode.SUBSCRIBER_ID);
        if (i < 0) {
            return Optional.empty();
        }
        SubOption s = subOptions[i];
        int at = offsetOf(i);
        if (s.length() == 0) {
            throw new Option82ParseException("sub-option " + SubOptionCode.SUBSCRIBER_ID, at + 1,
                    "a subscriber-id has at least one octet (RFC 3993)");
        }
        for (int b = 0; b < s.length(); b++) {
            if (s.unsignedByte(b) > 0x7F) {
                throw new Option82ParseException("sub-option " + SubOptionCode.SUBSCRIBER_ID, at + 2 + b,
                        "byte 0x" + Integer.toHexString(s.unsignedByte(b)) + " is not NVT ASCII");
            }
        }
        return Optional.of(s.ascii());
    }

    /**
     * The vendor blocks of every Vendor-Specific Information sub-option (code 9, RFC 4243), in order. Each
     * sub-option holds one or more blocks of enterprise number (4 octets), data length (1 octet) and data.
     *
     * @return an unmodifiable list, empty if there is no such sub-option
     * @throws Option82ParseException if a block is truncated or its data length overruns the sub-option
     */
    public List<VendorSpecificInformation> vendorSpecific() {
        List<VendorSpecificInformation> out = new ArrayList<>(1);
        for (int i = 0; i < subOptions.length; i++) {
            SubOption s = subOptions[i];
            if (!s.code().equals(SubOptionCode.VENDOR_SPECIFIC)) {
                continue;
            }
            int base = offsetOf(i) + 2;
            int p = 0;
            while (p < s.length()) {
                if (s.length() - p < 5) {
                    throw new Option82ParseException("sub-option " + SubOptionCode.VENDOR_SPECIFIC, base + p,
                            "truncated vendor block: enterprise number and data length need 5 bytes, "
                                    + (s.length() - p) + " remain");
                }
                long enterprise = s.unsignedInt(p);
                int dataLength = s.unsignedByte(p + 4);
                int remaining = s.length() - p - 5;
                if (dataLength > remaining) {
                    throw new Option82ParseException("sub-option " + SubOptionCode.VENDOR_SPECIFIC, base + p + 4,
                            "vendor data length " + dataLength + " overruns the " + remaining + " byte(s) that remain");
                }
                byte[] data = new byte[dataLength];
                for (int b = 0; b < dataLength; b++) {
                    data[b] = (byte) s.unsignedByte(p + 5 + b);
                }
                out.add(new VendorSpecificInformation(enterprise, data));
                p += 5 + dataLength;
            }
        }
        return List.copyOf(out);
    }

    /**
     * Whether the relay sent the Relay Source Port sub-option (code 19, RFC 8357): it listens on a port other than
     * 67 and wants replies sent to the UDP source port of its request.
     *
     * @return {@code true} if the sub-option is present
     */
    public boolean relayPortRequested() {
        return contains(SubOptionCode.RELAY_PORT);
    }

    /**
     * The downstream source port in the Relay Source Port sub-option (code 19). RFC 8357 defines the DHCPv4
     * sub-option with no value — the port is the request's UDP source port, and ISC and Kea send it empty — but some
     * option tables (Kea's definition, Wireshark) give it a 16-bit port, so a 2-byte value is read too.
     *
     * @return the port when the sub-option carries one, else empty (also when the sub-option is absent)
     * @throws Option82ParseException if the sub-option is neither empty nor 2 bytes
     */
    public OptionalInt relaySourcePort() {
        int i = indexOf(SubOptionCode.RELAY_PORT);
        if (i < 0) {
            return OptionalInt.empty();
        }
        SubOption s = subOptions[i];
        if (s.length() == 0) {
            return OptionalInt.empty();
        }
        if (s.length() != 2) {
            throw new Option82ParseException("sub-option " + SubOptionCode.RELAY_PORT, offsetOf(i) + 1,
                    "a relay-port sub-option is empty or holds a 2-byte port, this one has " + s.length() + " bytes");
        }
        return OptionalInt.of(s.unsignedShort(0));
    }

    /**
     * The Virtual Subnet Selection sub-option (code 151, RFC 6607): the VPN the client is in.
     *
     * @return the selection, or empty if absent
     * @throws Option82ParseException if the sub-option is empty or its information does not fit its type
     */
    public Optional<VirtualSubnetSelection> virtualSubnetSelection() {
        int i = indexOf(SubOptionCode.VIRTUAL_SUBNET_SELECTION);
        if (i < 0) {
            return Optional.empty();
        }
        SubOption s = subOptions[i];
        if (s.length() == 0) {
            throw new Option82ParseException("sub-option " + SubOptionCode.VIRTUAL_SUBNET_SELECTION, offsetOf(i) + 1,
                    "a VSS sub-option holds at least its type octet");
        }
        byte[] value = s.value();
        try {
            return Optional.of(new VirtualSubnetSelection(value[0] & 0xFF, Arrays.copyOfRange(value, 1, value.length)));
        } catch (Option82Exception e) {
            throw new Option82ParseException("sub-option " + SubOptionCode.VIRTUAL_SUBNET_SELECTION, offsetOf(i) + 2,
                    e.getMessage());
        }
    }

    // ------------------------------------------------------------------------------------------------------ encoding

    /**
     * The sub-option TLVs, without the option header.
     *
     * @return a fresh array
     */
    public byte[] toPayload() {
        int size = 0;
        for (SubOption s : subOptions) {
            size += 2 + s.length();
        }
        byte[] out = new byte[size];
        int p = 0;
        for (SubOption s : subOptions) {
            p = s.writeTo(out, p);
        }
        return out;
    }

    /**
     * The whole option, {@code 52 LL} header included.
     *
     * @return a fresh array
     * @throws Option82Exception if the payload is over 255 bytes and so needs RFC 3396 long-option splitting, which
     *     is the DHCP encoder's business
     */
    public byte[] toOption() {
        byte[] payload = toPayload();
        if (payload.length > 255) {
            throw new Option82Exception("the payload has " + payload.length
                    + " bytes; a single option carries at most 255 (split it per RFC 3396)");
        }
        byte[] out = new byte[payload.length + 2];
        out[0] = (byte) OPTION_CODE;
        out[1] = (byte) payload.length;
        System.arraycopy(payload, 0, out, 2, payload.length);
        return out;
    }

    /**
     * The payload as lower-case hex digits.
     *
     * @return the hex text
     */
    public String toHex() {
        return HEX.formatHex(toPayload());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RelayAgentInformation other && Arrays.equals(other.subOptions, subOptions);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(subOptions);
    }

    /**
     * The sub-options in order, e.g. {@code RelayAgentInformation[circuit-id(1)=0004000a0105, remote-id(2)=...]}.
     *
     * @return a readable form
     */
    @Override
    public String toString() {
        StringJoiner j = new StringJoiner(", ", "RelayAgentInformation[", "]");
        for (SubOption s : subOptions) {
            j.add(s.toString());
        }
        return j.toString();
    }
}
