package org.netlever.pcrf;

import java.util.Objects;

/**
 * An open accounting session of a subscriber as the PCRF engine counts it (S3.7): the cumulative counters of the last
 * record it believed.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param id the Acct-Session-Id
 * @param service the service the session is for
 * @param nas the NAS it is on: its NAS-Identifier, else its NAS-IP-Address, else the address accounting came from;
 *     empty if none was given
 * @param seconds Acct-Session-Time
 * @param inputOctets octets from the subscriber (unsigned)
 * @param outputOctets octets to the subscriber (unsigned)
 */
public record PcrfSession(String id, String service, String nas, long seconds, long inputOctets, long outputOctets) {

    /** Checks that nothing is missing. */
    public PcrfSession {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(nas, "nas");
    }

    /**
     * The name a NAS is shown by.
     *
     * @param nas the NAS
     * @return its NAS-Identifier, else its NAS-IP-Address, else its source address, else empty
     */
    public static String nasName(NasIdentity nas) {
        return nas.identifier().or(nas::ipAddress).or(nas::source).orElse("");
    }
}
