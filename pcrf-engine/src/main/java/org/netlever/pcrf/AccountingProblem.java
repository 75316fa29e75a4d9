package org.netlever.pcrf;

/**
 * Why the engine did not believe an accounting record's octet counters (S3.7): the record is acknowledged but
 * charges nothing, neither time nor octets, and the session keeps the counters of the last record it believed, so a
 * later sound record is counted from there (a glitch costs the subscriber nothing and is counted nothing) and the
 * remaining quota never grows from it. Each is counted ({@link PcrfEngine#accountingProblems()}), logged at a limited rate and reported in
 * the record's {@link AccountingResult#problems()}.
 *
 * <p>Thread-safe (an enum).
 */
public enum AccountingProblem {
    /**
     * A 64-bit counter (sent with Gigawords, or already past 2<sup>32</sup>) is lower than the last one believed, at a
     * later Acct-Session-Time. A 32-bit counter that goes down is a wrap, not a problem; a record at an earlier (or
     * the same) Acct-Session-Time is late and simply adds nothing.
     */
    COUNTER_BACKWARDS,
    /**
     * A counter grew by more than the configured line rate could carry in the Acct-Session-Time since the last
     * record believed (plus one second for rounding), e.g. Gigawords of 0x7FFFFFFF after a few minutes.
     */
    FASTER_THAN_LINE_RATE
}
