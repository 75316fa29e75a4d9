package org.netlever.pcrf.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends services-reauth requests at a configured rate, off the state-change path: subscribers are queued when their
 * services change, a dispatcher thread takes them no faster than the rate, a small pool calls the notifier, and a
 * failure is retried with doubling back-off (1 s up to 5 min). Thread-safe.
 */
final class ReauthDispatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("org.netlever.pcrf.reauth");
    private static final long PACING_GRANULARITY_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final LinkedBlockingQueue<Subscriber> queue = new LinkedBlockingQueue<>();
    private final Predicate<Subscriber> send;
    private final Stored stored;
    private final Consumer<Subscriber> retry;
    private final long nanosPerRequest;
    private final ExecutorService senders;
    private final ScheduledExecutorService retries;
    private final Thread thread;
    private volatile boolean closed;

    /**
     * @param send sends one request; returns whether it succeeded
     * @param retry re-queues a subscriber (after its back-off)
     * @param stored waits until the change a request announces is stored
     * @param perSecond the most requests per second
     */
    ReauthDispatcher(Predicate<Subscriber> send, Consumer<Subscriber> retry, Stored stored, int perSecond) {
        this.send = send;
        this.stored = stored;
        this.retry = retry;
        this.nanosPerRequest = TimeUnit.SECONDS.toNanos(1) / perSecond;
        this.senders = Executors.newFixedThreadPool(4, daemon("netlever-pcrf-reauth"));
        this.retries = Executors.newSingleThreadScheduledExecutor(daemon("netlever-pcrf-reauth-retry"));
        this.thread = new Thread(this::run, "netlever-pcrf-reauth-dispatch");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** The store's progress, so a request goes out only after the change it announces is committed. */
    interface Stored {
        /** A mark covering every change of {@code subscriber} made so far. */
        long mark(Subscriber subscriber);

        /** Waits until the changes up to {@code mark} are committed. */
        void await(long mark) throws InterruptedException;
    }

    void enqueue(Subscriber subscriber) {
        queue.add(subscriber);
    }

    int queued() {
        return queue.size();
    }

    private void run() {
        long next = System.nanoTime();
        while (!closed) {
            Subscriber subscriber;
            try {
                subscriber = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (subscriber == null) {
                continue;
            }
            // Marks grow in queue order, so after one wait the requests behind it whose changes went into the same
            // commit pass without waiting: one wait per commit, not one per request.
            try {
                stored.await(stored.mark(subscriber));
            } catch (InterruptedException e) {
                return;
            }
            // Pace by the millisecond: parking for less is not possible (the OS timer slack is tens of
            // microseconds), so up to a millisecond's worth of requests goes out back to back and the debt is
            // carried in 'next' - the average rate stays exact.
            long wait = next - System.nanoTime();
            if (wait > PACING_GRANULARITY_NANOS) {
                LockSupport.parkNanos(wait);
            }
            next = Math.max(next, System.nanoTime() - nanosPerRequest) + nanosPerRequest;
            senders.execute(() -> {
                boolean ok;
                try {
                    ok = send.test(subscriber);
                } catch (RuntimeException e) {
                    LOG.warn("services-reauth for {} failed", subscriber.id, e);
                    ok = false;
                }
                if (!ok && !closed) {
                    int attempts;
                    synchronized (subscriber) {
                        attempts = subscriber.reauthAttempts;
                    }
                    long delay = Math.min(300_000L, 1000L << Math.min(attempts, 20));
                    retries.schedule(() -> retry.accept(subscriber), delay, TimeUnit.MILLISECONDS);
                }
            });
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        retries.shutdownNow();
        senders.shutdown();
        try {
            senders.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
