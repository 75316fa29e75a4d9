package org.netlever.aaa.call;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How a routing request ended for the softswitch (S2.2).
 *
 * <p>Implementations are immutable and thread-safe.
 */
public sealed interface RoutingOutcome {

    /**
     * The server routed the call; the call now has these numbers and tag.
     *
     * @param calling number A after the server's changes
     * @param called number B after the server's changes
     * @param tag the tag after the server's changes
     * @param server the server that answered
     */
    record Routed(CallNumber calling, CallNumber called, Optional<String> tag, String server)
            implements RoutingOutcome {
        /** Checks that nothing is missing. */
        public Routed {
            Objects.requireNonNull(calling, "calling");
            Objects.requireNonNull(called, "called");
            Objects.requireNonNull(tag, "tag");
            Objects.requireNonNull(server, "server");
        }
    }

    /**
     * The server refused to route the call.
     *
     * @param reason the Reply-Message, or the reply's code
     */
    record Refused(String reason) implements RoutingOutcome {
        /** Checks that nothing is missing. */
        public Refused {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * No routing server answered; the call keeps its numbers.
     *
     * @param tried the servers tried
     */
    record NoAnswer(List<String> tried) implements RoutingOutcome {
        /** Copies the list. */
        public NoAnswer {
            tried = List.copyOf(tried);
        }
    }

    /** Routing over RADIUS is switched off (S2.1). */
    record Skipped() implements RoutingOutcome {
    }
}
