package org.netlever.aaa.call;

import java.util.Objects;
import java.util.Optional;
import org.netlever.aaa.radius.attr.AcctStatusType;
import org.netlever.aaa.radius.attr.ConfId;

/**
 * What makes an accounting record unique, so that a record resent — to the same server after a lost reply, or to
 * another server after failover — is recognised and not counted twice: the Acct-Session-Id, the Acct-Status-Type and
 * the {@code h323-conf-id}, plus a sequence for the records a call has several of.
 *
 * <p>Start and Stop happen once per call: their sequence is 0. Interim-Updates (S2.5) carry the call's duration so
 * far, so their sequence is the Acct-Session-Time in seconds; supplementary-service Updates (S2.6) use their
 * Event-Timestamp in seconds. A resent record repeats those values, a new one does not.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param sessionId the Acct-Session-Id
 * @param statusType the Acct-Status-Type
 * @param confId the {@code h323-conf-id}, if sent
 * @param kind which record of the call this is
 * @param sequence 0 for Start and Stop; see above for the others
 */
public record AccountingKey(String sessionId, AcctStatusType statusType, Optional<ConfId> confId, RecordKind kind,
        long sequence) {

    /**
     * The records of a call.
     *
     * <p>Thread-safe (an enum).
     */
    public enum RecordKind {
        /** Accounting Start (S2.4). */
        START,
        /** Interim-Update (S2.5). */
        INTERIM,
        /** Supplementary-service Update (S2.6). */
        SUPPLEMENTARY_UPDATE,
        /** Accounting Stop (S2.7). */
        STOP
    }

    /** Checks that nothing is missing. */
    public AccountingKey {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(statusType, "statusType");
        Objects.requireNonNull(confId, "confId");
        Objects.requireNonNull(kind, "kind");
    }
}
