package org.netlever.pcrf;

import java.time.Duration;
import java.util.Objects;

/**
 * One accounting record of a service session, as the BRAS sends it (S3.7–S3.9): cumulative counters since the
 * session started. The engine turns them into usage itself, so retransmissions, records out of order and 32-bit
 * counters that wrap are all handled, and counters no line could produce add nothing ({@link AccountingProblem}).
 *
 * <p>The octet counters are unsigned 64-bit values, Acct-*-Gigawords × 2<sup>32</sup> + Acct-*-Octets (each an
 * unsigned 32-bit attribute): a count of 2<sup>63</sup> or more is held as a negative {@code long} and read with
 * {@link Long#toUnsignedString(long)} and {@link Long#compareUnsigned(long, long)}.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param kind start, interim or stop
 * @param sessionId the Acct-Session-Id
 * @param subscriberId the subscriber (User-Name)
 * @param service the service the session is for
 * @param nas the NAS that sent it (NAS-Identifier, NAS-IP-Address, source address), where a CoA goes
 * @param sessionTime Acct-Session-Time so far
 * @param inputOctets Acct-Input-Octets so far, with Gigawords if sent (unsigned 64-bit)
 * @param outputOctets Acct-Output-Octets so far, with Gigawords if sent (unsigned 64-bit)
 * @param gigawords whether the NAS sent Acct-*-Gigawords (if not, counters are 32-bit and may wrap)
 */
public record AccountingUpdate(Kind kind, String sessionId, String subscriberId, String service, NasIdentity nas,
        Duration sessionTime, long inputOctets, long outputOctets, boolean gigawords) {

    /**
     * The Acct-Status-Type of the record.
     *
     * <p>Thread-safe (an enum).
     */
    public enum Kind {
        /** The session started. */
        START,
        /** The session is going on. */
        INTERIM,
        /** The session ended. */
        STOP
    }

    /**
     * Checks that nothing is missing.
     *
     * @throws PcrfException if the session time is negative
     */
    public AccountingUpdate {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(subscriberId, "subscriberId");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(nas, "nas");
        Objects.requireNonNull(sessionTime, "sessionTime");
        if (sessionTime.isNegative()) {
            throw new PcrfException("session " + sessionId + ": Acct-Session-Time is not negative, got "
                    + sessionTime);
        }
    }

    /**
     * A record from a NAS known by one name, taken as its NAS-Identifier ({@link NasIdentity#identifier}).
     *
     * @param kind start, interim or stop
     * @param sessionId the Acct-Session-Id
     * @param subscriberId the subscriber (User-Name)
     * @param service the service the session is for
     * @param nasIdentifier the NAS-Identifier
     * @param sessionTime Acct-Session-Time so far
     * @param inputOctets Acct-Input-Octets so far (unsigned 64-bit)
     * @param outputOctets Acct-Output-Octets so far (unsigned 64-bit)
     * @param gigawords whether the NAS sent Acct-*-Gigawords
     */
    public AccountingUpdate(Kind kind, String sessionId, String subscriberId, String service, String nasIdentifier,
            Duration sessionTime, long inputOctets, long outputOctets, boolean gigawords) {
        this(kind, sessionId, subscriberId, service, NasIdentity.identifier(nasIdentifier), sessionTime,
                inputOctets, outputOctets, gigawords);
    }
}
