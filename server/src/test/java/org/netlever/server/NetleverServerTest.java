package org.netlever.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netlever.aaa.call.AuthorizationOutcome;
import org.netlever.aaa.call.Call;
import org.netlever.aaa.call.CallControl;
import org.netlever.aaa.call.CallPolicy;
import org.netlever.aaa.call.CallSetup;
import org.netlever.aaa.ip.Ipv4Address;
import org.netlever.aaa.lease.Lease;
import org.netlever.aaa.lever.LeverSecret;
import org.netlever.aaa.lever.LeverServer;
import org.netlever.aaa.lever.LeverSignature;
import org.netlever.aaa.radius.AttributeType;
import org.netlever.aaa.radius.PacketCode;
import org.netlever.aaa.radius.RadiusMessage;
import org.netlever.aaa.radius.RadiusPacket;
import org.netlever.aaa.radius.RadiusSecret;
import org.netlever.aaa.radius.attr.Accounting;
import org.netlever.aaa.radius.attr.AcctStatusType;
import org.netlever.aaa.radius.attr.Q850Cause;
import org.netlever.aaa.radius.client.RadiusClient;
import org.netlever.aaa.radius.client.RadiusOutcome;
import org.netlever.aaa.radius.client.RadiusServerDefinition;
import org.netlever.aaa.radius.client.ServerKind;
import org.netlever.aaa.radius.server.RadiusClientDefinition;
import org.netlever.aaa.radius.server.RadiusReply;
import org.netlever.aaa.radius.server.RadiusServer;
import org.netlever.aaa.testing.Await;
import org.netlever.aaa.testing.MutableClock;
import org.netlever.server.testing.ExampleConfig;

/**
 * {@code netlever serve} in-process, from the shipped example configuration with its ports moved to free ones: the
 * three seed stories through its real sockets, the operations endpoint, graceful close and a restart on the same
 * database.
 */
class NetleverServerTest {

    private static final String LEVER_SECRET = ExampleConfig.LEVER_SECRET;
    private static final String SOFTSWITCH_SECRET = ExampleConfig.SOFTSWITCH_SECRET;
    private static final String BRAS_SECRET = ExampleConfig.BRAS_SECRET;

    @TempDir
    Path dir;

    private final List<RadiusPacket> coas = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private RadiusServer brasCoa;
    private ServeConfig config;
    private NetleverServer server;

    @BeforeEach
    void setUp() {
        brasCoa = RadiusServer.builder().authAddress(any()).acctAddress(any()).coaAddress(any())
                .client(RadiusClientDefinition.of("netlever", "127.0.0.1", BRAS_SECRET))
                .handler(request -> {
                    coas.add(request.packet());
                    return RadiusReply.of(RadiusMessage.of(PacketCode.COA_ACK));
                }).start();
        config = ExampleConfig.in(dir).brasCoaPort(brasCoa.coaAddress().orElseThrow().getPort()).read();
        server = NetleverServer.start(config, Clock.systemUTC());
    }

    @AfterEach
    void tearDown() {
        server.close();
        brasCoa.close();
    }

    private static InetSocketAddress any() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    }

    private HttpResponse<String> get(String path) throws Exception {
        InetSocketAddress ops = server.opsAddress();
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ops.getPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> leverCommit(String form) throws Exception {
        byte[] body = form.getBytes(StandardCharsets.UTF_8);
        long now = Instant.now().getEpochSecond();
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        String n = HexFormat.of().formatHex(nonce);
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.leverAddress().getPort()
                        + LeverServer.EVENTS_PATH))
                .header(LeverSignature.TIMESTAMP, Long.toString(now)).header(LeverSignature.NONCE, n)
                .header(LeverSignature.SIGNATURE, LeverSignature.sign(LeverSecret.of(LEVER_SECRET), "POST",
                        LeverServer.EVENTS_PATH, now, n, body))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private RadiusServerDefinition endpoint(String name, InetSocketAddress address, ServerKind kind, String secret) {
        return new RadiusServerDefinition(name, address, kind, RadiusSecret.of(secret), 2, Duration.ofMillis(500),
                Duration.ofSeconds(30), true);
    }

    @Test
    @DisplayName("S1-S3 one serve process answers the lever, the softswitch and the BRAS")
    void start_servesAllThreeStories_andReportsThemInMetrics() throws Exception {
        assertThat(get("/health").statusCode()).isEqualTo(200);
        assertThat(get("/ready").statusCode()).isEqualTo(200);

        // S1: dhcpd's commit for alice's PC behind sw-17 port 5, as the lever script posts it.
        HttpResponse<String> commit = leverCommit("source=isc-dhcpd&event=commit&ip=198.51.100.10"
                + "&mac=2%3A0%3A0%3A0%3A0%3A42&remote_id=0%3A6%3Af8%3Ae9%3A3%3Ae7%3A55%3Aa6"
                + "&circuit_id=0%3A4%3A0%3A98%3A0%3A5&id=lever-1");
        assertThat(commit.statusCode()).as(commit.body()).isEqualTo(200);
        assertThat(server.leases().lease(Ipv4Address.parse("198.51.100.10"))).map(Lease::subscriberId)
                .hasValue("alice");

        // S2: alice calls Moscow: 100.00 at 0.50 a minute buys 200 minutes; a 61-second call is two started minutes.
        try (RadiusClient softswitch = RadiusClient.builder().bindAddress(InetAddress.getLoopbackAddress())
                .probeInterval(null)
                .accessServer(endpoint("netlever", server.softswitchAuthAddress(), ServerKind.ACCESS,
                        SOFTSWITCH_SECRET))
                .accountingServer(endpoint("netlever", server.softswitchAcctAddress(), ServerKind.ACCOUNTING,
                        SOFTSWITCH_SECRET)).build()) {
            MutableClock softswitchClock = new MutableClock(Instant.now());
            CallControl control = CallControl.builder(softswitch).policy(CallPolicy.defaults())
                    .clock(softswitchClock).build();
            Call call = control.newCall(CallSetup.of("74951234567", "74957654321"));
            assertThat(call.authorize()).isEqualTo(new AuthorizationOutcome.Authorized(Optional.of(
                    Duration.ofMinutes(200))));
            call.answer();
            softswitchClock.advance(Duration.ofSeconds(61));
            call.release(Q850Cause.NORMAL_CLEARING);
            Await.until("the call is charged", () -> server.billing().balance("alice")
                    .map(b -> b.compareTo(new BigDecimal("100")) < 0).orElse(false));
            assertThat(server.billing().balance("alice")).hasValueSatisfying(b ->
                    assertThat(b).isEqualByComparingTo("99.00"));
        }

        // S3: the BRAS authorizes 79139001234, uses up two hours, and is told services-reauth.
        try (RadiusClient bras = RadiusClient.builder().bindAddress(InetAddress.getLoopbackAddress())
                .probeInterval(null)
                .accessServer(endpoint("netlever", server.brasAuthAddress(), ServerKind.ACCESS, BRAS_SECRET))
                .accountingServer(endpoint("netlever", server.brasAcctAddress(), ServerKind.ACCOUNTING,
                        BRAS_SECRET)).build()) {
            RadiusOutcome session = bras.exchange(RadiusMessage.builder(PacketCode.ACCESS_REQUEST)
                    .string(AttributeType.USER_NAME, "79139001234")
                    .avPair(AttributeType.ELTEX_AVPAIR, "pcrf-request", "session").build());
            assertThat(((RadiusOutcome.Answered) session).reply().code()).isEqualTo(PacketCode.ACCESS_ACCEPT);
            for (AcctStatusType type : List.of(AcctStatusType.START, AcctStatusType.INTERIM_UPDATE)) {
                long seconds = type == AcctStatusType.START ? 0 : 7200;
                RadiusOutcome acct = bras.exchange(RadiusMessage.builder(PacketCode.ACCOUNTING_REQUEST)
                        .add(Accounting.statusType(type))
                        .string(AttributeType.USER_NAME, "79139001234")
                        .string(AttributeType.ACCT_SESSION_ID, "esr-session-1")
                        .string(AttributeType.NAS_IDENTIFIER, "esr-1")
                        .avPair(AttributeType.ELTEX_AVPAIR, "service-name", "limit2h1Gb")
                        .add(Accounting.sessionTime(Duration.ofSeconds(seconds))).build());
                assertThat(acct).isInstanceOf(RadiusOutcome.Answered.class);
            }
            Await.until("the BRAS is told services-reauth", () -> coas.size() == 1);
            assertThat(coas.get(0).avPair(AttributeType.ELTEX_AVPAIR, "command")).hasValue("services-reauth");
            assertThat(server.pcrf().orElseThrow().currentService("79139001234")).map(g -> g.service().name())
                    .hasValue("blocking");
        }

        String metrics = get("/metrics").body();
        assertThat(metrics)
                .contains("netlever_radius_requests_total{listener=\"softswitch\",outcome=\"answered\"}")
                .contains("netlever_radius_handler_seconds_bucket{listener=\"bras\",outcome=\"access_accept\"")
                .contains("netlever_dhcp_events_total{outcome=\"assigned\"} 1.0")
                .contains("netlever_pcrf_leader 1.0")
                .contains("netlever_pcrf_transitions_total 1.0")
                .contains("netlever_pcrf_reauth_sent_total 1.0")
                .contains("netlever_pcrf_reauth_failed_total 0.0")
                .contains("netlever_pcrf_scheduler_lag_seconds 0.0")
                .contains("netlever_pcrf_reauth_queued 0.0")
                .as("issue 10: the default H2 file is written before anything is acknowledged")
                .containsPattern("netlever_storage_disk_writes_total [1-9]")
                .containsPattern("netlever_storage_durability_waits_total [1-9]");
    }

    @Test
    @DisplayName("a restart on the same database keeps balances, leases and PCRF state")
    void restart_keepsWhatWasAcknowledged() throws Exception {
        assertThat(leverCommit("source=isc-dhcpd&event=commit&ip=198.51.100.11&mac=2%3A0%3A0%3A0%3A0%3A43"
                + "&remote_id=0%3A6%3Af8%3Ae9%3A3%3Ae7%3A55%3Aa6&circuit_id=0%3A4%3A0%3A98%3A0%3A6&id=lever-2")
                .statusCode()).isEqualTo(200);
        server.pcrf().orElseThrow().attach("79139001234", "Auto1_test.Sibir.OTT.root", "limitTP");
        server.close();
        assertThat(server.ready()).isFalse();

        server = NetleverServer.start(config, Clock.systemUTC());
        assertThat(get("/ready").statusCode()).isEqualTo(200);
        assertThat(server.leases().lease(Ipv4Address.parse("198.51.100.11"))).map(Lease::subscriberId)
                .hasValue("bob");
        assertThat(server.pcrf().orElseThrow().state("79139001234")).isPresent();
        assertThat(server.billing().balance("alice")).hasValueSatisfying(b ->
                assertThat(b).isEqualByComparingTo("100"));
    }
}
