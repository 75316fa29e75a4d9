package org.netlever.aaa.radius.attr;

import java.util.Locale;
import java.util.Objects;
import org.netlever.aaa.radius.RadiusFormatException;

/**
 * The {@code h323-call-type} of an accounting record (Cisco vendor 9, attribute 27): the kind of network of the leg.
 *
 * <p>An <em>open</em> set of constants: the values in use have named constants and any other word is kept as
 * written. Two values are equal when their words are equal ignoring case (gateways differ: {@code VoIP},
 * {@code VOIP}).
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class CallType {

    /** {@code VoIP}: a voice-over-IP leg. */
    public static final CallType VOIP = new CallType("VoIP");
    /** {@code Telephony}: a PSTN / TDM leg. */
    public static final CallType TELEPHONY = new CallType("Telephony");
    /** {@code VoFR}: voice over frame relay. */
    public static final CallType VOFR = new CallType("VoFR");
    /** {@code VoATM}: voice over ATM. */
    public static final CallType VOATM = new CallType("VoATM");

    private static final CallType[] KNOWN = {VOIP, TELEPHONY, VOFR, VOATM};

    private final String value;

    private CallType(String value) {
        this.value = value;
    }

    /**
     * The constant for a word, or a new value for other words.
     *
     * @param value the word, without the attribute-name prefix
     * @return the value
     * @throws RadiusFormatException if the word is blank
     */
    public static CallType of(String value) {
        Objects.requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new RadiusFormatException("calltype is a word, got a blank value");
        }
        for (CallType known : KNOWN) {
            if (known.value.equalsIgnoreCase(value)) {
                return known;
            }
        }
        return new CallType(value);
    }

    /**
     * The word as netlever writes it.
     *
     * @return e.g. {@code VoIP}
     */
    public String value() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CallType other && other.value.equalsIgnoreCase(value);
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
