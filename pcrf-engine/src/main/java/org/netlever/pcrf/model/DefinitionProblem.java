package org.netlever.pcrf.model;

import java.util.Objects;

/**
 * One thing wrong with PCRF definitions: where (a path such as {@code services[1].cronLimit} or
 * {@code scenarios.limit.steps[0]}) and why.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param field where the problem is
 * @param reason what is wrong
 */
public record DefinitionProblem(String field, String reason) {

    /** Checks that nothing is missing. */
    public DefinitionProblem {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(reason, "reason");
    }

    /**
     * The field and the reason.
     *
     * @return {@code field: reason}
     */
    @Override
    public String toString() {
        return field + ": " + reason;
    }
}
