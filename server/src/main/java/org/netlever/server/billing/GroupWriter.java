package org.netlever.server.billing;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for the reference billing's writes: the requests that arrive while one group is being written wait,
 * and the next of their threads writes them all in one transaction ({@link Group#write}) instead of one transaction
 * each. Each caller returns only after the transaction holding its request has committed, so an answer still means
 * the write is stored. A request the group leaves out (its write returns an empty result for it: a case the batched
 * statements do not cover) is written alone after the group commits; a group that fails as a whole (a unique key
 * taken by another process, a deadlock, a lost connection) is rolled back and each of its requests is written again
 * alone by {@link Group#single}, which keeps the one-request semantics and gives a failure to its caller only.
 *
 * <p>A few groups may be written at once, each by one of the waiting threads in its own transaction, so that one
 * group's round trips to the database and commit do not hold up the next; the reference billing has a writer for
 * Starts and authorizations and one for Stops. Groups written at once lock the accounts they share in the same
 * order (see {@link CallAccounts}), so they wait for each other rather than deadlock.
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

    private static final class Pending<T, R> {
        final T request;
        final Thread owner = Thread.currentThread();
        /** Set, then the owner unparked, when its group committed ({@code done}) or it is to write the next. */
        volatile boolean done;
        volatile boolean lead;
        R result;
        RuntimeException failure;

        Pending(T request) {
            this.request = request;
        }
    }

    private final String what;
    private final Group<T, R> group;
    private final int maxWriters;
    private final ArrayDeque<Pending<T, R>> queue = new ArrayDeque<>();
    /** Threads writing a group, or told to write the next: at most {@link #maxWriters}. */
    private int writers;
    private long groups;
    private long requests;

    /**
     * @param what what the requests are, for the log
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
    }

    /**
     * Writes a request; returns once it is committed.
     *
     * <p>Only the threads concerned are woken: the members of a group when it has committed, and the first waiting
     * thread when it is its turn to write the next group (no wake-up of every waiter per group).
     *
     * @param request the request
     * @return its result
     * @throws RuntimeException what writing it alone threw, when its group failed
     */
    R submit(T request) {
        Pending<T, R> mine = new Pending<>(request);
        boolean interrupted = false;
        synchronized (this) {
            queue.addLast(mine);
            if (writers < maxWriters) {
                writers++;
                mine.lead = true;
            }
        }
        while (true) {
            // The turn to write is checked first: one given to this thread is used even if its request is done.
            if (mine.lead) {
                mine.lead = false;
                lead();
                continue;
            }
            if (mine.done) {
                break;
            }
            LockSupport.park(this);
            if (Thread.interrupted()) {
                // The request may be in a group being written: wait for its commit all the same.
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (mine.failure != null) {
            throw mine.failure;
        }
        return mine.result;
    }

    /**
     * Writes the group at the head of the queue, if any, then hands the turn to write to the next waiting request's
     * thread, or gives it up.
     */
    private void lead() {
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
        try {
            write(batch);
        } finally {
            Pending<T, R> next;
            synchronized (this) {
                groups++;
                requests += batch.size();
                next = queue.peekFirst();
                if (next == null) {
                    writers--;
                } else {
                    next.lead = true;
                }
            }
            for (Pending<T, R> p : batch) {
                p.done = true;
                LockSupport.unpark(p.owner);
            }
            if (next != null) {
                LockSupport.unpark(next.owner);
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

    private void write(List<Pending<T, R>> batch) {
        List<T> requests = new ArrayList<>(batch.size());
        for (Pending<T, R> p : batch) {
            requests.add(p.request);
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
        for (int i = 0; i < batch.size(); i++) {
            Pending<T, R> p = batch.get(i);
            Optional<R> result = results.get(i);
            if (result.isPresent()) {
                p.result = result.get();
            } else {
                try {
                    p.result = group.single(p.request);
                } catch (RuntimeException alone) {
                    p.failure = alone;
                }
            }
        }
    }
}
