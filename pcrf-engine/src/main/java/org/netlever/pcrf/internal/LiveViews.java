package org.netlever.pcrf.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.netlever.pcrf.PcrfSession;
import org.netlever.pcrf.ReauthStatus;

/**
 * What the read API ({@link org.netlever.pcrf.read.PcrfReads}) takes from a running engine besides
 * {@link Engine#state}: a subscriber's open sessions and where its services-reauth stands. Thread-safe: each
 * subscriber is read under its own monitor.
 */
public final class LiveViews {

    private LiveViews() {
    }

    /**
     * A subscriber's open sessions, as the engine holds them.
     *
     * @param engine the engine
     * @param id the subscriber
     * @return the sessions that have not stopped, in the order they started; empty if the engine does not know it
     */
    public static List<PcrfSession> sessions(Engine engine, String id) {
        Subscriber s = engine.live(id);
        if (s == null) {
            return List.of();
        }
        List<PcrfSession> out = new ArrayList<>();
        synchronized (s) {
            if (s.open != null) {
                for (Session session : s.open) {
                    if (session.isOpen()) {
                        out.add(new PcrfSession(session.id, session.service, PcrfSession.nasName(session.nas),
                                session.seconds, session.input, session.output));
                    }
                }
            }
        }
        return out;
    }

    /**
     * Where a subscriber's services-reauth stands.
     *
     * @param engine the engine
     * @param id the subscriber
     * @return the status; empty if the engine does not know it
     */
    public static Optional<ReauthStatus> reauth(Engine engine, String id) {
        Subscriber s = engine.live(id);
        if (s == null) {
            return Optional.empty();
        }
        synchronized (s) {
            return Optional.of(status(s));
        }
    }

    /**
     * The subscribers whose last services-reauth did not succeed and that owe none now (refused, no endpoint, given
     * up; those still retried are owed).
     *
     * @param engine the engine
     * @return their status, by subscriber id
     */
    public static List<ReauthStatus> failed(Engine engine) {
        List<ReauthStatus> out = new ArrayList<>();
        for (Subscriber s : engine.withReauthProblem()) {
            synchronized (s) {
                if (s.reauthProblem != null && !s.reauthPending) {
                    out.add(status(s));
                }
            }
        }
        out.sort(Comparator.comparing(ReauthStatus::subscriberId));
        return out;
    }

    private static ReauthStatus status(Subscriber s) {
        return new ReauthStatus(s.id, s.reauthPending, s.reauthAttempts, Optional.ofNullable(s.reauthProblem));
    }
}
