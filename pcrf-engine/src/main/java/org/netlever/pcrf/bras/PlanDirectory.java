package org.netlever.pcrf.bras;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Billing's answer to "which tariff plan and service domain does this subscriber have?" (S3.6), asked when the BRAS
 * authorizes a session. Implementations must be thread-safe; they are called on the RADIUS server's worker pool and
 * may block.
 */
@FunctionalInterface
public interface PlanDirectory {

    /**
     * The subscriber's plan.
     *
     * @param subscriberId the BRAS's User-Name (a login, a phone number, a MAC)
     * @return the plan, or empty for a subscriber billing does not know (the BRAS gets an Access-Reject)
     * @throws Exception if billing cannot answer (the BRAS gets no answer and retries)
     */
    Optional<Assignment> lookup(String subscriberId) throws Exception;

    /**
     * A directory over a fixed map, for tests and demos.
     *
     * @param assignments plan by subscriber
     * @return the directory
     */
    static PlanDirectory of(Map<String, Assignment> assignments) {
        Map<String, Assignment> copy = Map.copyOf(assignments);
        return subscriber -> Optional.ofNullable(copy.get(subscriber));
    }

    /**
     * A subscriber's service domain and tariff plan.
     *
     * <p>Instances are immutable and thread-safe.
     *
     * @param domain the service domain, e.g. {@code Auto1_test.Sibir.OTT.root}
     * @param tariffCode the tariff plan's code, e.g. {@code limitTP}
     */
    record Assignment(String domain, String tariffCode) {
        /** Checks that nothing is missing. */
        public Assignment {
            Objects.requireNonNull(domain, "domain");
            Objects.requireNonNull(tariffCode, "tariffCode");
        }
    }
}
