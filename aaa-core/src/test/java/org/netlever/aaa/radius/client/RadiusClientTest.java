package org.netlever.aaa.radius.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.netlever.aaa.radius.AttributeType;
import org.netlever.aaa.radius.PacketCode;
import org.netlever.aaa.radius.RadiusAttribute;
import org.netlever.aaa.radius.RadiusException;
import org.netlever.aaa.radius.RadiusMessage;
import org.netlever.aaa.radius.RadiusSecret;
import org.netlever.aaa.testing.Await;
import org.netlever.aaa.testing.MutableClock;

/** The client side of S2.9: identical retransmissions, Identifier allocation, failover, probes, verification. */
class RadiusClientTest {

    private static final String SECRET = "client-test-secret";
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : closeables) {
            closeable.close();
        }
    }

    private <T extends AutoCloseable> T closing(T closeable) {
        closeables.add(closeable);
        return closeable;
    }

    private static RadiusServerDefinition server(String name, FakeRadiusPeer peer, ServerKind kind) {
        return new RadiusServerDefinition(name, peer.address(), kind, RadiusSecret.of(SECRET), 2,
                Duration.ofMillis(60), Duration.ofSeconds(30), true);
    }

    private static Optional<FakeRadiusPeer.Answer> accept(org.netlever.aaa.radius.internal.PacketCodec.Framed r) {
        PacketCode code = r.code().equals(PacketCode.ACCOUNTING_REQUEST) ? PacketCode.ACCOUNTING_RESPONSE
                : PacketCode.ACCESS_ACCEPT;
        return Optional.of(new FakeRadiusPeer.Answer(RadiusMessage.of(code), SECRET, !code.equals(
                PacketCode.ACCOUNTING_RESPONSE)));
    }

    private static final RadiusMessage ACCESS = RadiusMessage.of(PacketCode.ACCESS_REQUEST,
            RadiusAttribute.ofString(AttributeType.USER_NAME, "74951234567"),
            RadiusAttribute.ofString(AttributeType.CALLED_STATION_ID, "74957654321"));
    private static final RadiusMessage START = RadiusMessage.of(PacketCode.ACCOUNTING_REQUEST,
            RadiusAttribute.ofInteger(AttributeType.ACCT_STATUS_TYPE, 1),
            RadiusAttribute.ofString(AttributeType.ACCT_SESSION_ID, "call-1"));

    @Test
    void exchange_retransmitsTheIdenticalPacketUntilAnswered() {
        FakeRadiusPeer peer = closing(new FakeRadiusPeer(r -> Optional.empty()));
        peer.script(r -> peer.received().size() < 3 ? Optional.empty() : accept(r));
        RadiusClient client = closing(RadiusClient.builder().bindAddress(LOOPBACK).probeInterval(null)
                .accessServer(server("a", peer, ServerKind.ACCESS)).build());

        RadiusOutcome outcome = client.exchange(ACCESS);

        assertThat(outcome).isInstanceOf(RadiusOutcome.Answered.class);
        assertThat(peer.received()).hasSize(3);
        assertThat(peer.received().get(1)).isEqualTo(peer.received().get(0));
        assertThat(peer.received().get(2)).isEqualTo(peer.received().get(0));
        assertThat(peer.framed(0).messageAuthenticatorOffset()).as("Message-Authenticator first").isEqualTo(20);
        assertThat(client.statistics()).contains("retransmissions=2");
    }

    @Test
    void exchange_unansweredServer_failsOverAndIsSkippedUntilItsIdleTimeoutPasses() {
        MutableClock clock = MutableClock.at("2026-11-21T10:00:00Z");
        FakeRadiusPeer dead = closing(FakeRadiusPeer.silent());
        FakeRadiusPeer alive = closing(new FakeRadiusPeer(RadiusClientTest::accept));
        RadiusClient client = closing(RadiusClient.builder().bindAddress(LOOPBACK).probeInterval(null).clock(clock)
                .accountingServer(server("primary", dead, ServerKind.ACCOUNTING))
                .accountingServer(server("backup", alive, ServerKind.ACCOUNTING)).build());

        RadiusOutcome first = client.exchange(START);

        assertThat(first).isEqualTo(new RadiusOutcome.Answered(((RadiusOutcome.Answered) first).reply(), "backup",
                List.of("primary", "backup")));
        assertThat(dead.received()).hasSize(3).allSatisfy(p -> assertThat(p).isEqualTo(dead.received().get(0)));
        assertThat(client.servers()).extracting(RadiusClient.ServerState::up).containsExactly(false, true);

        RadiusOutcome second = client.exchange(START);
        assertThat(((RadiusOutcome.Answered) second).tried()).containsExactly("backup");

        clock.advance(Duration.ofSeconds(31));
        RadiusOutcome third = client.exchange(START);
        assertThat(((RadiusOutcome.Answered) third).tried()).containsExactly("primary", "backup");
    }

    @Test
    void probe_downServerAnsweringStatusServer_comesBack() {
        AtomicBoolean up = new AtomicBoolean(false);
        FakeRadiusPeer flaky = closing(new FakeRadiusPeer(r -> up.get() ? accept(r) : Optional.empty()));
        FakeRadiusPeer backup = closing(new FakeRadiusPeer(RadiusClientTest::accept));
        RadiusClient client = closing(RadiusClient.builder().bindAddress(LOOPBACK).probeInterval(null)
                .accessServer(server("primary", flaky, ServerKind.ACCESS))
                .accessServer(server("backup", backup, ServerKind.ACCESS)).build());
        client.exchange(ACCESS);
        assertThat(client.servers().get(0).up()).isFalse();

        client.probeDownServers().join();
        assertThat(client.servers().get(0).up()).as("still silent").isFalse();
        up.set(true);
        client.probeDownServers().join();

        assertThat(client.servers().get(0).up()).isTrue();
        PacketCode probe = flaky.framed(flaky.received().size() - 1).code();
        assertThat(probe).isEqualTo(PacketCode.STATUS_SERVER);
        assertThat(((RadiusOutcome.Answered) client.exchange(ACCESS)).server()).isEqualTo("primary");
    }

    @Test
    void exchange_everyServerDown_endsAtOnceWithNoAnswer() {
        MutableClock clock = MutableClock.at("2026-11-21T10:00:00Z");
        FakeRadiusPeer dead = closing(FakeRadiusPeer.silent());
        RadiusClient client = closing(RadiusClient.builder().bindAddress(LOOPBACK).probeInterval(null).clock(clock)
                .accessServer(server("only", dead, ServerKind.ACCESS)).build());

        assertThat(client.exchange(ACCESS)).isEqualTo(new RadiusOutcome.NoAnswer(List.of("only")));
        assertThat(client.exchange(ACCESS)).isEqualTo(new RadiusOutcome.NoAnswer(List.of()));
        assertThat(dead.received()).hasSize(3);
    }

    @Test
    void reply_withWrongSecretOrWithoutMessageAuthenticator_isIgnored() {
        FakeRadiusPeer forger = closing(new FakeRadiusPeer(r -> Optional.of(new FakeRadiusPeer.Answer(
                RadiusMessage.of(PacketCode.ACCESS_ACCEPT), "not-the-secret", true))));
        RadiusClient client = closing(RadiusClient.builder().bindAddress(LOOPBACK).probeInterval(null)
                .accessServer(server("forger", forger, ServerKind.ACCESS)).build());
        assertThat(client.exchange(ACCESS)).isInstanceOf(RadiusOutcome.NoAnswer.class);
        assertThat(client.statistics()).contains("invalid-replies=3");

        FakeRadiusPeer legacy = closing(new FakeRadiusPeer(r -> Optional.of(new FakeRadiusPeer.Answer(
                RadiusMessage.of(PacketCode.ACCESS_ACCEPT), SECRET, false))));
        RadiusClient strict = closing(RadiusClient.builder().bindAddress(LOOPBACK).probeInterval(null)
                .accessServer(server("legacy", legacy, ServerKind.ACCESS)).build());
        RadiusClient lenient = closing(RadiusClient.builder().bindAddress(LOOPBACK).probeInterval(null)
                .accessServer(server("legacy", legacy, ServerKind.ACCESS).withRequireMessageAuthenticator(false))
                .build());
        assertThat(strict.exchange(ACCESS)).isInstanceOf(RadiusOutcome.NoAnswer.class);
        assertThat(lenient.exchange(ACCESS)).isInstanceOf(RadiusOutcome.Answered.class);
    }

    @Test
    void identifiers_areNeverReusedWhileInFlight() throws Exception {
        FakeRadiusPeer peer = closing(FakeRadiusPeer.silent());
        RadiusServerDefinition slow = server("slow", peer, ServerKind.ACCESS).withRetries(0, Duration.ofSeconds(20));
        RadiusClient client = closing(RadiusClient.builder().bindAddress(LOOPBACK).probeInterval(null).sockets(1)
                .accessServer(slow).build());

        List<CompletableFuture<RadiusOutcome>> outcomes = new ArrayList<>();
        for (int i = 0; i < 257; i++) {
            outcomes.add(client.send(ACCESS));
        }
        Await.until("256 requests arrive", () -> peer.received().size() == 256);
        Set<Integer> identifiers = new HashSet<>();
        for (byte[] packet : peer.received()) {
            identifiers.add(packet[1] & 0xff);
        }
        assertThat(identifiers).as("256 in flight on one socket, all different").hasSize(256);
        assertThat(peer.received(500)).as("the 257th waits for a free Identifier").hasSize(256);

        int freed = peer.received().get(10)[1] & 0xff;
        peer.answer(10, accept(peer.framed(10)).orElseThrow());

        Await.until("the 257th request is sent", () -> peer.received().size() == 257);
        assertThat(peer.received().get(256)[1] & 0xff).isEqualTo(freed);
        assertThat(outcomes.get(10).join()).isInstanceOf(RadiusOutcome.Answered.class);
    }

    @Test
    void send_disabledPartOrWrongCode_isReportedNotSent() {
        FakeRadiusPeer peer = closing(new FakeRadiusPeer(RadiusClientTest::accept));
        RadiusClient client = closing(RadiusClient.builder().bindAddress(LOOPBACK).probeInterval(null)
                .accessServer(server("a", peer, ServerKind.ACCESS)).accessEnabled(false).build());

        assertThat(client.exchange(ACCESS)).isEqualTo(new RadiusOutcome.Disabled(ServerKind.ACCESS));
        assertThat(client.exchange(START)).isEqualTo(new RadiusOutcome.Disabled(ServerKind.ACCOUNTING));
        assertThat(peer.received()).isEmpty();
        assertThatThrownBy(() -> client.send(RadiusMessage.of(PacketCode.COA_REQUEST)))
                .isInstanceOf(RadiusException.class).hasMessageContaining("CoaClient");
        assertThatThrownBy(() -> RadiusClient.builder().accessServer(server("x", peer, ServerKind.ACCOUNTING)))
                .isInstanceOf(RadiusException.class).hasMessageContaining("kind ACCOUNTING");
        assertThat(server("x", peer, ServerKind.ACCESS).toString()).doesNotContain(SECRET);
        assertThat(RadiusServerDefinition.of("d", "127.0.0.1", ServerKind.ACCOUNTING, "s").address())
                .isEqualTo(new InetSocketAddress(LOOPBACK, 1813));
    }
}
