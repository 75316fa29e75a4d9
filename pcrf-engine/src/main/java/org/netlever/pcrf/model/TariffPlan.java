package org.netlever.pcrf.model;

import java.time.Duration;
import java.util.Objects;

/**
 * A tariff plan (S3.6): binds a scenario and sets the BRAS session lifetime.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param name the plan's name, e.g. {@code limitTP}
 * @param code the code billing assigns subscribers by, e.g. {@code limitTP}
 * @param domain the domain the plan is defined in
 * @param scenario the scenario's name
 * @param sessionLifetime the BRAS session lifetime (Session-Timeout); when it ends on an active client a new session
 *     starts transparently
 */
public record TariffPlan(String name, String code, String domain, String scenario, Duration sessionLifetime) {

    /**
     * Checks the lifetime.
     *
     * @throws IllegalArgumentException if it is not positive
     */
    public TariffPlan {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(sessionLifetime, "sessionLifetime");
        if (sessionLifetime.isNegative() || sessionLifetime.toSeconds() < 1) {
            throw new IllegalArgumentException("tariff plan " + name + ": the session lifetime is at least 1 s");
        }
    }
}
