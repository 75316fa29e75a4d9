package org.netlever.aaa.radius.internal;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.netlever.aaa.ip.Ipv4Address;
import org.netlever.aaa.radius.RadiusException;
import org.netlever.aaa.radius.server.MessageAuthenticatorPolicy;
import org.netlever.aaa.radius.server.RadiusClientDefinition;

/**
 * Who is asking, and is it really them: the server's RADIUS clients by address (hosts exactly, networks longest
 * prefix first), and the checks of a request's authenticators against the client's secret and Message-Authenticator
 * policy, with what each source has shown before ({@code AUTO} policy).
 *
 * <p>Thread-safe: the tables are built once; what sources have shown is kept in concurrent maps and volatile flags.
 */
final class Clients {

    /** What a source (one NAS address of a client) has shown, for the {@code AUTO} policy. */
    static final class Source {
        volatile boolean messageAuthenticatorSeen;
        volatile boolean seenWithoutProxyState;
    }

    /**
     * A client definition with its secret's octets and its sources.
     *
     * @param definition the definition
     * @param secret the shared secret's octets
     * @param sources what each source address has shown
     */
    record Client(RadiusClientDefinition definition, byte[] secret, Map<Integer, Source> sources) {
        Source source(int address) {
            return sources.computeIfAbsent(address, a -> new Source());
        }

        String name() {
            return definition.name();
        }
    }

    /**
     * Why a request was refused.
     *
     * @param missingMessageAuthenticator whether it lacked a Message-Authenticator it needed (otherwise an
     *     authenticator was wrong)
     * @param reason the reason, naming the client, never the secret
     */
    record Refusal(boolean missingMessageAuthenticator, String reason) {
    }

    private final Map<Integer, Client> hosts = new HashMap<>();
    private final List<Client> networks = new ArrayList<>();
    private final PacketCodec codec;

    /**
     * The tables for these definitions.
     *
     * @param definitions the clients
     * @param codec the codec that checks authenticators
     * @throws RadiusException if two clients are defined for the same host
     */
    Clients(List<RadiusClientDefinition> definitions, PacketCodec codec) {
        this.codec = codec;
        for (RadiusClientDefinition definition : definitions) {
            Client client = new Client(definition, definition.secret().octets(), new ConcurrentHashMap<>());
            if (definition.network().prefixLength() == 32) {
                if (hosts.put(definition.network().address().bits(), client) != null) {
                    throw new RadiusException("two RADIUS clients are defined for " + definition.network());
                }
            } else {
                networks.add(client);
            }
        }
        networks.sort(Comparator.comparingInt((Client c) -> c.definition().network().prefixLength()).reversed());
    }

    /**
     * The client a datagram's source belongs to.
     *
     * @param source where it came from
     * @return the client, or {@code null} if none (or not IPv4)
     */
    Client find(InetSocketAddress source) {
        if (!(source.getAddress() instanceof Inet4Address v4)) {
            return null;
        }
        int bits = Ipv4Address.of(v4).bits();
        Client client = hosts.get(bits);
        if (client != null) {
            return client;
        }
        Ipv4Address address = new Ipv4Address(bits);
        for (Client candidate : networks) {
            if (candidate.definition().network().contains(address)) {
                return candidate;
            }
        }
        return null;
    }

    /**
     * Checks a request's authenticators: the Request Authenticator of an accounting, CoA or Disconnect request; the
     * Message-Authenticator of an Access-Request by the client's policy; any Message-Authenticator present.
     *
     * @param accessRequest whether it came to the authentication port (Access-Request)
     * @param client the client
     * @param packet the framed request
     * @param address the source address's bits
     * @return the refusal, or {@code null} if the request passes
     */
    Refusal verify(boolean accessRequest, Client client, PacketCodec.Framed packet, int address) {
        String name = client.name();
        if (!accessRequest) {
            if (!codec.verifyRequestAuthenticator(packet, client.secret())) {
                return new Refusal(false, "bad Request Authenticator from client " + name + " (wrong shared secret?)");
            }
            if (packet.hasMessageAuthenticator()
                    && !codec.verifyMessageAuthenticator(packet, new byte[16], client.secret())) {
                return new Refusal(false, "bad Message-Authenticator from client " + name);
            }
            return null;
        }
        MessageAuthenticatorPolicy policy = client.definition().messageAuthenticator();
        if (packet.hasMessageAuthenticator()) {
            if (!codec.verifyMessageAuthenticator(packet, packet.authenticator(), client.secret())) {
                return new Refusal(false, "bad Message-Authenticator from client " + name + " (wrong shared secret?)");
            }
            if (policy == MessageAuthenticatorPolicy.AUTO) {
                Source source = client.source(address);
                source.messageAuthenticatorSeen = true;
                if (!packet.proxyState()) {
                    source.seenWithoutProxyState = true;
                }
            }
            return null;
        }
        switch (policy) {
            case REQUIRE -> {
                return new Refusal(true, "Access-Request without Message-Authenticator from client " + name
                        + " (policy: require)");
            }
            case AUTO -> {
                Source source = client.source(address);
                if (source.messageAuthenticatorSeen) {
                    return new Refusal(true, "Access-Request without Message-Authenticator from client " + name
                            + ", which has sent it before (policy: auto)");
                }
                if (packet.proxyState()) {
                    if (source.seenWithoutProxyState) {
                        return new Refusal(true, "Access-Request with Proxy-State but without Message-Authenticator"
                                + " from client " + name + " (policy: auto, limit Proxy-State)");
                    }
                } else {
                    source.seenWithoutProxyState = true;
                }
                return null;
            }
            default -> {
                return null;
            }
        }
    }
}
