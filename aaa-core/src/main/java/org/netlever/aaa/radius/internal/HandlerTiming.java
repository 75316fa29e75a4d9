package org.netlever.aaa.radius.internal;

/**
 * What {@code HandlerThread.AUTO} decides by: a running average of how long the synchronous handler takes, and a
 * hold-off after a slow run or a stalled reader during which the handler stays on the workers. Every time is in
 * nanoseconds of the server's clock and passed in, so the rules can be checked without waiting.
 *
 * <p>Thread-safe: the fields are updated without locks by every thread that runs the handler; a lost update of the
 * average only delays a decision by one request.
 */
final class HandlerTiming {

    /** The handler runs on the reader while its average is at most this. */
    static final long FAST_NANOS = 20_000;
    /** One run longer than this sends the handler to the workers for {@link #SLOW_HOLD_NANOS}. */
    static final long SLOW_NANOS = 1_000_000;
    /** How long a slow run keeps the handler on the workers. */
    static final long SLOW_HOLD_NANOS = 10_000_000_000L;
    /**
     * The first runs (class loading, the interpreter) count in the average but never hold: a cold handler would
     * otherwise spend its first ten seconds on the workers.
     */
    static final int WARM_UP_RUNS = 64;
    /** A reader held by one run longer than this is replaced. */
    static final long STALL_NANOS = 50_000_000;
    /** How long the first stall keeps the handler off the readers; each further stall doubles it. */
    static final long STALL_HOLD_NANOS = 10_000_000_000L;
    /** The longest hold after stalls. */
    static final long MAX_STALL_HOLD_NANOS = 3_600_000_000_000L;

    private volatile long average;
    private volatile long holdUntil;
    private volatile boolean held;
    private volatile long stallHold = STALL_HOLD_NANOS;
    private volatile int runs;

    /**
     * Whether the next request runs on the reader.
     *
     * @param now the time
     * @return {@code true} to run it where it was read
     */
    boolean onReader(long now) {
        if (held) {
            if (now - holdUntil < 0) {
                return false;
            }
            held = false;
        }
        return average <= FAST_NANOS;
    }

    /**
     * Records one run of the handler, wherever it ran.
     *
     * @param nanos how long it took
     * @param now when it ended
     */
    void ran(long nanos, long now) {
        long before = average;
        average = before + (nanos - before) / 16;
        if (runs < WARM_UP_RUNS) {
            runs++;
            return;
        }
        if (nanos > SLOW_NANOS) {
            hold(now, SLOW_HOLD_NANOS);
        }
    }

    /**
     * Records that a reader was held by the handler too long and replaced.
     *
     * @param now the time
     * @return how long the handler now stays off the readers, in nanoseconds
     */
    long stalled(long now) {
        long hold = stallHold;
        stallHold = Math.min(MAX_STALL_HOLD_NANOS, hold * 2);
        hold(now, hold);
        return hold;
    }

    /** The running average, in nanoseconds. */
    long average() {
        return average;
    }

    private void hold(long now, long nanos) {
        long until = now + nanos;
        if (!held || until - holdUntil > 0) {
            holdUntil = until;
        }
        held = true;
    }
}
