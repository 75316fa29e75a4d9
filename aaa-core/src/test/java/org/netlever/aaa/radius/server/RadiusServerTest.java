package org.netlever.aaa.radius.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.net.DatagramSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
import org.netlever.aaa.testing.Await;
import org.netlever.aaa.testing.MutableClock;

/**
 * The server side of S2: verification, Message-Authenticator policies, RFC 5080 duplicates, load shedding, several
 * readers on one port (SO_REUSEPORT) sharing one duplicate cache.
 */
class RadiusServerTest {

    private static final String SECRET = "server-test-secret";
    private static final byte[] SECRET_OCTETS = SECRET.getBytes(StandardCharsets.UTF_8);
    private static final InetSocketAddress ANY_LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    private final PacketCodec codec = new PacketCodec(RadiusDictionary.standard());
    private final AtomicInteger handled = new AtomicInteger();
    private RadiusServer server;
    private final UdpPeer peer = new UdpPeer();

    @AfterEach
    void stop() {
        peer.close();
        if (server != null) {
            server.close();
        }
    }

    private RadiusServer.Builder builder(MessageAuthenticatorPolicy policy) {
        return RadiusServer.builder().authAddress(ANY_LOOPBACK).acctAddress(ANY_LOOPBACK)
                .client(RadiusClientDefinition.of("loopback", "127.0.0.1", SECRET, policy));
    }

    private RadiusServer start(MessageAuthenticatorPolicy policy) {
        server = builder(policy).handler(request -> {
            handled.incrementAndGet();
            return request.packet().code().equals(PacketCode.ACCESS_REQUEST)
                    ? RadiusReply.accept(RadiusAttribute.ofInteger(AttributeType.SESSION_TIMEOUT, 60))
                    : RadiusReply.accountingResponse(List.of());
        }).start();
        return server;
    }

    private byte[] accessRequest(int id, boolean messageAuthenticator, RadiusAttribute... extra) {
        RadiusMessage message = RadiusMessage.of(PacketCode.ACCESS_REQUEST,
                RadiusAttribute.ofString(AttributeType.USER_NAME, "74951234567"),
                RadiusAttribute.ofString(AttributeType.USER_PASSWORD, "pw")).with(extra);
        return codec.encodeRequest(message, id, SECRET_OCTETS, messageAuthenticator);
    }

    private PacketCodec.Framed reply(byte[] request) {
        byte[] octets = peer.receive();
        PacketCodec.Framed reply = codec.frame(octets, octets.length);
        assertThat(reply.identifier()).isEqualTo(request[1] & 0xff);
        assertThat(codec.verifyResponseAuthenticator(reply, java.util.Arrays.copyOfRange(request, 4, 20),
                SECRET_OCTETS)).as("response authenticator").isTrue();
        return reply;
    }

    @Test
    void accessRequest_withMessageAuthenticator_isAcceptedWithMessageAuthenticatorFirst() {
        start(MessageAuthenticatorPolicy.REQUIRE);
        byte[] request = accessRequest(1, true);

        peer.send(request, server.authAddress());
        PacketCodec.Framed reply = reply(request);

        assertThat(reply.code()).isEqualTo(PacketCode.ACCESS_ACCEPT);
        assertThat(reply.messageAuthenticatorOffset()).as("BlastRADIUS: first attribute").isEqualTo(20);
        assertThat(codec.verifyMessageAuthenticator(reply, java.util.Arrays.copyOfRange(request, 4, 20),
                SECRET_OCTETS)).isTrue();
        assertThat(codec.reveal(reply, java.util.Arrays.copyOfRange(request, 4, 20), SECRET_OCTETS)
                .integer(AttributeType.SESSION_TIMEOUT)).hasValue(60);
        assertThat(server.stats().answered()).isEqualTo(1);
    }

    @Test
    void accessRequest_withoutMessageAuthenticator_isDroppedUnderRequireAndAnsweredUnderOff() {
        start(MessageAuthenticatorPolicy.REQUIRE);
        peer.send(accessRequest(2, false), server.authAddress());
        Await.until("the drop is counted", () -> server.stats().missingMessageAuthenticator() == 1);
        assertThat(peer.receive(200)).isEmpty();
        assertThat(handled).hasValue(0);
        assertThat(server.recentDrops()).singleElement().extracting(DroppedPacket::reason).asString()
                .contains("without Message-Authenticator", "policy: require");
        server.close();

        start(MessageAuthenticatorPolicy.OFF);
        byte[] request = accessRequest(3, false);
        peer.send(request, server.authAddress());
        assertThat(reply(request).code()).isEqualTo(PacketCode.ACCESS_ACCEPT);
    }

    @Test
    void accessRequest_autoPolicy_requiresMessageAuthenticatorOnceSeen() {
        start(MessageAuthenticatorPolicy.AUTO);
        byte[] first = accessRequest(1, false);
        peer.send(first, server.authAddress());
        assertThat(reply(first).code()).isEqualTo(PacketCode.ACCESS_ACCEPT);
        byte[] signed = accessRequest(2, true);
        peer.send(signed, server.authAddress());
        assertThat(reply(signed).code()).isEqualTo(PacketCode.ACCESS_ACCEPT);

        peer.send(accessRequest(3, false), server.authAddress());

        Await.until("the drop is counted", () -> server.stats().missingMessageAuthenticator() == 1);
        assertThat(server.recentDrops()).last().extracting(DroppedPacket::reason).asString()
                .contains("has sent it before");
    }

    @Test
    void accessRequest_autoPolicy_dropsProxyStateWithoutMessageAuthenticatorFromANas() {
        start(MessageAuthenticatorPolicy.AUTO);
        byte[] plain = accessRequest(1, false);
        peer.send(plain, server.authAddress());
        assertThat(reply(plain).code()).isEqualTo(PacketCode.ACCESS_ACCEPT);

        peer.send(accessRequest(2, false, RadiusAttribute.ofOctets(AttributeType.PROXY_STATE, new byte[] {1, 2})),
                server.authAddress());

        Await.until("the drop is counted", () -> server.stats().missingMessageAuthenticator() == 1);
        assertThat(server.recentDrops()).last().extracting(DroppedPacket::reason).asString()
                .contains("limit Proxy-State");
    }

    @Test
    void reply_copiesProxyStateInOrder() {
        start(MessageAuthenticatorPolicy.REQUIRE);
        byte[] request = accessRequest(9, true, RadiusAttribute.ofOctets(AttributeType.PROXY_STATE, new byte[] {7}),
                RadiusAttribute.ofOctets(AttributeType.PROXY_STATE, new byte[] {8}));
        peer.send(request, server.authAddress());
        PacketCodec.Framed reply = reply(request);
        assertThat(reply.attributes()).filteredOn(a -> a.type().equals(AttributeType.PROXY_STATE))
                .extracting(RadiusAttribute::value).containsExactly(new byte[] {7}, new byte[] {8});
    }

    @Test
    void request_withWrongSecret_isDroppedAndCountedWithoutLeakingTheSecret() {
        start(MessageAuthenticatorPolicy.REQUIRE);
        byte[] forged = codec.encodeRequest(RadiusMessage.of(PacketCode.ACCESS_REQUEST,
                RadiusAttribute.ofString(AttributeType.USER_NAME, "x")), 4, "wrong".getBytes(StandardCharsets.UTF_8),
                true);
        byte[] accounting = codec.encodeRequest(RadiusMessage.of(PacketCode.ACCOUNTING_REQUEST,
                RadiusAttribute.ofInteger(AttributeType.ACCT_STATUS_TYPE, 1)), 5,
                "wrong".getBytes(StandardCharsets.UTF_8), false);

        peer.send(forged, server.authAddress());
        peer.send(accounting, server.acctAddress());

        Await.until("both drops are counted", () -> server.stats().badAuthenticator() == 2);
        assertThat(handled).hasValue(0);
        assertThat(server.recentDrops()).extracting(DroppedPacket::reason)
                .allSatisfy(reason -> assertThat(reason).contains("wrong shared secret?").doesNotContain(SECRET));
    }

    @Test
    void request_fromUnknownAddressOrMalformed_isDroppedWithReason() {
        server = RadiusServer.builder().authAddress(ANY_LOOPBACK).acctAddress(ANY_LOOPBACK)
                .client(RadiusClientDefinition.of("far", "198.51.100.0/24", SECRET))
                .handler(request -> RadiusReply.accept()).start();
        peer.send(accessRequest(1, true), server.authAddress());
        Await.until("the unknown client is counted", () -> server.stats().unknownClient() == 1);
        server.close();

        start(MessageAuthenticatorPolicy.REQUIRE);
        byte[] broken = accessRequest(1, true);
        broken[3] = (byte) (broken[3] + 40);
        peer.send(broken, server.authAddress());
        peer.send(accessRequest(2, true), server.acctAddress());

        Await.until("both drops are counted",
                () -> server.stats().malformed() == 1 && server.stats().unsupportedCode() == 1);
        assertThat(server.recentDrops()).extracting(DroppedPacket::reason).anySatisfy(reason ->
                assertThat(reason).contains("malformed", "Length field", "byte offset 2"))
                .anySatisfy(reason -> assertThat(reason).contains("Access-Request is not served on the accounting"));
    }

    @Test
    @org.junit.jupiter.api.DisplayName("issue 12: the auth and acct ports count their drops apart")
    void statsByPort_dropsOnEachPort_areToldApart() {
        start(MessageAuthenticatorPolicy.REQUIRE);
        byte[] broken = accessRequest(1, true);
        broken[3] = (byte) (broken[3] + 40);
        peer.send(broken, server.authAddress());
        peer.send(accessRequest(2, true), server.acctAddress());
        peer.send(accessRequest(3, true), server.acctAddress());

        Await.until("the drops are counted",
                () -> server.stats().malformed() == 1 && server.stats().unsupportedCode() == 2);
        Map<String, RadiusServerStats> byPort = server.statsByPort();
        assertThat(byPort).containsOnlyKeys("auth", "acct");
        assertThat(byPort.get("auth").malformed()).isEqualTo(1);
        assertThat(byPort.get("auth").unsupportedCode()).isZero();
        assertThat(byPort.get("acct").unsupportedCode()).isEqualTo(2);
        assertThat(byPort.get("acct").received()).isEqualTo(2);
        assertThat(byPort.get("auth").plus(byPort.get("acct"))).isEqualTo(server.stats());
    }

    @Test
    void duplicate_whileInProgress_isDiscardedAndAfterwardsAnsweredFromCache() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        server = builder(MessageAuthenticatorPolicy.REQUIRE).handler(request -> {
            handled.incrementAndGet();
            release.await(10, TimeUnit.SECONDS);
            return RadiusReply.accept();
        }).start();
        byte[] request = accessRequest(11, true);

        peer.send(request, server.authAddress());
        Await.until("the handler runs", () -> handled.get() == 1);
        peer.send(request, server.authAddress());
        Await.until("the duplicate is discarded", () -> server.stats().duplicatesInProgress() == 1);
        release.countDown();
        byte[] first = peer.receive();
        peer.send(request, server.authAddress());
        byte[] resent = peer.receive();

        assertThat(resent).isEqualTo(first);
        assertThat(handled).hasValue(1);
        assertThat(server.stats().duplicatesResent()).isEqualTo(1);
        assertThat(peer.receive(200)).as("one reply per received copy, no more").isEmpty();
    }

    @Test
    void sameIdentifier_withNewAuthenticator_isANewRequest() {
        start(MessageAuthenticatorPolicy.REQUIRE);
        byte[] first = accessRequest(12, true);
        byte[] second = accessRequest(12, true);
        peer.send(first, server.authAddress());
        reply(first);
        peer.send(second, server.authAddress());
        reply(second);
        assertThat(handled).hasValue(2);
        assertThat(server.stats().duplicatesResent()).isZero();
    }

    @Test
    void cachedReply_expiresByTheClock() {
        MutableClock clock = MutableClock.at("2026-11-21T10:00:00Z");
        server = builder(MessageAuthenticatorPolicy.REQUIRE).clock(clock).replyCacheTtl(Duration.ofSeconds(5))
                .handler(request -> {
                    handled.incrementAndGet();
                    return RadiusReply.accept();
                }).start();
        byte[] request = accessRequest(13, true);
        peer.send(request, server.authAddress());
        reply(request);
        peer.send(request, server.authAddress());
        reply(request);
        assertThat(handled).hasValue(1);

        clock.advance(Duration.ofSeconds(6));
        server.expireReplyCache();
        peer.send(request, server.authAddress());
        reply(request);

        assertThat(handled).hasValue(2);
    }

    @Test
    void overload_fullQueue_shedsInsteadOfQueueing() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        server = builder(MessageAuthenticatorPolicy.REQUIRE).handlerThread(HandlerThread.WORKERS).workers(1)
                .queueCapacity(1).handler(request -> {
            handled.incrementAndGet();
            release.await(10, TimeUnit.SECONDS);
            return RadiusReply.accept();
        }).start();

        peer.send(accessRequest(1, true), server.authAddress());
        Await.until("the worker is busy", () -> handled.get() == 1);
        peer.send(accessRequest(2, true), server.authAddress());
        peer.send(accessRequest(3, true), server.authAddress());
        Await.until("one request is shed", () -> server.stats().shed() == 1);
        release.countDown();

        assertThat(peer.receive()).isNotNull();
        assertThat(peer.receive()).isNotNull();
        assertThat(peer.receive(300)).isEmpty();
        assertThat(server.recentDrops()).last().extracting(DroppedPacket::reason).asString()
                .contains("overloaded");
    }

    @Test
    void overload_requestThatWaitedPastTheLimit_isShed() throws Exception {
        MutableClock clock = MutableClock.at("2026-11-21T10:00:00Z");
        CountDownLatch release = new CountDownLatch(1);
        server = builder(MessageAuthenticatorPolicy.REQUIRE).clock(clock).handlerThread(HandlerThread.WORKERS)
                .workers(1).maxQueueWait(Duration.ofMillis(500)).handler(request -> {
                    if (handled.incrementAndGet() == 1) {
                        release.await(10, TimeUnit.SECONDS);
                    }
                    return RadiusReply.accept();
                }).start();
        peer.send(accessRequest(1, true), server.authAddress());
        Await.until("the worker is busy", () -> handled.get() == 1);
        peer.send(accessRequest(2, true), server.authAddress());
        Await.until("the second request is received", () -> server.stats().received() == 2);

        clock.advance(Duration.ofSeconds(1));
        release.countDown();

        Await.until("the waiting request is shed", () -> server.stats().shed() == 1);
        assertThat(handled).hasValue(1);
        assertThat(server.recentDrops()).last().extracting(DroppedPacket::reason).asString()
                .contains("waited 1000 ms");
    }

    @Test
    void statusServer_isAnsweredOnBothPortsAndNeedsMessageAuthenticator() {
        start(MessageAuthenticatorPolicy.OFF);
        byte[] probe = codec.encodeRequest(RadiusMessage.of(PacketCode.STATUS_SERVER), 30, SECRET_OCTETS, true);
        peer.send(probe, server.authAddress());
        PacketCodec.Framed authReply = reply(probe);
        assertThat(authReply.code()).isEqualTo(PacketCode.ACCESS_ACCEPT);
        assertThat(authReply.messageAuthenticatorOffset()).isEqualTo(20);
        peer.send(probe, server.acctAddress());
        assertThat(reply(probe).code()).isEqualTo(PacketCode.ACCOUNTING_RESPONSE);

        byte[] unsigned = probe.clone();
        unsigned[20] = 18; // turn the Message-Authenticator into an unused attribute type
        peer.send(unsigned, server.authAddress());
        Await.until("the unsigned probe is dropped", () -> server.stats().missingMessageAuthenticator() == 1);
        assertThat(server.stats().statusServer()).isEqualTo(2);
        assertThat(handled).hasValue(0);
    }

    @Test
    void handler_throwingOrAnsweringWrongCode_sendsNothingAndRetransmissionIsHandledAgain() {
        server = builder(MessageAuthenticatorPolicy.REQUIRE).handler(request -> {
            int n = handled.incrementAndGet();
            if (n == 1) {
                throw new IllegalStateException("billing database down");
            }
            if (n == 2) {
                return RadiusReply.accountingResponse(List.of());
            }
            return RadiusReply.reject(RadiusAttribute.ofString(AttributeType.REPLY_MESSAGE, "no credit"));
        }).start();
        byte[] request = accessRequest(40, true);

        peer.send(request, server.authAddress());
        Await.until("the failure is counted", () -> server.stats().handlerErrors() == 1);
        peer.send(request, server.authAddress());
        Await.until("the wrong code is counted", () -> server.stats().handlerErrors() == 2);
        peer.send(request, server.authAddress());

        assertThat(reply(request).code()).isEqualTo(PacketCode.ACCESS_REJECT);
        assertThat(handled).hasValue(3);
    }

    @Test
    void accounting_withRightAuthenticator_isAnswered() {
        start(MessageAuthenticatorPolicy.REQUIRE);
        byte[] request = codec.encodeRequest(RadiusMessage.of(PacketCode.ACCOUNTING_REQUEST,
                RadiusAttribute.ofInteger(AttributeType.ACCT_STATUS_TYPE, 1),
                RadiusAttribute.ofString(AttributeType.ACCT_SESSION_ID, "s1")), 50, SECRET_OCTETS, false);
        peer.send(request, server.acctAddress());
        PacketCodec.Framed reply = reply(request);
        assertThat(reply.code()).isEqualTo(PacketCode.ACCOUNTING_RESPONSE);
        assertThat(reply.hasMessageAuthenticator()).isFalse();
    }

    @Test
    void builder_withoutHandlerOrClient_orOnABusyPort_failsClearly() {
        assertThatThrownBy(() -> RadiusServer.builder().client(RadiusClientDefinition.of("a", "127.0.0.1", "s"))
                .start()).isInstanceOf(RadiusException.class).hasMessageContaining("handler");
        assertThatThrownBy(() -> RadiusServer.builder().handler(r -> RadiusReply.accept()).start())
                .isInstanceOf(RadiusException.class).hasMessageContaining("client");
        start(MessageAuthenticatorPolicy.REQUIRE);
        assertThatThrownBy(() -> builder(MessageAuthenticatorPolicy.REQUIRE).authAddress(server.authAddress())
                .handler(r -> RadiusReply.accept()).start()).isInstanceOf(RadiusException.class)
                .hasMessageContaining("cannot listen");
        assertThat(RadiusClientDefinition.of("nas", "127.0.0.1", SECRET).toString()).doesNotContain(SECRET);
    }

    // ---------------------------------------------------------------------------------- readers (SO_REUSEPORT)

    private RadiusServer startReaders(int readers, HandlerThread placement, List<String> threads) {
        server = builder(MessageAuthenticatorPolicy.OFF).readers(readers).handlerThread(placement).handler(request -> {
            handled.incrementAndGet();
            threads.add(Thread.currentThread().getName());
            return RadiusReply.accept(RadiusAttribute.ofInteger(AttributeType.SESSION_TIMEOUT, 60));
        }).start();
        return server;
    }

    @Test
    void fourReaders_onOnePort_allAnswer() {
        startReaders(4, HandlerThread.WORKERS, new java.util.Vector<>());
        assertThat(server.engine().datagramsPerReader(false)).hasSize(4);
        // 64 NASes (source ports): the kernel spreads them over the four sockets, and every one is answered.
        List<UdpPeer> nases = new ArrayList<>();
        try {
            for (int i = 0; i < 64; i++) {
                UdpPeer nas = new UdpPeer();
                nases.add(nas);
                byte[] request = accessRequest(i, false);
                nas.send(request, server.authAddress());
                byte[] octets = nas.receive();
                assertThat(codec.verifyResponseAuthenticator(codec.frame(octets, octets.length),
                        Arrays.copyOfRange(request, 4, 20), SECRET_OCTETS)).isTrue();
            }
        } finally {
            nases.forEach(UdpPeer::close);
        }
        long[] perReader = server.engine().datagramsPerReader(false);
        assertThat(Arrays.stream(perReader).sum()).isEqualTo(64);
        assertThat(Arrays.stream(perReader).filter(n -> n > 0).count()).as("readers that got datagrams: %s",
                Arrays.toString(perReader)).isGreaterThan(1);
        assertThat(handled).hasValue(64);
    }

    @Test
    void retransmission_reachingAnotherReader_isAnsweredFromTheReplyCache() {
        startReaders(3, HandlerThread.WORKERS, new java.util.Vector<>());
        byte[] request = accessRequest(7, false);
        peer.send(request, server.authAddress());
        byte[] first = peer.receive();
        long[] perReader = server.engine().datagramsPerReader(false);
        for (int other = 0; other < 3; other++) {
            if (perReader[other] == 0) {
                server.engine().receiveOn(false, other, peer.localAddress(), request);
                assertThat(peer.receive()).as("the cached reply, from reader %d", other).isEqualTo(first);
            }
        }
        assertThat(handled).as("the handler saw the request once").hasValue(1);
        assertThat(server.stats().duplicatesResent()).isEqualTo(2);
    }

    @Test
    void handlerThreadReader_runsOnTheReadingThread_andStillCachesTheReply() {
        List<String> threads = new java.util.Vector<>();
        startReaders(2, HandlerThread.READER, threads);
        byte[] request = accessRequest(9, false);
        peer.send(request, server.authAddress());
        byte[] first = reply(request).raw();
        peer.send(request, server.authAddress());
        assertThat(peer.receive()).isEqualTo(first);
        assertThat(threads).singleElement().asString().startsWith("netlever-radius-auth-");
        assertThat(server.stats().duplicatesResent()).isEqualTo(1);
    }

    @Test
    void readers_aPortHeldWithoutReusePort_stillFailsTheStart_andOutOfRangeIsRefused() throws Exception {
        try (DatagramSocket taken = new DatagramSocket(ANY_LOOPBACK)) {
            assertThatThrownBy(() -> builder(MessageAuthenticatorPolicy.OFF).readers(4)
                    .authAddress((InetSocketAddress) taken.getLocalSocketAddress())
                    .handler(request -> RadiusReply.reject()).start())
                    .isInstanceOf(RadiusException.class).hasMessageContaining("cannot listen");
        }
        assertThatThrownBy(() -> RadiusServer.builder().readers(0)).isInstanceOf(RadiusException.class);
        assertThatThrownBy(() -> RadiusServer.builder().readers(65)).isInstanceOf(RadiusException.class);
    }
}
