package org.netlever.pcrf;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What is left of one scenario step for a subscriber (S3.7): remaining online time, remaining octets, and the next
 * moment of the step's cron limit — kept as an instant and a zone id, never as a zone abbreviation.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param step the step
 * @param service the step's service
 * @param remainingTime online time left, if the service has a time quota
 * @param remainingVolume octets left, if the service has a volume quota
 * @param nextCron the next cron moment, if the service has a cron limit
 * @param zone the zone the cron limit is read in
 */
public record StepQuota(int step, String service, Optional<Duration> remainingTime, OptionalLong remainingVolume,
        Optional<Instant> nextCron, ZoneId zone) {

    /** Checks that nothing is missing. */
    public StepQuota {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(remainingTime, "remainingTime");
        Objects.requireNonNull(remainingVolume, "remainingVolume");
        Objects.requireNonNull(nextCron, "nextCron");
        Objects.requireNonNull(zone, "zone");
    }

    /**
     * The next cron moment on the subscriber's clock.
     *
     * @return the moment in the subscriber's zone, or empty
     */
    public Optional<ZonedDateTime> nextCronLocal() {
        return nextCron.map(instant -> instant.atZone(zone));
    }
}
