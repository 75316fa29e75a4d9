package org.netlever.aaa.call;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.netlever.aaa.radius.RadiusException;

/**
 * A telephone number with its attributes, as a softswitch routes it (S2.2: "numbers A and B with their attributes —
 * type of number, etc."): the digits and named attributes such as the type of number, numbering plan, presentation
 * and category. Attribute names are the ones of the configured {@link CallAttributeMapping}; the common ones have
 * constants here.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param digits the number, e.g. {@code 74951234567}, {@code +74951234567} or {@code 112}
 * @param attributes named attributes in order, e.g. {@code numtype=national}
 */
public record CallNumber(String digits, Map<String, String> attributes) {

    /** The type of number: {@code unknown}, {@code subscriber}, {@code national}, {@code international} … */
    public static final String NUMBER_TYPE = "numtype";
    /** The numbering plan: {@code unknown}, {@code isdn}, {@code telephony}, {@code national}, {@code private}. */
    public static final String NUMBERING_PLAN = "plantype";
    /** Presentation of a calling number: {@code allowed}, {@code restricted}, {@code not_available}. */
    public static final String PRESENTATION = "presentation";
    /** The calling party's category. */
    public static final String CATEGORY = "category";

    /**
     * Checks the number and copies the attributes.
     *
     * @throws RadiusException if the number is blank or contains spaces, {@code ;} or {@code =}, or an attribute
     *     name or value contains {@code ;} or {@code =}
     */
    public CallNumber {
        Objects.requireNonNull(digits, "digits");
        if (digits.isEmpty() || !clean(digits)) {
            throw new RadiusException("a call number is non-empty without spaces, ';' or '=', got '" + digits + "'");
        }
        Map<String, String> copy = new LinkedHashMap<>();
        attributes.forEach((name, value) -> {
            if (name.isEmpty() || !clean(name) || !clean(value)) {
                throw new RadiusException("number " + digits + ": attribute '" + name + "=" + value
                        + "' has an empty name, spaces, ';' or '='");
            }
            copy.put(name, value);
        });
        attributes = Collections.unmodifiableMap(copy);
    }

    private static boolean clean(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c) || c == ';' || c == '=') {
                return false;
            }
        }
        return true;
    }

    /**
     * A number without attributes.
     *
     * @param digits the number
     * @return the number
     */
    public static CallNumber of(String digits) {
        return new CallNumber(digits, Map.of());
    }

    /**
     * This number with an attribute set (replacing one of the same name).
     *
     * @param name the attribute name
     * @param value its value
     * @return a new number
     */
    public CallNumber with(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(attributes);
        copy.put(name, value);
        return new CallNumber(digits, copy);
    }

    /**
     * This number with other digits and the same attributes.
     *
     * @param newDigits the digits
     * @return a new number
     */
    public CallNumber withDigits(String newDigits) {
        return new CallNumber(newDigits, attributes);
    }

    /**
     * An attribute's value.
     *
     * @param name the name
     * @return the value, or empty
     */
    public Optional<String> attribute(String name) {
        return Optional.ofNullable(attributes.get(name));
    }

    /**
     * The type of number.
     *
     * @return the value of {@link #NUMBER_TYPE}, or empty
     */
    public Optional<String> numberType() {
        return attribute(NUMBER_TYPE);
    }

    /**
     * The numbering plan.
     *
     * @return the value of {@link #NUMBERING_PLAN}, or empty
     */
    public Optional<String> numberingPlan() {
        return attribute(NUMBERING_PLAN);
    }

    /**
     * The presentation.
     *
     * @return the value of {@link #PRESENTATION}, or empty
     */
    public Optional<String> presentation() {
        return attribute(PRESENTATION);
    }

    /**
     * The digits, then the attributes: {@code 74951234567;numtype=national}.
     *
     * @return a readable form
     */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(digits);
        attributes.forEach((name, value) -> text.append(';').append(name).append('=').append(value));
        return text.toString();
    }
}
