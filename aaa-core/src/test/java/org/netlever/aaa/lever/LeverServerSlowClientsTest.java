package org.netlever.aaa.lever;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.netlever.aaa.lease.LeaseService;
import org.netlever.aaa.store.Database;
import org.netlever.aaa.testing.Await;
import org.netlever.aaa.testing.MutableClock;
import org.netlever.aaa.testing.SlowClients;

/**
 * Issue 10: hundreds of slow or silent connections to the lever endpoint neither hold its workers nor delay the
 * lever's signed events, and the server closes them once their time is up.
 */
class LeverServerSlowClientsTest {

    private static final LeverSecret SECRET = LeverSecret.of("9f2c4e61d0a8b7c35e1f0a9d8c7b6a51");
    /** Of each kind of hostile connection: 800 in all. */
    private static final int EACH = 200;
    private static final Duration ANSWERED_WITHIN = Duration.ofSeconds(1);

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
    }

    private void start(Duration requestTimeout, Duration idleTimeout) throws Exception {
        server = LeverServer.builder(leases, SECRET).clock(clock).threads(2)
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .requestTimeout(requestTimeout).idleTimeout(idleTimeout).build().start();
        client = new SignedClient(server.address(), SECRET, clock);
        assertThat(client.post(commit(1)).statusCode()).as("warm-up").isEqualTo(200);
    }

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.close();
        }
        db.close();
    }

    private static String commit(int n) {
        return "source=isc-dhcpd&event=commit&ip=198.51.100.10&mac=2%3A0%3A0%3A0%3A0%3A42"
                + "&remote_id=0%3A6%3Af8%3Ae9%3A3%3Ae7%3A55%3Aa6&circuit_id=0%3A4%3A0%3A98%3A0%3A5&id=slow-" + n;
    }

    @Test
    void slowClients_doNotDelaySignedEvents() throws Exception {
        // Timeouts far beyond the test, so every hostile connection is still held while the lever is served.
        start(Duration.ofMinutes(5), Duration.ofMinutes(5));
        try (SlowClients slow = SlowClients.open(server.address(), EACH, LeverServer.EVENTS_PATH)) {
            for (int i = 2; i <= 6; i++) {
                HttpResponse<String> r = client.post(commit(i), ANSWERED_WITHIN);
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                assertThat(r.body()).contains("\"outcome\":\"renewed\"");
            }
            HttpResponse<String> events = client.send(client.signed("GET", "/lever/v1/events?limit=1", new byte[0],
                    clock.instant().getEpochSecond(), SignedClient.nonce()).timeout(ANSWERED_WITHIN).GET().build());
            assertThat(events.statusCode()).isEqualTo(200);
            assertThat(slow.closedByServer()).as("the %d hostile connections are still open", slow.size()).isZero();
        }
    }

    @Test
    void slowClients_closedByTheServer_afterTheRequestTimeout() throws Exception {
        // Idle connections get longer, so the client's kept-alive one is not closed under a request it sends.
        start(Duration.ofSeconds(1), Duration.ofSeconds(30));
        try (SlowClients slow = SlowClients.open(server.address(), EACH, LeverServer.EVENTS_PATH)) {
            assertThat(client.post(commit(2), ANSWERED_WITHIN).statusCode()).isEqualTo(200);
            Await.until("all " + slow.size() + " slow connections closed by the server", Duration.ofSeconds(90),
                    () -> slow.closedByServer() == slow.size());
            assertThat(slow.answers(SlowClients.Kind.HEADERS_NO_BODY)).containsOnly("HTTP/1.1 408 Request Timeout");
        }
        assertThat(client.post(commit(3), ANSWERED_WITHIN).statusCode()).isEqualTo(200);
        assertThat(leases.recentEvents(10)).as("no partial request was recorded").hasSize(3);
    }

    @Test
    void oversizeBodies_413() throws Exception {
        start(Duration.ofSeconds(10), Duration.ofSeconds(30));
        HttpResponse<String> form = client.post("source=isc-dhcpd&x=" + "a".repeat(64 * 1024));
        assertThat(form.statusCode()).isEqualTo(413);
        assertThat(form.body()).contains("larger than 65536 bytes");

        // Announced larger than the 1 MiB a batch may be: answered before the body is sent, which is never read.
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.address().getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST " + LeverServer.EVENTS_PATH + " HTTP/1.1\r\nHost: h\r\n"
                    + "Content-Type: " + LeverServer.BATCH_TYPE + "\r\nContent-Length: " + (1024 * 1024 + 1)
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(answer).startsWith("HTTP/1.1 413 ").contains("larger than 1048576 bytes");
        }
        assertThat(leases.recentEvents(10)).as("only the warm-up").hasSize(1);
    }
}
