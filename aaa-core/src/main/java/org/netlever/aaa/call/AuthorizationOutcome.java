package org.netlever.aaa.call;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.netlever.aaa.radius.attr.H323ReturnCode;

/**
 * How the authorization of a call ended for the softswitch (S2.3). {@link #proceeds()} says whether the call goes on
 * to B.
 *
 * <p>Implementations are immutable and thread-safe.
 */
public sealed interface AuthorizationOutcome {

    /**
     * Whether the call goes on to B.
     *
     * @return {@code true} for {@link Authorized}, {@link Bypassed} and {@link Skipped}
     */
    default boolean proceeds() {
        return !(this instanceof Denied) && !(this instanceof Unreachable);
    }

    /**
     * The server accepted the call.
     *
     * @param creditTime the most the call may last, if the server said
     */
    record Authorized(Optional<Duration> creditTime) implements AuthorizationOutcome {
        /** Checks that nothing is missing. */
        public Authorized {
            Objects.requireNonNull(creditTime, "creditTime");
        }
    }

    /**
     * The server rejected the call or did not answer, but B is on the bypass list, so the call goes through.
     *
     * @param why what RADIUS said: the rejection's reason, or that no server answered
     */
    record Bypassed(String why) implements AuthorizationOutcome {
        /** Checks that nothing is missing. */
        public Bypassed {
            Objects.requireNonNull(why, "why");
        }
    }

    /**
     * The server rejected the call; it is released.
     *
     * @param reason the Reply-Message, or the reply's code
     * @param returnCode the {@code h323-return-code}
     */
    record Denied(String reason, H323ReturnCode returnCode) implements AuthorizationOutcome {
        /** Checks that nothing is missing. */
        public Denied {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(returnCode, "returnCode");
        }
    }

    /**
     * No server answered and B is not on the bypass list; the call is released.
     *
     * @param tried the servers tried
     */
    record Unreachable(List<String> tried) implements AuthorizationOutcome {
        /** Copies the list. */
        public Unreachable {
            tried = List.copyOf(tried);
        }
    }

    /** Authorization over RADIUS is switched off (S2.1); the call goes on. */
    record Skipped() implements AuthorizationOutcome {
    }
}
