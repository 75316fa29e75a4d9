package org.netlever.pcrf;

/**
 * Why a subscriber changed step or had its quotas re-armed.
 *
 * <p>Thread-safe (an enum).
 */
public enum TransitionReason {
    /** The step's time quota ran out (S3.8). */
    TIME_QUOTA,
    /** The step's volume quota ran out (S3.8). */
    VOLUME_QUOTA,
    /** The step's own cron limit fired (S3.10). */
    CRON,
    /** A later step's cron limit fired — a period reset — and the {@link ResetPolicy} applied (S3.10, S3.11). */
    CRON_RESET
}
