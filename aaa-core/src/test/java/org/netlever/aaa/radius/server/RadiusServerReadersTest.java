package org.netlever.aaa.radius.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.netlever.aaa.radius.AttributeType;
import org.netlever.aaa.radius.PacketCode;
import org.netlever.aaa.radius.RadiusAttribute;
import org.netlever.aaa.radius.RadiusDictionary;
import org.netlever.aaa.radius.RadiusException;
import org.netlever.aaa.radius.RadiusMessage;
import org.netlever.aaa.radius.internal.PacketCodec;

/** Several sockets and threads reading one port (SO_REUSEPORT), sharing one duplicate cache. */
class RadiusServerReadersTest {

    private static final String SECRET = "readers-test-secret";
    private static final byte[] SECRET_OCTETS = SECRET.getBytes(StandardCharsets.UTF_8);
    private static final InetSocketAddress ANY_LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    private final PacketCodec codec = new PacketCodec(RadiusDictionary.standard());
    private final AtomicInteger handled = new AtomicInteger();
    private final List<UdpPeer> peers = new ArrayList<>();
    private RadiusServer server;

    @AfterEach
    void stop() {
        peers.forEach(UdpPeer::close);
        if (server != null) {
            server.close();
        }
    }

    private RadiusServer start(int readers) {
        server = RadiusServer.builder().authAddress(ANY_LOOPBACK).acctAddress(ANY_LOOPBACK).readers(readers)
                .client(RadiusClientDefinition.of("loopback", "127.0.0.1", SECRET, MessageAuthenticatorPolicy.OFF))
                .handler(request -> {
                    handled.incrementAndGet();
                    return request.packet().code().equals(PacketCode.ACCESS_REQUEST)
                            ? RadiusReply.accept(RadiusAttribute.ofInteger(AttributeType.SESSION_TIMEOUT, 60))
                            : RadiusReply.accountingResponse(List.of());
                }).start();
        return server;
    }

    private byte[] accessRequest(int id) {
        return codec.encodeRequest(RadiusMessage.of(PacketCode.ACCESS_REQUEST,
                RadiusAttribute.ofString(AttributeType.USER_NAME, "74951234567"),
                RadiusAttribute.ofString(AttributeType.USER_PASSWORD, "pw")), id, SECRET_OCTETS, false);
    }

    private void assertAccepted(byte[] request, byte[] octets) {
        PacketCodec.Framed reply = codec.frame(octets, octets.length);
        assertThat(reply.code()).isEqualTo(PacketCode.ACCESS_ACCEPT);
        assertThat(reply.identifier()).isEqualTo(request[1] & 0xff);
        assertThat(codec.verifyResponseAuthenticator(reply, Arrays.copyOfRange(request, 4, 20), SECRET_OCTETS))
                .as("response authenticator").isTrue();
    }

    @Test
    void fourReaders_onOnePort_allAnswer() {
        start(4);
        assertThat(server.engine().datagramsPerReader(false)).hasSize(4);
        // 64 NASes (source ports): the kernel spreads them over the four sockets, and every one is answered.
        for (int i = 0; i < 64; i++) {
            UdpPeer peer = new UdpPeer();
            peers.add(peer);
            byte[] request = accessRequest(i);
            peer.send(request, server.authAddress());
            assertAccepted(request, peer.receive());
        }
        long[] perReader = server.engine().datagramsPerReader(false);
        assertThat(Arrays.stream(perReader).sum()).isEqualTo(64);
        assertThat(Arrays.stream(perReader).filter(n -> n > 0).count()).as("readers that got datagrams: %s",
                Arrays.toString(perReader)).isGreaterThan(1);
        assertThat(handled).hasValue(64);
        assertThat(server.stats().answered()).isEqualTo(64);
    }

    @Test
    void retransmission_reachingAnotherReader_isAnsweredFromTheReplyCache() {
        start(3);
        UdpPeer peer = new UdpPeer();
        peers.add(peer);
        byte[] request = accessRequest(7);
        peer.send(request, server.authAddress());
        byte[] first = peer.receive();
        assertAccepted(request, first);
        long[] perReader = server.engine().datagramsPerReader(false);
        int original = 0;
        while (perReader[original] == 0) {
            original++;
        }
        InetSocketAddress source = peer.localAddress();
        for (int other = 0; other < 3; other++) {
            if (other != original) {
                server.engine().receiveOn(false, other, source, request);
                assertThat(peer.receive()).as("the cached reply, from reader %d", other).isEqualTo(first);
            }
        }
        assertThat(handled).as("the handler saw the request once").hasValue(1);
        assertThat(server.stats().duplicatesResent()).isEqualTo(2);
    }

    @Test
    void aPortHeldWithoutReusePort_stillFailsTheStart() throws Exception {
        try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            assertThatThrownBy(() -> RadiusServer.builder().readers(4)
                    .authAddress((InetSocketAddress) taken.getLocalSocketAddress()).acctAddress(ANY_LOOPBACK)
                    .client(RadiusClientDefinition.of("loopback", "127.0.0.1", SECRET, MessageAuthenticatorPolicy.OFF))
                    .handler(request -> RadiusReply.reject()).start())
                    .isInstanceOf(RadiusException.class).hasMessageContaining("cannot listen");
        }
    }

    @Test
    void handlerOnReader_runsOnTheReadingThread_andStillCachesTheReply() {
        List<String> threads = java.util.Collections.synchronizedList(new ArrayList<>());
        server = RadiusServer.builder().authAddress(ANY_LOOPBACK).acctAddress(ANY_LOOPBACK).readers(2)
                .handlerOnReader(true)
                .client(RadiusClientDefinition.of("loopback", "127.0.0.1", SECRET, MessageAuthenticatorPolicy.OFF))
                .handler(request -> {
                    threads.add(Thread.currentThread().getName());
                    return RadiusReply.accept(RadiusAttribute.ofInteger(AttributeType.SESSION_TIMEOUT, 60));
                }).start();
        UdpPeer peer = new UdpPeer();
        peers.add(peer);
        byte[] request = accessRequest(9);
        peer.send(request, server.authAddress());
        byte[] first = peer.receive();
        assertAccepted(request, first);
        peer.send(request, server.authAddress());
        assertThat(peer.receive()).isEqualTo(first);
        assertThat(threads).singleElement().asString().startsWith("netlever-radius-auth-");
        assertThat(server.stats().duplicatesResent()).isEqualTo(1);
    }

    @Test
    void readers_outOfRange_areRefused() {
        assertThatThrownBy(() -> RadiusServer.builder().readers(0)).isInstanceOf(RadiusException.class);
        assertThatThrownBy(() -> RadiusServer.builder().readers(65)).isInstanceOf(RadiusException.class);
    }
}
