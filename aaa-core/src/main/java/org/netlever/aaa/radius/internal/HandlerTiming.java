package org.netlever.aaa.radius.internal;

/**
 * What {@code HandlerThread.AUTO} decides by: a running average of how long the synchronous handler takes, and a
 * hold-off after a stalled reader during which the handler stays on the workers. Every time is in nanoseconds of the
 * server's clock and passed in, so the rules can be checked without waiting.
 *
 * <p>One slow run only raises the average: a garbage-collection pause or a billing call that waited 5 ms sends the
 * following few dozen requests to the workers, until runs there bring the average down again. (A hold-off after
 * every run over a millisecond was tried: under sustained load the collector's pauses kept the handler on the workers
 * for good.)
 *
 * <p>Thread-safe: the fields are updated without locks by every thread that runs the handler; a lost update of the
 * average only delays a decision by one request.
 */
final class HandlerTiming {

    /** The handler runs on the reader while its average is at most this. */
    static final long FAST_NANOS = 20_000;
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

    /**
     * Whether the next request runs on the reader, reading the time only while a hold is on.
     *
     * @param now the time, asked for only while held
     * @return {@code true} to run it where it was read
     */
    boolean onReader(java.util.function.LongSupplier now) {
        return held ? onReader(now.getAsLong()) : average <= FAST_NANOS;
    }

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
     */
    void ran(long nanos) {
        long before = average;
        average = before + (Math.max(0, nanos) - before) / 16;
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
        long until = now + hold;
        if (!held || until - holdUntil > 0) {
            holdUntil = until;
        }
        held = true;
        return hold;
    }

    /** The running average, in nanoseconds. */
    long average() {
        return average;
    }
}
