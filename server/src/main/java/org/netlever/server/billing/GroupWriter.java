package org.netlever.server.billing;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for the reference billing's writes: the requests that arrive while one group is being written wait,
 * and the next group holds them all in one transaction ({@link Group#write}) instead of one transaction each. A
 * request's future completes only after the transaction holding it has committed, so an answer still means the
 * write is stored. A request the group leaves out (its write returns an empty result for it: a case the batched
 * statements do not cover) is written alone after the group commits; a group that fails as a whole (a unique key
 * taken by another process, a deadlock, a lost connection) is rolled back and each of its requests is written again
 * alone by {@link Group#single}, which keeps the one-request semantics and gives a failure to its caller only.
 *
 * <p>Groups are written by the writer's own threads, at most {@code maxWriters} at once, each in its own transaction,
 * so that one group's round trips to the database and commit do not hold up the next; a writer thread that finishes
 * a group takes the next itself while requests wait, and ends when none do. A request therefore holds no thread of
 * its caller while it waits ({@link #submitAsync}): the thread that commits its group completes its future — and
 * runs what was chained on it, such as sending the RADIUS answer. The reference billing has a writer for Starts and
 * authorizations and one for Stops. Groups written at once lock the accounts they share in the same order (see
 * {@link CallAccounts}), so they wait for each other rather than deadlock.
 *
 * <p>Thread-safe.
 *
 * @param <T> a request
 * @param <R> what its caller gets back
 */
final class GroupWriter<T, R> {

    /** The most requests written in one transaction. */
    static final int MAX_GROUP = 256;

    private static final Logger LOG = LoggerFactory.getLogger(ReferenceBilling.class);
    private static final AtomicInteger WRITERS_CREATED = new AtomicInteger();

    /**
     * How a group and a single request are written.
     *
     * @param <T> a request
     * @param <R> its result
     */
    interface Group<T, R> {
        /**
         * Writes requests in one transaction, or throws and writes nothing.
         *
         * @param requests the group, in arrival order
         * @return per request, in the same order, its result, or empty for one to be written alone after the commit
         */
        List<Optional<R>> write(List<T> requests);

        /**
         * Writes one request in its own transaction.
         *
         * @param request the request
         * @return its result
         */
        R single(T request);
    }

    private record Pending<T, R>(T request, CompletableFuture<R> result) {
    }

    private final String what;
    private final Group<T, R> group;
    private final int maxWriters;
    private final ThreadPoolExecutor threads;
    private final ArrayDeque<Pending<T, R>> queue = new ArrayDeque<>();
    /** Writer threads writing or about to: at most {@link #maxWriters}. */
    private int writers;
    private long groups;
    private long requests;

    /**
     * @param what what the requests are, for the log and the threads' names
     * @param maxWriters how many groups may be written at once, each in its own transaction, at least 1: while one
     *     waits for its commit, the next is written (the database's round trips, not its work, bound one writer)
     * @param group how they are written
     */
    GroupWriter(String what, int maxWriters, Group<T, R> group) {
        this.what = Objects.requireNonNull(what, "what");
        this.group = Objects.requireNonNull(group, "group");
        if (maxWriters < 1) {
            throw new IllegalArgumentException("a group writer needs at least one writer, got " + maxWriters);
        }
        this.maxWriters = maxWriters;
        String name = "netlever-billing-" + what + "-" + WRITERS_CREATED.incrementAndGet() + "-";
        AtomicInteger n = new AtomicInteger();
        // Never more tasks than threads (a task starts only while writers < maxWriters): the queue stays empty.
        // Idle threads end after a minute; daemons, so a billing nobody closes does not hold the JVM.
        this.threads = new ThreadPoolExecutor(maxWriters, maxWriters, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, name + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        threads.allowCoreThreadTimeOut(true);
    }

    /**
     * Queues a request for the next group.
     *
     * @param request the request
     * @return its result once the transaction holding it has committed, or what writing it alone threw when its
     *     group failed; completed on a writer thread
     */
    CompletableFuture<R> submitAsync(T request) {
        Pending<T, R> mine = new Pending<>(request, new CompletableFuture<>());
        boolean start;
        synchronized (this) {
            queue.addLast(mine);
            start = writers < maxWriters;
            if (start) {
                writers++;
            }
        }
        if (start) {
            threads.execute(this::drain);
        }
        return mine.result();
    }

    /**
     * Writes a request; returns once it is committed.
     *
     * @param request the request
     * @return its result
     * @throws RuntimeException what writing it alone threw, when its group failed
     */
    R submit(T request) {
        CompletableFuture<R> result = submitAsync(request);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    // The request may be in a group being written: wait for its commit even if interrupted.
                    return result.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (java.util.concurrent.ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException runtime) {
                        throw runtime;
                    }
                    throw new CompletionException(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A writer thread: writes groups from the head of the queue while there are any. */
    private void drain() {
        while (true) {
            List<Pending<T, R>> batch = new ArrayList<>();
            synchronized (this) {
                while (!queue.isEmpty() && batch.size() < MAX_GROUP) {
                    batch.add(queue.removeFirst());
                }
                if (batch.isEmpty()) {
                    writers--;
                    return;
                }
            }
            List<Runnable> completions;
            try {
                completions = write(batch);
            } catch (Throwable e) {
                // write() gives each request its own outcome; this is only an Error on the way (out of memory):
                // no request may be left waiting for ever.
                completions = new ArrayList<>();
                for (Pending<T, R> p : batch) {
                    completions.add(() -> p.result().completeExceptionally(e));
                }
            }
            // Counted before anyone is answered, so that a caller reading the counts after its answer sees its group.
            synchronized (this) {
                groups++;
                requests += batch.size();
            }
            for (Runnable completion : completions) {
                completion.run();
            }
        }
    }

    /**
     * Transactions written as groups so far and the requests they held; requests divided by groups is the average
     * group size.
     *
     * @return {groups, requests}
     */
    synchronized long[] counts() {
        return new long[] {groups, requests};
    }

    /** Writes a group, and the requests it left out alone; returns how to complete each, in order. */
    private List<Runnable> write(List<Pending<T, R>> batch) {
        List<T> requests = new ArrayList<>(batch.size());
        for (Pending<T, R> p : batch) {
            requests.add(p.request());
        }
        List<Optional<R>> results;
        try {
            results = group.write(requests);
            if (results.size() != batch.size()) {
                throw new IllegalStateException("a group of " + batch.size() + " " + what + " gave "
                        + results.size() + " results");
            }
        } catch (RuntimeException e) {
            LOG.debug("a group of {} {} failed ({}); writing each alone", batch.size(), what, e.toString());
            results = java.util.Collections.nCopies(batch.size(), Optional.empty());
        }
        // The group's results are completed only after the requests it left out are written alone: a caller chained
        // on one of them runs on this thread, and must not delay the singles.
        List<Runnable> completions = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            Pending<T, R> p = batch.get(i);
            Optional<R> result = results.get(i);
            if (result.isPresent()) {
                R value = result.get();
                completions.add(() -> p.result().complete(value));
            } else {
                try {
                    R value = group.single(p.request());
                    completions.add(() -> p.result().complete(value));
                } catch (RuntimeException alone) {
                    completions.add(() -> p.result().completeExceptionally(alone));
                }
            }
        }
        return completions;
    }
}
