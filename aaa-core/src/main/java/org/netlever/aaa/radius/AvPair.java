package org.netlever.aaa.radius;

import java.util.Objects;

/**
 * A {@code key=value} pair as carried in {@code Cisco-AVPair} and {@code Eltex-AVPair} (Cisco's "attribute-value
 * pair" convention: {@code protocol:attribute=value}, or {@code protocol:attribute*value} for an optional one).
 *
 * <p>The key is everything before the first {@code =} or {@code *}; the value is everything after it, and may itself
 * contain {@code =} and {@code *} (e.g. {@code h323-setup-time=*12:00:00.000 UTC Mon Jan 1 2001}).
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param key the key, not empty, without {@code =} or {@code *}
 * @param value the value, possibly empty
 * @param mandatory {@code true} for {@code key=value}, {@code false} for Cisco's optional form {@code key*value}
 */
public record AvPair(String key, String value, boolean mandatory) {

    /**
     * Checks the key.
     *
     * @throws RadiusFormatException if the key is empty or contains {@code =} or {@code *}
     */
    public AvPair {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        if (key.isEmpty()) {
            throw new RadiusFormatException("an AV pair has a key before its '=', got '=" + value + "'");
        }
        if (key.indexOf('=') >= 0 || key.indexOf('*') >= 0) {
            throw new RadiusFormatException("an AV pair key contains no '=' or '*', got '" + key + "'");
        }
    }

    /**
     * A mandatory pair, {@code key=value}.
     *
     * @param key the key
     * @param value the value
     * @return the pair
     */
    public static AvPair of(String key, String value) {
        return new AvPair(key, value, true);
    }

    /**
     * Parses {@code key=value} or {@code key*value}.
     *
     * @param text the attribute's text
     * @return the pair
     * @throws RadiusFormatException if there is no separator or no key
     */
    public static AvPair parse(String text) {
        Objects.requireNonNull(text, "text");
        int eq = text.indexOf('=');
        int star = text.indexOf('*');
        int at = eq < 0 ? star : star < 0 ? eq : Math.min(eq, star);
        if (at < 0) {
            throw new RadiusFormatException("an AV pair is key=value, got '" + text + "' (no '=' or '*')");
        }
        if (at == 0) {
            throw new RadiusFormatException("an AV pair has a key before its '" + text.charAt(0) + "', got '" + text
                    + "'");
        }
        return new AvPair(text.substring(0, at), text.substring(at + 1), text.charAt(at) == '=');
    }

    /**
     * The wire form.
     *
     * @return {@code key=value} or {@code key*value}
     */
    @Override
    public String toString() {
        return key + (mandatory ? '=' : '*') + value;
    }
}
