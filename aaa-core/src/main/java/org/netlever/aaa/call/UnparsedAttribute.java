package org.netlever.aaa.call;

import java.util.Objects;

/**
 * An optional attribute of a call request or reply that did not parse, kept with the record exactly as it came
 * (S2.4–S2.8: liberal in what is accepted, exact in what is recorded). Under {@link AttributePolicy#LENIENT} such an
 * attribute costs neither the answer nor the charge: the record is processed without it and carries it here.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param attribute the attribute or AV-pair key, e.g. {@code h323-connect-time} or {@code xpgk-route-retries}
 * @param value the value as sent, without the {@code name=} prefix
 * @param problem why it did not parse
 */
public record UnparsedAttribute(String attribute, String value, String problem) {

    /** Checks that nothing is missing. */
    public UnparsedAttribute {
        Objects.requireNonNull(attribute, "attribute");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(problem, "problem");
    }
}
