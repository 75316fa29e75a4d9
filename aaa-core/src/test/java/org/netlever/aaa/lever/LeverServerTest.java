package org.netlever.aaa.lever;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netlever.aaa.AaaException;
import org.netlever.aaa.dhcp.DhcpEventType;
import org.netlever.aaa.http.HttpEndpoint;
import org.netlever.aaa.lease.LeaseService;
import org.netlever.aaa.lever.internal.NonceCache;
import org.netlever.aaa.store.Database;
import org.netlever.aaa.testing.MutableClock;

/** The lever endpoint (S1.1): signed requests in, JSON outcomes out, nothing dropped. */
class LeverServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LeverSecret SECRET = LeverSecret.of("9f2c4e61d0a8b7c35e1f0a9d8c7b6a51");
    private static final String COMMIT = "source=isc-dhcpd&event=commit&ip=198.51.100.10&mac=2%3A0%3A0%3A0%3A0%3A42"
            + "&remote_id=0%3A6%3Af8%3Ae9%3A3%3Ae7%3A55%3Aa6&circuit_id=0%3A4%3A0%3A98%3A0%3A5&id=lever-1";

    private Database db;
    private MutableClock clock;
    private LeaseService leases;
    private LeverServer server;
    private SignedClient client;

    @BeforeEach
    void setUp() {
        db = Database.h2InMemory();
        clock = MutableClock.at("2026-11-21T12:00:00Z");
        leases = AliceNetwork.leases(db, clock);
        server = LeverServer.builder(leases, SECRET).clock(clock)
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).threads(2).build().start();
        client = new SignedClient(server.address(), SECRET, clock);
    }

    @AfterEach
    void tearDown() {
        server.close();
        db.close();
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    @Test
    @DisplayName("The lever's endpoint settings are refused as HttpEndpoint refuses them, when they are set")
    void builder_nonPositiveSettings_areRefusedAtTheSetter_likeHttpEndpoint() {
        LeverServer.Builder lever = LeverServer.builder(leases, SECRET);
        HttpEndpoint.Builder http = HttpEndpoint.builder(request -> HttpEndpoint.Response.text(200, "ok"));

        for (Duration bad : List.of(Duration.ZERO, Duration.ofSeconds(-1))) {
            assertThatThrownBy(() -> lever.requestTimeout(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("requestTimeout must be positive, got " + bad)
                    .hasMessage(messageOf(() -> http.requestTimeout(bad)));
            assertThatThrownBy(() -> lever.idleTimeout(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("idleTimeout must be positive, got " + bad)
                    .hasMessage(messageOf(() -> http.idleTimeout(bad)));
        }
        assertThatThrownBy(() -> lever.threads(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("threads must be positive, got 0").hasMessage(messageOf(() -> http.threads(0)));
        assertThatThrownBy(() -> lever.requestTimeout(null)).isInstanceOf(NullPointerException.class);
    }

    private static String messageOf(Runnable setter) {
        try {
            setter.run();
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        throw new AssertionError("HttpEndpoint accepted it");
    }

    @Test
    @DisplayName("S1.1 S1.3 a signed dhcpd commit is authorized and the lease can be read back")
    void postCommit_assigned_thenReadable() throws Exception {
        HttpResponse<String> r = client.post(COMMIT);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode outcome = json(r).get("outcomes").get(0);
        assertThat(outcome.get("outcome").asText()).isEqualTo("assigned");
        assertThat(outcome.get("subscriber").asText()).isEqualTo("alice");
        assertThat(outcome.get("type").asText()).isEqualTo("commit");

        JsonNode lease = json(client.get("/lever/v1/leases?ip=198.51.100.10")).get("lease");
        assertThat(lease.get("subscriber").asText()).isEqualTo("alice");
        assertThat(lease.get("port").asInt()).isEqualTo(5);
        assertThat(json(client.get("/lever/v1/leases?subscriber=alice")).get("leases")).hasSize(1);
        assertThat(json(client.get("/lever/v1/events?limit=5")).get("events").get(0).get("sourceEventId").asText())
                .isEqualTo("lever-1");
        assertThat(json(client.get("/lever/v1/history?ip=198.51.100.10")).get("history").get(0).get("action")
                .asText()).isEqualTo("assign");
        assertThat(client.get("/lever/v1/leases?ip=198.51.100.99").statusCode()).isEqualTo(404);
        assertThat(client.get("/lever/v1/nope").statusCode()).isEqualTo(404);
    }

    @Test
    @DisplayName("issue 11: the listener hears every answer: the endpoint, the status and a duration")
    void listener_hearsEachAnswer_withEndpointStatusAndDuration() throws Exception {
        List<String> heard = new CopyOnWriteArrayList<>();
        List<Duration> took = new CopyOnWriteArrayList<>();
        try (LeverServer listened = LeverServer.builder(leases, SECRET).clock(clock)
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).threads(2)
                .listener((endpoint, status, elapsed) -> {
                    heard.add(endpoint + " " + status);
                    took.add(elapsed);
                }).build().start()) {
            SignedClient signed = new SignedClient(listened.address(), SECRET, clock);
            assertThat(signed.post(COMMIT).statusCode()).isEqualTo(200);
            assertThat(signed.get("/lever/v1/leases?ip=198.51.100.10").statusCode()).isEqualTo(200);
            assertThat(signed.get("/lever/v1/history").statusCode()).isEqualTo(400);
            assertThat(signed.get(LeverServer.EVENTS_PATH + "?limit=1").statusCode()).isEqualTo(200);
            assertThat(signed.get("/lever/v1/nothing").statusCode()).isEqualTo(404);
            assertThat(signed.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + listened.address().getPort() + LeverServer.EVENTS_PATH)).GET().build()).statusCode())
                    .as("unsigned").isEqualTo(401);
        }
        assertThat(heard).containsExactly("events 200", "leases 200", "history 400", "events_query 200",
                "unknown 404", "events_query 401");
        assertThat(took).allSatisfy(d -> assertThat(d).isPositive());
    }

    @Test
    @DisplayName("issue 11: history and leases without ip or subscriber are answered 400 with the reason")
    void getWithoutIpOrSubscriber_400_withTheReason() throws Exception {
        for (String target : new String[] {"/lever/v1/history", "/lever/v1/history?limit=5",
                "/lever/v1/leases", "/lever/v1/leases?limit=5"}) {
            HttpResponse<String> r = client.get(target);
            assertThat(r.statusCode()).as(target + ": " + r.body()).isEqualTo(400);
            assertThat(json(r).get("error").asText()).as(target).contains("give ip=ADDRESS or subscriber=ID");
        }
        assertThat(client.get("/lever/v1/history?subscriber=alice").statusCode())
                .as("the connection is still usable").isEqualTo(200);
    }

    @Test
    @DisplayName("S1.5 malformed input is answered 400 with the reason, and still recorded")
    void postMalformed_400_andRecorded() throws Exception {
        HttpResponse<String> r = client.post("source=isc-dhcpd&event=commit&ip=999.1.1.1&mac=2%3A0%3A0%3A0%3A0%3A42");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).get("error").asText()).contains("ip: '999.1.1.1' is not an IPv4 address");
        assertThat(json(r).get("reason").asText()).isEqualTo("INVALID_INPUT");

        JsonNode logged = json(client.get("/lever/v1/events?limit=1")).get("events").get(0);
        assertThat(logged.get("id").asLong()).isEqualTo(json(r).get("eventId").asLong());
        assertThat(logged.get("outcome").asText()).isEqualTo("rejected");
        assertThat(logged.get("source").asText()).isEqualTo("isc-dhcpd");

        HttpResponse<String> noSource = client.post("event=commit&ip=198.51.100.10");
        assertThat(noSource.statusCode()).isEqualTo(400);
        assertThat(json(client.get("/lever/v1/events?limit=1")).get("events").get(0).get("source").asText())
                .isEqualTo("unknown");
        assertThat(client.post("source=isc-dhcpd&event=commit&event=release").statusCode())
                .as("a repeated field is malformed").isEqualTo(400);
    }

    @Test
    void postWrongContentType_415_andRecorded() throws Exception {
        byte[] body = "{\"event\":\"commit\"}".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> r = client.send(client.signed("POST", LeverServer.EVENTS_PATH, body,
                clock.instant().getEpochSecond(), SignedClient.nonce()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
        assertThat(r.statusCode()).isEqualTo(415);
        assertThat(json(client.get("/lever/v1/events?limit=1")).get("events").get(0).get("reason").asText())
                .contains("application/json");
    }

    @Test
    @DisplayName("unsigned, wrongly signed, stale and replayed requests are refused with 401")
    void authentication_failures_401() throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + server.address().getPort() + LeverServer.EVENTS_PATH);
        HttpResponse<String> unsigned = client.send(HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(COMMIT)).build());
        assertThat(unsigned.statusCode()).isEqualTo(401);
        assertThat(json(unsigned).get("error").asText()).startsWith("unsigned request");

        SignedClient wrongKey = new SignedClient(server.address(), LeverSecret.of("0000000000000000000000000000"),
                clock);
        HttpResponse<String> forged = wrongKey.post(COMMIT);
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(json(forged).get("error").asText()).contains("signature does not match");

        byte[] body = COMMIT.getBytes(StandardCharsets.UTF_8);
        long old = clock.instant().minus(Duration.ofMinutes(6)).getEpochSecond();
        HttpResponse<String> stale = client.send(client.signed("POST", LeverServer.EVENTS_PATH, body, old,
                        SignedClient.nonce()).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
        assertThat(stale.statusCode()).isEqualTo(401);
        assertThat(json(stale).get("error").asText()).contains("360 s from the server's clock");

        HttpRequest once = client.signed("POST", LeverServer.EVENTS_PATH, body, clock.instant().getEpochSecond(),
                        SignedClient.nonce()).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        assertThat(client.send(once).statusCode()).isEqualTo(200);
        HttpResponse<String> replay = client.send(once);
        assertThat(replay.statusCode()).isEqualTo(401);
        assertThat(json(replay).get("error").asText()).contains("replayed");

        byte[] altered = COMMIT.replace("ip=198.51.100.10", "ip=198.51.100.11").getBytes(StandardCharsets.UTF_8);
        String nonce = SignedClient.nonce();
        long now = clock.instant().getEpochSecond();
        HttpResponse<String> tampered = client.send(HttpRequest.newBuilder(uri)
                .header(LeverSignature.TIMESTAMP, Long.toString(now))
                .header(LeverSignature.NONCE, nonce)
                .header(LeverSignature.SIGNATURE, LeverSignature.sign(SECRET, "POST", LeverServer.EVENTS_PATH, now,
                        nonce, body))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofByteArray(altered)).build());
        assertThat(tampered.statusCode()).isEqualTo(401);
        assertThat(json(client.get("/lever/v1/events?limit=10")).get("events"))
                .as("unauthenticated bodies are not stored").hasSize(1);
    }

    @Test
    @DisplayName("S1.1 a Kea hook with several leases returns one outcome per event")
    void postKea_severalEvents() throws Exception {
        Map<String, String> form = new HashMap<>();
        form.put("source", "kea");
        form.put("hook", "leases4_committed");
        form.put("LEASES4_SIZE", "1");
        form.put("LEASES4_AT0_ADDRESS", "198.51.100.10");
        form.put("LEASES4_AT0_HWADDR", "02:00:00:00:00:42");
        form.put("QUERY4_OPTION_82", "0x010600040098000502080006F8E903E755A6");
        form.put("DELETED_LEASES4_SIZE", "1");
        form.put("DELETED_LEASES4_AT0_ADDRESS", "198.51.100.77");
        form.put("DELETED_LEASES4_AT0_HWADDR", "02:00:00:00:00:43");
        String body = form.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().replace(":", "%3A"))
                .collect(Collectors.joining("&"));
        JsonNode outcomes = json(client.post(body)).get("outcomes");
        assertThat(outcomes).hasSize(2);
        assertThat(outcomes.get(0).get("outcome").asText()).isEqualTo("assigned");
        assertThat(outcomes.get(1).get("type").asText()).isEqualTo(DhcpEventType.RELEASE.name().toLowerCase());
        assertThat(outcomes.get(1).get("reason").asText()).isEqualTo("NOT_HELD");
    }

    @Test
    @DisplayName("a batch of forms, one per line, gets an outcome per line; a malformed line is recorded")
    void postBatch_outcomePerLine() throws Exception {
        String batch = COMMIT + "\n" + "source=isc-dhcpd&event=commit&ip=not-an-ip\n\n"
                + "source=isc-dhcpd&event=release&ip=198.51.100.10&mac=2%3A0%3A0%3A0%3A0%3A42\n";
        byte[] body = batch.getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> r = client.send(client.signed("POST", LeverServer.EVENTS_PATH, body,
                        clock.instant().getEpochSecond(), SignedClient.nonce())
                .header("Content-Type", LeverServer.BATCH_TYPE)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode outcomes = json(r).get("outcomes");
        assertThat(outcomes).hasSize(3);
        assertThat(outcomes.get(0).get("outcome").asText()).isEqualTo("assigned");
        assertThat(outcomes.get(1).get("line").asInt()).isEqualTo(2);
        assertThat(outcomes.get(1).get("reason").asText()).isEqualTo("INVALID_INPUT");
        assertThat(outcomes.get(2).get("line").asInt()).isEqualTo(4);
        assertThat(outcomes.get(2).get("outcome").asText()).isEqualTo("freed");
        assertThat(json(client.get("/lever/v1/events?limit=10")).get("events")).hasSize(3);
    }

    @Test
    void signedPosts_shareOneKeptAliveConnection() throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.address().getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));
            for (int i = 1; i <= 3; i++) {
                byte[] body = COMMIT.replace("id=lever-1", "id=keep-" + i).getBytes(StandardCharsets.UTF_8);
                long now = clock.instant().getEpochSecond();
                String nonce = SignedClient.nonce();
                out.write(("POST " + LeverServer.EVENTS_PATH + " HTTP/1.1\r\nHost: h\r\n"
                        + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + body.length
                        + "\r\n" + LeverSignature.TIMESTAMP + ": " + now + "\r\n" + LeverSignature.NONCE + ": " + nonce
                        + "\r\n" + LeverSignature.SIGNATURE + ": "
                        + LeverSignature.sign(SECRET, "POST", LeverServer.EVENTS_PATH, now, nonce, body) + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
                assertThat(in.readLine()).isEqualTo("HTTP/1.1 200 OK");
                int length = 0;
                for (String h = in.readLine(); !h.isEmpty(); h = in.readLine()) {
                    assertThat(h.toLowerCase()).doesNotStartWith("connection: close");
                    if (h.toLowerCase().startsWith("content-length:")) {
                        length = Integer.parseInt(h.substring(15).strip());
                    }
                }
                char[] answer = new char[length];
                int read = 0;
                while (read < length) {
                    read += in.read(answer, read, length - read);
                }
                assertThat(JSON.readTree(new String(answer)).get("outcomes").get(0).get("outcome").asText())
                        .isEqualTo(i == 1 ? "assigned" : "renewed");
            }
        }
    }

    @Test
    void serving_setsNoSystemProperty() throws Exception {
        server.close();
        Properties before = (Properties) System.getProperties().clone();
        server = LeverServer.builder(leases, SECRET).clock(clock)
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).build().start();
        client = new SignedClient(server.address(), SECRET, clock);
        assertThat(client.post(COMMIT).statusCode()).isEqualTo(200);
        assertThat(System.getProperties()).isEqualTo(before);
        assertThat(System.getProperty("sun.net.httpserver.nodelay")).isNull();
    }

    @Test
    @DisplayName("the signature is exactly what openssl dgst -hmac computes, as the lever script does")
    void signature_matchesOpenssl(@TempDir Path dir) throws Exception {
        String openssl = Path.of("/usr/bin/openssl").toFile().canExecute() ? "/usr/bin/openssl" : null;
        Assumptions.assumeTrue(openssl != null, "openssl is not installed");
        byte[] body = COMMIT.getBytes(StandardCharsets.UTF_8);
        Path bodyFile = Files.write(dir.resolve("body"), body);
        String bodyHash = run(dir, openssl, "dgst", "-sha256", "-r", bodyFile.toString()).split(" ")[0];
        String canonical = "POST\n" + LeverServer.EVENTS_PATH + "\n1795262400\nabcdef0123456789abcdef\n" + bodyHash;
        Path canonicalFile = Files.writeString(dir.resolve("canonical"), canonical);
        String expected = run(dir, openssl, "dgst", "-sha256", "-hmac", "9f2c4e61d0a8b7c35e1f0a9d8c7b6a51", "-r",
                canonicalFile.toString()).split(" ")[0];
        assertThat(LeverSignature.sign(SECRET, "POST", LeverServer.EVENTS_PATH, 1795262400L,
                "abcdef0123456789abcdef", body)).isEqualTo(expected);
    }

    private static String run(Path dir, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.getInputStream().transferTo(out);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out.toString(StandardCharsets.UTF_8)).isZero();
        return out.toString(StandardCharsets.UTF_8).strip();
    }

    @Test
    void secret_neverPrinted_andValidated(@TempDir Path dir) throws Exception {
        assertThat(SECRET.toString()).isEqualTo("LeverSecret[redacted]").doesNotContain("9f2c");
        assertThatThrownBy(() -> LeverSecret.of("short")).isInstanceOf(AaaException.class)
                .hasMessageContaining("at least 16").hasMessageNotContaining("short");
        assertThatThrownBy(() -> LeverSecret.of(" 9f2c4e61d0a8b7c35e1f0a9d8c7b6a51")).isInstanceOf(AaaException.class);
        Path file = Files.writeString(dir.resolve("secret"), "9f2c4e61d0a8b7c35e1f0a9d8c7b6a51\n");
        assertThat(LeverSecret.fromFile(file)).isEqualTo(SECRET);
    }

    @Test
    void nonceWindow_expires() {
        NonceCache cache = new NonceCache(600);
        assertThat(cache.firstUse("n1", 1000)).isTrue();
        assertThat(cache.firstUse("n1", 1500)).isFalse();
        assertThat(cache.firstUse("n1", 1601)).as("remembered only within the window").isTrue();
        assertThat(cache.firstUse("n2", 3000)).isTrue();
        assertThat(cache.size()).as("expired nonces are purged").isEqualTo(1);
    }
}
