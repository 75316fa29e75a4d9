package org.netlever.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netlever.server.NetleverServer;
import org.netlever.server.testing.ApiClient;
import org.netlever.server.testing.ExampleConfig;
import org.netlever.server.testing.SignedLever;

/**
 * The lease side of the read API ({@code docs/api.md}) on a real {@code serve} from the shipped configuration: leases,
 * DHCP events with their outcomes and reasons, history and the NAS-sync queue made by signed lever events, read
 * back over HTTP with the read token.
 */
class LeaseApiTest {

    private static final String SW17 = "&remote_id=0%3A6%3Af8%3Ae9%3A3%3Ae7%3A55%3Aa6";

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private NetleverServer server;
    private ApiClient api;

    @BeforeEach
    void setUp() throws Exception {
        server = NetleverServer.start(ExampleConfig.in(dir).read(), Clock.systemUTC());
        api = ApiClient.of(server.opsAddress(), ExampleConfig.READ_TOKEN);
        // S1: alice (sw-17 port 5) and bob (port 6) take addresses; bob's is released; a switch nobody registered
        // sends a commit that is rejected.
        lever("event=commit&ip=198.51.100.10&mac=2%3A0%3A0%3A0%3A0%3A42" + SW17
                + "&circuit_id=0%3A4%3A0%3A98%3A0%3A5&id=lever-1");
        lever("event=commit&ip=198.51.100.11&mac=2%3A0%3A0%3A0%3A0%3A43" + SW17
                + "&circuit_id=0%3A4%3A0%3A98%3A0%3A6&id=lever-2");
        lever("event=commit&ip=198.51.100.12&mac=2%3A0%3A0%3A0%3A0%3A44&remote_id=0%3A6%3A0%3A11%3A22%3A33%3A44%3A55"
                + "&circuit_id=0%3A4%3A0%3A98%3A0%3A7&id=lever-3");
        lever("event=release&ip=198.51.100.11&mac=2%3A0%3A0%3A0%3A0%3A43&id=lever-4");
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    private void lever(String form) throws Exception {
        HttpResponse<String> r = http.send(SignedLever.post(server.leverAddress(), ExampleConfig.LEVER_SECRET,
                "source=isc-dhcpd&" + form), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isLessThan(500);
    }

    private JsonNode ok(String pathAndQuery) {
        ApiClient.Answer a = api.get(pathAndQuery);
        assertThat(a.status()).as(pathAndQuery + " " + a.text()).isEqualTo(200);
        return a.body();
    }

    private static List<String> field(JsonNode page, String name) {
        List<String> out = new ArrayList<>();
        page.get("items").forEach(i -> out.add(i.get(name).isNull() ? null : i.get(name).asText()));
        return out;
    }

    @Test
    @DisplayName("S1.3 a lease is found by address and by subscriber, with the fields docs/api.md names")
    void leases_byIpAndSubscriber_documentedFields() {
        JsonNode lease = ok("/api/v1/leases/198.51.100.10");
        assertThat(lease.get("ip").asText()).isEqualTo("198.51.100.10");
        assertThat(lease.get("subscriber").asText()).isEqualTo("alice");
        assertThat(lease.get("mac").asText()).isEqualTo("02:00:00:00:00:42");
        assertThat(lease.get("origin").asText()).isEqualTo("DHCP");
        assertThat(lease.get("pool").asText()).isEqualTo("public-1");
        assertThat(lease.get("device").asText()).isEqualTo("sw-17");
        assertThat(lease.get("port").isInt()).isTrue();
        assertThat(lease.get("port").asInt()).isEqualTo(5);
        assertThat(lease.get("state").asText()).isEqualTo("active");
        assertThat(Set.copyOf(iterable(lease))).containsExactlyInAnyOrder("ip", "subscriber", "mac", "origin", "pool",
                "device", "port", "createdAt", "renewedAt", "expiresAt", "state");

        JsonNode alice = ok("/api/v1/leases?subscriber=alice");
        assertThat(field(alice, "ip")).containsExactly("198.51.100.10");
        assertThat(alice.get("next").isNull()).isTrue();
        assertThat(field(ok("/api/v1/leases?device=sw-17&state=active&mac=02-00-00-00-00-42"), "subscriber"))
                .containsExactly("alice");
        assertThat(field(ok("/api/v1/leases?pool=public-1"), "ip")).containsExactly("198.51.100.10");
        assertThat(field(ok("/api/v1/leases?state=expired"), "ip")).isEmpty();
        assertThat(api.get("/api/v1/leases/198.51.100.11").status()).as("released").isEqualTo(404);
    }

    private static List<String> iterable(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    @DisplayName("S1.3 S1.5 the event log shows the accepted and the rejected event with its reason, newest first, paged")
    void dhcpEvents_acceptedAndRejected_withReasonAndPages() {
        JsonNode all = ok("/api/v1/dhcp-events");
        assertThat(field(all, "outcome")).containsExactly("freed", "rejected", "assigned", "assigned");
        JsonNode rejected = ok("/api/v1/dhcp-events?outcome=rejected").get("items").get(0);
        assertThat(rejected.get("ip").asText()).isEqualTo("198.51.100.12");
        assertThat(rejected.get("reason").asText()).isNotBlank();
        assertThat(rejected.get("sourceEventId").asText()).isEqualTo("lever-3");
        assertThat(rejected.get("subscriber").isNull()).isTrue();
        assertThat(rejected.get("id").isIntegralNumber()).isTrue();
        JsonNode accepted = ok("/api/v1/dhcp-events?subscriber=alice&source=isc-dhcpd").get("items").get(0);
        assertThat(accepted.get("outcome").asText()).isEqualTo("assigned");
        assertThat(accepted.get("device").asText()).isEqualTo("sw-17");
        assertThat(accepted.get("type").asText()).isEqualTo("commit");
        assertThat(field(ok("/api/v1/dhcp-events?ip=198.51.100.11"), "outcome")).containsExactly("freed", "assigned");
        assertThat(field(ok("/api/v1/dhcp-events?from=2000-01-01T00:00:00Z&to=2000-01-02T00:00:00Z"), "id"))
                .isEmpty();

        List<String> paged = new ArrayList<>();
        JsonNode page = ok("/api/v1/dhcp-events?limit=3");
        paged.addAll(field(page, "id"));
        assertThat(page.get("next").isTextual()).isTrue();
        page = ok("/api/v1/dhcp-events?limit=3&cursor=" + page.get("next").asText());
        paged.addAll(field(page, "id"));
        assertThat(page.get("next").isNull()).isTrue();
        assertThat(paged).containsExactlyElementsOf(field(all, "id"));
    }

    @Test
    @DisplayName("S1.3 S1.8 the history and the NAS-sync queue of the changes, and the queue's summary")
    void historyAndNasSync_recordTheChanges() {
        JsonNode history = ok("/api/v1/lease-history?ip=198.51.100.11");
        assertThat(field(history, "action")).containsExactly("release", "assign");
        JsonNode assign = history.get("items").get(1);
        assertThat(assign.get("subscriber").asText()).isEqualTo("bob");
        assertThat(assign.get("device").asText()).isEqualTo("sw-17");
        assertThat(assign.get("port").asInt()).isEqualTo(6);
        assertThat(assign.get("eventId").isIntegralNumber()).isTrue();
        assertThat(field(ok("/api/v1/lease-history?subscriber=alice"), "ip")).containsExactly("198.51.100.10");

        JsonNode nas = ok("/api/v1/nas-sync?subscriber=bob");
        assertThat(field(nas, "change")).containsExactly("freed", "assigned");
        assertThat(field(nas, "status")).allSatisfy(s -> assertThat(s).isIn("pending", "in_progress", "done",
                "failed"));
        assertThat(nas.get("items").get(0).get("attempts").isInt()).isTrue();
        JsonNode summary = ok("/api/v1/nas-sync/summary");
        assertThat(iterable(summary)).containsExactly("pending", "inProgress", "failed", "oldestPendingDueAt",
                "lastError");
        assertThat(summary.get("pending").isIntegralNumber()).isTrue();
    }

    @Test
    @DisplayName("bad filters and cursors are 400s naming the parameter; no token is a 401")
    void badValues_400NamingTheParameter_noToken401() {
        assertThat(api.withToken(null).get("/api/v1/leases").status()).isEqualTo(401);
        for (String[] bad : new String[][] {
                {"/api/v1/leases?ip=198.51.100", "ip"},
                {"/api/v1/leases/not-an-ip", "ip"},
                {"/api/v1/leases?mac=02:00", "mac"},
                {"/api/v1/leases?state=gone", "state"},
                {"/api/v1/leases?cursor=!!", "cursor"},
                {"/api/v1/leases?cursor=" + Cursor.of("x").encode(), "cursor"},
                {"/api/v1/leases?limit=0", "limit"},
                {"/api/v1/leases?subscribr=alice", "subscribr"},
                {"/api/v1/dhcp-events?outcome=accepted", "outcome"},
                {"/api/v1/dhcp-events?source=dhcp", "source"},
                {"/api/v1/dhcp-events?from=yesterday", "from"},
                {"/api/v1/dhcp-events?from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z", "to"},
                {"/api/v1/dhcp-events?cursor=" + Cursor.of("x").encode(), "cursor"},
                {"/api/v1/dhcp-events?cursor=" + Cursor.of("yesterday", 5).encode(), "cursor"},
                {"/api/v1/lease-history?cursor=" + Cursor.of(7).encode(), "cursor"},
                {"/api/v1/nas-sync?cursor=" + Cursor.of("x").encode(), "cursor"},
                {"/api/v1/lease-history?to=soon", "to"},
                {"/api/v1/nas-sync?status=abandoned", "status"},
                {"/api/v1/nas-sync/summary?status=pending", "status"}}) {
            ApiClient.Answer a = api.get(bad[0]);
            assertThat(a.status()).as(bad[0] + " " + a.text()).isEqualTo(400);
            assertThat(a.body().get("error").asText()).isEqualTo("bad_request");
            assertThat(a.body().get("field").asText()).as(bad[0]).isEqualTo(bad[1]);
        }
    }
}
