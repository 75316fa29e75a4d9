package org.netlever.pcrf.internal;

import java.util.EnumSet;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.netlever.pcrf.AccountingProblem;
import org.netlever.pcrf.AccountingUpdate;
import org.netlever.pcrf.NasIdentity;
import org.netlever.pcrf.PcrfException;

/**
 * The accounting reducer (S3.7): turns a session's cumulative counters into usage that is counted once and never
 * negative, whatever the BRAS sends. A record is either believed as a whole — the session's counters move to its
 * values and the differences are the usage — or it adds nothing and moves nothing:
 *
 * <ul>
 *   <li>Octet counters are unsigned 64-bit (Gigawords × 2<sup>32</sup> + Octets); all arithmetic saturates.</li>
 *   <li>A record with an earlier Acct-Session-Time than the last one believed is late (reordered or retransmitted),
 *       and so is one at the same second whose counters are lower: it adds nothing.</li>
 *   <li>A 32-bit counter (no Gigawords) that goes down at a later second wrapped past 2<sup>32</sup>.</li>
 *   <li>A 64-bit counter that goes down at a later second is {@link AccountingProblem#COUNTER_BACKWARDS}; a counter
 *       that grew more than the line rate carries in the session seconds since the last record believed (plus one
 *       second for rounding) is {@link AccountingProblem#FASTER_THAN_LINE_RATE}. The record adds nothing, and a
 *       later sound record is counted from the last one believed: a glitch costs nothing and is counted nothing.</li>
 * </ul>
 * A session's believed counters only move forward, so what a session is charged in total is its last believed
 * counters, and {@link #debit} never lets usage raise a remaining quota. The Acct-Session-Time is believed as sent.
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
     * The session a record is for: a new one is added to the subscriber (its counters from zero); a Start for a
     * stopped one reopens it (the Acct-Session-Id is used again) with the counters it had, so nothing is counted
     * twice. Call with the subscriber's monitor held.
     *
     * @param s the subscriber
     * @param u the record
     * @return the session
     */
    static Session sessionFor(Subscriber s, AccountingUpdate u) {
        return sessionFor(s, u, UnaryOperator.identity());
    }

    /**
     * As {@link #sessionFor(Subscriber, AccountingUpdate)}, a new session's NAS identity shared through
     * {@code intern} (sessions on one BRAS hold one instance).
     *
     * @param s the subscriber
     * @param u the record
     * @param intern the engine's interner of NAS identities
     * @return the session
     */
    static Session sessionFor(Subscriber s, AccountingUpdate u, UnaryOperator<NasIdentity> intern) {
        Session session = s.session(u.sessionId());
        if (session == null) {
            session = new Session(u.sessionId(), s, u.service(), intern.apply(u.nas()));
            s.addSession(session);
        } else if (u.kind() == AccountingUpdate.Kind.START) {
            session.closedAtMillis = Session.OPEN;
        }
        return session;
    }

    /**
     * Applies a record's counters to its session.
     *
     * @param session the session, its counters updated in place
     * @param u the record
     * @return the usage
     */
    Usage reduce(Session session, AccountingUpdate u) {
        return reduce(session, u.sessionTime().toSeconds(), u.inputOctets(), u.outputOctets(), u.gigawords());
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
        long in = delta(session.input, input, later, gigawords);
        long out = delta(session.output, output, later, gigawords);
        if (in == LATE || out == LATE) {
            return Usage.NONE;
        }
        long allowance = allowance(seconds - session.seconds);
        AccountingProblem inProblem = problem(in, allowance);
        AccountingProblem outProblem = problem(out, allowance);
        if (inProblem != null || outProblem != null) {
            Set<AccountingProblem> problems = EnumSet.noneOf(AccountingProblem.class);
            for (AccountingProblem p : new AccountingProblem[] {inProblem, outProblem}) {
                if (p != null) {
                    problems.add(p);
                }
            }
            return new Usage(0, 0, Set.copyOf(problems));
        }
        long used = seconds - session.seconds;
        session.seconds = seconds;
        session.input = input;
        session.output = output;
        session.gigawords = gigawords;
        long octets = saturatedSum(in, out);
        return used == 0 && octets == 0 ? Usage.NONE : new Usage(used, octets, Set.of());
    }

    /** What is wrong with one counter's growth, or {@code null} if it is believable. */
    private static AccountingProblem problem(long delta, long allowance) {
        if (delta == BACKWARDS) {
            return AccountingProblem.COUNTER_BACKWARDS;
        }
        return Long.compareUnsigned(delta, allowance) > 0 ? AccountingProblem.FASTER_THAN_LINE_RATE : null;
    }

    /** {@link #delta}: lower at the same second, a late record. */
    private static final long LATE = -1;
    /** {@link #delta}: a 64-bit counter lower at a later second. */
    private static final long BACKWARDS = -2;

    /**
     * The unsigned growth of one counter, {@link #LATE} or {@link #BACKWARDS}; a growth of 2<sup>63</sup> or more
     * (negative as a {@code long}) is beyond any allowance, which never exceeds {@link Long#MAX_VALUE}.
     */
    private static long delta(long before, long now, boolean later, boolean gigawords) {
        if (Long.compareUnsigned(now, before) >= 0) {
            long d = now - before;
            return d < 0 ? Long.MIN_VALUE : d;
        }
        if (!later) {
            return LATE;
        }
        if (!gigawords && Long.compareUnsigned(before, WRAP) < 0) {
            return now + WRAP - before;
        }
        return BACKWARDS;
    }

    /** The most octets one direction carries in the elapsed seconds plus one, saturated at {@link Long#MAX_VALUE}. */
    long allowance(long elapsedSeconds) {
        long elapsed = Math.max(0, elapsedSeconds);
        return elapsed >= Long.MAX_VALUE / bytesPerSecond ? Long.MAX_VALUE : (elapsed + 1) * bytesPerSecond;
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
