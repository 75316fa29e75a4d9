package org.netlever.aaa.radius.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.netlever.aaa.ip.Ipv4Address;
import org.netlever.aaa.lease.Lease;
import org.netlever.aaa.lease.LeaseOrigin;
import org.netlever.aaa.lease.NasChange;
import org.netlever.aaa.lease.NasSyncRequest;
import org.netlever.aaa.lease.nas.CoaNasSync;
import org.netlever.aaa.radius.AttributeType;
import org.netlever.aaa.radius.AvPair;
import org.netlever.aaa.radius.ErrorCause;
import org.netlever.aaa.radius.PacketCode;
import org.netlever.aaa.radius.RadiusAttribute;
import org.netlever.aaa.radius.RadiusException;
import org.netlever.aaa.radius.RadiusMessage;
import org.netlever.aaa.radius.RadiusSecret;
import org.netlever.aaa.radius.internal.PacketCodec;

/** RFC 5176 CoA and Disconnect, and the RADIUS CoA implementation of the lease module's NAS-sync hook (S1.8). */
class CoaClientTest {

    private static final String SECRET = "coa-test-secret";
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final CoaClient client = CoaClient.bound(InetAddress.getLoopbackAddress());

    @AfterEach
    void close() throws Exception {
        client.close();
        for (AutoCloseable closeable : closeables) {
            closeable.close();
        }
    }

    private FakeRadiusPeer nas(java.util.function.Function<PacketCodec.Framed, Optional<FakeRadiusPeer.Answer>> s) {
        FakeRadiusPeer peer = new FakeRadiusPeer(s);
        closeables.add(peer);
        return peer;
    }

    private static RadiusServerDefinition definition(FakeRadiusPeer peer) {
        return new RadiusServerDefinition("bras", peer.address(), ServerKind.DYNAMIC_AUTHORIZATION,
                RadiusSecret.of(SECRET), 1, Duration.ofMillis(80), Duration.ofSeconds(30), false);
    }

    private static Optional<FakeRadiusPeer.Answer> ack(PacketCodec.Framed request) {
        PacketCode code = request.code().equals(PacketCode.COA_REQUEST) ? PacketCode.COA_ACK
                : PacketCode.DISCONNECT_ACK;
        return Optional.of(new FakeRadiusPeer.Answer(RadiusMessage.of(code), SECRET, true));
    }

    private static Optional<FakeRadiusPeer.Answer> nak(PacketCodec.Framed request, ErrorCause cause) {
        PacketCode code = request.code().equals(PacketCode.COA_REQUEST) ? PacketCode.COA_NAK
                : PacketCode.DISCONNECT_NAK;
        return Optional.of(new FakeRadiusPeer.Answer(RadiusMessage.of(code,
                RadiusAttribute.ofInteger(AttributeType.ERROR_CAUSE, cause.value())), SECRET, true));
    }

    @Test
    void coaRequest_isSignedAndAcknowledged() {
        FakeRadiusPeer peer = nas(CoaClientTest::ack);

        CoaResult result = client.exchange(definition(peer), RadiusMessage.of(PacketCode.COA_REQUEST,
                RadiusAttribute.ofString(AttributeType.USER_NAME, "sub-1")));

        assertThat(result).isInstanceOf(CoaResult.Ack.class);
        PacketCodec.Framed sent = peer.framed(0);
        byte[] secret = SECRET.getBytes(StandardCharsets.UTF_8);
        assertThat(peer.codec().verifyRequestAuthenticator(sent, secret)).as("RFC 5176 Request Authenticator")
                .isTrue();
        assertThat(sent.messageAuthenticatorOffset()).isEqualTo(20);
        assertThat(peer.codec().verifyMessageAuthenticator(sent, new byte[16], secret)).isTrue();
    }

    @Test
    void coaRequest_toARadiusServerListeningForCoa_isVerifiedAndAnswered() {
        java.util.List<org.netlever.aaa.radius.RadiusPacket> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (org.netlever.aaa.radius.server.RadiusServer nas = org.netlever.aaa.radius.server.RadiusServer.builder()
                .authAddress(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .acctAddress(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .coaAddress(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .client(org.netlever.aaa.radius.server.RadiusClientDefinition.of("pcrf", "127.0.0.1", SECRET))
                .handler(request -> {
                    seen.add(request.packet());
                    return org.netlever.aaa.radius.server.RadiusReply.of(RadiusMessage.of(
                            request.packet().code().equals(PacketCode.COA_REQUEST) ? PacketCode.COA_ACK
                                    : PacketCode.DISCONNECT_NAK,
                            RadiusAttribute.ofInteger(AttributeType.ERROR_CAUSE, 503)));
                }).start()) {
            RadiusServerDefinition definition = new RadiusServerDefinition("nas", nas.coaAddress().orElseThrow(),
                    ServerKind.DYNAMIC_AUTHORIZATION, RadiusSecret.of(SECRET), 1, Duration.ofMillis(500),
                    Duration.ofSeconds(30), true);

            assertThat(client.exchange(definition, RadiusMessage.of(PacketCode.COA_REQUEST,
                    RadiusAttribute.ofAvPair(AttributeType.ELTEX_AVPAIR, AvPair.of("command", "services-reauth")))))
                    .isInstanceOf(CoaResult.Ack.class);
            assertThat(client.exchange(definition, RadiusMessage.of(PacketCode.DISCONNECT_REQUEST,
                    RadiusAttribute.ofString(AttributeType.USER_NAME, "gone")))).isInstanceOfSatisfying(
                            CoaResult.Nak.class, nak -> assertThat(nak.errorCause())
                                    .hasValue(ErrorCause.SESSION_CONTEXT_NOT_FOUND));
            assertThat(seen.get(0).avPair(AttributeType.ELTEX_AVPAIR, "command")).hasValue("services-reauth");
        }
    }

    @Test
    void disconnectRequest_nak_carriesTheErrorCause() {
        FakeRadiusPeer peer = nas(r -> nak(r, ErrorCause.SESSION_CONTEXT_NOT_FOUND));

        CoaResult result = client.exchange(definition(peer), RadiusMessage.of(PacketCode.DISCONNECT_REQUEST,
                RadiusAttribute.ofString(AttributeType.USER_NAME, "sub-1")));

        assertThat(result).isInstanceOfSatisfying(CoaResult.Nak.class, nak -> assertThat(nak.errorCause())
                .hasValue(ErrorCause.SESSION_CONTEXT_NOT_FOUND));
        assertThat(ErrorCause.valueOf(999).name()).isEqualTo("Error-Cause-999");
        assertThat(ErrorCause.UNSUPPORTED_ATTRIBUTE.isFatal()).isTrue();
    }

    @Test
    void coaRequest_unanswered_isRetransmittedIdenticallyThenReported() {
        FakeRadiusPeer peer = nas(r -> Optional.empty());

        CoaResult result = client.exchange(definition(peer), RadiusMessage.of(PacketCode.COA_REQUEST,
                RadiusAttribute.ofString(AttributeType.USER_NAME, "sub-1")));

        assertThat(result).isInstanceOfSatisfying(CoaResult.NoAnswer.class, none -> assertThat(none.reason())
                .contains("no answer from bras after 2 sends"));
        assertThat(peer.received()).hasSize(2);
        assertThat(peer.received().get(1)).isEqualTo(peer.received().get(0));
    }

    @Test
    void send_wrongCodeOrKind_isRejected() {
        FakeRadiusPeer peer = nas(CoaClientTest::ack);
        assertThatThrownBy(() -> client.send(definition(peer), RadiusMessage.of(PacketCode.ACCESS_REQUEST)))
                .isInstanceOf(RadiusException.class).hasMessageContaining("CoA-Request and Disconnect-Request");
        RadiusServerDefinition access = new RadiusServerDefinition("x", peer.address(), ServerKind.ACCESS,
                RadiusSecret.of(SECRET), 0, Duration.ofMillis(50), Duration.ZERO, false);
        assertThatThrownBy(() -> client.send(access, RadiusMessage.of(PacketCode.COA_REQUEST)))
                .isInstanceOf(RadiusException.class).hasMessageContaining("DYNAMIC_AUTHORIZATION");
    }

    private static Lease lease(String ip) {
        Instant at = Instant.parse("2026-11-21T10:00:00Z");
        return new Lease(Ipv4Address.parse(ip), "sub-7", Optional.empty(), LeaseOrigin.ALLOCATED, "pool",
                Optional.empty(), java.util.OptionalInt.empty(), at, at, Optional.empty(), at);
    }

    @Test
    void coaNasSync_pushesCurrentLeasesWithRateLimitsAndDisconnectsFreedOnes() {
        List<PacketCodec.Framed> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        FakeRadiusPeer peer = nas(r -> {
            seen.add(r);
            return r.code().equals(PacketCode.DISCONNECT_REQUEST) ? nak(r, ErrorCause.SESSION_CONTEXT_NOT_FOUND)
                    : ack(r);
        });
        CoaNasSync sync = new CoaNasSync(client, definition(peer), subscriber -> List.of(
                RadiusAttribute.ofAvPair(AttributeType.CISCO_AVPAIR, AvPair.of("subscriber:sub-qos-policy-in",
                        "100M"))));
        Instant at = Instant.parse("2026-11-21T10:00:00Z");

        sync.sync(new NasSyncRequest("sub-7", List.of(lease("198.51.100.20")), List.of(
                new NasSyncRequest.Change(1, Ipv4Address.parse("198.51.100.20"), NasChange.ASSIGNED, at),
                new NasSyncRequest.Change(2, Ipv4Address.parse("198.51.100.9"), NasChange.FREED, at)), 1));

        assertThat(seen).extracting(PacketCodec.Framed::code).containsExactly(PacketCode.COA_REQUEST,
                PacketCode.DISCONNECT_REQUEST);
        var coa = seen.get(0).attributes();
        assertThat(coa).contains(RadiusAttribute.ofString(AttributeType.USER_NAME, "sub-7"),
                RadiusAttribute.ofIpv4(AttributeType.FRAMED_IP_ADDRESS, Ipv4Address.parse("198.51.100.20")),
                RadiusAttribute.ofAvPair(AttributeType.CISCO_AVPAIR, AvPair.of("subscriber:sub-qos-policy-in",
                        "100M")));
        assertThat(seen.get(1).attributes()).contains(RadiusAttribute.ofIpv4(AttributeType.FRAMED_IP_ADDRESS,
                Ipv4Address.parse("198.51.100.9")));
    }

    @Test
    void coaNasSync_nakOrSilence_throwsSoTheWorkerRetries() {
        AtomicInteger calls = new AtomicInteger();
        FakeRadiusPeer refusing = nas(r -> {
            calls.incrementAndGet();
            return nak(r, ErrorCause.ADMINISTRATIVELY_PROHIBITED);
        });
        CoaNasSync sync = new CoaNasSync(client, definition(refusing), subscriber -> List.of());
        NasSyncRequest request = new NasSyncRequest("sub-7", List.of(lease("198.51.100.21")), List.of(), 1);

        assertThatThrownBy(() -> sync.sync(request)).isInstanceOf(RadiusException.class)
                .hasMessageContaining("refused by NAS bras: Administratively-Prohibited(501)");

        FakeRadiusPeer silent = nas(r -> Optional.empty());
        CoaNasSync unanswered = new CoaNasSync(client, definition(silent), subscriber -> List.of());
        assertThatThrownBy(() -> unanswered.sync(request)).hasMessageContaining("not answered by NAS bras");
        assertThat(calls).hasValue(1);
    }
}
