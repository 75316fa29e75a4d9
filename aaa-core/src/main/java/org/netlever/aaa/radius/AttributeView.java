package org.netlever.aaa.radius;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Read access to an ordered list of attributes: what {@link RadiusMessage} and {@link RadiusPacket} share.
 *
 * <p>Implementations are immutable and thread-safe.
 */
public interface AttributeView {

    /**
     * The attributes in wire order.
     *
     * @return an unmodifiable list
     */
    List<RadiusAttribute> attributes();

    /**
     * Whether an attribute of the type is present.
     *
     * @param type the type
     * @return {@code true} if at least one is
     */
    default boolean has(AttributeType type) {
        for (RadiusAttribute attribute : attributes()) {
            if (attribute.type().equals(type)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The first attribute of a type.
     *
     * @param type the type
     * @return the attribute, or empty
     */
    default Optional<RadiusAttribute> first(AttributeType type) {
        for (RadiusAttribute attribute : attributes()) {
            if (attribute.type().equals(type)) {
                return Optional.of(attribute);
            }
        }
        return Optional.empty();
    }

    /**
     * Every attribute of a type, in order.
     *
     * @param type the type
     * @return an unmodifiable list, empty if none
     */
    default List<RadiusAttribute> all(AttributeType type) {
        List<RadiusAttribute> found = new ArrayList<>(2);
        for (RadiusAttribute attribute : attributes()) {
            if (attribute.type().equals(type)) {
                found.add(attribute);
            }
        }
        return List.copyOf(found);
    }

    /**
     * The first attribute of a type, as text.
     *
     * @param type the type
     * @return the text, or empty if absent
     * @throws RadiusFormatException if present but not UTF-8
     */
    default Optional<String> string(AttributeType type) {
        return first(type).map(RadiusAttribute::asString);
    }

    /**
     * The first attribute of a type, as an unsigned 32-bit integer.
     *
     * @param type the type
     * @return the number, or empty if absent
     * @throws RadiusFormatException if present but not four octets
     */
    default OptionalLong integer(AttributeType type) {
        Optional<RadiusAttribute> attribute = first(type);
        return attribute.isPresent() ? OptionalLong.of(attribute.get().asInteger()) : OptionalLong.empty();
    }

    /**
     * Every attribute of an AV-pair type ({@code Cisco-AVPair}, {@code Eltex-AVPair}), parsed, in order.
     *
     * @param type the AV-pair attribute type
     * @return the pairs
     * @throws RadiusFormatException if one of them is not {@code key=value}
     */
    default List<AvPair> avPairs(AttributeType type) {
        List<AvPair> pairs = new ArrayList<>(4);
        for (RadiusAttribute attribute : attributes()) {
            if (attribute.type().equals(type)) {
                pairs.add(attribute.asAvPair());
            }
        }
        return List.copyOf(pairs);
    }

    /**
     * The value of the first AV pair with a key, among the attributes of an AV-pair type.
     *
     * @param type the AV-pair attribute type
     * @param key the key
     * @return the value, or empty if no pair has the key
     * @throws RadiusFormatException if an attribute of the type is not {@code key=value}
     */
    default Optional<String> avPair(AttributeType type, String key) {
        for (RadiusAttribute attribute : attributes()) {
            if (attribute.type().equals(type)) {
                AvPair pair = attribute.asAvPair();
                if (pair.key().equals(key)) {
                    return Optional.of(pair.value());
                }
            }
        }
        return Optional.empty();
    }
}
