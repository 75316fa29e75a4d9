package org.netlever.pcrf;

/**
 * Why a services-reauth CoA for a session did not succeed, and what the engine does about it (S3.8, RFC 5176
 * section 3.6). Thread-safe (an enum).
 */
public enum ReauthFailure {
    /**
     * The BRAS has no such session (CoA-NAK with Error-Cause 503 Session-Context-Not-Found): the engine closes the
     * session and sends it no more CoA.
     */
    SESSION_GONE,
    /**
     * It may work later (no answer; Error-Cause 506 Resources-Unavailable or 507 Request-Initiated; any other error
     * of the notifier): retried with back-off, at most the configured number of attempts.
     */
    TRANSIENT,
    /** The BRAS refused for another reason (any other Error-Cause, or none): recorded and counted, not retried. */
    REFUSED,
    /** No CoA endpoint is configured for any name of the session's NAS: recorded and counted, not retried. */
    NO_ENDPOINT,
    /** Transient failures went on for every attempt the retry bound allows: recorded and counted, given up. */
    GAVE_UP
}
