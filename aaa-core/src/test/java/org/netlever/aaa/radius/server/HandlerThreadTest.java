package org.netlever.aaa.radius.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Vector;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.netlever.aaa.radius.AttributeType;
import org.netlever.aaa.radius.PacketCode;
import org.netlever.aaa.radius.RadiusAttribute;
import org.netlever.aaa.radius.RadiusDictionary;
import org.netlever.aaa.radius.RadiusMessage;
import org.netlever.aaa.radius.internal.PacketCodec;
import org.netlever.aaa.testing.Await;
import org.netlever.aaa.testing.MutableClock;

/**
 * Where a synchronous handler runs ({@link HandlerThread}, issue 12: CPU per Access-Request): a fast handler on the
 * thread that read the request (no hand-off), a slow one on the workers, and a handler that holds a reader does not
 * stop the port (S2.1: the softswitch's requests keep being answered while one billing call hangs).
 */
class HandlerThreadTest {

    private static final String SECRET = "handler-thread-secret";
    private static final byte[] SECRET_OCTETS = SECRET.getBytes(StandardCharsets.UTF_8);
    private static final InetSocketAddress ANY_LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    private final PacketCodec codec = new PacketCodec(RadiusDictionary.standard());
    private final UdpPeer peer = new UdpPeer();
    private final List<String> threads = new Vector<>();
    private final AtomicInteger handled = new AtomicInteger();
    private final CountDownLatch release = new CountDownLatch(1);
    /** The server's clock, which handler runs and held readers are timed by: a slow handler advances it. */
    private final MutableClock clock = MutableClock.at("2026-12-02T03:00:00Z");
    private RadiusServer server;

    @AfterEach
    void stop() {
        release.countDown();
        peer.close();
        if (server != null) {
            server.close();
        }
    }

    private RadiusServer start(HandlerThread placement, RadiusHandler handler) {
        RadiusServer.Builder builder = RadiusServer.builder().authAddress(ANY_LOOPBACK).acctAddress(ANY_LOOPBACK)
                .readers(1).clock(clock).client(RadiusClientDefinition.of("loopback", "127.0.0.1", SECRET,
                        MessageAuthenticatorPolicy.OFF))
                .handler(request -> {
                    threads.add(Thread.currentThread().getName());
                    handled.incrementAndGet();
                    return handler.handle(request);
                });
        if (placement != null) {
            builder.handlerThread(placement);
        }
        server = builder.start();
        return server;
    }

    private byte[] accessRequest(int id, String user) {
        return codec.encodeRequest(RadiusMessage.of(PacketCode.ACCESS_REQUEST,
                RadiusAttribute.ofString(AttributeType.USER_NAME, user),
                RadiusAttribute.ofString(AttributeType.USER_PASSWORD, "pw")), id, SECRET_OCTETS, false);
    }

    private void answered(byte[] request) {
        byte[] octets = peer.receive();
        PacketCodec.Framed reply = codec.frame(octets, octets.length);
        assertThat(reply.identifier()).isEqualTo(request[1] & 0xff);
        assertThat(codec.verifyResponseAuthenticator(reply, java.util.Arrays.copyOfRange(request, 4, 20),
                SECRET_OCTETS)).isTrue();
    }

    private void askAndWait(int id, String user) {
        byte[] request = accessRequest(id, user);
        peer.send(request, server.authAddress());
        answered(request);
    }

    /** A handler that hangs on user "hangs" until {@link #release}; sends that request and waits until it runs. */
    private byte[] startAndHang(HandlerThread placement) {
        start(placement, request -> {
            if (request.packet().string(AttributeType.USER_NAME).orElse("").equals("hangs")) {
                release.await(20, TimeUnit.SECONDS);
            }
            return RadiusReply.accept();
        });
        byte[] hanging = accessRequest(1, "hangs");
        peer.send(hanging, server.authAddress());
        Await.until("the hanging request runs", () -> handled.get() == 1);
        return hanging;
    }

    @Test
    void byDefault_aFastHandler_runsOnTheReadingThread() {
        assertThat(RadiusServer.DEFAULT_HANDLER_THREAD).isEqualTo(HandlerThread.AUTO);
        start(null, request -> RadiusReply.accept());
        for (int id = 0; id < 100; id++) {
            askAndWait(id, "fast");
        }
        // A cold first run (class loading) may send a few to the workers until the average comes down.
        assertThat(threads).hasSize(100);
        assertThat(threads.subList(60, 100)).allSatisfy(name -> assertThat(name).startsWith("netlever-radius-auth-"));
    }

    @Test
    void auto_aSlowHandler_movesToTheWorkers() {
        start(HandlerThread.AUTO, request -> {
            clock.advance(Duration.ofMillis(3));
            return RadiusReply.accept();
        });
        for (int id = 0; id < 6; id++) {
            askAndWait(id, "slow");
        }
        assertThat(threads.get(0)).as("the first run, before anything is known").startsWith("netlever-radius-auth-");
        assertThat(threads.subList(1, 6)).as("after a run over a millisecond")
                .allSatisfy(name -> assertThat(name).startsWith("netlever-radius-worker"));
    }

    @Test
    void auto_aHandlerHoldingTheReader_doesNotStopThePort() {
        byte[] hanging = startAndHang(HandlerThread.AUTO);
        clock.advance(Duration.ofMillis(60));
        // While the billing call hangs on the reading thread, the port is read on: a new reader takes over.
        for (int id = 2; id < 7; id++) {
            askAndWait(id, "other");
        }
        assertThat(threads.get(0)).startsWith("netlever-radius-auth-");
        assertThat(threads.subList(1, 6)).as("after the stall, off the readers")
                .allSatisfy(name -> assertThat(name).startsWith("netlever-radius-worker"));
        release.countDown();
        answered(hanging);
        askAndWait(8, "other");
        assertThat(server.stats().answered()).isEqualTo(7);
    }

    @Test
    void auto_slowAccounting_doesNotMoveTheFastAuthorizerOffItsReader() {
        start(HandlerThread.AUTO, request -> {
            if (request.packet().code().equals(PacketCode.ACCOUNTING_REQUEST)) {
                clock.advance(Duration.ofMillis(3));
                return RadiusReply.accountingResponse(List.of());
            }
            return RadiusReply.accept();
        });
        for (int id = 0; id < 70; id++) {
            askAndWait(id, "warm");
        }
        for (int id = 0; id < 70; id++) {
            byte[] stop = codec.encodeRequest(RadiusMessage.of(PacketCode.ACCOUNTING_REQUEST,
                    RadiusAttribute.ofString(AttributeType.ACCT_SESSION_ID, "call-" + id)), id, SECRET_OCTETS, false);
            peer.send(stop, server.acctAddress());
            answered(stop);
        }
        for (int id = 100; id < 140; id++) {
            askAndWait(id, "fast");
        }
        assertThat(threads.subList(71, 140)).as("accounting, after its first slow run")
                .allSatisfy(name -> assertThat(name).startsWith("netlever-radius-worker"));
        assertThat(threads.subList(140, 180)).as("authorization, timed on its own: no hold from accounting's runs")
                .allSatisfy(name -> assertThat(name).startsWith("netlever-radius-auth-"));
    }

    @Test
    void reader_aHandlerHoldingTheReader_stopsThePortUntilItReturns() {
        // What AUTO guards against: with the handler always on the reader, nothing else is read meanwhile.
        byte[] hanging = startAndHang(HandlerThread.READER);
        byte[] other = accessRequest(2, "other");
        peer.send(other, server.authAddress());
        assertThat(peer.receive(300)).as("nothing read while the reader is held").isEmpty();
        release.countDown();
        answered(hanging);
        answered(other);
    }

    @Test
    void workers_aFastHandler_isStillHandedOff() {
        start(HandlerThread.WORKERS, request -> RadiusReply.accept());
        for (int id = 0; id < 5; id++) {
            askAndWait(id, "fast");
        }
        assertThat(threads).hasSize(5).allSatisfy(name -> assertThat(name).startsWith("netlever-radius-worker"));
    }
}
