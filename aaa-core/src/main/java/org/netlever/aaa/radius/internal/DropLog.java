package org.netlever.aaa.radius.internal;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.netlever.aaa.radius.server.DroppedPacket;
import org.slf4j.Logger;

/**
 * The server's record of datagrams it did not answer: the last few with their reasons, for operators, and a log line
 * at most every 10 seconds per kind of reason at WARN (every one at DEBUG), so that a flood of bad packets cannot
 * flood the log. Thread-safe.
 */
final class DropLog {

    private final Logger log;
    private final Clock clock;
    private final int capacity;
    private final ArrayDeque<DroppedPacket> recent;
    private final Map<String, AtomicLong> lastWarned = new ConcurrentHashMap<>();

    DropLog(Logger log, Clock clock, int capacity) {
        this.log = log;
        this.clock = clock;
        this.capacity = capacity;
        this.recent = new ArrayDeque<>(capacity);
    }

    /** The most recent drops, oldest first (a copy). */
    List<DroppedPacket> recent() {
        synchronized (recent) {
            return List.copyOf(recent);
        }
    }

    /* Records a drop, then counts it: whoever sees the count sees the record (tests and the operations API do). */
    void drop(java.util.concurrent.atomic.LongAdder counter, InetSocketAddress source, String reason) {
        record(source, reason);
        counter.increment();
    }

    void record(InetSocketAddress source, String reason) {
        DroppedPacket drop = new DroppedPacket(clock.instant(), source, reason);
        synchronized (recent) {
            if (recent.size() == capacity) {
                recent.removeFirst();
            }
            recent.addLast(drop);
        }
        if (log.isDebugEnabled()) {
            log.debug("RADIUS packet from {} dropped: {}", source, reason);
            return;
        }
        String category = reason.length() > 24 ? reason.substring(0, 24) : reason;
        AtomicLong last = lastWarned.computeIfAbsent(category, c -> new AtomicLong(Long.MIN_VALUE));
        long now = clock.millis();
        long previous = last.get();
        if (previous == Long.MIN_VALUE || now - previous >= 10_000) {
            if (last.compareAndSet(previous, now)) {
                log.warn("RADIUS packet from {} dropped: {} (similar drops are logged at most every 10 s; "
                        + "see the server statistics)", source, reason);
            }
        }
    }
}
