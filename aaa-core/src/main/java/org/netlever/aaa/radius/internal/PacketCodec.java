package org.netlever.aaa.radius.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.netlever.aaa.radius.AttributeType;
import org.netlever.aaa.radius.PacketCode;
import org.netlever.aaa.radius.RadiusAttribute;
import org.netlever.aaa.radius.RadiusDictionary;
import org.netlever.aaa.radius.RadiusFormatException;
import org.netlever.aaa.radius.RadiusMessage;
import org.netlever.aaa.radius.RadiusPacket;
import org.tinyradius.core.RadiusPacketException;
import org.tinyradius.core.attribute.AttributeTemplate;
import org.tinyradius.core.attribute.codec.AttributeCodecType;
import org.tinyradius.core.dictionary.Vendor;
import org.tinyradius.core.dictionary.WritableDictionary;

/**
 * The RADIUS wire format: framing with byte offsets in every error, Request and Response Authenticators, and
 * Message-Authenticator placed first (the BlastRADIUS mitigation). User-Password is hidden by {@link UserPassword};
 * other attributes a dictionary marks {@code encrypt=} use tinyradius's RFC 2865 / 2868 codecs; which vendors split
 * into sub-attributes comes from the tinyradius dictionary.
 *
 * <p>Thread-safe: its only changing state is a concurrent cache of the dictionary's answers for vendor attributes.
 */
public final class PacketCodec {

    /** The largest RADIUS packet, RFC 2865 section 3. */
    public static final int MAX_LENGTH = 4096;
    /** The header: Code, Identifier, Length, Authenticator. */
    public static final int HEADER_LENGTH = 20;

    private static final int VENDOR_SPECIFIC = 26;
    private static final int MESSAGE_AUTHENTICATOR = 80;
    private static final int PROXY_STATE = 33;
    private static final byte[] ZERO16 = new byte[16];
    /* Vendor attribute types whose hiding is remembered; beyond this many, the dictionary is asked each time. */
    private static final int VENDOR_HIDING_CACHE_LIMIT = 4096;
    /* assemble's working buffer; the packet is copied out of it, exactly sized. */
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[MAX_LENGTH]);

    private final WritableDictionary dictionary;
    private final AttributeCodecType[] standardHiding = new AttributeCodecType[256];
    private final Map<AttributeType, AttributeCodecType> vendorHiding = new ConcurrentHashMap<>();

    /**
     * A codec that hides and reveals the attributes the dictionary marks as encrypted.
     *
     * @param dictionary the dictionary
     */
    public PacketCodec(RadiusDictionary dictionary) {
        this.dictionary = Dictionaries.load(dictionary.sources());
        for (int code = 1; code < standardHiding.length; code++) {
            standardHiding[code] = lookUpHiding(AttributeType.of(code));
        }
    }

    /**
     * A packet as framed from a datagram, before any authenticator is checked. Hidden attributes are still hidden.
     * Immutable and thread-safe (the raw array is not handed out to be changed).
     *
     * @param raw the packet's octets, exactly {@code Length} of them
     * @param code the code
     * @param identifier the identifier
     * @param attributes the attributes, Vendor-Specific flattened
     * @param messageAuthenticatorOffset where the Message-Authenticator attribute starts, or -1
     * @param proxyState whether the packet carries Proxy-State
     */
    public record Framed(byte[] raw, PacketCode code, int identifier, List<RadiusAttribute> attributes,
            int messageAuthenticatorOffset, boolean proxyState) {

        /**
         * A copy of the Authenticator field.
         *
         * @return 16 octets
         */
        public byte[] authenticator() {
            return Arrays.copyOfRange(raw, 4, 20);
        }

        /**
         * Whether the packet carries Message-Authenticator.
         *
         * @return {@code true} if it does
         */
        public boolean hasMessageAuthenticator() {
            return messageAuthenticatorOffset >= 0;
        }
    }

    /**
     * Frames a datagram: checks the header and every attribute header, flattens Vendor-Specific attributes.
     * Octets after {@code Length} are padding and ignored (RFC 2865 section 3).
     *
     * @param datagram the datagram's octets
     * @param length how many of them were received
     * @return the framed packet
     * @throws RadiusFormatException with the byte offset of the first problem
     */
    public Framed frame(byte[] datagram, int length) {
        if (length < HEADER_LENGTH) {
            throw new RadiusFormatException(0, "a RADIUS packet has a 20-octet header, the datagram has " + length
                    + " octets");
        }
        int declared = ((datagram[2] & 0xff) << 8) | (datagram[3] & 0xff);
        if (declared < HEADER_LENGTH) {
            throw new RadiusFormatException(2, "the Length field says " + declared + ", less than the 20-octet header");
        }
        if (declared > MAX_LENGTH) {
            throw new RadiusFormatException(2, "the Length field says " + declared + ", above the RADIUS maximum of "
                    + MAX_LENGTH);
        }
        if (declared > length) {
            throw new RadiusFormatException(2, "the Length field says " + declared + " but the datagram has only "
                    + length + " octets");
        }
        byte[] raw = Arrays.copyOf(datagram, declared);
        PacketCode code = PacketCode.valueOf(raw[0] & 0xff);
        List<RadiusAttribute> attributes = new ArrayList<>(12);
        int messageAuthenticator = -1;
        boolean proxyState = false;
        int offset = HEADER_LENGTH;
        while (offset < declared) {
            if (declared - offset < 2) {
                throw new RadiusFormatException(offset, "an attribute header needs 2 octets, " + (declared - offset)
                        + " remain");
            }
            int type = raw[offset] & 0xff;
            int attributeLength = raw[offset + 1] & 0xff;
            if (type == 0) {
                throw new RadiusFormatException(offset, "attribute type 0 is not a valid RADIUS attribute");
            }
            if (attributeLength < 3) {
                throw new RadiusFormatException(offset + 1, "attribute " + AttributeType.of(type).name()
                        + " declares length " + attributeLength + "; RFC 2865 section 5 requires at least 3");
            }
            if (offset + attributeLength > declared) {
                throw new RadiusFormatException(offset + 1, "attribute " + AttributeType.of(type).name()
                        + " declares length " + attributeLength + " and runs past the end of the packet at "
                        + declared);
            }
            if (type == MESSAGE_AUTHENTICATOR) {
                if (attributeLength != 18) {
                    throw new RadiusFormatException(offset + 1, "Message-Authenticator has 16 octets, this one "
                            + (attributeLength - 2));
                }
                if (messageAuthenticator >= 0) {
                    throw new RadiusFormatException(offset, "a packet carries at most one Message-Authenticator");
                }
                messageAuthenticator = offset;
            } else if (type == PROXY_STATE) {
                proxyState = true;
            }
            if (type == VENDOR_SPECIFIC) {
                addVendorSpecific(raw, offset, attributeLength, attributes);
            } else {
                attributes.add(new RadiusAttribute(AttributeType.of(type),
                        Arrays.copyOfRange(raw, offset + 2, offset + attributeLength)));
            }
            offset += attributeLength;
        }
        return new Framed(raw, code, raw[1] & 0xff, attributes, messageAuthenticator, proxyState);
    }

    /*
     * Splits a Vendor-Specific attribute into vendor attributes when its vendor uses the RFC 2865 recommended format
     * (one octet type, one octet length) and the content parses exactly; otherwise keeps it whole, as type 26.
     */
    private void addVendorSpecific(byte[] raw, int offset, int attributeLength, List<RadiusAttribute> out) {
        int valueStart = offset + 2;
        int end = offset + attributeLength;
        if (attributeLength < 2 + 4 + 3) {
            out.add(new RadiusAttribute(AttributeType.VENDOR_SPECIFIC, Arrays.copyOfRange(raw, valueStart, end)));
            return;
        }
        int vendorId = ((raw[valueStart] & 0xff) << 24) | ((raw[valueStart + 1] & 0xff) << 16)
                | ((raw[valueStart + 2] & 0xff) << 8) | (raw[valueStart + 3] & 0xff);
        Optional<Vendor> vendor = dictionary.getVendor(vendorId);
        boolean rfcFormat = vendorId > 0 && vendor.map(v -> v.getTypeSize() == 1 && v.getLengthSize() == 1)
                .orElse(true);
        if (rfcFormat && splits(raw, valueStart + 4, end)) {
            int sub = valueStart + 4;
            while (sub < end) {
                int subLength = raw[sub + 1] & 0xff;
                out.add(new RadiusAttribute(AttributeType.vendor(vendorId, raw[sub] & 0xff),
                        Arrays.copyOfRange(raw, sub + 2, sub + subLength)));
                sub += subLength;
            }
        } else {
            out.add(new RadiusAttribute(AttributeType.VENDOR_SPECIFIC, Arrays.copyOfRange(raw, valueStart, end)));
        }
    }

    private static boolean splits(byte[] raw, int start, int end) {
        int sub = start;
        while (sub < end) {
            if (end - sub < 3 || raw[sub] == 0) {
                return false;
            }
            int subLength = raw[sub + 1] & 0xff;
            if (subLength < 3 || sub + subLength > end) {
                return false;
            }
            sub += subLength;
        }
        return true;
    }

    /**
     * Checks the Request Authenticator of an Accounting-Request, CoA-Request or Disconnect-Request: MD5 over the
     * packet with 16 zero octets in its place, followed by the secret (RFC 2866 section 3, RFC 5176 section 2.3).
     *
     * @param packet the framed packet
     * @param secret the shared secret
     * @return {@code true} if it matches
     */
    public boolean verifyRequestAuthenticator(Framed packet, byte[] secret) {
        byte[] copy = packet.raw().clone();
        System.arraycopy(ZERO16, 0, copy, 4, 16);
        byte[] expected = Crypto.md5(copy, 0, copy.length, secret);
        return Crypto.equalsAt(packet.raw(), 4, expected);
    }

    /**
     * Checks a Response Authenticator: MD5 over the reply with the request's authenticator in its place, followed
     * by the secret (RFC 2865 section 3).
     *
     * @param packet the framed reply
     * @param requestAuthenticator the request's authenticator
     * @param secret the shared secret
     * @return {@code true} if it matches
     */
    public boolean verifyResponseAuthenticator(Framed packet, byte[] requestAuthenticator, byte[] secret) {
        byte[] copy = packet.raw().clone();
        System.arraycopy(requestAuthenticator, 0, copy, 4, 16);
        byte[] expected = Crypto.md5(copy, 0, copy.length, secret);
        return Crypto.equalsAt(packet.raw(), 4, expected);
    }

    /**
     * Checks Message-Authenticator (RFC 3579 section 3.2): HMAC-MD5 keyed with the secret over the packet with the
     * attribute's value zeroed and, in the Authenticator field, the given octets — the packet's own authenticator for
     * Access-Request and Status-Server, zeros for Accounting, CoA and Disconnect requests, the request's
     * authenticator for replies.
     *
     * @param packet the framed packet, which must carry Message-Authenticator
     * @param authenticatorField what to put in the Authenticator field
     * @param secret the shared secret
     * @return {@code true} if it matches
     */
    public boolean verifyMessageAuthenticator(Framed packet, byte[] authenticatorField, byte[] secret) {
        int at = packet.messageAuthenticatorOffset();
        if (at < 0) {
            return false;
        }
        byte[] copy = packet.raw().clone();
        System.arraycopy(authenticatorField, 0, copy, 4, 16);
        System.arraycopy(ZERO16, 0, copy, at + 2, 16);
        byte[] expected = Crypto.hmacMd5(secret, copy, 0, copy.length);
        return Crypto.equalsAt(packet.raw(), at + 2, expected);
    }

    /**
     * The authenticator field a packet's Message-Authenticator is computed over, when the packet is a request.
     *
     * @param packet the framed request
     * @return its own authenticator for Access-Request and Status-Server, zeros for the others
     */
    public static byte[] requestMessageAuthenticatorField(Framed packet) {
        return packet.code().hasComputedRequestAuthenticator() ? ZERO16.clone() : packet.authenticator();
    }

    /**
     * Reveals hidden attributes (User-Password and others the dictionary marks) and drops Message-Authenticator,
     * giving the packet a handler sees.
     *
     * @param packet the framed, verified packet
     * @param requestAuthenticator the authenticator hiding used: the packet's own for a request, the request's for a
     *     reply
     * @param secret the shared secret
     * @return the packet
     * @throws RadiusFormatException if a hidden attribute does not decode
     */
    public RadiusPacket reveal(Framed packet, byte[] requestAuthenticator, byte[] secret) {
        List<RadiusAttribute> attributes = new ArrayList<>(packet.attributes().size());
        for (RadiusAttribute attribute : packet.attributes()) {
            AttributeType type = attribute.type();
            if (type.equals(AttributeType.MESSAGE_AUTHENTICATOR)) {
                continue;
            }
            AttributeCodecType hiding = hiding(type);
            if (hiding != AttributeCodecType.NO_ENCRYPT) {
                attribute = new RadiusAttribute(type,
                        nonEmpty(revealed(type, hiding, attribute.value(), requestAuthenticator, secret)));
            }
            attributes.add(attribute);
        }
        return new RadiusPacket(packet.identifier(), packet.authenticator(),
                new RadiusMessage(packet.code(), attributes));
    }

    /* User-Password by UserPassword, the other hidden attributes by tinyradius's codecs. */
    private static byte[] revealed(AttributeType type, AttributeCodecType hiding, byte[] value, byte[] authenticator,
            byte[] secret) {
        try {
            return type.equals(AttributeType.USER_PASSWORD) ? UserPassword.reveal(value, authenticator, secret)
                    : hiding.getCodec().decode(value, authenticator, new String(secret, StandardCharsets.UTF_8));
        } catch (RadiusPacketException | RuntimeException e) {
            throw new RadiusFormatException(type.name() + " does not decode: " + e.getMessage());
        }
    }

    private static byte[] hidden(AttributeType type, AttributeCodecType hiding, byte[] value, byte[] authenticator,
            byte[] secret) {
        try {
            return type.equals(AttributeType.USER_PASSWORD) ? UserPassword.hide(value, authenticator, secret)
                    : hiding.getCodec().encode(value, authenticator, new String(secret, StandardCharsets.UTF_8));
        } catch (RadiusPacketException | IllegalArgumentException e) {
            throw new RadiusFormatException(type.name() + " cannot be hidden: " + e.getMessage());
        }
    }

    private static byte[] nonEmpty(byte[] value) {
        return value.length == 0 ? new byte[1] : value;
    }

    /* How an attribute is hidden: the dictionary's answer, looked up once per type. */
    private AttributeCodecType hiding(AttributeType type) {
        if (type.isStandard()) {
            return standardHiding[type.code()];
        }
        AttributeCodecType known = vendorHiding.get(type);
        if (known != null) {
            return known;
        }
        AttributeCodecType hiding = lookUpHiding(type);
        if (vendorHiding.size() < VENDOR_HIDING_CACHE_LIMIT) {
            vendorHiding.put(type, hiding);
        }
        return hiding;
    }

    private AttributeCodecType lookUpHiding(AttributeType type) {
        if (type.equals(AttributeType.USER_PASSWORD)) {
            return AttributeCodecType.RFC2865_USER_PASSWORD;
        }
        Optional<AttributeTemplate> template = dictionary.getAttributeTemplate(
                type.isStandard() ? -1 : type.vendorId(), type.code());
        return template.map(AttributeTemplate::getCodecType).orElse(AttributeCodecType.NO_ENCRYPT);
    }

    /**
     * Encodes a request. Access-Request and Status-Server get a random authenticator; Accounting-Request,
     * CoA-Request and Disconnect-Request get the computed one. Hidden attributes are hidden with that authenticator.
     * With {@code messageAuthenticator}, Message-Authenticator is the first attribute (Status-Server always has it).
     * A Message-Authenticator in the message itself is ignored.
     *
     * @param message the request
     * @param identifier the Identifier
     * @param secret the shared secret
     * @param messageAuthenticator whether to add Message-Authenticator
     * @return the packet's octets, ready to send and to resend unchanged
     * @throws RadiusFormatException if the packet would exceed 4096 octets
     */
    public byte[] encodeRequest(RadiusMessage message, int identifier, byte[] secret, boolean messageAuthenticator) {
        PacketCode code = message.code();
        boolean computed = code.hasComputedRequestAuthenticator();
        byte[] authenticator = computed ? ZERO16.clone() : Crypto.randomAuthenticator();
        boolean withMa = messageAuthenticator || code.equals(PacketCode.STATUS_SERVER);
        byte[] packet = assemble(message, identifier, authenticator, authenticator, secret, withMa);
        if (withMa) {
            byte[] mac = Crypto.hmacMd5(secret, packet, 0, packet.length);
            System.arraycopy(mac, 0, packet, HEADER_LENGTH + 2, 16);
        }
        if (computed) {
            byte[] requestAuthenticator = Crypto.md5(packet, 0, packet.length, secret);
            System.arraycopy(requestAuthenticator, 0, packet, 4, 16);
        }
        return packet;
    }

    /**
     * Encodes a reply to a request: Response Authenticator over the request's authenticator, hidden attributes hidden
     * with it, and — with {@code messageAuthenticator} — Message-Authenticator as the first attribute. A
     * Message-Authenticator in the message itself is ignored.
     *
     * @param reply the reply
     * @param identifier the request's Identifier
     * @param requestAuthenticator the request's authenticator
     * @param secret the shared secret
     * @param messageAuthenticator whether to add Message-Authenticator
     * @return the packet's octets
     * @throws RadiusFormatException if the packet would exceed 4096 octets
     */
    public byte[] encodeReply(RadiusMessage reply, int identifier, byte[] requestAuthenticator, byte[] secret,
            boolean messageAuthenticator) {
        byte[] packet = assemble(reply, identifier, requestAuthenticator, requestAuthenticator, secret,
                messageAuthenticator);
        if (messageAuthenticator) {
            byte[] mac = Crypto.hmacMd5(secret, packet, 0, packet.length);
            System.arraycopy(mac, 0, packet, HEADER_LENGTH + 2, 16);
        }
        byte[] responseAuthenticator = Crypto.md5(packet, 0, packet.length, secret);
        System.arraycopy(responseAuthenticator, 0, packet, 4, 16);
        return packet;
    }

    /*
     * Header with the given authenticator field, then a zeroed Message-Authenticator if asked for, then the
     * attributes (hidden ones hidden with hidingAuthenticator, vendor ones wrapped in Vendor-Specific).
     */
    private byte[] assemble(RadiusMessage message, int identifier, byte[] authenticatorField,
            byte[] hidingAuthenticator, byte[] secret, boolean messageAuthenticator) {
        if (identifier < 0 || identifier > 255) {
            throw new RadiusFormatException("the Identifier is one octet (0 to 255), got " + identifier);
        }
        byte[] buffer = SCRATCH.get();
        buffer[0] = (byte) message.code().value();
        buffer[1] = (byte) identifier;
        System.arraycopy(authenticatorField, 0, buffer, 4, 16);
        int at = HEADER_LENGTH;
        if (messageAuthenticator) {
            buffer[at] = (byte) MESSAGE_AUTHENTICATOR;
            buffer[at + 1] = 18;
            Arrays.fill(buffer, at + 2, at + 18, (byte) 0);
            at += 18;
        }
        for (RadiusAttribute attribute : message.attributes()) {
            AttributeType type = attribute.type();
            if (type.equals(AttributeType.MESSAGE_AUTHENTICATOR)) {
                continue;
            }
            // Hidden values are computed; the others are copied straight from the attribute, no copy in between.
            AttributeCodecType hiding = hiding(type);
            byte[] value = null;
            int length = attribute.length();
            if (hiding != AttributeCodecType.NO_ENCRYPT) {
                value = hidden(type, hiding, attribute.value(), hidingAuthenticator, secret);
                length = value.length;
                if (length > type.maxValueLength()) {
                    throw new RadiusFormatException(type.name() + " is " + length
                            + " octets once hidden; one attribute carries at most " + type.maxValueLength());
                }
            }
            int needed = type.isStandard() ? 2 + length : 8 + length;
            if (at + needed > MAX_LENGTH) {
                throw new RadiusFormatException(at, "the packet would exceed the RADIUS maximum of " + MAX_LENGTH
                        + " octets when adding " + type.name());
            }
            int valueAt = at + (type.isStandard() ? 2 : 8);
            if (value == null) {
                attribute.copyValueTo(buffer, valueAt);
            } else {
                System.arraycopy(value, 0, buffer, valueAt, length);
            }
            if (type.isStandard()) {
                buffer[at] = (byte) type.code();
                buffer[at + 1] = (byte) (2 + length);
            } else {
                int vendorId = type.vendorId();
                buffer[at] = (byte) VENDOR_SPECIFIC;
                buffer[at + 1] = (byte) needed;
                buffer[at + 2] = (byte) (vendorId >>> 24);
                buffer[at + 3] = (byte) (vendorId >>> 16);
                buffer[at + 4] = (byte) (vendorId >>> 8);
                buffer[at + 5] = (byte) vendorId;
                buffer[at + 6] = (byte) type.code();
                buffer[at + 7] = (byte) (2 + length);
            }
            at += needed;
        }
        buffer[2] = (byte) (at >>> 8);
        buffer[3] = (byte) at;
        return Arrays.copyOf(buffer, at);
    }
}
