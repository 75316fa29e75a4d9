package org.netlever.aaa.radius.client;

import java.net.InetAddress;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.netlever.aaa.radius.PacketCode;
import org.netlever.aaa.radius.RadiusDictionary;
import org.netlever.aaa.radius.RadiusException;
import org.netlever.aaa.radius.RadiusMessage;
import org.netlever.aaa.radius.internal.ClientEngine;

/**
 * Sends CoA-Request and Disconnect-Request to a NAS (RFC 5176, port 3799 by default): Message-Authenticator
 * included, the Request Authenticator computed as for accounting, identical retransmissions per the NAS's
 * {@link RadiusServerDefinition}, replies verified.
 *
 * <p>Thread-safe. Futures complete on the client's callback threads. Close it to release its sockets.
 */
public final class CoaClient implements AutoCloseable {

    private final ClientEngine engine;

    private CoaClient(InetAddress bindAddress, RadiusDictionary dictionary) {
        this.engine = new ClientEngine(dictionary, bindAddress, 1, 4096);
    }

    /**
     * A client sending from the given address with the standard dictionary.
     *
     * @param bindAddress the local address
     * @return the client
     */
    public static CoaClient bound(InetAddress bindAddress) {
        return new CoaClient(Objects.requireNonNull(bindAddress, "bindAddress"), RadiusDictionary.standard());
    }

    /**
     * A client sending from the given address.
     *
     * @param bindAddress the local address
     * @param dictionary the dictionary for hidden attributes
     * @return the client
     */
    public static CoaClient bound(InetAddress bindAddress, RadiusDictionary dictionary) {
        return new CoaClient(Objects.requireNonNull(bindAddress, "bindAddress"),
                Objects.requireNonNull(dictionary, "dictionary"));
    }

    /**
     * Sends a CoA-Request or Disconnect-Request.
     *
     * @param nas the NAS, of kind {@link ServerKind#DYNAMIC_AUTHORIZATION}
     * @param request the request
     * @return the result; never completes exceptionally for a network outcome
     * @throws RadiusException if the request is not CoA-Request or Disconnect-Request, or the NAS is of another kind
     */
    public CompletableFuture<CoaResult> send(RadiusServerDefinition nas, RadiusMessage request) {
        Objects.requireNonNull(nas, "nas");
        PacketCode code = request.code();
        if (!code.equals(PacketCode.COA_REQUEST) && !code.equals(PacketCode.DISCONNECT_REQUEST)) {
            throw new RadiusException("a CoaClient sends CoA-Request and Disconnect-Request, not " + code.name());
        }
        if (nas.kind() != ServerKind.DYNAMIC_AUTHORIZATION) {
            throw new RadiusException("NAS " + nas.name() + " is of kind " + nas.kind()
                    + "; CoA goes to a DYNAMIC_AUTHORIZATION server");
        }
        ClientEngine.Target target = new ClientEngine.Target(nas.name(), nas.address(), nas.secret().octets(),
                nas.retryCount(), nas.retryTimeout().toMillis(), false);
        return engine.exchange(target, request).thenApply(result -> {
            if (result.reply().isEmpty()) {
                return new CoaResult.NoAnswer(result.failure());
            }
            var reply = result.reply().get();
            PacketCode replyCode = reply.code();
            return replyCode.equals(PacketCode.COA_ACK) || replyCode.equals(PacketCode.DISCONNECT_ACK)
                    ? new CoaResult.Ack(reply) : new CoaResult.Nak(reply);
        });
    }

    /**
     * {@link #send(RadiusServerDefinition, RadiusMessage)} and wait.
     *
     * @param nas the NAS
     * @param request the request
     * @return the result
     */
    public CoaResult exchange(RadiusServerDefinition nas, RadiusMessage request) {
        return send(nas, request).join();
    }

    @Override
    public void close() {
        engine.close();
    }
}
