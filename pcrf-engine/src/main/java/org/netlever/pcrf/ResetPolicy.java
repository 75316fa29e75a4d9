package org.netlever.pcrf;

/**
 * What a cron limit does to a subscriber who has not yet reached its step (S3.10, S3.11) — a reset of the period, like
 * the 07:00 unblock firing while the subscriber is still on the quota step.
 *
 * <p>With a single quota step both policies do the same: the subscriber stays on step 0 with its quotas re-armed.
 * They differ with several quota steps: the original PCRF keeps a subscriber who is on, say, the second quota step
 * there with re-armed quotas, so the next period starts from the middle of the scenario (its documented limitation,
 * S3.11); netlever sends the subscriber back to step 0 by default.
 *
 * <p>Thread-safe (an enum).
 */
public enum ResetPolicy {
    /** Back to step 0 with every step re-armed (the default). */
    RESTART_SCENARIO,
    /** Stay on the current step with its quotas re-armed: the original PCRF's behaviour, for compatibility. */
    REARM_CURRENT_STEP
}
