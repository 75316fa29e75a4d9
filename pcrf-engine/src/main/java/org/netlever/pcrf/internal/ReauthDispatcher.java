package org.netlever.pcrf.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.netlever.pcrf.BrasNotifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reauth dispatch (S3.8): sends services-reauth requests at a configured rate, off the state-change path. A change
 * that owes the BRAS a request ({@link #owe}) marks the subscriber and queues it once; a dispatcher thread takes
 * subscribers no faster than the rate and only once the change is stored; a small pool calls the notifier with the
 * subscriber's open sessions; a failure is counted and retried with doubling back-off (1 s up to 5 min); an
 * acknowledged request clears the debt unless a newer change made its own. Thread-safe.
 */
final class ReauthDispatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("org.netlever.pcrf.reauth");
    private static final long PACING_GRANULARITY_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final LinkedBlockingQueue<Subscriber> queue = new LinkedBlockingQueue<>();
    private final BrasNotifier notifier;
    private final Stored stored;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final long nanosPerRequest;
    private final ExecutorService senders;
    private final ScheduledExecutorService retries;
    private final Thread thread;
    private volatile boolean closed;

    /**
     * @param notifier where requests go
     * @param stored the store's progress and where the subscriber's changed flags are written
     * @param perSecond the most requests per second
     */
    ReauthDispatcher(BrasNotifier notifier, Stored stored, int perSecond) {
        this.notifier = notifier;
        this.stored = stored;
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

        /** Whether another engine owns the state (it resends what the store says is owed). */
        boolean fenced();

        /** Queues the subscriber's row for writing (its reauth flag changed); called with its monitor held. */
        void changed(Subscriber subscriber);
    }

    /**
     * A change the BRAS must hear of: the subscriber owes a request (a newer one than any on the wire) and is
     * queued. Call with the subscriber's monitor held, before the change's row is submitted.
     *
     * @param s the subscriber
     */
    void owe(Subscriber s) {
        s.reauthPending = true;
        s.reauthAttempts = 0;
        s.reauthGeneration++;
        queue(s);
    }

    /**
     * Queues a subscriber whose request is owed (after a restart or a back-off), unless it is queued already.
     *
     * @param s the subscriber
     */
    void queue(Subscriber s) {
        synchronized (s) {
            if (!s.reauthPending || s.reauthQueued) {
                return;
            }
            s.reauthQueued = true;
        }
        queue.add(s);
    }

    /** Requests waiting for their turn under the rate. */
    int queued() {
        return queue.size();
    }

    /** Requests the BRAS acknowledged. */
    long sent() {
        return sent.get();
    }

    /** Attempts that failed (each is retried). */
    long failed() {
        return failed.get();
    }

    /** Sends one subscriber's request; whether it succeeded (or was not needed). */
    private boolean send(Subscriber s) {
        if (stored.fenced()) {
            return true;
        }
        // The CoA goes out only once the change it announces is stored: run() waited for that.
        BrasNotifier.ReauthRequest request;
        int generation;
        synchronized (s) {
            generation = s.reauthGeneration;
            s.reauthQueued = false;
            if (!s.reauthPending) {
                return true;
            }
            List<BrasNotifier.OpenSession> open = new ArrayList<>();
            if (s.open != null) {
                for (Session session : s.open) {
                    if (session.isOpen()) {
                        open.add(new BrasNotifier.OpenSession(session.id, session.nas));
                    }
                }
            }
            if (open.isEmpty()) {
                s.reauthPending = false;
                stored.changed(s);
                return true;
            }
            s.reauthAttempts++;
            request = new BrasNotifier.ReauthRequest(s.id, open, s.reauthAttempts);
        }
        try {
            notifier.servicesReauth(request);
        } catch (Exception e) {
            LOG.warn("services-reauth for {} (attempt {}) failed: {}", s.id, request.attempt(), e.getMessage());
            failed.incrementAndGet();
            return false;
        }
        sent.incrementAndGet();
        synchronized (s) {
            // A change made while this request was on the wire owes the BRAS its own request (queued behind this
            // one): only the request for the latest change clears the debt.
            if (s.reauthGeneration == generation) {
                s.reauthPending = false;
                s.reauthAttempts = 0;
                stored.changed(s);
            }
        }
        return true;
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
                    ok = send(subscriber);
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
                    retries.schedule(() -> queue(subscriber), delay, TimeUnit.MILLISECONDS);
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
