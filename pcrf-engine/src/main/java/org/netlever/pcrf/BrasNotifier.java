package org.netlever.pcrf;

import java.util.List;
import java.util.Objects;

/**
 * How the engine tells the BRAS that a subscriber's services changed (S3.8): a CoA with
 * {@code command=services-reauth}, after which the BRAS asks for the subscriber's services again.
 * {@code org.netlever.pcrf.bras.CoaBrasNotifier} implements it over aaa-core's CoA client.
 *
 * <p>The engine calls it from its dispatcher, never inside a state change: a slow or unreachable BRAS delays the CoA,
 * not the transition. Returning means every session's CoA succeeded. A {@link ReauthRefusedException} names the
 * sessions that did not, each with its {@link ReauthFailure}, which decides what the engine does; any other exception
 * counts as {@link ReauthFailure#TRANSIENT} for every session — retried with back-off up to the engine's
 * {@link ReauthRetry}. An owed request is kept across restarts. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface BrasNotifier {

    /**
     * Asks the BRAS to re-request a subscriber's services.
     *
     * @param request the subscriber and its open sessions
     * @throws ReauthRefusedException for the sessions whose CoA did not succeed
     * @throws Exception to have the request retried later (a transient failure)
     */
    void servicesReauth(ReauthRequest request) throws Exception;

    /**
     * A subscriber whose services changed, with its open sessions.
     *
     * <p>Instances are immutable and thread-safe.
     *
     * @param subscriberId the subscriber
     * @param sessions the open sessions: their Acct-Session-Id and the NAS they are on
     * @param attempt 1 for the first try
     */
    record ReauthRequest(String subscriberId, List<OpenSession> sessions, int attempt) {
        /** Copies the sessions. */
        public ReauthRequest {
            Objects.requireNonNull(subscriberId, "subscriberId");
            sessions = List.copyOf(sessions);
        }
    }

    /**
     * An open accounting session.
     *
     * <p>Instances are immutable and thread-safe.
     *
     * @param sessionId the Acct-Session-Id
     * @param nas the NAS it is on, by every name its accounting gave
     */
    record OpenSession(String sessionId, NasIdentity nas) {
        /** Checks that nothing is missing. */
        public OpenSession {
            Objects.requireNonNull(sessionId, "sessionId");
            Objects.requireNonNull(nas, "nas");
        }

        /**
         * A session on a NAS known by its NAS-Identifier only.
         *
         * @param sessionId the Acct-Session-Id
         * @param nasIdentifier the NAS-Identifier
         */
        public OpenSession(String sessionId, String nasIdentifier) {
            this(sessionId, NasIdentity.identifier(nasIdentifier));
        }
    }
}
