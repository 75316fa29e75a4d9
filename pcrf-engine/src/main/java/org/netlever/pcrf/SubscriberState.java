package org.netlever.pcrf;

import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A subscriber's scenario state (S3.7): where it is in its scenario and what is left of every step.
 *
 * <p>Instances are immutable snapshots and thread-safe.
 *
 * @param subscriberId the subscriber (the BRAS's User-Name)
 * @param domain the subscriber's service domain
 * @param zone the zone its cron limits are read in (S3.5)
 * @param tariffPlan the tariff plan's code
 * @param scenario the scenario's name
 * @param step the current step
 * @param steps every step's remaining quotas, step 0 first
 * @param activeSessions how many accounting sessions are open
 * @param reauthProblem the last services-reauth CoA that did not succeed, until one is acknowledged
 */
public record SubscriberState(String subscriberId, String domain, ZoneId zone, String tariffPlan, String scenario,
        int step, List<StepQuota> steps, int activeSessions, Optional<ReauthProblem> reauthProblem) {

    /** Copies the steps. */
    public SubscriberState {
        Objects.requireNonNull(subscriberId, "subscriberId");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(tariffPlan, "tariffPlan");
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(reauthProblem, "reauthProblem");
        steps = List.copyOf(steps);
    }

    /**
     * The current step's quotas.
     *
     * @return the step
     */
    public StepQuota current() {
        return steps.get(step);
    }
}
