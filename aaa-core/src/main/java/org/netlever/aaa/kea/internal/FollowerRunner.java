package org.netlever.aaa.kea.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.netlever.aaa.RateLimitedLog;

/**
 * The thread of a lease follower: started once, closed once (waiting for the work in hand), and a body run again
 * after each failure with doubling back-off, the failure logged rate-limited. Also the follower's two counters.
 * Thread-safe.
 */
public final class FollowerRunner {

    /**
     * What the thread runs: returns when stopping, throws to be run again after a back-off. Called on the follower's
     * thread only, so an implementation need not be thread-safe.
     */
    @FunctionalInterface
    public interface Body {
        /**
         * Follows until {@link FollowerRunner#stopping()} or a failure.
         *
         * @throws Exception a failure; the body is run again after a back-off
         */
        void run() throws Exception;
    }

    private final String name;
    private final RateLimitedLog log;
    private final Duration firstBackoff;
    private final Duration maxBackoff;
    private final AtomicReference<String> state = new AtomicReference<>("new");
    private final CountDownLatch stop = new CountDownLatch(1);
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong parseProblems = new AtomicLong();
    private volatile Thread thread;

    /**
     * A runner.
     *
     * @param name the follower's name, for the thread and the log
     * @param log where failures are logged
     * @param firstBackoff the wait after a first failure
     * @param maxBackoff the longest wait
     */
    public FollowerRunner(String name, RateLimitedLog log, Duration firstBackoff, Duration maxBackoff) {
        this.name = Objects.requireNonNull(name, "name");
        this.log = Objects.requireNonNull(log, "log");
        this.firstBackoff = Objects.requireNonNull(firstBackoff, "firstBackoff");
        this.maxBackoff = Objects.requireNonNull(maxBackoff, "maxBackoff");
    }

    /**
     * Starts the thread.
     *
     * @param body what it runs
     * @throws IllegalStateException if already started or closed
     */
    public void start(Body body) {
        if (!state.compareAndSet("new", "running")) {
            throw new IllegalStateException("follower " + name + " was already started or closed");
        }
        Thread t = new Thread(() -> loop(body), "follower-" + name);
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    private void loop(Body body) {
        Duration backoff = firstBackoff;
        while (!stopping()) {
            try {
                body.run();
                backoff = firstBackoff;
            } catch (Exception e) {
                log.warn("follower {}: {} — retrying in {} ms", name, e.toString(), backoff.toMillis());
                if (!pause(backoff)) {
                    return;
                }
                Duration doubled = backoff.multipliedBy(2);
                backoff = doubled.compareTo(maxBackoff) > 0 ? maxBackoff : doubled;
            }
        }
    }

    /**
     * Whether {@link #close()} was called.
     *
     * @return whether to stop
     */
    public boolean stopping() {
        return stop.getCount() == 0;
    }

    /**
     * Waits, cut short by {@link #close()}.
     *
     * @param d how long
     * @return {@code false} if the follower is stopping
     */
    public boolean pause(Duration d) {
        try {
            return !stop.await(d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Stops the thread and waits (up to 30 s) for the work it has in hand. Idempotent. */
    public void close() {
        if ("closed".equals(state.getAndSet("closed"))) {
            return;
        }
        stop.countDown();
        Thread t = thread;
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Events handed to the lease service.
     *
     * @return the counter
     */
    public AtomicLong delivered() {
        return delivered;
    }

    /**
     * Records that could not be read.
     *
     * @return the counter
     */
    public AtomicLong parseProblems() {
        return parseProblems;
    }

    /**
     * Checks a duration setting.
     *
     * @param what the setting's name
     * @param value its value
     * @param min the least
     * @param max the most
     * @return the value
     * @throws IllegalArgumentException if out of range
     */
    public static Duration range(String what, Duration value, Duration min, Duration max) {
        Objects.requireNonNull(value, what);
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(what + " must be " + min + " to " + max + ", got " + value);
        }
        return value;
    }

    /**
     * Checks a batch size setting: 1 to 100000.
     *
     * @param value the size
     * @return it
     * @throws IllegalArgumentException if out of range
     */
    public static int batchSize(int value) {
        if (value < 1 || value > 100_000) {
            throw new IllegalArgumentException("batchSize must be 1 to 100000, got " + value);
        }
        return value;
    }

    /**
     * Checks a follower name: 1 to 200 characters.
     *
     * @param value the name
     * @return it
     * @throws IllegalArgumentException if empty or too long
     */
    public static String name(String value) {
        Objects.requireNonNull(value, "name");
        if (value.isBlank() || value.length() > 200) {
            throw new IllegalArgumentException("a follower name has 1 to 200 characters, got '" + value + "'");
        }
        return value;
    }
}
