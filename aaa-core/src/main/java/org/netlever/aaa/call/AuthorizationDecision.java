package org.netlever.aaa.call;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.netlever.aaa.radius.RadiusException;
import org.netlever.aaa.radius.attr.H323ReturnCode;

/**
 * Billing's answer to an {@link AuthorizationRequest} (S2.3): accept, perhaps with a credit time, or reject with a
 * reason and an {@code h323-return-code}.
 *
 * <p>Implementations are immutable and thread-safe.
 */
public sealed interface AuthorizationDecision {

    /**
     * The call may proceed.
     *
     * @param creditTime how long it may last, sent as {@code h323-credit-time} and Session-Timeout
     */
    record Accept(Optional<Duration> creditTime) implements AuthorizationDecision {
        /** Checks the credit time. */
        public Accept {
            Objects.requireNonNull(creditTime, "creditTime");
            if (creditTime.isPresent() && (creditTime.get().isNegative() || creditTime.get().isZero())) {
                throw new RadiusException("a credit time is positive, got " + creditTime.get());
            }
        }
    }

    /**
     * The call may not proceed.
     *
     * @param reason why, sent as Reply-Message
     * @param returnCode the {@code h323-return-code}, one that does not allow the call
     */
    record Reject(String reason, H323ReturnCode returnCode) implements AuthorizationDecision {
        /** Checks that the code is a refusal. */
        public Reject {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(returnCode, "returnCode");
            if (returnCode.allowsCall()) {
                throw new RadiusException("a rejection's return code refuses the call, " + returnCode + " allows it");
            }
        }
    }

    /**
     * Accept without a limit.
     *
     * @return the decision
     */
    static AuthorizationDecision accept() {
        return new Accept(Optional.empty());
    }

    /**
     * Accept for at most a credit time.
     *
     * @param creditTime the limit
     * @return the decision
     */
    static AuthorizationDecision acceptFor(Duration creditTime) {
        return new Accept(Optional.of(creditTime));
    }

    /**
     * Reject.
     *
     * @param reason why
     * @param returnCode the return code
     * @return the decision
     */
    static AuthorizationDecision reject(String reason, H323ReturnCode returnCode) {
        return new Reject(reason, returnCode);
    }
}
