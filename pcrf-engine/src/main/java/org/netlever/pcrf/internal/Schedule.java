package org.netlever.pcrf.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The cron moments to fire, bucketed by epoch second: a million subscribers reset at the same 07:00 share one bucket
 * (an array of references, four bytes each). A subscriber rescheduled leaves its old entry behind; the entry is
 * recognised as stale when fired ({@link Subscriber#scheduledAt} no longer matches) and skipped. Thread-safe.
 */
final class Schedule {

    /** A growable array of subscribers due in the same second. Guarded by its own monitor. */
    static final class Bucket {
        private Subscriber[] items = new Subscriber[4];
        private int size;

        synchronized void add(Subscriber subscriber) {
            if (size == items.length) {
                items = java.util.Arrays.copyOf(items, size * 2);
            }
            items[size++] = subscriber;
        }

        synchronized Subscriber[] drain() {
            Subscriber[] all = java.util.Arrays.copyOf(items, size);
            items = new Subscriber[4];
            size = 0;
            return all;
        }
    }

    private final ConcurrentSkipListMap<Long, Bucket> buckets = new ConcurrentSkipListMap<>();

    /** Schedules a subscriber at its earliest cron moment, if it changed. Call with the subscriber's monitor held. */
    void reschedule(Subscriber subscriber) {
        long due = subscriber.earliestCron();
        if (due == subscriber.scheduledAt) {
            return;
        }
        subscriber.scheduledAt = due;
        if (due != Long.MAX_VALUE) {
            buckets.computeIfAbsent(due, k -> new Bucket()).add(subscriber);
        }
    }

    /** The earliest bucket's second, or {@link Long#MAX_VALUE}. */
    long earliest() {
        Map.Entry<Long, Bucket> first = buckets.firstEntry();
        return first == null ? Long.MAX_VALUE : first.getKey();
    }

    /** Removes and returns the earliest bucket if it is due at or before the second, else {@code null}. */
    Map.Entry<Long, Bucket> pollDue(long nowSecond) {
        Map.Entry<Long, Bucket> first = buckets.firstEntry();
        if (first == null || first.getKey() > nowSecond) {
            return null;
        }
        return buckets.remove(first.getKey(), first.getValue()) ? first : pollDue(nowSecond);
    }
}
