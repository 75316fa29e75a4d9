package org.netlever.pcrf;

import java.time.Duration;
import java.util.Objects;

/**
 * How a services-reauth CoA that failed transiently ({@link ReauthFailure#TRANSIENT}: no answer, Error-Cause 506 or
 * 507) is retried (S3.8): after {@code initialBackoff}, doubling up to {@code maxBackoff}, for at most
 * {@code maxAttempts} attempts in all; then it is given up ({@link ReauthFailure#GAVE_UP}), counted and shown with the
 * subscriber. A newer change of the subscriber owes a new request with attempts counted from one again.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param maxAttempts the most attempts, the first included: at least 1
 * @param initialBackoff the wait before the second attempt: positive
 * @param maxBackoff the longest wait between attempts: at least {@code initialBackoff}
 */
public record ReauthRetry(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

    /** The library's default: 10 attempts, 1 second doubling up to 5 minutes (about 13 minutes in all). */
    public static final ReauthRetry DEFAULT = new ReauthRetry(10, Duration.ofSeconds(1), Duration.ofMinutes(5));

    /**
     * Checks the bounds.
     *
     * @throws PcrfException if a value is out of its range
     */
    public ReauthRetry {
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (maxAttempts < 1) {
            throw new PcrfException("services-reauth retry: maxAttempts is at least 1, got " + maxAttempts);
        }
        if (initialBackoff.isNegative() || initialBackoff.isZero()) {
            throw new PcrfException("services-reauth retry: initialBackoff is positive, got " + initialBackoff);
        }
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new PcrfException("services-reauth retry: maxBackoff is at least initialBackoff ("
                    + initialBackoff + "), got " + maxBackoff);
        }
    }

    /**
     * The wait after a given failed attempt.
     *
     * @param attempt the attempt that failed, 1 for the first
     * @return {@code initialBackoff} doubled {@code attempt - 1} times, at most {@code maxBackoff}
     */
    public Duration backoffAfter(int attempt) {
        int doublings = Math.min(Math.max(0, attempt - 1), 40);
        long millis = initialBackoff.toMillis();
        long limit = maxBackoff.toMillis();
        for (int i = 0; i < doublings && millis < limit; i++) {
            millis *= 2;
        }
        return Duration.ofMillis(Math.min(millis, limit));
    }
}
