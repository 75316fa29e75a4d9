package org.netlever.aaa.call;

import java.util.Locale;

/**
 * What a call AAA side does with an optional attribute that does not parse (S2.4–S2.8). Thread-safe (an enum).
 */
public enum AttributePolicy {
    /**
     * The default: the request is processed with what identifies and prices the call, the attribute is kept as an
     * {@link UnparsedAttribute} with the record, counted and logged at a limited rate. Only a request that cannot be
     * tied to a call (no Acct-Session-Id) or priced (no number A or B) is refused.
     */
    LENIENT,
    /** Any attribute that does not parse refuses the request, as before leniency existed. */
    STRICT;

    /**
     * Reads {@code lenient} or {@code strict}, in any case.
     *
     * @param text the name
     * @return the policy
     * @throws IllegalArgumentException naming the accepted values
     */
    public static AttributePolicy of(String text) {
        for (AttributePolicy policy : values()) {
            if (policy.name().equalsIgnoreCase(text.trim())) {
                return policy;
            }
        }
        throw new IllegalArgumentException("an attribute policy is lenient or strict, got '" + text + "'");
    }

    /** @return {@code lenient} or {@code strict} */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
