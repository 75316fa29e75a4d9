package org.netlever.pcrf.internal;

import java.util.EnumSet;
import java.util.Set;
import org.netlever.pcrf.AccountingProblem;
import org.netlever.pcrf.PcrfException;

/**
 * The accounting reducer (S3.7): turns a session's cumulative counters into usage that is counted once and never
 * negative, whatever the BRAS sends.
 *
 * <ul>
 *   <li>Octet counters are unsigned 64-bit (Gigawords × 2<sup>32</sup> + Octets); all arithmetic saturates.</li>
 *   <li>A record with an earlier Acct-Session-Time than one already seen is late (reordered or retransmitted): it adds
 *       nothing and moves nothing. So does a record at the same second whose counters did not grow.</li>
 *   <li>A 32-bit counter (no Gigawords) that goes down at a later second wrapped past 2<sup>32</sup>.</li>
 *   <li>A 64-bit counter that goes down at a later second is {@link AccountingProblem#COUNTER_BACKWARDS}; a counter
 *       that grew more than the line rate carries in the session seconds since the value it is compared with (plus
 *       one second for rounding) is {@link AccountingProblem#FASTER_THAN_LINE_RATE}. Either way that direction adds
 *       nothing and keeps the value it last accepted, so a later sound record is counted from there: a glitch costs
 *       nothing and is counted nothing.</li>
 * </ul>
 * A session's counters only move forward, so the usage a session is charged in total is at most its last sound
 * counters, and {@link #debit} never lets usage raise a remaining quota.
 *
 * <p>Immutable and thread-safe; the {@link Session} it updates is guarded by its subscriber's monitor.
 */
final class AccountingReducer {

    /** Where a 32-bit counter wraps. */
    static final long WRAP = 1L << 32;

    private final long bytesPerSecond;

    /**
     * A reducer for lines of at most the given rate.
     *
     * @param lineRateBitsPerSecond the fastest a subscriber's line carries in one direction, in bits per second
     * @throws PcrfException if the rate is below 8 bits per second
     */
    AccountingReducer(long lineRateBitsPerSecond) {
        if (lineRateBitsPerSecond < 8) {
            throw new PcrfException("the line rate is at least 8 bits per second, got " + lineRateBitsPerSecond);
        }
        this.bytesPerSecond = lineRateBitsPerSecond / 8;
    }

    /**
     * What one record added.
     *
     * @param seconds online seconds, not negative
     * @param octets octets of both directions, not negative (saturated at {@link Long#MAX_VALUE})
     * @param problems the counters not believed
     */
    record Usage(long seconds, long octets, Set<AccountingProblem> problems) {
        static final Usage NONE = new Usage(0, 0, Set.of());
    }

    /**
     * Applies a record's cumulative counters to the session and returns what they add.
     *
     * @param session the session, its counters updated in place
     * @param seconds the record's Acct-Session-Time in seconds
     * @param input its input octets (unsigned)
     * @param output its output octets (unsigned)
     * @param gigawords whether the record carried Gigawords (its counters are 64-bit and do not wrap)
     * @return the usage
     */
    Usage reduce(Session session, long seconds, long input, long output, boolean gigawords) {
        if (seconds < session.seconds) {
            return Usage.NONE;
        }
        boolean later = seconds > session.seconds;
        Set<AccountingProblem> problems = EnumSet.noneOf(AccountingProblem.class);
        long in = advance(session.input, input, seconds, later, gigawords, problems);
        long out = advance(session.output, output, seconds, later, gigawords, problems);
        long used = seconds - session.seconds;
        session.seconds = seconds;
        session.gigawords = gigawords;
        long octets = saturatedSum(in, out);
        return used == 0 && octets == 0 && problems.isEmpty() ? Usage.NONE
                : new Usage(used, octets, problems.isEmpty() ? Set.of() : Set.copyOf(problems));
    }

    private long advance(Session.Counter counter, long value, long seconds, boolean later, boolean gigawords,
            Set<AccountingProblem> problems) {
        long delta;
        if (Long.compareUnsigned(value, counter.value) >= 0) {
            delta = value - counter.value;
        } else if (!later) {
            return 0;
        } else if (!gigawords && Long.compareUnsigned(counter.value, WRAP) < 0
                && Long.compareUnsigned(value, WRAP) < 0) {
            delta = value + WRAP - counter.value;
        } else {
            problems.add(AccountingProblem.COUNTER_BACKWARDS);
            return 0;
        }
        if (Long.compareUnsigned(delta, allowance(seconds - counter.at)) > 0) {
            problems.add(AccountingProblem.FASTER_THAN_LINE_RATE);
            return 0;
        }
        counter.value = value;
        counter.at = seconds;
        return delta;
    }

    /** The most octets one direction carries in the elapsed seconds plus one, saturated at {@link Long#MAX_VALUE}. */
    long allowance(long elapsedSeconds) {
        long seconds = Math.max(0, elapsedSeconds) + 1;
        return seconds > Long.MAX_VALUE / bytesPerSecond ? Long.MAX_VALUE : seconds * bytesPerSecond;
    }

    private static long saturatedSum(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    /**
     * A remaining quota after usage: never more than before, never below zero, never {@link Subscriber#NONE}.
     *
     * @param remaining the remaining seconds or octets, or {@link Subscriber#NONE} if not limited
     * @param used the usage, not negative
     * @return what remains
     */
    static long debit(long remaining, long used) {
        if (remaining == Subscriber.NONE || remaining <= 0 || used <= 0) {
            return remaining;
        }
        return used >= remaining ? 0 : remaining - used;
    }
}
