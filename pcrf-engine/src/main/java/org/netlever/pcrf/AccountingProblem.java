package org.netlever.pcrf;

/**
 * Why the engine did not believe an accounting record's octet counter (S3.7): the record is acknowledged, the
 * counter's growth is not charged and the counter keeps the last value it believed, so the remaining quota never
 * grows from it. Each is counted ({@link PcrfEngine#accountingProblems()}), logged at a limited rate and reported in
 * the record's {@link AccountingResult#problems()}.
 *
 * <p>Thread-safe (an enum).
 */
public enum AccountingProblem {
    /**
     * A 64-bit counter (sent with Gigawords, or already past 2<sup>32</sup>) is lower than one the session reported
     * earlier at an earlier Acct-Session-Time. A 32-bit counter that goes down is a wrap, not a problem.
     */
    COUNTER_BACKWARDS,
    /**
     * A counter grew by more than the configured line rate could carry in the Acct-Session-Time since the value it
     * is compared with (plus one second for rounding), e.g. Gigawords of 0x7FFFFFFF after a few minutes.
     */
    FASTER_THAN_LINE_RATE
}
