package org.netlever.aaa.call.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.netlever.aaa.call.AttributePolicy;
import org.netlever.aaa.call.UnparsedAttribute;
import org.netlever.aaa.radius.AttributeType;
import org.netlever.aaa.radius.AttributeView;
import org.netlever.aaa.radius.RadiusAttribute;
import org.netlever.aaa.radius.RadiusException;

/**
 * One decoding of one message under a policy: collects the optional attributes that did not parse. Not
 * thread-safe: one per message.
 */
public final class Reading {
    private final AttributePolicy policy;
    private final List<UnparsedAttribute> unparsed = new ArrayList<>();

    /**
     * A reading under a policy.
     *
     * @param policy lenient keeps what does not parse, strict refuses the message for it
     */
    public Reading(AttributePolicy policy) {
        this.policy = java.util.Objects.requireNonNull(policy, "policy");
    }

    /** @return the optional attributes that did not parse, in the order met */
    public List<UnparsedAttribute> unparsed() {
        return List.copyOf(unparsed);
    }

    /**
     * Reads an optional value; under the lenient policy one that does not parse is kept and reads as absent.
     *
     * @param attribute the attribute or key name, for the record and the metric
     * @param raw the value as sent
     * @param read the reading, which may throw {@link RadiusException}
     * @return the value, or empty if absent or (lenient) unparsable
     * @throws RadiusException under the strict policy, naming the attribute
     */
    <T> Optional<T> optional(String attribute, Supplier<Optional<String>> raw, Supplier<Optional<T>> read) {
        try {
            return read.get();
        } catch (RadiusException e) {
            if (policy == AttributePolicy.STRICT) {
                throw new RadiusException(attribute + ": " + e.getMessage(), e);
            }
            unparsed.add(new UnparsedAttribute(attribute, raw.get().orElse(""), e.getMessage()));
            return Optional.empty();
        }
    }

    <T> Optional<T> optional(AttributeView view, AttributeType type, Supplier<Optional<T>> read) {
        return optional(type.name(), () -> view.first(type).map(Reading::raw), read);
    }

    <T> Optional<T> pair(String key, String value, Function<String, T> parse) {
        return optional(key, () -> Optional.of(value), () -> Optional.of(parse.apply(value)));
    }

    private static String raw(RadiusAttribute attribute) {
        String text = attribute.asString();
        String prefix = attribute.type().name() + "=";
        if (text.startsWith(prefix)) {
            return text.substring(prefix.length());
        }
        return text.chars().allMatch(c -> c >= 0x20 && c != 0xFFFD) ? text
                : java.util.HexFormat.of().formatHex(attribute.value());
    }
}
