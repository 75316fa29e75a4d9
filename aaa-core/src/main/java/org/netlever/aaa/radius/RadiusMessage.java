package org.netlever.aaa.radius;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What a RADIUS packet says, without the transport fields: its code and its attributes in order. A client sends a
 * message and the encoder adds the Identifier and Authenticator; a server's handler answers with one. See
 * {@link RadiusPacket} for a packet as received.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param code the packet code
 * @param attributes the attributes, in wire order
 */
public record RadiusMessage(PacketCode code, List<RadiusAttribute> attributes) implements AttributeView {

    /**
     * Copies the attribute list.
     */
    public RadiusMessage {
        Objects.requireNonNull(code, "code");
        attributes = List.copyOf(attributes);
    }

    /**
     * A message with the given attributes.
     *
     * @param code the packet code
     * @param attributes the attributes, in order
     * @return the message
     */
    public static RadiusMessage of(PacketCode code, RadiusAttribute... attributes) {
        return new RadiusMessage(code, Arrays.asList(attributes));
    }

    /**
     * A builder for a message with many attributes.
     *
     * @param code the packet code
     * @return a new builder
     */
    public static Builder builder(PacketCode code) {
        return new Builder(code);
    }

    /**
     * This message with more attributes at the end.
     *
     * @param more the attributes to add
     * @return a new message
     */
    public RadiusMessage with(RadiusAttribute... more) {
        List<RadiusAttribute> all = new ArrayList<>(attributes.size() + more.length);
        all.addAll(attributes);
        all.addAll(Arrays.asList(more));
        return new RadiusMessage(code, all);
    }

    /**
     * This message with more attributes at the end.
     *
     * @param more the attributes to add
     * @return a new message
     */
    public RadiusMessage with(List<RadiusAttribute> more) {
        List<RadiusAttribute> all = new ArrayList<>(attributes.size() + more.size());
        all.addAll(attributes);
        all.addAll(more);
        return new RadiusMessage(code, all);
    }

    /**
     * This message without any attribute of the given type.
     *
     * @param type the type to remove
     * @return a new message
     */
    public RadiusMessage without(AttributeType type) {
        List<RadiusAttribute> kept = new ArrayList<>(attributes.size());
        for (RadiusAttribute attribute : attributes) {
            if (!attribute.type().equals(type)) {
                kept.add(attribute);
            }
        }
        return new RadiusMessage(code, kept);
    }

    /**
     * Builds a {@link RadiusMessage}. Not thread-safe; the message it builds is.
     */
    public static final class Builder {
        private final PacketCode code;
        private final List<RadiusAttribute> attributes = new ArrayList<>();

        private Builder(PacketCode code) {
            this.code = Objects.requireNonNull(code, "code");
        }

        /**
         * Adds an attribute.
         *
         * @param attribute the attribute
         * @return this builder
         */
        public Builder add(RadiusAttribute attribute) {
            attributes.add(Objects.requireNonNull(attribute, "attribute"));
            return this;
        }

        /**
         * Adds attributes.
         *
         * @param more the attributes
         * @return this builder
         */
        public Builder addAll(List<RadiusAttribute> more) {
            more.forEach(this::add);
            return this;
        }

        /**
         * Adds a text attribute.
         *
         * @param type the type
         * @param text the text
         * @return this builder
         */
        public Builder string(AttributeType type, String text) {
            return add(RadiusAttribute.ofString(type, text));
        }

        /**
         * Adds an integer attribute.
         *
         * @param type the type
         * @param number the number, 0 to 4294967295
         * @return this builder
         */
        public Builder integer(AttributeType type, long number) {
            return add(RadiusAttribute.ofInteger(type, number));
        }

        /**
         * Adds an AV-pair attribute.
         *
         * @param type {@link AttributeType#CISCO_AVPAIR} or {@link AttributeType#ELTEX_AVPAIR}
         * @param key the key
         * @param value the value
         * @return this builder
         */
        public Builder avPair(AttributeType type, String key, String value) {
            return add(RadiusAttribute.ofAvPair(type, AvPair.of(key, value)));
        }

        /**
         * Builds the message.
         *
         * @return the message
         */
        public RadiusMessage build() {
            return new RadiusMessage(code, attributes);
        }
    }
}
