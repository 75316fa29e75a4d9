package org.netlever.pcrf.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Session housekeeping (S3.9), a sweep the cron rounds run: a session that went without accounting for longer than
 * the idle timeout counts as closed (a lost Stop; the subscriber keeps its step; it gets no services-reauth), and a
 * closed session's tombstone is dropped once it has been closed for the idle timeout too, after which the same
 * Acct-Session-Id counts as a new session. Thread-safe: each subscriber is changed under its monitor.
 */
final class SessionHousekeeping {

    private static final Logger LOG = LoggerFactory.getLogger("org.netlever.pcrf");

    private final Duration idleTimeout;

    /**
     * @param idleTimeout how long a silent session stays open, and a closed one's tombstone stays
     */
    SessionHousekeeping(Duration idleTimeout) {
        this.idleTimeout = idleTimeout;
    }

    /**
     * Closes idle sessions and drops old tombstones.
     *
     * @param now the clock's instant
     * @param subscribers every subscriber
     * @param changed told each subscriber whose sessions changed, with its monitor held (to queue its row)
     */
    void sweep(Instant now, Iterable<Subscriber> subscribers, Consumer<Subscriber> changed) {
        long millis = now.toEpochMilli();
        long limit = millis - idleTimeout.toMillis();
        for (Subscriber s : subscribers) {
            if (s.open == null) {
                continue;
            }
            synchronized (s) {
                if (sweep(s, millis, limit)) {
                    changed.accept(s);
                }
            }
        }
    }

    private boolean sweep(Subscriber s, long millis, long limit) {
        if (s.open == null) {
            return false;
        }
        boolean changed = false;
        for (Session session : s.open.clone()) {
            if (session.isOpen() && session.lastSeenMillis < limit) {
                s.stop(session, millis);
                changed = true;
                LOG.debug("Session {} of {} closed after {} without accounting", session.id, s.id, idleTimeout);
            }
        }
        return s.dropTombstones(limit) || changed;
    }
}
