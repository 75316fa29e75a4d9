package org.netlever.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
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
import org.netlever.aaa.radius.RadiusSecret;
import org.netlever.aaa.radius.attr.Q850Cause;
import org.netlever.aaa.radius.client.RadiusClient;
import org.netlever.aaa.radius.client.RadiusServerDefinition;
import org.netlever.aaa.radius.client.ServerKind;
import org.netlever.aaa.testing.Await;
import org.netlever.aaa.testing.MutableClock;
import org.netlever.server.ConfigException;
import org.netlever.server.ConfigProblem;
import org.netlever.server.NetleverServer;
import org.netlever.server.ServeConfig;
import org.netlever.server.ServeConfigReader;
import org.netlever.server.testing.ApiClient;
import org.netlever.server.testing.ExampleConfig;
import org.netlever.server.testing.SignedLever;

/**
 * The admin API on a real {@code serve} started from the shipped example (issue 15, docs/api.md "Write"): entries
 * written over HTTP take effect without a restart — a device and subscriber put through the API get the next lever
 * commit's lease (S1.5-S1.6), a call tariff put prices the next authorization (S2.3), a PCRF subscriber is attached at
 * once (S3) — bodies are refused as the configuration reader refuses them, a read token cannot write, and every
 * change is listed with the token's name.
 */
class AdminApiTest {

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private ServeConfig config;
    private NetleverServer server;
    private ApiClient admin;

    @BeforeEach
    void setUp() {
        config = ExampleConfig.in(dir).read();
        server = NetleverServer.start(config, Clock.systemUTC());
        admin = ApiClient.of(server.opsAddress(), ExampleConfig.ADMIN_TOKEN);
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    /** dhcpd's commit of an address for a PC behind a D-Link switch's port, as the lever script posts it. */
    private HttpResponse<String> leverCommit(String ip, String switchMac, int port, String id) throws Exception {
        String remoteId = "0%3A6%3A" + String.join("%3A", switchMac.split(":"));
        String form = "source=isc-dhcpd&event=commit&ip=" + ip + "&mac=2%3A0%3A0%3A0%3A0%3A42&remote_id=" + remoteId
                + "&circuit_id=0%3A4%3A0%3A98%3A0%3A" + Integer.toHexString(port) + "&id=" + id;
        return http.send(SignedLever.post(server.leverAddress(), ExampleConfig.LEVER_SECRET, form),
                HttpResponse.BodyHandlers.ofString());
    }

    private static RadiusClient softswitch(NetleverServer on) {
        return RadiusClient.builder().bindAddress(InetAddress.getLoopbackAddress()).probeInterval(null)
                .accessServer(endpoint(on.softswitchAuthAddress(), ServerKind.ACCESS))
                .accountingServer(endpoint(on.softswitchAcctAddress(), ServerKind.ACCOUNTING)).build();
    }

    private static RadiusServerDefinition endpoint(InetSocketAddress address, ServerKind kind) {
        return new RadiusServerDefinition("netlever", address, kind, RadiusSecret.of(ExampleConfig.SOFTSWITCH_SECRET),
                2, Duration.ofMillis(500), Duration.ofSeconds(30), true);
    }

    @Test
    @DisplayName("S1.5-S1.6 a device and subscriber put through the API get the next lever commit, no restart")
    void putDeviceAndSubscriber_nextLeverCommitLeasesToTheNewSubscriber() throws Exception {
        // Before: nobody is on that switch.
        assertThat(leverCommit("198.51.100.30", "0:11:22:33:44:55", 3, "lever-before").statusCode()).isEqualTo(200);
        assertThat(server.leases().lease(Ipv4Address.parse("198.51.100.30"))).isEmpty();

        ApiClient.Answer device = admin.put("/api/v1/devices/sw-99",
                "{\"type\": \"dlink-switch\", \"mac\": \"00-11-22-33-44-55\"}");
        assertThat(device.status()).as(device.text()).isEqualTo(200);
        assertThat(device.body().get("mac").asText()).isEqualTo("00:11:22:33:44:55");
        assertThat(device.body().get("serial").isNull()).isTrue();
        ApiClient.Answer dave = admin.put("/api/v1/subscribers/dave",
                "{\"id\": \"dave\", \"device\": \"sw-99\", \"port\": 3, \"phone\": \"74959990000\", \"balance\": 12.5}");
        assertThat(dave.status()).as(dave.text()).isEqualTo(200);
        assertThat(dave.body().get("balance").asText()).isEqualTo("12.5000");
        assertThat(dave.body().get("poolKind").asText()).isEqualTo("dynamic");

        assertThat(leverCommit("198.51.100.30", "0:11:22:33:44:55", 3, "lever-after").statusCode()).isEqualTo(200);
        assertThat(server.leases().lease(Ipv4Address.parse("198.51.100.30"))).map(Lease::subscriberId)
                .hasValue("dave");

        // What a GET answers can be put back as it is.
        ApiClient.Answer read = admin.get("/api/v1/subscribers/dave");
        assertThat(admin.put("/api/v1/subscribers/dave", read.text()).body()).isEqualTo(read.body());
        assertThat(admin.get("/api/v1/devices?limit=1").body().get("items").get(0).get("id").asText())
                .isEqualTo("onu-9");

        // The subscriber holds a lease: not deleted.
        ApiClient.Answer delete = admin.delete("/api/v1/subscribers/dave");
        assertThat(delete.status()).isEqualTo(409);
        assertThat(delete.body().get("message").asText()).contains("198.51.100.30");
    }

    @Test
    void putDevice_badMac_400NamingTheFieldWithTheConfigReadersReason() throws Exception {
        // The same entry in the configuration file, for the reason its reader gives.
        Path file = ExampleConfig.in(dir.resolve("bad")).write();
        Files.writeString(file, Files.readString(file).replace("mac: \"f8:e9:03:e7:55:a6\"", "mac: \"f8:e9:zz\""));
        ConfigProblem problem = catchThrowableOfType(ConfigException.class,
                () -> ServeConfigReader.read(file)).problems().stream()
                .filter(p -> p.field().equals("billing.devices[0].mac")).findFirst().orElseThrow();

        ApiClient.Answer bad = admin.put("/api/v1/devices/sw-17", "{\"type\": \"dlink-switch\", \"mac\": \"f8:e9:zz\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().get("error").asText()).isEqualTo("bad_request");
        assertThat(bad.body().get("field").asText()).isEqualTo("mac");
        assertThat(bad.body().get("message").asText()).isEqualTo("mac: " + problem.reason());
        // Nothing was changed by it.
        assertThat(admin.get("/api/v1/devices/sw-17").body().get("mac").asText()).isEqualTo("f8:e9:03:e7:55:a6");

        ApiClient.Answer otherId = admin.put("/api/v1/devices/sw-17", "{\"id\": \"sw-18\", \"type\": \"dlink-switch\"}");
        assertThat(otherId.status()).isEqualTo(400);
        assertThat(otherId.body().get("field").asText()).isEqualTo("id");
        ApiClient.Answer unknownDevice = admin.put("/api/v1/subscribers/erin", "{\"device\": \"sw-404\"}");
        assertThat(unknownDevice.status()).isEqualTo(400);
        assertThat(unknownDevice.body().get("message").asText()).isEqualTo("device: no device 'sw-404' in billing.devices");
        ApiClient.Answer attribute = admin.put("/api/v1/rate-tariffs/odd", "{\"attributes\": [\"No-Such = 1\"]}");
        assertThat(attribute.status()).isEqualTo(400);
        assertThat(attribute.body().get("field").asText()).isEqualTo("attributes[0]");
    }

    @Test
    void write_withTheReadToken_403_andNothingChanged() {
        ApiClient support = admin.withToken(ExampleConfig.READ_TOKEN);
        ApiClient.Answer put = support.put("/api/v1/call-tariffs/7", "{\"perMinute\": \"0.01\"}");
        assertThat(put.status()).isEqualTo(403);
        assertThat(put.body().get("error").asText()).isEqualTo("forbidden");
        assertThat(support.delete("/api/v1/pools/public-1").status()).isEqualTo(403);
        assertThat(support.get("/api/v1/call-tariffs/7").body().get("perMinute").asText()).isEqualTo("1.5000");
        assertThat(support.get("/api/v1/changes").body().get("items")).isEmpty();
    }

    @Test
    void pools_withLeasesNotDeletedNorMoved_anEmptyOneAddedAndDeleted() throws Exception {
        assertThat(leverCommit("198.51.100.10", "f8:e9:03:e7:55:a6", 5, "lever-1").statusCode()).isEqualTo(200);
        assertThat(server.leases().lease(Ipv4Address.parse("198.51.100.10"))).isPresent();

        ApiClient.Answer delete = admin.delete("/api/v1/pools/public-1");
        assertThat(delete.status()).isEqualTo(409);
        assertThat(delete.body().get("error").asText()).isEqualTo("conflict");
        ApiClient.Answer move = admin.put("/api/v1/pools/public-1", "{\"network\": \"203.0.113.0/24\", \"kind\": \"dynamic\"}");
        assertThat(move.status()).as(move.text()).isEqualTo(409);
        assertThat(move.body().get("message").asText()).contains("1 lease(s)");
        assertThat(admin.get("/api/v1/pools/public-1").body().get("network").asText()).isEqualTo("198.51.100.0/24");

        ApiClient.Answer added = admin.put("/api/v1/pools/guest", "{\"network\": \"203.0.113.0/24\", \"kind\": \"guest\","
                + " \"gateway\": \"203.0.113.1\"}");
        assertThat(added.status()).as(added.text()).isEqualTo(200);
        assertThat(server.leases().pools().poolOf(Ipv4Address.parse("203.0.113.7"))).isPresent();
        assertThat(admin.get("/api/v1/pools").body().get("items")).extracting(n -> n.get("id").asText())
                .containsExactly("guest", "public-1");
        assertThat(admin.put("/api/v1/pools/overlap", "{\"network\": \"203.0.113.128/25\", \"kind\": \"guest\"}")
                .status()).isEqualTo(409);
        ApiClient.Answer gateway = admin.put("/api/v1/pools/far", "{\"network\": \"192.0.2.0/24\", \"kind\": \"guest\","
                + " \"gateway\": \"203.0.113.1\"}");
        assertThat(gateway.status()).isEqualTo(400);
        assertThat(gateway.body().get("field").asText()).isEqualTo("gateway");
        assertThat(admin.put("/api/v1/pools/Bad!Id", "{\"network\": \"192.0.2.0/24\", \"kind\": \"guest\"}").body()
                .get("field").asText()).isEqualTo("id");
        assertThat(admin.put("/api/v1/pools/odd", "{\"network\": \"192.0.2.0/24\", \"kind\": \"Guest\"}").body()
                .get("field").asText()).isEqualTo("kind");
        assertThat(admin.put("/api/v1/subscribers/" + "x".repeat(129), "{}").body().get("field").asText())
                .isEqualTo("id");
        assertThat(admin.delete("/api/v1/pools/guest").status()).isEqualTo(204);
        assertThat(admin.delete("/api/v1/pools/guest").status()).isEqualTo(404);
        assertThat(server.leases().pools().poolOf(Ipv4Address.parse("203.0.113.7"))).isEmpty();
    }

    @Test
    @DisplayName("S2.3 a call tariff put through the API prices the next authorization")
    void putCallTariff_nextAuthorizationUsesIt() {
        try (RadiusClient softswitch = softswitch(server)) {
            CallControl control = CallControl.builder(softswitch).policy(CallPolicy.defaults())
                    .clock(new MutableClock(Instant.now())).build();
            // The example prices Moscow at 0.50 a minute: alice's 100.00 would buy 200 minutes.
            assertThat(admin.get("/api/v1/call-tariffs/7495").body().get("perMinute").asText()).isEqualTo("0.5000");
            ApiClient.Answer put = admin.put("/api/v1/call-tariffs/7495", "{\"perMinute\": \"2.00\"}");
            assertThat(put.status()).as(put.text()).isEqualTo(200);
            assertThat(put.body().get("prefix").asText()).isEqualTo("7495");

            Call after = control.newCall(CallSetup.of("74951234567", "74957654322"));
            assertThat(after.authorize()).isEqualTo(new AuthorizationOutcome.Authorized(
                    Optional.of(Duration.ofMinutes(50))));
            after.release(Q850Cause.NORMAL_CLEARING);
        }
    }

    @Test
    @DisplayName("S3 a PCRF subscriber put through the API is attached in the running engine at once")
    void putSubscriber_withDomainAndTariffPlan_attachedInTheEngine() {
        Await.until("this process leads the PCRF", () -> server.pcrf().isPresent());
        ApiClient.Answer put = admin.put("/api/v1/subscribers/79139005555",
                "{\"domain\": \"Auto1_test.Sibir.OTT.root\", \"tariffPlan\": \"limitTP\"}");
        assertThat(put.status()).as(put.text()).isEqualTo(200);
        assertThat(server.pcrf().orElseThrow().state("79139005555")).hasValueSatisfying(s ->
                assertThat(s.tariffPlan()).isEqualTo("limitTP"));

        ApiClient.Answer unknownPlan = admin.put("/api/v1/subscribers/79139005556",
                "{\"domain\": \"Auto1_test.Sibir.OTT.root\", \"tariffPlan\": \"noSuchTP\"}");
        assertThat(unknownPlan.status()).isEqualTo(400);
        assertThat(unknownPlan.body().get("field").asText()).isEqualTo("tariffPlan");
        assertThat(server.pcrf().orElseThrow().state("79139005556")).isEmpty();
    }

    @Test
    void changes_listedNewestFirstWithTheTokenName_pagedAndFiltered() {
        assertThat(admin.put("/api/v1/call-tariffs/8800", "{\"perMinute\": \"0.10\"}").status()).isEqualTo(200);
        ApiClient.Answer topUp = admin.send("POST", "/api/v1/accounts/bob/top-up", "{\"amount\": \"3.00\"}");
        assertThat(topUp.status()).as(topUp.text()).isEqualTo(200);
        assertThat(topUp.body().get("balance").asText()).isEqualTo("3.0000");
        assertThat(admin.put("/api/v1/call-tariffs/3", "{\"perMinute\": \"9.00\"}").status()).isEqualTo(200);
        assertThat(admin.delete("/api/v1/call-tariffs/3").status()).isEqualTo(204);
        assertThat(admin.delete("/api/v1/call-tariffs/3").status()).isEqualTo(404);

        ApiClient.Answer first = admin.get("/api/v1/changes?limit=2");
        assertThat(first.body().get("items")).extracting(c -> c.get("action").asText())
                .containsExactly("delete", "put");
        ApiClient.Answer rest = admin.get("/api/v1/changes?limit=2&cursor=" + first.body().get("next").asText());
        assertThat(rest.body().get("items")).extracting(c -> c.get("kind").asText() + " " + c.get("key").asText()
                + " " + c.get("action").asText()).containsExactly("subscriber bob top-up", "call-tariff 8800 put");
        assertThat(rest.body().get("next").isNull()).isTrue();
        assertThat(rest.body().get("items").get(1).get("token").asText()).isEqualTo("admin");
        assertThat(rest.body().get("items").get(1).get("before").get("perMinute").asText()).isEqualTo("0.0000");
        assertThat(rest.body().get("items").get(1).get("after").get("perMinute").asText()).isEqualTo("0.1000");
        assertThat(admin.get("/api/v1/changes?kind=subscriber").body().get("items")).hasSize(1);
        assertThat(admin.get("/api/v1/changes?kind=lease").status()).isEqualTo(400);
        assertThat(admin.get("/api/v1/changes?token=admin").status()).isEqualTo(400);
        assertThat(admin.send("POST", "/api/v1/accounts/bob/top-up", "{\"amount\": \"-1\"}").body().get("field")
                .asText()).isEqualTo("amount");
    }

    @Test
    void restart_reappliesWhatTheConfigurationDeclares_andKeepsWhatOnlyTheApiMade() {
        assertThat(admin.put("/api/v1/call-tariffs/7495", "{\"perMinute\": \"2.00\"}").status()).isEqualTo(200);
        assertThat(admin.delete("/api/v1/rate-tariffs/home-20").status()).isEqualTo(409); // bob's tariff
        assertThat(admin.put("/api/v1/call-tariffs/44", "{\"perMinute\": \"3.00\"}").status()).isEqualTo(200);
        assertThat(admin.send("POST", "/api/v1/accounts/alice/top-up", "{\"amount\": \"1\"}").status())
                .isEqualTo(200);
        server.close();

        server = NetleverServer.start(config, Clock.systemUTC());
        admin = ApiClient.of(server.opsAddress(), ExampleConfig.ADMIN_TOKEN);
        assertThat(admin.get("/api/v1/call-tariffs/7495").body().get("perMinute").asText()).isEqualTo("0.5000");
        assertThat(admin.get("/api/v1/call-tariffs/44").body().get("perMinute").asText()).isEqualTo("3.0000");
        // The file's balance is only the opening one.
        assertThat(admin.get("/api/v1/subscribers/alice").body().get("balance").asText()).isEqualTo("101.0000");
        assertThat(admin.get("/api/v1/changes?kind=call-tariff").body().get("items")).hasSize(2);
    }
}
