package org.netlever.aaa.call;

import java.util.Locale;
import java.util.Objects;
import org.netlever.aaa.radius.RadiusException;

/**
 * Why the previous routing attempt failed (S2.2): a release cause over SIP (a response status), ISUP (a Q.850
 * cause) or ACP (the softswitch's internal cause).
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param protocol where the cause comes from
 * @param code the cause
 */
public record ReleaseCause(Protocol protocol, int code) {

    /**
     * The signalling a release cause comes from.
     *
     * <p>Thread-safe (an enum).
     */
    public enum Protocol {
        /** A SIP final response status, 300 to 699. */
        SIP,
        /** An ISUP / Q.850 cause value, 0 to 127. */
        ISUP,
        /** The softswitch's internal (ACP) cause. */
        ACP
    }

    /**
     * Checks the code's range for its protocol.
     *
     * @throws RadiusException if the code does not fit the protocol
     */
    public ReleaseCause {
        Objects.requireNonNull(protocol, "protocol");
        boolean fits = switch (protocol) {
            case SIP -> code >= 300 && code <= 699;
            case ISUP -> code >= 0 && code <= 127;
            case ACP -> code >= 0;
        };
        if (!fits) {
            throw new RadiusException("a " + protocol + " release cause cannot be " + code);
        }
    }

    /**
     * Parses {@code sip:486}, {@code isup:17} or {@code acp:5}.
     *
     * @param text the text
     * @return the cause
     * @throws RadiusException if malformed
     */
    public static ReleaseCause parse(String text) {
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw new RadiusException("a release cause is protocol:code, e.g. isup:17, got '" + text + "'");
        }
        Protocol protocol;
        try {
            protocol = Protocol.valueOf(text.substring(0, colon).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new RadiusException("release cause '" + text + "': the protocol is sip, isup or acp");
        }
        try {
            return new ReleaseCause(protocol, Integer.parseInt(text.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new RadiusException("release cause '" + text + "': the code is a number");
        }
    }

    /**
     * The form {@link #parse(String)} reads.
     *
     * @return e.g. {@code isup:17}
     */
    @Override
    public String toString() {
        return protocol.name().toLowerCase(Locale.ROOT) + ":" + code;
    }
}
