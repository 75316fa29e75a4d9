package org.netlever.aaa;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * A WARN log with a budget of lines a minute: a token bucket (Bucket4j) as large as the budget, refilled greedily at
 * the budget's rate by the given clock. The lines beyond it are counted, and the count is told with the next line
 * logged. Used wherever a peer can make netlever log (refused requests, unparsed attributes, implausible
 * accounting counters). Thread-safe.
 */
public final class RateLimitedLog {

    private final Logger logger;
    private final Bucket budget;
    private final AtomicLong suppressed = new AtomicLong();

    /**
     * A budget of lines a minute.
     *
     * @param logger where to log
     * @param perMinute lines a minute, at least 1; a burst of that many is allowed
     * @param clock the clock the budget refills by
     * @throws IllegalArgumentException if the budget is below one line
     */
    public RateLimitedLog(Logger logger, int perMinute, Clock clock) {
        if (perMinute < 1) {
            throw new IllegalArgumentException("a log budget is at least one line a minute, got " + perMinute);
        }
        this.logger = Objects.requireNonNull(logger, "logger");
        Objects.requireNonNull(clock, "clock");
        this.budget = Bucket.builder()
                .addLimit(limit -> limit.capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)))
                .withCustomTimePrecision(new ClockTime(clock))
                .build();
    }

    /**
     * Logs at WARN if the budget allows, else counts the line.
     *
     * @param format an slf4j format
     * @param arguments its arguments
     */
    public void warn(String format, Object... arguments) {
        if (!budget.tryConsume(1)) {
            suppressed.incrementAndGet();
            return;
        }
        long dropped = suppressed.getAndSet(0);
        if (dropped == 0) {
            logger.warn(format, arguments);
        } else {
            Object[] all = Arrays.copyOf(arguments, arguments.length + 1);
            all[arguments.length] = dropped;
            logger.warn(format + " ({} similar lines not logged before this one)", all);
        }
    }

    /**
     * Lines not logged since the last one that was.
     *
     * @return the count
     */
    public long suppressed() {
        return suppressed.get();
    }

    /** The bucket's time: the injected clock's, so that tests step it. */
    private record ClockTime(Clock clock) implements TimeMeter {
        @Override
        public long currentTimeNanos() {
            return TimeUnit.MILLISECONDS.toNanos(clock.millis());
        }

        @Override
        public boolean isWallClockBased() {
            return true;
        }
    }
}
