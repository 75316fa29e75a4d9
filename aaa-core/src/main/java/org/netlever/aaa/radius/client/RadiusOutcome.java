package org.netlever.aaa.radius.client;

import java.util.List;
import java.util.Objects;
import org.netlever.aaa.radius.RadiusPacket;

/**
 * How a request sent by {@link RadiusClient} ended: answered by one of the servers, or by none of them, or not sent
 * because that part of the client is disabled. Never an exception for a network outcome.
 *
 * <p>Implementations are immutable and thread-safe.
 */
public sealed interface RadiusOutcome {

    /**
     * A server answered with a verified reply.
     *
     * @param reply the reply, hidden attributes revealed
     * @param server the name of the server that answered
     * @param tried the servers tried, in order, the answering one last
     */
    record Answered(RadiusPacket reply, String server, List<String> tried) implements RadiusOutcome {
        /** Copies the list. */
        public Answered {
            Objects.requireNonNull(reply, "reply");
            Objects.requireNonNull(server, "server");
            tried = List.copyOf(tried);
        }
    }

    /**
     * No server answered within its retries (or none was available).
     *
     * @param tried the servers tried, in order; empty if every server was down
     */
    record NoAnswer(List<String> tried) implements RadiusOutcome {
        /** Copies the list. */
        public NoAnswer {
            tried = List.copyOf(tried);
        }
    }

    /**
     * The part of the client this request belongs to (access or accounting) is disabled (S2.1: any stage may be
     * switched off), so nothing was sent.
     *
     * @param kind the disabled part
     */
    record Disabled(ServerKind kind) implements RadiusOutcome {
        /** Checks that nothing is missing. */
        public Disabled {
            Objects.requireNonNull(kind, "kind");
        }
    }
}
