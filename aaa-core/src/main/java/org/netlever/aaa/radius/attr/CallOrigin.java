package org.netlever.aaa.radius.attr;

import java.util.Locale;
import java.util.Objects;
import org.netlever.aaa.radius.RadiusFormatException;

/**
 * The {@code h323-call-origin} of an accounting record (Cisco vendor 9, attribute 26): which leg of the call the record describes.
 *
 * <p>An <em>open</em> set of constants: the values in use have named constants and any other word is kept as
 * written. Two values are equal when their words are equal ignoring case (gateways differ: {@code VoIP},
 * {@code VOIP}).
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class CallOrigin {

    /** {@code answer}: the incoming leg, answered by the gateway. */
    public static final CallOrigin ANSWER = new CallOrigin("answer");
    /** {@code originate}: the outgoing leg, originated by the gateway. */
    public static final CallOrigin ORIGINATE = new CallOrigin("originate");
    /** {@code callback}: a callback leg. */
    public static final CallOrigin CALLBACK = new CallOrigin("callback");

    private static final CallOrigin[] KNOWN = {ANSWER, ORIGINATE, CALLBACK};

    private final String value;

    private CallOrigin(String value) {
        this.value = value;
    }

    /**
     * The constant for a word, or a new value for other words (GnuGk sends {@code proxy}).
     *
     * @param value the word, without the attribute-name prefix
     * @return the value
     * @throws RadiusFormatException if the word is blank
     */
    public static CallOrigin of(String value) {
        Objects.requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new RadiusFormatException("callorigin is a word, got a blank value");
        }
        for (CallOrigin known : KNOWN) {
            if (known.value.equalsIgnoreCase(value)) {
                return known;
            }
        }
        return new CallOrigin(value);
    }

    /**
     * The word as netlever writes it.
     *
     * @return e.g. {@code answer}
     */
    public String value() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CallOrigin other && other.value.equalsIgnoreCase(value);
    }

    @Override
    public int hashCode() {
        return value.toLowerCase(Locale.ROOT).hashCode();
    }

    @Override
    public String toString() {
        return value;
    }
}
