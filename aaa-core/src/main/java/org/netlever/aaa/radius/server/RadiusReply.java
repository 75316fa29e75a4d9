package org.netlever.aaa.radius.server;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.netlever.aaa.radius.PacketCode;
import org.netlever.aaa.radius.RadiusAttribute;
import org.netlever.aaa.radius.RadiusMessage;

/**
 * What a {@link RadiusHandler} answers: a reply message, or a deliberate decision to send nothing (the client then
 * retries or fails over). The server adds the Identifier, authenticators, Message-Authenticator and the request's
 * Proxy-State attributes.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class RadiusReply {

    private final RadiusMessage message;
    private final String discardReason;

    private RadiusReply(RadiusMessage message, String discardReason) {
        this.message = message;
        this.discardReason = discardReason;
    }

    /**
     * Answer with a message.
     *
     * @param message the reply; its code must suit the request (Access-Accept, -Reject or -Challenge for an
     *     Access-Request, Accounting-Response for an Accounting-Request)
     * @return the reply
     */
    public static RadiusReply of(RadiusMessage message) {
        return new RadiusReply(Objects.requireNonNull(message, "message"), null);
    }

    /**
     * Access-Accept with attributes.
     *
     * @param attributes the attributes
     * @return the reply
     */
    public static RadiusReply accept(RadiusAttribute... attributes) {
        return of(new RadiusMessage(PacketCode.ACCESS_ACCEPT, Arrays.asList(attributes)));
    }

    /**
     * Access-Reject with attributes.
     *
     * @param attributes the attributes (a Reply-Message, say)
     * @return the reply
     */
    public static RadiusReply reject(RadiusAttribute... attributes) {
        return of(new RadiusMessage(PacketCode.ACCESS_REJECT, Arrays.asList(attributes)));
    }

    /**
     * Accounting-Response with attributes.
     *
     * @param attributes the attributes
     * @return the reply
     */
    public static RadiusReply accountingResponse(List<RadiusAttribute> attributes) {
        return of(new RadiusMessage(PacketCode.ACCOUNTING_RESPONSE, attributes));
    }

    /**
     * Send nothing. The server counts it and logs the reason; the client's retransmission will be handled afresh.
     *
     * @param reason why, for the log
     * @return the reply
     */
    public static RadiusReply discard(String reason) {
        return new RadiusReply(null, Objects.requireNonNull(reason, "reason"));
    }

    /**
     * The message to send.
     *
     * @return the message, or empty for a discard
     */
    public Optional<RadiusMessage> message() {
        return Optional.ofNullable(message);
    }

    /**
     * Why nothing is sent.
     *
     * @return the reason, or empty when a message is sent
     */
    public Optional<String> discardReason() {
        return Optional.ofNullable(discardReason);
    }

    @Override
    public String toString() {
        return message != null ? "RadiusReply[" + message.code().name() + " " + message.attributes() + "]"
                : "RadiusReply[discard: " + discardReason + "]";
    }
}
