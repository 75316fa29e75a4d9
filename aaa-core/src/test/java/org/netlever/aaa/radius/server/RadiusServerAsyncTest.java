package org.netlever.aaa.radius.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
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
 * The server with an {@link AsyncRadiusHandler} (issue 12): started on the reading thread, answered by whichever
 * thread completes it, with the same duplicate cache, failure handling and load shedding as the worker-pool path.
 */
class RadiusServerAsyncTest {

    private static final String SECRET = "async-test-secret";
    private static final byte[] SECRET_OCTETS = SECRET.getBytes(StandardCharsets.UTF_8);
    private static final InetSocketAddress ANY_LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    private final PacketCodec codec = new PacketCodec(RadiusDictionary.standard());
    private final UdpPeer peer = new UdpPeer();
    private final List<CompletableFuture<RadiusReply>> pending = new CopyOnWriteArrayList<>();
    private final List<String> startedOn = new CopyOnWriteArrayList<>();
    private RadiusServer server;

    @AfterEach
    void stop() {
        peer.close();
        if (server != null) {
            server.close();
        }
    }

    private RadiusServer.Builder builder() {
        return RadiusServer.builder().authAddress(ANY_LOOPBACK).acctAddress(ANY_LOOPBACK)
                .client(RadiusClientDefinition.of("loopback", "127.0.0.1", SECRET, MessageAuthenticatorPolicy.REQUIRE));
    }

    /** A handler that answers only when the test completes what it returned. */
    private RadiusServer startDeferred() {
        server = builder().handler((AsyncRadiusHandler) (request, blocking) -> {
            startedOn.add(Thread.currentThread().getName());
            CompletableFuture<RadiusReply> reply = new CompletableFuture<>();
            pending.add(reply);
            return reply;
        }).start();
        return server;
    }

    /**
     * A handler whose blocking work, on the worker pool, accepts; it waits for {@code release} first when
     * {@code holds} says so for the request.
     */
    private static AsyncRadiusHandler onWorkers(java.util.function.Predicate<RadiusRequest> holds,
            CountDownLatch release) {
        return (request, blocking) -> CompletableFuture.supplyAsync(() -> {
            if (holds.test(request)) {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return RadiusReply.accept();
        }, blocking);
    }

    private byte[] accessRequest(int id) {
        RadiusMessage message = RadiusMessage.of(PacketCode.ACCESS_REQUEST,
                RadiusAttribute.ofString(AttributeType.USER_NAME, "74951234567"));
        return codec.encodeRequest(message, id, SECRET_OCTETS, true);
    }

    private void assertAnswers(byte[] request, byte[] octets) {
        PacketCodec.Framed reply = codec.frame(octets, octets.length);
        assertThat(reply.identifier()).isEqualTo(request[1] & 0xff);
        assertThat(codec.verifyResponseAuthenticator(reply, java.util.Arrays.copyOfRange(request, 4, 20),
                SECRET_OCTETS)).as("response authenticator").isTrue();
    }

    @Test
    void handleAsync_completedLaterByAnotherThread_isAnswered_startedOnTheReader_andCachedForDuplicates()
            throws Exception {
        startDeferred();
        byte[] request = accessRequest(7);
        peer.send(request, server.authAddress());
        Await.until("the handler started", () -> pending.size() == 1);
        peer.send(request, server.authAddress());
        Await.until("the copy is seen in progress", () -> server.stats().duplicatesInProgress() == 1);
        assertThat(peer.receive(200)).as("nothing before the reply is ready").isEmpty();

        Thread completer = new Thread(() -> pending.get(0).complete(RadiusReply.accept()), "billing-commit");
        completer.start();
        completer.join();
        byte[] first = peer.receive();
        assertAnswers(request, first);
        peer.send(request, server.authAddress());

        assertThat(peer.receive()).as("a later copy is answered from the cache").isEqualTo(first);
        assertThat(pending).hasSize(1);
        assertThat(startedOn).singleElement().asString().startsWith("netlever-radius-auth");
        assertThat(server.stats().answered()).isEqualTo(1);
    }

    @Test
    void handleAsync_completedExceptionallyOrDiscarded_sendsNothing_andACopyIsHandledAgain() throws Exception {
        startDeferred();
        byte[] request = accessRequest(8);
        peer.send(request, server.authAddress());
        Await.until("the handler started", () -> pending.size() == 1);
        pending.get(0).completeExceptionally(new IllegalStateException("database down"));
        Await.until("the failure is counted", () -> server.stats().handlerErrors() == 1);
        assertThat(server.recentDrops()).last().extracting(DroppedPacket::reason).asString()
                .contains("database down");

        peer.send(request, server.authAddress());
        Await.until("the copy is handled again", () -> pending.size() == 2);
        pending.get(1).complete(RadiusReply.discard("not now"));
        Await.until("the discard is counted", () -> server.stats().discarded() == 1);

        assertThat(peer.receive(300)).as("no reply to either").isEmpty();
    }

    @Test
    void handleAsync_blockingWork_runsOnTheWorkerPool_whichShedsWhenItsQueueIsFull() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger running = new AtomicInteger();
        server = builder().workers(1).queueCapacity(1).handler(onWorkers(n -> {
            running.incrementAndGet();
            startedOn.add(Thread.currentThread().getName());
            return true;
        }, release)).start();

        peer.send(accessRequest(1), server.authAddress());
        Await.until("the worker is busy", () -> running.get() == 1);
        peer.send(accessRequest(2), server.authAddress());
        peer.send(accessRequest(3), server.authAddress());
        Await.until("one request is shed", () -> server.stats().shed() == 1);
        release.countDown();

        assertThat(peer.receive()).isNotNull();
        assertThat(peer.receive()).isNotNull();
        assertThat(peer.receive(300)).isEmpty();
        assertThat(startedOn).allSatisfy(name -> assertThat(name).startsWith("netlever-radius-worker"));
    }

    @Test
    void handleAsync_blockingWorkThatWaitedPastTheLimit_isShedWithoutRunning() throws Exception {
        MutableClock clock = MutableClock.at("2026-12-01T10:00:00Z");
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger ran = new AtomicInteger();
        server = builder().clock(clock).workers(1).maxQueueWait(Duration.ofMillis(500))
                .handler(onWorkers(n -> ran.incrementAndGet() == 1, release)).start();
        peer.send(accessRequest(1), server.authAddress());
        Await.until("the worker is busy", () -> ran.get() == 1);
        peer.send(accessRequest(2), server.authAddress());
        Await.until("the second request is received", () -> server.stats().received() == 2);

        clock.advance(Duration.ofSeconds(1));
        release.countDown();

        Await.until("the waiting request is shed", () -> server.stats().shed() == 1);
        assertThat(peer.receive()).as("the first is answered").isNotNull();
        assertThat(peer.receive(300)).as("the shed one is not").isEmpty();
        assertThat(ran).hasValue(1);
        assertThat(server.recentDrops()).last().extracting(DroppedPacket::reason).asString()
                .contains("waited 1000 ms");
    }
}
