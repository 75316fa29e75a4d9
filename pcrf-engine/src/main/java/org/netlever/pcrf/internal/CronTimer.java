package org.netlever.pcrf.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cron timer (S3.10): a daemon thread that runs a round (fire what is due, housekeeping) and then sleeps until
 * the next due moment — at most a minute, so a clock that jumps or a moment added without {@link #wake()} is noticed
 * — or, in the original's compatibility mode, for a fixed poll interval. A round that throws is logged and the timer
 * goes on. Thread-safe.
 */
final class CronTimer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("org.netlever.pcrf");
    /** The longest the timer sleeps without a poll interval. */
    static final long MAX_WAIT_MILLIS = 60_000;

    private final Runnable round;
    private final LongSupplier nextDue;
    private final Clock clock;
    private final Duration pollInterval;
    private final Object wakeup = new Object();
    /** Set by {@link #wake()} until the loop sees it, so a wake-up between a round and the sleep is not lost. */
    private boolean woken;
    private Thread thread;
    private volatile boolean closed;

    /**
     * A timer, not started.
     *
     * @param round what each wake-up runs
     * @param nextDue the next due moment in epoch seconds, or {@link Long#MAX_VALUE} if none
     * @param clock the clock due moments are compared with
     * @param pollInterval a fixed interval between rounds instead of the due moments, or {@code null}
     */
    CronTimer(Runnable round, LongSupplier nextDue, Clock clock, Duration pollInterval) {
        this.round = round;
        this.nextDue = nextDue;
        this.clock = clock;
        this.pollInterval = pollInterval;
    }

    /** Starts the thread; a second call does nothing. */
    synchronized void start() {
        if (thread != null || closed) {
            return;
        }
        thread = new Thread(this::loop, "netlever-pcrf-timer");
        thread.setDaemon(true);
        thread.start();
    }

    /** Makes a sleeping timer look at the next due moment again (one was added that may be earlier). */
    void wake() {
        synchronized (wakeup) {
            woken = true;
            wakeup.notifyAll();
        }
    }

    /** How long the timer sleeps after a round at {@code nowMillis}. */
    long waitMillis(long nowMillis) {
        if (pollInterval != null) {
            return pollInterval.toMillis();
        }
        long next = nextDue.getAsLong();
        if (next == Long.MAX_VALUE || next > Long.MAX_VALUE / 1000) {
            return MAX_WAIT_MILLIS;
        }
        return Math.min(MAX_WAIT_MILLIS, Math.max(0, next * 1000 - nowMillis));
    }

    private void loop() {
        while (!closed) {
            try {
                round.run();
            } catch (RuntimeException e) {
                LOG.error("PCRF timer round failed; it runs again at the next due moment", e);
            }
            long wait = waitMillis(clock.millis());
            synchronized (wakeup) {
                try {
                    if (!woken && wait > 0) {
                        wakeup.wait(wait);
                    }
                } catch (InterruptedException e) {
                    return;
                }
                woken = false;
            }
        }
    }

    /** Stops the thread. */
    @Override
    public synchronized void close() {
        closed = true;
        if (thread != null) {
            thread.interrupt();
        }
    }
}
