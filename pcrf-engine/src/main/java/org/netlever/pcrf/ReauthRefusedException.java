package org.netlever.pcrf;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Thrown by a {@link BrasNotifier} when some sessions of a services-reauth request did not succeed, each with its
 * {@link ReauthFailure}; the sessions not listed succeeded. Any other exception from a notifier counts as
 * {@link ReauthFailure#TRANSIENT} for every session. Immutable; thread-safe.
 */
public final class ReauthRefusedException extends PcrfException {

    private static final long serialVersionUID = 1L;

    /** The refusals (unserializable records are kept out of the serialized form). */
    private final transient List<Refusal> refusals;

    /**
     * One session's outcome.
     *
     * <p>Instances are immutable and thread-safe.
     *
     * @param sessionId the Acct-Session-Id
     * @param failure what went wrong
     * @param errorCause the CoA-NAK's Error-Cause (RFC 5176 section 3.5), if there was one
     * @param detail for people: which BRAS, what it said
     */
    public record Refusal(String sessionId, ReauthFailure failure, OptionalInt errorCause, String detail) {
        /** Checks that nothing is missing. */
        public Refusal {
            Objects.requireNonNull(sessionId, "sessionId");
            Objects.requireNonNull(failure, "failure");
            Objects.requireNonNull(errorCause, "errorCause");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /**
     * An exception for a subscriber's request.
     *
     * @param subscriberId the subscriber
     * @param refusals the sessions that did not succeed, at least one
     */
    public ReauthRefusedException(String subscriberId, List<Refusal> refusals) {
        super("services-reauth for " + subscriberId + " did not succeed: " + describe(refusals));
        this.refusals = List.copyOf(refusals);
        if (this.refusals.isEmpty()) {
            throw new PcrfException("a refused services-reauth names at least one session");
        }
    }

    private static String describe(List<Refusal> refusals) {
        StringBuilder text = new StringBuilder();
        for (Refusal r : refusals) {
            if (text.length() > 0) {
                text.append("; ");
            }
            text.append("session ").append(r.sessionId()).append(' ').append(r.failure()).append(" (")
                    .append(r.detail()).append(')');
        }
        return text.toString();
    }

    /**
     * The sessions that did not succeed.
     *
     * @return the refusals, at least one
     */
    public List<Refusal> refusals() {
        return refusals == null ? List.of() : refusals;
    }
}
