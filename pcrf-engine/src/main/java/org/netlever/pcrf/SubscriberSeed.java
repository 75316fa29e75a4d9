package org.netlever.pcrf;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A subscriber's scenario state brought from elsewhere (S3.7), for {@link PcrfEngine#seed}: a migration from another
 * PCRF, such as {@link org.netlever.pcrf.softwlc.SoftWlcImport SoftWLC's}. It names the tariff plan (and so the
 * scenario), the current step and, per step, what is left; a value left empty is armed afresh from the definitions,
 * as {@link PcrfEngine#attach} would.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param subscriberId the subscriber (the BRAS's User-Name)
 * @param domain its service domain, e.g. {@code Auto1_test.Sibir.OTT.root}
 * @param tariffCode its tariff plan's code
 * @param step the current step
 * @param steps one entry per step of the plan's scenario, step 0 first
 */
public record SubscriberSeed(String subscriberId, String domain, String tariffCode, int step, List<StepSeed> steps) {

    /**
     * Checks that nothing is missing and copies the steps.
     *
     * @throws PcrfException if the step is negative
     */
    public SubscriberSeed {
        Objects.requireNonNull(subscriberId, "subscriberId");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(tariffCode, "tariffCode");
        steps = List.copyOf(steps);
        if (step < 0) {
            throw new PcrfException("subscriber '" + subscriberId + "': step " + step + " is negative");
        }
    }

    /**
     * What is left of one step; an empty value is armed afresh from the step's service.
     *
     * <p>Instances are immutable and thread-safe.
     *
     * @param remainingSeconds online time left, only if the service has a time quota
     * @param remainingOctets octets left, only if the service has a volume quota
     * @param nextCron the cron limit's next moment, only if the service has a cron limit
     */
    public record StepSeed(OptionalLong remainingSeconds, OptionalLong remainingOctets, Optional<Instant> nextCron) {

        /** A step whose limits are all armed afresh. */
        public static final StepSeed FRESH = new StepSeed(OptionalLong.empty(), OptionalLong.empty(),
                Optional.empty());

        /**
         * Checks that nothing is missing.
         *
         * @throws PcrfException if a remaining value is negative
         */
        public StepSeed {
            Objects.requireNonNull(remainingSeconds, "remainingSeconds");
            Objects.requireNonNull(remainingOctets, "remainingOctets");
            Objects.requireNonNull(nextCron, "nextCron");
            if (remainingSeconds.orElse(0) < 0) {
                throw new PcrfException("the remaining time is negative: " + remainingSeconds.getAsLong() + " s");
            }
            if (remainingOctets.orElse(0) < 0) {
                throw new PcrfException("the remaining volume is negative: " + remainingOctets.getAsLong()
                        + " octets");
            }
        }
    }

    /**
     * What {@link PcrfEngine#seed} did, or {@link PcrfEngine#checkSeed} says it would do. Thread-safe (immutable).
     */
    public enum Outcome {
        /** The state was stored (or would be). */
        STORED,
        /** The subscriber already has netlever state, which was kept (no overwrite asked for). */
        KEPT
    }
}
