package org.netlever.pcrf.read;

import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.netlever.pcrf.PcrfSession;
import org.netlever.pcrf.StepQuota;

/**
 * A PCRF subscriber as an operator sees it (S3.7): its plan, where it is in its scenario, what is left of every step
 * with the next reset in its zone ({@link StepQuota#nextCronLocal()}), its open sessions, and whether a
 * services-reauth is owed.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param position the engine's number of the subscriber: the order of {@link PcrfReads#subscribers}
 * @param subscriberId the subscriber
 * @param domain its service domain
 * @param zone the IANA zone its cron limits are read in
 * @param tariffPlan its tariff plan's code
 * @param scenario its scenario's name
 * @param step the current step
 * @param service the current step's service; empty if the definitions no longer have the scenario
 * @param quotas every step's remaining quotas, step 0 first; empty if the definitions no longer have the scenario
 * @param sessions the open accounting sessions
 * @param reauthPending whether a services-reauth CoA is owed
 */
public record PcrfSubscriberView(long position, String subscriberId, String domain, ZoneId zone, String tariffPlan,
        String scenario, int step, Optional<String> service, List<StepQuota> quotas, List<PcrfSession> sessions,
        boolean reauthPending) {

    /** Checks that nothing is missing and copies the lists. */
    public PcrfSubscriberView {
        Objects.requireNonNull(subscriberId, "subscriberId");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(tariffPlan, "tariffPlan");
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(service, "service");
        quotas = List.copyOf(quotas);
        sessions = List.copyOf(sessions);
    }
}
