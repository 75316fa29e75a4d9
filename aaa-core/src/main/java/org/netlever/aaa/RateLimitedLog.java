package org.netlever.aaa;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * A WARN log with a budget of lines a minute (a token bucket): the lines beyond it are counted and the count
 * is told with the next line logged. Used wherever a peer can make netlever log (refused
 * requests, unparsed attributes, implausible accounting counters). Thread-safe.
 */
public final class RateLimitedLog {
    private final Logger logger;
    private final int perMinute;
    private final Clock clock;
    private final AtomicLong suppressed = new AtomicLong();
    private double tokens;
    private long refilledAt;

    /**
     * A budget of lines a minute.
     *
     * @param logger where to log
     * @param perMinute lines a minute, at least 1; a burst of that many is allowed
     * @param clock the clock
     */
    public RateLimitedLog(Logger logger, int perMinute, Clock clock) {
        if (perMinute < 1) {
            throw new IllegalArgumentException("a log budget is at least one line a minute, got " + perMinute);
        }
        this.logger = logger;
        this.perMinute = perMinute;
        this.clock = clock;
        this.tokens = perMinute;
        this.refilledAt = clock.millis();
    }

    private synchronized boolean take() {
        long now = clock.millis();
        tokens = Math.min(perMinute, tokens + (now - refilledAt) * perMinute / 60_000.0);
        refilledAt = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /**
     * Logs at WARN if the budget allows, else counts the line.
     *
     * @param format an slf4j format
     * @param arguments its arguments
     */
    public void warn(String format, Object... arguments) {
        if (!take()) {
            suppressed.incrementAndGet();
            return;
        }
        long dropped = suppressed.getAndSet(0);
        if (dropped == 0) {
            logger.warn(format, arguments);
        } else {
            logger.warn(format + " ({} similar lines not logged before this one)", append(arguments, dropped));
        }
    }

    /** @return lines not logged since the last one that was */
    public long suppressed() {
        return suppressed.get();
    }

    private static Object[] append(Object[] arguments, Object last) {
        Object[] all = java.util.Arrays.copyOf(arguments, arguments.length + 1);
        all[arguments.length] = last;
        return all;
    }
}
