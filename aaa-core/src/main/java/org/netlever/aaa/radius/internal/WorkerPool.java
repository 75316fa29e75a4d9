package org.netlever.aaa.radius.internal;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server's bounded, elastic worker pool, sized by Little's law in the manner of FreeRADIUS's growing thread pool.
 * Every {@link #adjust()} (ten times a second) it measures how many threads were busy on average — the request rate
 * times the handler's latency — and, if that is most of the pool while requests queue, grows it by half, up to the
 * maximum; if it is well under half, shrinks it towards what is used. A non-blocking handler thus runs on about as
 * many threads as there are cores (no wake-up storms over dozens of idle threads), and a handler with 5 ms of billing
 * latency gets the threads its rate needs. The queue is bounded: past it, requests are refused. Thread-safe.
 */
final class WorkerPool {

    private final ThreadPoolExecutor executor;
    private final LinkedBlockingQueue<Runnable> queue;
    private final int min;
    private final int max;
    private final AtomicLong busyNanos = new AtomicLong();
    private long windowStart = System.nanoTime();
    private volatile boolean queued;

    WorkerPool(int min, int max, int queueCapacity, ThreadFactory threads) {
        this.min = min;
        this.max = max;
        this.queue = new LinkedBlockingQueue<>(queueCapacity);
        this.executor = new ThreadPoolExecutor(min, max, 30, TimeUnit.SECONDS, queue, threads);
    }

    /**
     * Queues a task.
     *
     * @param task the task
     * @throws RejectedExecutionException if the queue is full and every thread busy
     */
    void execute(Runnable task) {
        executor.execute(() -> {
            long start = System.nanoTime();
            try {
                task.run();
            } finally {
                busyNanos.addAndGet(System.nanoTime() - start);
            }
        });
        if (!queued && !queue.isEmpty()) {
            queued = true;
        }
    }

    /** Resizes the pool from the last window's average concurrency; called ten times a second. */
    synchronized void adjust() {
        long now = System.nanoTime();
        long window = now - windowStart;
        if (window <= 0) {
            return;
        }
        windowStart = now;
        double busy = (double) busyNanos.getAndSet(0) / window;
        boolean waited = queued || !queue.isEmpty();
        queued = false;
        int core = executor.getCorePoolSize();
        if (waited && busy > 0.8 * core && core < max) {
            executor.setCorePoolSize(Math.min(max, core + core / 2 + 1));
        } else if (busy < 0.5 * core && core > min) {
            executor.setCorePoolSize(Math.max(min, Math.max((int) Math.ceil(busy * 1.5), core / 2)));
        }
    }

    int threads() {
        return executor.getCorePoolSize();
    }

    void shutdown() {
        executor.shutdown();
    }

    boolean awaitTermination(long seconds) throws InterruptedException {
        return executor.awaitTermination(seconds, TimeUnit.SECONDS);
    }

    void shutdownNow() {
        executor.shutdownNow();
    }
}
