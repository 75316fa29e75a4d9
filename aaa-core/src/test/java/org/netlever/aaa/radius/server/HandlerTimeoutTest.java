package org.netlever.aaa.radius.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
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
 * A request the handler never answers (issue 12 review: a billing stage that never completes) is forgotten after
 * {@code handlerTimeout}, so the softswitch's retransmission is handled anew instead of being dropped as a duplicate
 * in progress for ever (S2.1, RFC 5080 section 2.2.2).
 */
class HandlerTimeoutTest {

    private static final String SECRET = "handler-timeout-secret";
    private static final byte[] SECRET_OCTETS = SECRET.getBytes(StandardCharsets.UTF_8);
    private static final InetSocketAddress ANY_LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    private final PacketCodec codec = new PacketCodec(RadiusDictionary.standard());
    private final UdpPeer peer = new UdpPeer();
    private final MutableClock clock = MutableClock.at("2026-12-02T03:00:00Z");
    private final AtomicInteger handled = new AtomicInteger();
    private final CountDownLatch never = new CountDownLatch(1);
    private RadiusServer server;

    @AfterEach
    void stop() {
        never.countDown();
        peer.close();
        if (server != null) {
            server.close();
        }
    }

    private RadiusServer.Builder builder() {
        return RadiusServer.builder().authAddress(ANY_LOOPBACK).acctAddress(ANY_LOOPBACK).clock(clock)
                .client(RadiusClientDefinition.of("loopback", "127.0.0.1", SECRET, MessageAuthenticatorPolicy.OFF));
    }

    private byte[] accessRequest() {
        return codec.encodeRequest(RadiusMessage.of(PacketCode.ACCESS_REQUEST,
                RadiusAttribute.ofString(AttributeType.USER_NAME, "74951234567"),
                RadiusAttribute.ofString(AttributeType.USER_PASSWORD, "pw")), 42, SECRET_OCTETS, false);
    }

    private void retransmissionIsHandledAnewAfterTheTimeout() {
        byte[] request = accessRequest();
        peer.send(request, server.authAddress());
        Await.until("the handler has the request", () -> handled.get() == 1);
        peer.send(request, server.authAddress());
        Await.until("the retransmission is a duplicate in progress",
                () -> server.stats().duplicatesInProgress() == 1);

        clock.advance(Duration.ofSeconds(29));
        server.expireReplyCache();
        peer.send(request, server.authAddress());
        Await.until("still in progress before the timeout", () -> server.stats().duplicatesInProgress() == 2);
        assertThat(server.stats().handlerErrors()).isZero();

        clock.advance(Duration.ofSeconds(2));
        server.expireReplyCache();
        assertThat(server.stats().handlerErrors()).as("the forgotten request").isEqualTo(1);
        assertThat(server.recentDrops()).last().satisfies(drop -> {
            assertThat(drop.reason()).contains("not answered by the handler within PT30S");
            assertThat(drop.source()).isEqualTo(peer.localAddress());
        });
        peer.send(request, server.authAddress());
        byte[] octets = peer.receive();
        PacketCodec.Framed reply = codec.frame(octets, octets.length);
        assertThat(reply.code()).isEqualTo(PacketCode.ACCESS_ACCEPT);
        assertThat(handled).as("handled anew").hasValue(2);
    }

    @Test
    void handlerTimeout_aBlockedSynchronousHandler_freesTheRequestForItsRetransmission() {
        server = builder().handlerTimeout(Duration.ofSeconds(30)).handlerThread(HandlerThread.WORKERS)
                .handler(request -> {
                    if (handled.incrementAndGet() == 1) {
                        never.await(30, TimeUnit.SECONDS);
                    }
                    return RadiusReply.accept();
                }).start();
        retransmissionIsHandledAnewAfterTheTimeout();
    }

    @Test
    void handlerTimeout_anAsyncStageThatNeverCompletes_freesTheRequestForItsRetransmission() {
        server = builder().handlerTimeout(Duration.ofSeconds(30)).handler(new AsyncRadiusHandler() {
            @Override
            public java.util.concurrent.CompletionStage<RadiusReply> handleAsync(RadiusRequest request,
                    java.util.concurrent.Executor blocking) {
                return handled.incrementAndGet() == 1 ? new CompletableFuture<>()
                        : CompletableFuture.completedFuture(RadiusReply.accept());
            }
        }).start();
        retransmissionIsHandledAnewAfterTheTimeout();
    }

    @Test
    void handlerTimeout_mustBePositive_andDefaultsToAMinute() {
        assertThat(RadiusServer.DEFAULT_HANDLER_TIMEOUT).isEqualTo(Duration.ofMinutes(1));
        assertThatThrownBy(() -> RadiusServer.builder().handlerTimeout(Duration.ZERO))
                .isInstanceOf(RadiusException.class).hasMessageContaining("positive");
    }
}
