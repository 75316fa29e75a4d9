package org.netlever.aaa.radius.client;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;
import org.netlever.aaa.radius.RadiusException;
import org.netlever.aaa.radius.RadiusSecret;

/**
 * A RADIUS server as a client declares it (S2.9): name, address, kind, shared secret, how often and how fast to
 * retransmit, and how long to leave it alone after it stopped answering.
 *
 * <p>Retransmissions repeat the first packet octet for octet (same Identifier and Authenticator), so the server's
 * duplicate detection recognises them. After the first send and {@code retryCount} retransmissions, each
 * {@code retryTimeout} apart, go unanswered, the server is marked down and the client moves to the next server in its
 * list; a down server is left alone for {@code idleTimeout} (or until a Status-Server probe is answered).
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param name the name, for logs and outcomes
 * @param address where to send
 * @param kind what the server is for
 * @param secret the shared secret
 * @param retryCount retransmissions after the first send, 0 or more (ECSS: {@code retry-count}, e.g. 3)
 * @param retryTimeout how long to wait for an answer to each send (ECSS: {@code retry-timeout}, e.g. 250 ms)
 * @param idleTimeout how long a server that stopped answering is skipped (ECSS: {@code idle_timeout})
 * @param requireMessageAuthenticator whether replies to Access-Requests without Message-Authenticator are ignored
 *     (the BlastRADIUS rule for clients; turn off only for servers that predate it)
 */
public record RadiusServerDefinition(String name, InetSocketAddress address, ServerKind kind, RadiusSecret secret,
        int retryCount, Duration retryTimeout, Duration idleTimeout, boolean requireMessageAuthenticator) {

    /** The default retransmission count, as in S2.9's example. */
    public static final int DEFAULT_RETRY_COUNT = 3;
    /** The default wait per send, as in S2.9's example. */
    public static final Duration DEFAULT_RETRY_TIMEOUT = Duration.ofMillis(250);
    /** The default time a failed server is skipped. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);

    /**
     * Checks the fields.
     *
     * @throws RadiusException if a value is out of range
     */
    public RadiusServerDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(retryTimeout, "retryTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (name.isBlank()) {
            throw new RadiusException("a RADIUS server has a name");
        }
        if (address.isUnresolved()) {
            throw new RadiusException("RADIUS server " + name + ": address " + address.getHostString()
                    + " is not resolved");
        }
        if (retryCount < 0 || retryCount > 100) {
            throw new RadiusException("RADIUS server " + name + ": retry-count is 0 to 100, got " + retryCount);
        }
        if (retryTimeout.toMillis() < 1) {
            throw new RadiusException("RADIUS server " + name + ": retry-timeout is at least 1 ms, got "
                    + retryTimeout);
        }
        if (idleTimeout.isNegative()) {
            throw new RadiusException("RADIUS server " + name + ": idle timeout is not negative, got "
                    + idleTimeout);
        }
    }

    /**
     * A server on its kind's default port with the default timers.
     *
     * @param name the name
     * @param host an IP address or host name, resolved now
     * @param kind what it is for
     * @param secret the shared secret
     * @return the definition
     * @throws RadiusException if the host does not resolve
     */
    public static RadiusServerDefinition of(String name, String host, ServerKind kind, String secret) {
        return of(name, host, kind.defaultPort(), kind, secret);
    }

    /**
     * A server on a given port with the default timers.
     *
     * @param name the name
     * @param host an IP address or host name, resolved now
     * @param port the UDP port
     * @param kind what it is for
     * @param secret the shared secret
     * @return the definition
     * @throws RadiusException if the host does not resolve
     */
    public static RadiusServerDefinition of(String name, String host, int port, ServerKind kind, String secret) {
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new RadiusException("RADIUS server " + name + ": host " + host + " does not resolve", e);
        }
        return new RadiusServerDefinition(name, new InetSocketAddress(address, port), kind, RadiusSecret.of(secret),
                DEFAULT_RETRY_COUNT, DEFAULT_RETRY_TIMEOUT, DEFAULT_IDLE_TIMEOUT, true);
    }

    /**
     * This definition with other retransmission settings.
     *
     * @param count retransmissions after the first send
     * @param timeout wait per send
     * @return a new definition
     */
    public RadiusServerDefinition withRetries(int count, Duration timeout) {
        return new RadiusServerDefinition(name, address, kind, secret, count, timeout, idleTimeout,
                requireMessageAuthenticator);
    }

    /**
     * This definition with another idle timeout.
     *
     * @param timeout how long a failed server is skipped
     * @return a new definition
     */
    public RadiusServerDefinition withIdleTimeout(Duration timeout) {
        return new RadiusServerDefinition(name, address, kind, secret, retryCount, retryTimeout, timeout,
                requireMessageAuthenticator);
    }

    /**
     * This definition with Message-Authenticator in replies required or not.
     *
     * @param require whether to ignore replies to Access-Requests that lack it
     * @return a new definition
     */
    public RadiusServerDefinition withRequireMessageAuthenticator(boolean require) {
        return new RadiusServerDefinition(name, address, kind, secret, retryCount, retryTimeout, idleTimeout,
                require);
    }

    /**
     * The longest a single server can take to fail: every send's timeout added up.
     *
     * @return {@code (retryCount + 1) × retryTimeout}
     */
    public Duration window() {
        return retryTimeout.multipliedBy(retryCount + 1L);
    }

    /**
     * Everything but the secret.
     *
     * @return a readable form
     */
    @Override
    public String toString() {
        return "RadiusServer[" + name + " " + address.getAddress().getHostAddress() + ":" + address.getPort() + " "
                + kind.name().toLowerCase(java.util.Locale.ROOT) + " retry-count=" + retryCount + " retry-timeout="
                + retryTimeout.toMillis() + "ms idle-timeout=" + idleTimeout.toSeconds() + "s]";
    }
}
