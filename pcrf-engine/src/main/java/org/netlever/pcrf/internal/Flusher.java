package org.netlever.pcrf.internal;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.netlever.pcrf.PcrfException;
import org.netlever.pcrf.PcrfFencedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: one thread takes every change queued since its last commit and writes them in one transaction, waits
 * until that transaction is on disk ({@code Database.awaitDurable}), then
 * completes the futures of the changes, so callers that need durability (an Accounting-Response) wait for it while
 * thousands of changes share a transaction. Later snapshots of a subscriber or session replace earlier ones in the
 * same group. If the database fails, the group is retried with back-off until it succeeds: the engine's memory stays
 * ahead, nothing is dropped, and callers keep waiting. Thread-safe.
 */
final class Flusher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("org.netlever.pcrf.store");
    private static final int GROUP = 8192;
    /** Groups committed before one wait for the disk covers them all, while changes keep coming. */
    private static final int MAX_UNSYNCED_GROUPS = 16;

    /** One queued change; {@code done} completes after its commit. */
    record Change(PcrfStore.SubscriberRow subscriber, PcrfStore.TransitionRow transition,
            CompletableFuture<Void> done) {
    }

    private final PcrfStore.Writer writer;
    private final Clock clock;
    private final LinkedBlockingQueue<Change> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final Object progress = new Object();
    /** Changes queued, in queue order (guarded by {@code queue}). */
    private long submitted;
    /** Changes taken off the queue and committed (guarded by {@code progress}); the queue is FIFO. */
    private long committed;
    /** Groups committed, not yet known to be on disk (flusher thread only). */
    private final List<List<Change>> unsynced = new ArrayList<>();
    private volatile boolean closed;
    private volatile PcrfFencedException fenced;

    Flusher(PcrfStore store, Clock clock) {
        this.writer = store.writer();
        this.clock = clock;
        this.thread = new Thread(this::run, "netlever-pcrf-store");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    void submit(Change change) {
        synchronized (queue) {
            submitted++;
            queue.add(change);
        }
    }

    /** A future that completes once everything queued before it is committed. */
    CompletableFuture<Void> barrier() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        submit(new Change(null, null, done));
        return done;
    }

    /**
     * How many changes have been queued so far: a mark to pass to {@link #awaitCommitted(long)}. Cheaper than a
     * {@link #barrier()} when many callers wait, because waiting for a mark that is already committed costs nothing.
     */
    long mark() {
        synchronized (queue) {
            return submitted;
        }
    }

    /**
     * Waits until every change queued before {@code mark} was taken is committed (or the flusher is closed).
     *
     * @throws InterruptedException if the waiting thread is interrupted
     */
    void awaitCommitted(long mark) throws InterruptedException {
        synchronized (progress) {
            while (committed < mark && !closed) {
                progress.wait(1000);
            }
        }
    }

    /**
     * Waits until every change queued before {@code mark} was taken is stored (durably).
     *
     * @throws PcrfException if interrupted; the fence's refusal if the store was fenced off
     */
    void awaitStored(long mark) {
        try {
            awaitCommitted(mark);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PcrfException("interrupted while waiting for the PCRF store", e);
        }
        PcrfFencedException refusal = fenced;
        if (refusal != null) {
            throw refusal;
        }
    }

    /** Waits for a change to be stored; a refusal by the store fence surfaces as itself. */
    static void awaitStored(CompletableFuture<Void> done) {
        try {
            done.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof PcrfException p) {
                throw p;
            }
            throw e;
        }
    }

    private void run() {
        List<Change> group = new ArrayList<>(GROUP);
        while (!closed || !queue.isEmpty()) {
            try {
                Change first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    syncAndComplete();
                    continue;
                }
                group.add(first);
                queue.drainTo(group, GROUP - 1);
                commit(group);
                group.clear();
                if (queue.isEmpty() || unsynced.size() >= MAX_UNSYNCED_GROUPS) {
                    syncAndComplete();
                }
            } catch (InterruptedException e) {
                if (closed) {
                    break;
                }
            }
        }
        syncAndComplete();
    }

    private void commit(List<Change> group) {
        Map<String, PcrfStore.SubscriberRow> subscribers = new LinkedHashMap<>();
        List<PcrfStore.TransitionRow> transitions = new ArrayList<>();
        for (Change c : group) {
            PcrfStore.SubscriberRow row = c.subscriber();
            if (row != null) {
                PcrfStore.SubscriberRow earlier = subscribers.get(row.id());
                if (earlier != null && ((earlier.insert() && !row.insert())
                        || (earlier.planChanged() && !row.planChanged()))) {
                    // Changed again in the same group: still one INSERT (or plan update), with the latest values.
                    row = new PcrfStore.SubscriberRow(row.rowId(), row.id(), row.domain(), row.zoneId(),
                            row.tariffCode(), row.scenario(), row.step(), row.quotas(), row.sessions(),
                            row.reauthPending(), row.insert() || earlier.insert(),
                            row.planChanged() || earlier.planChanged());
                }
                subscribers.put(row.id(), row);
            }
            if (c.transition() != null) {
                transitions.add(c.transition());
            }
        }
        long backoff = 50;
        while (true) {
            if (fenced != null) {
                syncAndComplete();
                refuse(group, fenced);
                return;
            }
            try {
                writer.write(new ArrayList<>(subscribers.values()), transitions, clock.instant());
                // Committed; its futures complete once a sync covers it (syncAndComplete), in queue order.
                unsynced.add(new ArrayList<>(group));
                return;
            } catch (PcrfFencedException e) {
                // Another engine owns the state: nothing more may be written, and retrying would not change that.
                LOG.error("PCRF store fenced off: {}", e.getMessage());
                fenced = e;
                syncAndComplete();
                refuse(group, e);
                return;
            } catch (RuntimeException e) {
                writer.reset();
                LOG.warn("Cannot store {} PCRF changes, retrying in {} ms: {}", group.size(), backoff, e.getMessage());
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(backoff));
                backoff = Math.min(5000, backoff * 2);
                if (closed && backoff >= 5000) {
                    LOG.error("Giving up on {} PCRF changes at shutdown; the store is unreachable", group.size());
                    syncAndComplete();
                    group.stream().filter(c -> c.done() != null).forEach(c -> c.done().completeExceptionally(e));
                    advance(group.size());
                    return;
                }
            }
        }
    }

    /**
     * Waits until every committed group is on disk, then completes their futures, oldest first. While more changes
     * are queued the flusher commits further groups first (up to {@value #MAX_UNSYNCED_GROUPS}), so that a burst — a
     * mass reset — pays one disk write for many groups; when the queue is empty it syncs at once.
     */
    private void syncAndComplete() {
        if (unsynced.isEmpty()) {
            return;
        }
        long backoff = 50;
        while (true) {
            try {
                writer.sync();
                break;
            } catch (RuntimeException e) {
                LOG.warn("Cannot write {} committed PCRF groups to disk, retrying in {} ms: {}", unsynced.size(),
                        backoff, e.getMessage());
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(backoff));
                backoff = Math.min(5000, backoff * 2);
                if (closed && backoff >= 5000) {
                    LOG.error("Giving up on the durability of {} PCRF groups at shutdown", unsynced.size());
                    for (List<Change> g : unsynced) {
                        g.stream().filter(c -> c.done() != null).forEach(c -> c.done().completeExceptionally(e));
                        advance(g.size());
                    }
                    unsynced.clear();
                    return;
                }
            }
        }
        for (List<Change> g : unsynced) {
            advance(g.size());
            for (Change c : g) {
                if (c.done() != null) {
                    c.done().complete(null);
                }
            }
        }
        unsynced.clear();
    }

    private void refuse(List<Change> group, PcrfFencedException e) {
        group.stream().filter(c -> c.done() != null).forEach(c -> c.done().completeExceptionally(e));
        advance(group.size());
    }

    /**
     * Whether the fence refused a write; the engine is then read-only and must be closed.
     *
     * @return the refusal, if any
     */
    PcrfFencedException fenced() {
        return fenced;
    }

    private void advance(int count) {
        synchronized (progress) {
            committed += count;
            progress.notifyAll();
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writer.reset();
    }
}
