package org.netlever.aaa.call;

import java.util.Objects;
import java.util.Optional;

/**
 * The answer to a {@link RouteRequest} (S2.2): route the call, possibly with numbers A and B, their attributes and
 * the tag changed; or refuse to route it.
 *
 * <p>Implementations are immutable and thread-safe.
 */
public sealed interface RouteReply {

    /**
     * Route the call; empty fields stay as they are.
     *
     * @param calling the new number A
     * @param called the new number B
     * @param tag the new tag
     */
    record Route(Optional<CallNumber> calling, Optional<CallNumber> called, Optional<String> tag)
            implements RouteReply {
        /** Checks that nothing is missing. */
        public Route {
            Objects.requireNonNull(calling, "calling");
            Objects.requireNonNull(called, "called");
            Objects.requireNonNull(tag, "tag");
        }
    }

    /**
     * Do not route the call.
     *
     * @param reason why, sent as Reply-Message
     */
    record Refuse(String reason) implements RouteReply {
        /** Checks that nothing is missing. */
        public Refuse {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * Route the call as it is.
     *
     * @return the reply
     */
    static RouteReply unchanged() {
        return new Route(Optional.empty(), Optional.empty(), Optional.empty());
    }

    /**
     * Route the call with new numbers.
     *
     * @param calling the new number A
     * @param called the new number B
     * @return the reply
     */
    static RouteReply rewrite(CallNumber calling, CallNumber called) {
        return new Route(Optional.of(calling), Optional.of(called), Optional.empty());
    }

    /**
     * Route the call with a new number B only.
     *
     * @param called the new number B
     * @return the reply
     */
    static RouteReply rewriteCalled(CallNumber called) {
        return new Route(Optional.empty(), Optional.of(called), Optional.empty());
    }

    /**
     * Refuse to route.
     *
     * @param reason why
     * @return the reply
     */
    static RouteReply refuse(String reason) {
        return new Refuse(reason);
    }
}
