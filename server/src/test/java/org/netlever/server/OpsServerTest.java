package org.netlever.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.netlever.aaa.testing.Await;
import org.netlever.aaa.testing.SlowClients;

/** The operations endpoint: probes and scrapes answered while slow clients crowd it, and those closed in time. */
class OpsServerTest {

    private static final int EACH = 200;
    private static final Duration ANSWERED_WITHIN = Duration.ofSeconds(1);

    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicBoolean ready = new AtomicBoolean(true);
    private final ServeMetrics metrics = new ServeMetrics();
    private OpsServer ops;

    private OpsServer start(Duration requestTimeout, Duration idleTimeout) throws Exception {
        ops = new OpsServer(new ServeConfig.Ops(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                requestTimeout, idleTimeout), metrics, ready::get);
        assertThat(get("/health").statusCode()).as("warm-up").isEqualTo(200);
        return ops;
    }

    @AfterEach
    void tearDown() {
        if (ops != null) {
            ops.close();
        }
        metrics.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ops.address().getPort() + path))
                .timeout(ANSWERED_WITHIN).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void slowClients_doNotDelayProbesOrScrapes() throws Exception {
        // Timeouts far beyond the test, so every hostile connection is still held while the probes are answered.
        start(Duration.ofMinutes(5), Duration.ofMinutes(5));
        try (SlowClients slow = SlowClients.open(ops.address(), EACH, "/health")) {
            for (int i = 0; i < 5; i++) {
                HttpResponse<String> health = get("/health");
                assertThat(health.statusCode()).isEqualTo(200);
                assertThat(health.body()).isEqualTo("UP\n");
            }
            assertThat(get("/ready").statusCode()).isEqualTo(200);
            assertThat(get("/metrics").headers().firstValue("Content-Type"))
                    .hasValue("text/plain; version=0.0.4; charset=utf-8");
            assertThat(slow.closedByServer()).as("the %d hostile connections are still open", slow.size()).isZero();
        }
    }

    @Test
    void slowClients_closedByTheServer_afterTheRequestTimeout() throws Exception {
        // Idle connections get longer, so the client's kept-alive one is not closed under a request it sends.
        start(Duration.ofSeconds(1), Duration.ofSeconds(30));
        try (SlowClients slow = SlowClients.open(ops.address(), EACH, "/metrics")) {
            assertThat(get("/health").statusCode()).isEqualTo(200);
            Await.until("all " + slow.size() + " slow connections closed by the server", Duration.ofSeconds(90),
                    () -> slow.closedByServer() == slow.size());
            assertThat(slow.answers(SlowClients.Kind.HEADERS_NO_BODY)).containsOnly("HTTP/1.1 408 Request Timeout");
        }
        assertThat(get("/health").statusCode()).isEqualTo(200);
    }

    @Test
    void keepAlive_head_andWrongMethodsOrPaths() throws Exception {
        start(Duration.ofSeconds(10), Duration.ofSeconds(30));
        ready.set(false);
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), ops.address().getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII));
            out.write("HEAD /health HTTP/1.1\r\nHost: h\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            List<String> head = headers(in);
            assertThat(head).first().isEqualTo("HTTP/1.1 200 OK");
            assertThat(head).contains("content-length: 3");
            // On the same connection: had HEAD's body been sent, it would be read here instead of a status line.
            out.write("GET /ready HTTP/1.1\r\nHost: h\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            List<String> notReady = headers(in);
            assertThat(notReady).first().isEqualTo("HTTP/1.1 503 Service Unavailable");
            char[] body = new char["NOT READY\n".length()];
            assertThat(in.read(body)).isEqualTo(body.length);
            assertThat(new String(body)).isEqualTo("NOT READY\n");
        }
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + ops.address().getPort() + "/health")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
        assertThat(get("/healthz").statusCode()).isEqualTo(404);
    }

    private static List<String> headers(BufferedReader in) throws Exception {
        List<String> lines = new ArrayList<>();
        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
            lines.add(lines.isEmpty() ? line : line.toLowerCase(java.util.Locale.ROOT));
        }
        return lines;
    }
}
