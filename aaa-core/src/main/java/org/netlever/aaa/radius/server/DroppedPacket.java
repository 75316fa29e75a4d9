package org.netlever.aaa.radius.server;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Objects;

/**
 * A record of a datagram the server did not answer, and why. The server keeps the most recent ones
 * ({@link RadiusServer#recentDrops()}) besides counting them in {@link RadiusServerStats}.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param at when, by the server's clock
 * @param source where it came from
 * @param reason what was wrong, e.g. {@code bad Message-Authenticator} or {@code malformed: ... (at byte offset 42)}
 */
public record DroppedPacket(Instant at, InetSocketAddress source, String reason) {

    /**
     * Checks that nothing is missing.
     */
    public DroppedPacket {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(reason, "reason");
    }
}
