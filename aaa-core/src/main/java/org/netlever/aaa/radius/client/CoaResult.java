package org.netlever.aaa.radius.client;

import java.util.Objects;
import java.util.Optional;
import org.netlever.aaa.radius.AttributeType;
import org.netlever.aaa.radius.ErrorCause;
import org.netlever.aaa.radius.RadiusPacket;

/**
 * How a CoA-Request or Disconnect-Request ended (RFC 5176): acknowledged, refused with an optional Error-Cause, or
 * not answered.
 *
 * <p>Implementations are immutable and thread-safe.
 */
public sealed interface CoaResult {

    /**
     * The NAS acknowledged (CoA-ACK or Disconnect-ACK).
     *
     * @param reply the reply
     */
    record Ack(RadiusPacket reply) implements CoaResult {
        /** Checks that nothing is missing. */
        public Ack {
            Objects.requireNonNull(reply, "reply");
        }
    }

    /**
     * The NAS refused (CoA-NAK or Disconnect-NAK).
     *
     * @param reply the reply
     */
    record Nak(RadiusPacket reply) implements CoaResult {
        /** Checks that nothing is missing. */
        public Nak {
            Objects.requireNonNull(reply, "reply");
        }

        /**
         * The Error-Cause the NAS gave.
         *
         * @return the cause, or empty when the NAK carries none
         */
        public Optional<ErrorCause> errorCause() {
            return reply.first(AttributeType.ERROR_CAUSE).map(a -> ErrorCause.valueOf(a.asInteger()));
        }
    }

    /**
     * No valid answer after every retransmission.
     *
     * @param reason what happened
     */
    record NoAnswer(String reason) implements CoaResult {
        /** Checks that nothing is missing. */
        public NoAnswer {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
