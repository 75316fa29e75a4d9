package org.netlever.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
import org.netlever.aaa.radius.RadiusSecret;
import org.netlever.aaa.radius.attr.Q850Cause;
import org.netlever.aaa.radius.client.RadiusClient;
import org.netlever.aaa.radius.client.RadiusServerDefinition;
import org.netlever.aaa.radius.client.ServerKind;
import org.netlever.aaa.testing.Await;
import org.netlever.aaa.testing.MutableClock;
import org.netlever.server.testing.ApiClient;
import org.netlever.server.testing.ExampleConfig;

/**
 * The billing and RADIUS half of the operations API (issue 15, docs/api.md) through a real {@code netlever serve} and
 * a real softswitch (S2): the credit a call holds while it is set up and answered, its charge once it ends, newest
 * first and paged, the account; a datagram the softswitch listener drops, with its reason; the overview joining them.
 */
class ServeBillingApiTest {

    @TempDir
    Path dir;

    private NetleverServer server;
    private ApiClient api;

    @BeforeEach
    void setUp() {
        server = NetleverServer.start(ExampleConfig.in(dir).read(), Clock.systemUTC());
        api = ApiClient.of(server.opsAddress(), ExampleConfig.READ_TOKEN);
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    private JsonNode ok(String path) {
        ApiClient.Answer answer = api.get(path);
        assertThat(answer.status()).as(path + ": " + answer.text()).isEqualTo(200);
        return answer.body();
    }

    private RadiusClient softswitch() {
        RadiusServerDefinition auth = new RadiusServerDefinition("netlever", server.softswitchAuthAddress(),
                ServerKind.ACCESS, RadiusSecret.of(ExampleConfig.SOFTSWITCH_SECRET), 2, Duration.ofMillis(500),
                Duration.ofSeconds(30), true);
        RadiusServerDefinition acct = new RadiusServerDefinition("netlever", server.softswitchAcctAddress(),
                ServerKind.ACCOUNTING, RadiusSecret.of(ExampleConfig.SOFTSWITCH_SECRET), 2, Duration.ofMillis(500),
                Duration.ofSeconds(30), true);
        return RadiusClient.builder().bindAddress(InetAddress.getLoopbackAddress()).probeInterval(null)
                .accessServer(auth).accountingServer(acct).build();
    }

    @Test
    @DisplayName("S2.3-S2.7: the reservation while the call is up, then its charge and the account, paged newest first")
    void calls_reservationWhileUp_thenChargeAndAccount() {
        JsonNode before = ok("/api/v1/dashboard");
        try (RadiusClient softswitch = softswitch()) {
            MutableClock softswitchClock = new MutableClock(Instant.now());
            CallControl control = CallControl.builder(softswitch).policy(CallPolicy.defaults())
                    .clock(softswitchClock).build();
            Call call = control.newCall(CallSetup.of("74951234567", "74957654321"));
            assertThat(call.authorize()).isInstanceOf(AuthorizationOutcome.Authorized.class);

            JsonNode held = ok("/api/v1/reservations?subscriber=alice").get("items");
            assertThat(held).hasSize(1);
            JsonNode r = held.get(0);
            assertThat(r.get("subscriber").asText()).isEqualTo("alice");
            assertThat(r.get("called").asText()).isEqualTo("74957654321");
            assertThat(r.get("perMinute").asText()).isEqualTo("0.5000");
            assertThat(r.get("answered").asBoolean()).isFalse();
            assertThat(r.get("minutes").asLong()).isPositive();
            assertThat(r.get("amount").isTextual()).as("money is a decimal string").isTrue();
            assertThat(Instant.parse(r.get("expiresAt").asText())).isAfter(Instant.now().minusSeconds(1));
            assertThat(ok("/api/v1/reservations?subscriber=bob").get("items")).isEmpty();
            assertThat(ok("/api/v1/dashboard").get("queues").get("reservations").asLong()).isEqualTo(1);
            JsonNode account = ok("/api/v1/accounts/alice");
            assertThat(account.get("balance").asText()).isEqualTo("100.0000");
            assertThat(account.get("held").asText()).isEqualTo(r.get("amount").asText());
            assertThat(account.get("calls").asInt()).isEqualTo(1);

            call.answer();
            Await.until("the Start confirmed the reservation", () -> ok("/api/v1/reservations").get("items")
                    .get(0).get("answered").asBoolean());
            softswitchClock.advance(Duration.ofSeconds(61));
            call.release(Q850Cause.NORMAL_CLEARING);
            Await.until("the call is charged", () -> ok("/api/v1/calls?subscriber=alice").get("items").size() == 1);

            for (int i = 0; i < 2; i++) {
                Call next = control.newCall(CallSetup.of("74951234567", "7495765432" + i));
                next.authorize();
                next.answer();
                softswitchClock.advance(Duration.ofSeconds(30));
                next.release(Q850Cause.NORMAL_CLEARING);
            }
        }
        Await.until("three calls charged", () -> ok("/api/v1/calls?subscriber=alice").get("items").size() == 3);

        JsonNode first = ok("/api/v1/calls?subscriber=alice&limit=2");
        assertThat(first.get("items")).hasSize(2);
        JsonNode second = ok("/api/v1/calls?subscriber=alice&limit=2&cursor=" + first.get("next").asText());
        assertThat(second.get("items")).hasSize(1);
        assertThat(second.get("next").isNull()).isTrue();
        List<JsonNode> calls = new ArrayList<>();
        first.get("items").forEach(calls::add);
        second.get("items").forEach(calls::add);
        assertThat(calls).extracting(c -> Instant.parse(c.get("chargedAt").asText())).as("newest first")
                .isSortedAccordingTo(java.util.Comparator.reverseOrder());
        JsonNode moscow = calls.get(2);
        assertThat(moscow.get("called").asText()).isEqualTo("74957654321");
        assertThat(moscow.get("seconds").asLong()).isEqualTo(61);
        assertThat(moscow.get("charge").asText()).as("two started minutes at 0.50").isEqualTo("1.0000");
        assertThat(ok("/api/v1/calls?key=" + java.net.URLEncoder.encode(moscow.get("key").asText(),
                StandardCharsets.UTF_8)).get("items")).containsExactly(moscow);
        Instant at = Instant.parse(moscow.get("chargedAt").asText());
        assertThat(ok("/api/v1/calls?to=" + at.plusMillis(1)).get("items")).containsExactly(moscow);
        assertThat(ok("/api/v1/calls?from=" + at.plusMillis(1)).get("items")).hasSize(2);

        JsonNode account = ok("/api/v1/accounts/alice");
        assertThat(account.get("subscriber").asText()).isEqualTo("alice");
        assertThat(account.get("balance").asText()).isEqualTo("98.0000");
        assertThat(account.get("held").asText()).isEqualTo("0");
        assertThat(account.get("available").asText()).isEqualTo("98.0000");
        assertThat(account.get("calls").asInt()).isZero();
        assertThat(ok("/api/v1/reservations").get("items")).isEmpty();
        assertThat(api.get("/api/v1/accounts/nobody").status()).isEqualTo(404);

        JsonNode after = ok("/api/v1/dashboard").get("counters");
        assertThat(after.get("radiusRequests").asLong() - before.get("counters").get("radiusRequests").asLong())
                .as("3 authorizations, 3 Starts, 3 Stops").isEqualTo(9);
        assertThat(after.get("accountingRequests").asLong()
                - before.get("counters").get("accountingRequests").asLong()).isEqualTo(6);

        JsonNode overview = ok("/api/v1/subscribers/alice/overview");
        assertThat(overview.get("subscriber").get("phone").asText()).isEqualTo("74951234567");
        assertThat(overview.get("account")).isEqualTo(account);
        assertThat(overview.get("calls")).hasSize(3);
        assertThat(overview.get("calls").get(0)).isEqualTo(calls.get(0));
        assertThat(overview.get("pcrf").isNull()).as("alice is not a PCRF subscriber").isTrue();
        assertThat(overview.get("leases")).isEmpty();
        assertThat(overview.get("dhcpEvents")).isEmpty();
        assertThat(api.get("/api/v1/subscribers/nobody/overview").status()).isEqualTo(404);
    }

    @Test
    @DisplayName("issue 15: a datagram the softswitch listener drops is listed with its reason, and counted")
    void radiusDrops_listedWithReason_andCounted() throws Exception {
        JsonNode before = ok("/api/v1/dashboard").get("counters");
        InetSocketAddress acct = server.softswitchAcctAddress();
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            byte[] garbage = "not a RADIUS packet".getBytes(StandardCharsets.US_ASCII);
            socket.send(new DatagramPacket(garbage, garbage.length, acct));
            Await.until("the drop is listed", () -> ok("/api/v1/radius/drops").get("items").size() == 1);
            JsonNode drop = ok("/api/v1/radius/drops").get("items").get(0);
            assertThat(drop.get("listener").asText()).isEqualTo("softswitch");
            assertThat(drop.get("reason").asText()).isEqualTo("malformed");
            assertThat(drop.get("peer").asText()).isEqualTo("127.0.0.1:" + socket.getLocalPort());
            assertThat(drop.get("detail").asText()).startsWith("malformed");
            assertThat(Instant.parse(drop.get("at").asText())).isBeforeOrEqualTo(Instant.now());
            assertThat(ok("/api/v1/radius/drops?listener=bras").get("items")).isEmpty();
            assertThat(ok("/api/v1/radius/drops?reason=bad_authenticator").get("items")).isEmpty();
            assertThat(ok("/api/v1/radius/drops?listener=softswitch&reason=malformed").get("items")).hasSize(1);
            assertThat(api.get("/api/v1/radius/drops?listener=nas").body().get("field").asText())
                    .isEqualTo("listener");

            socket.send(new DatagramPacket(garbage, garbage.length, acct));
            Await.until("the second drop is listed", () -> ok("/api/v1/radius/drops").get("items").size() == 2);
        }
        JsonNode page = ok("/api/v1/radius/drops?limit=1");
        assertThat(page.get("items")).hasSize(1);
        JsonNode rest = ok("/api/v1/radius/drops?limit=1&cursor=" + page.get("next").asText());
        assertThat(rest.get("items")).hasSize(1);
        assertThat(rest.get("next").isNull()).isTrue();
        assertThat(Instant.parse(page.get("items").get(0).get("at").asText()))
                .as("newest first").isAfterOrEqualTo(Instant.parse(rest.get("items").get(0).get("at").asText()));
        JsonNode after = ok("/api/v1/dashboard").get("counters");
        assertThat(after.get("radiusDrops").asLong() - before.get("radiusDrops").asLong()).isEqualTo(2);
    }
}
