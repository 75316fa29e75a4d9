package org.netlever.pcrf.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.netlever.aaa.RateLimitedLog;
import org.netlever.pcrf.BrasNotifier;
import org.netlever.pcrf.ReauthFailure;
import org.netlever.pcrf.ReauthProblem;
import org.netlever.pcrf.ReauthRefusedException;
import org.netlever.pcrf.ReauthRetry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reauth dispatch (S3.8): sends services-reauth requests at a configured rate, off the state-change path. A change
 * that owes the BRAS a request ({@link #owe}) marks the subscriber and queues it once; a dispatcher thread takes
 * subscribers no faster than the rate and only once the change is stored; a small pool calls the notifier with the
 * subscriber's open sessions. What each session's CoA came to decides what follows (RFC 5176 section 3.6, see
 * {@link ReauthFailure}): acknowledged clears the debt unless a newer change made its own; the session gone (503)
 * closes the session; a transient failure is retried with the {@link ReauthRetry}'s back-off until its attempts are
 * used up; any other refusal, or no CoA endpoint, is recorded with the subscriber and counted, not retried. A retry
 * goes to every session still open. Thread-safe.
 */
final class ReauthDispatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("org.netlever.pcrf.reauth");
    private static final long PACING_GRANULARITY_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** Log lines a minute about CoA that did not succeed, at most. */
    private static final int LOG_LINES_PER_MINUTE = 60;

    private final LinkedBlockingQueue<Subscriber> queue = new LinkedBlockingQueue<>();
    private final BrasNotifier notifier;
    private final Stored stored;
    private final ReauthRetry retry;
    private final Clock clock;
    private final RateLimitedLog log;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Map<ReauthFailure, LongAdder> failures = new EnumMap<>(ReauthFailure.class);
    private final ConcurrentHashMap<Integer, LongAdder> errorCauses = new ConcurrentHashMap<>();
    /** Requests owed and not on the wire: in the queue, waiting for the rate or the commit, or for a retry. */
    private final AtomicInteger waiting = new AtomicInteger();
    private final long nanosPerRequest;
    private final ExecutorService senders;
    private final ScheduledExecutorService retries;
    private final Thread thread;
    private volatile boolean closed;
    /** The subscribers whose {@link Subscriber#reauthProblem} is set, so the read API need not look at them all. */
    private final java.util.Set<Subscriber> withProblem = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * @param notifier where requests go
     * @param stored the store's progress and where the subscriber's changed flags are written
     * @param perSecond the most requests per second
     * @param retry how transient failures are retried
     * @param clock when problems are recorded
     */
    ReauthDispatcher(BrasNotifier notifier, Stored stored, int perSecond, ReauthRetry retry, Clock clock) {
        this.notifier = notifier;
        this.stored = stored;
        this.retry = retry;
        this.clock = clock;
        this.log = new RateLimitedLog(LOG, LOG_LINES_PER_MINUTE, clock);
        for (ReauthFailure failure : ReauthFailure.values()) {
            failures.put(failure, new LongAdder());
        }
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

    /** The subscribers whose last services-reauth did not succeed (each read under its own monitor). */
    java.util.Collection<Subscriber> withProblem() {
        return java.util.Collections.unmodifiableSet(withProblem);
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
        waiting.incrementAndGet();
        queue.add(s);
    }

    /** Every request owed that is not on the wire: waiting for its turn under the rate, or for a retry. */
    int queued() {
        return Math.max(0, waiting.get());
    }

    /** Requests the BRAS acknowledged. */
    long sent() {
        return sent.get();
    }

    /** Attempts that did not fully succeed (some session's CoA failed). */
    long failed() {
        return failed.get();
    }

    /** Sessions' CoA that did not succeed, by what happened; every failure, zero included. */
    Map<ReauthFailure, Long> failures() {
        Map<ReauthFailure, Long> snapshot = new EnumMap<>(ReauthFailure.class);
        failures.forEach((failure, count) -> snapshot.put(failure, count.sum()));
        return snapshot;
    }

    /** CoA-NAKs by Error-Cause (RFC 5176 section 3.5), for the causes seen. */
    Map<Integer, Long> errorCauses() {
        Map<Integer, Long> snapshot = new TreeMap<>();
        errorCauses.forEach((cause, count) -> snapshot.put(cause, count.sum()));
        return snapshot;
    }

    /** Sends one subscriber's request; whether it is done with (no retry is due). */
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
        List<ReauthRefusedException.Refusal> refusals;
        try {
            notifier.servicesReauth(request);
            refusals = List.of();
        } catch (ReauthRefusedException e) {
            refusals = e.refusals();
        } catch (Exception e) {
            // Whatever else the notifier throws may pass: every session is retried.
            refusals = new ArrayList<>();
            for (BrasNotifier.OpenSession session : request.sessions()) {
                refusals.add(new ReauthRefusedException.Refusal(session.sessionId(), ReauthFailure.TRANSIENT,
                        OptionalInt.empty(), String.valueOf(e.getMessage())));
            }
        }
        return settle(s, request, generation, refusals);
    }

    /** Applies what each session's CoA came to; whether the subscriber is done with (no retry is due). */
    private boolean settle(Subscriber s, BrasNotifier.ReauthRequest request, int generation,
            List<ReauthRefusedException.Refusal> refusals) {
        if (refusals.isEmpty()) {
            sent.incrementAndGet();
        } else {
            failed.incrementAndGet();
        }
        Instant now = clock.instant();
        boolean retryDue = false;
        boolean rowChanged = false;
        synchronized (s) {
            for (ReauthRefusedException.Refusal r : refusals) {
                failures.get(r.failure()).increment();
                r.errorCause().ifPresent(cause -> errorCauses.computeIfAbsent(cause, c -> new LongAdder())
                        .increment());
                s.reauthProblem = new ReauthProblem(now, r.sessionId(), r.failure(), r.errorCause(), r.detail());
                if (r.failure() == ReauthFailure.SESSION_GONE) {
                    // The BRAS has no such session (RFC 5176 503): it is closed and gets no more CoA.
                    Session session = s.session(r.sessionId());
                    if (session != null && session.isOpen()) {
                        s.stop(session, now.toEpochMilli());
                        rowChanged = true;
                    }
                } else if (r.failure() == ReauthFailure.TRANSIENT) {
                    retryDue = true;
                }
                log.warn("services-reauth for {} session {} (attempt {}): {} ({})", s.id, r.sessionId(),
                        request.attempt(), r.failure(), r.detail());
            }
            if (retryDue && request.attempt() >= retry.maxAttempts()) {
                retryDue = false;
                failures.get(ReauthFailure.GAVE_UP).increment();
                s.reauthProblem = new ReauthProblem(now, s.reauthProblem.sessionId(), ReauthFailure.GAVE_UP,
                        s.reauthProblem.errorCause(), "no success after " + request.attempt() + " attempts; last: "
                                + s.reauthProblem.detail());
                log.warn("services-reauth for {} given up after {} attempts", s.id, request.attempt());
            }
            if (refusals.isEmpty()) {
                s.reauthProblem = null;
                withProblem.remove(s);
            } else {
                withProblem.add(s);
            }
            // A change made while this request was on the wire owes the BRAS its own request (queued behind this
            // one): only the request for the latest change clears the debt.
            if (!retryDue && s.reauthGeneration == generation) {
                s.reauthPending = false;
                s.reauthAttempts = 0;
                rowChanged = true;
            }
            if (rowChanged) {
                stored.changed(s);
            }
        }
        return !retryDue;
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
                waiting.decrementAndGet();
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
                    waiting.incrementAndGet();
                    retries.schedule(() -> {
                        waiting.decrementAndGet();
                        queue(subscriber);
                    }, retry.backoffAfter(attempts).toMillis(), TimeUnit.MILLISECONDS);
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
