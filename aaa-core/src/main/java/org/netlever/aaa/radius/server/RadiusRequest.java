package org.netlever.aaa.radius.server;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Objects;
import org.netlever.aaa.radius.RadiusPacket;

/**
 * A verified request as a {@link RadiusHandler} sees it: the packet (hidden attributes revealed, Message-Authenticator
 * removed), which client sent it from where, and when it arrived.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param packet the packet
 * @param client the client definition that matched the source address
 * @param source the source address and port
 * @param receivedAt when the server received it, by the server's clock
 */
public record RadiusRequest(RadiusPacket packet, RadiusClientDefinition client, InetSocketAddress source,
        Instant receivedAt) {

    /**
     * Checks that nothing is missing.
     */
    public RadiusRequest {
        Objects.requireNonNull(packet, "packet");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(receivedAt, "receivedAt");
    }
}
