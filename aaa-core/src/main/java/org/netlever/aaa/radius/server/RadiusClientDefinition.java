package org.netlever.aaa.radius.server;

import java.util.Objects;
import org.netlever.aaa.ip.Ipv4Address;
import org.netlever.aaa.ip.Ipv4Network;
import org.netlever.aaa.radius.RadiusException;
import org.netlever.aaa.radius.RadiusSecret;

/**
 * A RADIUS client the server accepts requests from (a NAS, a softswitch): the source addresses it sends from, its
 * shared secret and its Message-Authenticator policy. A request from an address no definition covers is dropped and
 * counted; when definitions overlap, the one with the longest prefix wins.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param name a name for logs and statistics
 * @param network the source addresses, a single host as {@code /32}
 * @param secret the shared secret
 * @param messageAuthenticator the Message-Authenticator policy for its Access-Requests
 */
public record RadiusClientDefinition(String name, Ipv4Network network, RadiusSecret secret,
        MessageAuthenticatorPolicy messageAuthenticator) {

    /**
     * Checks the fields.
     *
     * @throws RadiusException if the name is blank
     */
    public RadiusClientDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(messageAuthenticator, "messageAuthenticator");
        if (name.isBlank()) {
            throw new RadiusException("a RADIUS client has a name");
        }
    }

    /** The policy of {@link #of(String, String, String)}: Access-Requests must carry Message-Authenticator. */
    public static final MessageAuthenticatorPolicy DEFAULT_MESSAGE_AUTHENTICATOR = MessageAuthenticatorPolicy.REQUIRE;

    /**
     * A client by address or network, requiring Message-Authenticator.
     *
     * @param name the name
     * @param addressOrNetwork {@code 198.51.100.7} or {@code 198.51.100.0/24}
     * @param secret the shared secret
     * @return the definition
     */
    public static RadiusClientDefinition of(String name, String addressOrNetwork, String secret) {
        return of(name, addressOrNetwork, secret, DEFAULT_MESSAGE_AUTHENTICATOR);
    }

    /**
     * A client by address or network.
     *
     * @param name the name
     * @param addressOrNetwork {@code 198.51.100.7} or {@code 198.51.100.0/24}
     * @param secret the shared secret
     * @param policy the Message-Authenticator policy
     * @return the definition
     */
    public static RadiusClientDefinition of(String name, String addressOrNetwork, String secret,
            MessageAuthenticatorPolicy policy) {
        Objects.requireNonNull(addressOrNetwork, "addressOrNetwork");
        Ipv4Network network = addressOrNetwork.indexOf('/') >= 0 ? Ipv4Network.parse(addressOrNetwork)
                : new Ipv4Network(Ipv4Address.parse(addressOrNetwork), 32);
        return new RadiusClientDefinition(name, network, RadiusSecret.of(secret), policy);
    }

    /**
     * The name, network and policy; never the secret.
     *
     * @return a readable form
     */
    @Override
    public String toString() {
        return "RadiusClient[" + name + " " + network + " message-authenticator=" + messageAuthenticator
                .name().toLowerCase(java.util.Locale.ROOT) + "]";
    }
}
