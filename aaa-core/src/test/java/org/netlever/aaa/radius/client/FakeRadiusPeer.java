package org.netlever.aaa.radius.client;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.netlever.aaa.radius.RadiusDictionary;
import org.netlever.aaa.radius.RadiusMessage;
import org.netlever.aaa.radius.internal.PacketCodec;

/**
 * A scripted RADIUS peer on loopback: records every datagram it receives and answers what the script says, signed
 * with a secret of the script's choosing (to test bad authenticators). Not a RADIUS server under test.
 */
final class FakeRadiusPeer implements AutoCloseable {

    /** What to answer: the reply, the secret to sign with, and whether to add Message-Authenticator. */
    record Answer(RadiusMessage reply, String secret, boolean messageAuthenticator) {
    }

    private final DatagramSocket socket;
    private final PacketCodec codec = new PacketCodec(RadiusDictionary.standard());
    private final List<byte[]> received = new CopyOnWriteArrayList<>();
    private final List<java.net.SocketAddress> senders = new CopyOnWriteArrayList<>();
    private volatile Function<PacketCodec.Framed, Optional<Answer>> script;
    private final Thread thread;

    FakeRadiusPeer(Function<PacketCodec.Framed, Optional<Answer>> script) {
        this.script = script;
        try {
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        } catch (SocketException e) {
            throw new IllegalStateException(e);
        }
        thread = new Thread(this::run, "fake-radius-peer");
        thread.setDaemon(true);
        thread.start();
    }

    static FakeRadiusPeer silent() {
        return new FakeRadiusPeer(packet -> Optional.empty());
    }

    void script(Function<PacketCodec.Framed, Optional<Answer>> script) {
        this.script = script;
    }

    InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    List<byte[]> received() {
        return List.copyOf(received);
    }

    /** What has arrived after waiting the given time for more (to show that nothing more comes). */
    List<byte[]> received(long quietMillis) {
        java.util.concurrent.locks.LockSupport.parkNanos(quietMillis * 1_000_000);
        return List.copyOf(received);
    }

    PacketCodec.Framed framed(int index) {
        byte[] octets = received.get(index);
        return codec.frame(octets, octets.length);
    }

    /** Answers the request received as number {@code index} now, outside the script. */
    void answer(int index, Answer answer) throws IOException {
        PacketCodec.Framed request = framed(index);
        byte[] reply = codec.encodeReply(answer.reply(), request.identifier(), request.authenticator(),
                answer.secret().getBytes(StandardCharsets.UTF_8), answer.messageAuthenticator());
        socket.send(new DatagramPacket(reply, reply.length, senders.get(index)));
    }

    PacketCodec codec() {
        return codec;
    }

    private void run() {
        byte[] buffer = new byte[4096];
        while (!socket.isClosed()) {
            DatagramPacket datagram = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(datagram);
            } catch (IOException e) {
                return;
            }
            byte[] octets = Arrays.copyOf(buffer, datagram.getLength());
            senders.add(datagram.getSocketAddress());
            received.add(octets);
            PacketCodec.Framed request = codec.frame(octets, octets.length);
            Optional<Answer> answer = script.apply(request);
            if (answer.isPresent()) {
                byte[] reply = codec.encodeReply(answer.get().reply(), request.identifier(),
                        request.authenticator(), answer.get().secret().getBytes(StandardCharsets.UTF_8),
                        answer.get().messageAuthenticator());
                try {
                    socket.send(new DatagramPacket(reply, reply.length, datagram.getSocketAddress()));
                } catch (IOException e) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
