package org.netlever.aaa.radius;

import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A RADIUS packet as it travelled: the Identifier and the 16-octet Authenticator of the header, and the message
 * (code and attributes). Attributes hidden on the wire (User-Password) are already revealed when a server hands a
 * packet to its handler.
 *
 * <p>Instances are immutable and thread-safe: the authenticator is copied in and out.
 *
 * @param identifier the Identifier, 0 to 255
 * @param authenticator the Authenticator field, 16 octets
 * @param message the code and attributes
 */
public record RadiusPacket(int identifier, byte[] authenticator, RadiusMessage message) implements AttributeView {

    /**
     * Checks the fields and copies the authenticator.
     *
     * @throws RadiusFormatException if the identifier is not one octet or the authenticator not 16 octets
     */
    public RadiusPacket {
        Objects.requireNonNull(authenticator, "authenticator");
        Objects.requireNonNull(message, "message");
        if (identifier < 0 || identifier > 255) {
            throw new RadiusFormatException("the Identifier is one octet (0 to 255), got " + identifier);
        }
        if (authenticator.length != 16) {
            throw new RadiusFormatException("the Authenticator is 16 octets, got " + authenticator.length);
        }
        authenticator = authenticator.clone();
    }

    /**
     * A copy of the Authenticator.
     *
     * @return 16 octets
     */
    @Override
    public byte[] authenticator() {
        return authenticator.clone();
    }

    /**
     * The packet code.
     *
     * @return the code
     */
    public PacketCode code() {
        return message.code();
    }

    @Override
    public List<RadiusAttribute> attributes() {
        return message.attributes();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RadiusPacket other && other.identifier == identifier
                && java.util.Arrays.equals(other.authenticator, authenticator) && other.message.equals(message);
    }

    @Override
    public int hashCode() {
        return (identifier * 31 + java.util.Arrays.hashCode(authenticator)) * 31 + message.hashCode();
    }

    /**
     * The code, identifier, authenticator and attributes (hidden values stay hidden).
     *
     * @return a readable form
     */
    @Override
    public String toString() {
        return message.code().name() + " id=" + identifier + " auth=" + HexFormat.of().formatHex(authenticator) + " "
                + message.attributes();
    }
}
