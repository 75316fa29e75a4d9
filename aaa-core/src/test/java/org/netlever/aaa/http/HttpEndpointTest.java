package org.netlever.aaa.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.netlever.aaa.AaaException;
import org.netlever.aaa.http.HttpEndpoint.Request;
import org.netlever.aaa.http.HttpEndpoint.Response;
import org.netlever.aaa.testing.Await;
import org.netlever.aaa.testing.SlowClients;

/** The hardened HTTP/1.1 server: keep-alive, HEAD, limits, and deadlines that slow clients cannot stretch. */
class HttpEndpointTest {

    private static final InetSocketAddress LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    private final List<Request> seen = new CopyOnWriteArrayList<>();
    private HttpEndpoint endpoint;

    private HttpEndpoint start(HttpEndpoint.Builder builder) {
        endpoint = builder.bind(LOOPBACK).start();
        return endpoint;
    }

    private HttpEndpoint.Builder echo() {
        return HttpEndpoint.builder(request -> {
            seen.add(request);
            if (request.rawPath().equals("/boom")) {
                throw new IllegalStateException("boom");
            }
            String text = request.method() + " " + request.target() + " " + request.body().length;
            return Response.text(200, text).withHeader("X-Seen", Integer.toString(seen.size()));
        }).threads(2);
    }

    @AfterEach
    void tearDown() {
        if (endpoint != null) {
            endpoint.close();
        }
    }

    @Test
    void keepAlive_severalRequestsOnOneConnection() throws Exception {
        start(echo());
        try (RawHttp http = new RawHttp(endpoint.address())) {
            for (int i = 1; i <= 3; i++) {
                RawHttp.Answer a = http.send("POST /p?x=" + i + " HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\nab")
                        .read();
                assertThat(a.status()).isEqualTo(200);
                assertThat(a.body()).isEqualTo("POST /p?x=" + i + " 2");
                assertThat(a.header("Connection")).isNull();
            }
        }
        assertThat(seen).extracting(r -> r.remoteAddress().getPort()).as("one connection").containsOnly(
                seen.get(0).remoteAddress().getPort());
        assertThat(seen.get(0).rawQuery()).hasValue("x=1");
        assertThat(seen.get(0).header("content-length")).as("header names ignore case").hasValue("2");
    }

    @Test
    void http10_withoutKeepAlive_closedAfterTheAnswer() throws Exception {
        start(echo());
        try (RawHttp http = new RawHttp(endpoint.address())) {
            RawHttp.Answer a = http.send("GET /old HTTP/1.0\r\n\r\n").read();
            assertThat(a.status()).isEqualTo(200);
            assertThat(a.header("Connection")).isEqualToIgnoringCase("close");
            assertThat(http.closedByServer()).isTrue();
        }
        try (RawHttp http = new RawHttp(endpoint.address())) {
            RawHttp.Answer a = http.send("GET /old HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").read();
            assertThat(a.header("Connection")).isEqualToIgnoringCase("keep-alive");
            assertThat(http.send("GET /again HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").read().body())
                    .startsWith("GET /again");
        }
    }

    @Test
    void head_headersOfTheAnswerWithoutItsBody() throws Exception {
        start(echo());
        try (RawHttp http = new RawHttp(endpoint.address())) {
            RawHttp.Answer head = http.send("HEAD /h HTTP/1.1\r\nHost: h\r\n\r\n").read(true);
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("Content-Length")).isEqualTo(Integer.toString("HEAD /h 0".length()));
            assertThat(head.body()).isEmpty();
            // Had the body been sent, it would be read as this answer's status line.
            assertThat(http.send("GET /next HTTP/1.1\r\nHost: h\r\n\r\n").read().body()).isEqualTo("GET /next 0");
        }
    }

    @Test
    void pipelinedRequests_answeredInOrder() throws Exception {
        start(echo());
        try (RawHttp http = new RawHttp(endpoint.address())) {
            http.send("GET /1 HTTP/1.1\r\nHost: h\r\n\r\nGET /2 HTTP/1.1\r\nHost: h\r\n\r\n"
                    + "POST /3 HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc");
            assertThat(http.read().body()).isEqualTo("GET /1 0");
            assertThat(http.read().body()).isEqualTo("GET /2 0");
            assertThat(http.read().body()).isEqualTo("POST /3 3");
        }
    }

    @Test
    void chunkedBody_isAssembled() throws Exception {
        start(echo());
        try (RawHttp http = new RawHttp(endpoint.address())) {
            RawHttp.Answer a = http.send("POST /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n").read();
            assertThat(a.body()).isEqualTo("POST /c 5");
        }
        assertThat(new String(seen.get(0).body(), StandardCharsets.US_ASCII)).isEqualTo("abcde");
    }

    @Test
    void oversizeBody_413_andClosed_handlerNotCalled() throws Exception {
        start(echo().maxBodyBytes(10));
        try (RawHttp http = new RawHttp(endpoint.address())) {
            RawHttp.Answer a = http.send("POST /big HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\n").read();
            assertThat(a.status()).isEqualTo(413);
            assertThat(a.body()).contains("larger than 10 bytes");
            assertThat(http.closedByServer()).isTrue();
        }
        try (RawHttp http = new RawHttp(endpoint.address())) {
            RawHttp.Answer a = http.send("POST /big HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "8\r\n12345678\r\n8\r\n12345678\r\n0\r\n\r\n").read();
            assertThat(a.status()).as("a chunked body over the limit").isEqualTo(413);
        }
        try (RawHttp http = new RawHttp(endpoint.address())) {
            assertThat(http.send("POST /ok HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\n0123456789").read()
                    .status()).as("exactly the limit").isEqualTo(200);
        }
        assertThat(seen).extracting(Request::rawPath).containsExactly("/ok");
    }

    @Test
    void expectContinue_100ThenTheAnswer() throws Exception {
        start(echo());
        try (RawHttp http = new RawHttp(endpoint.address())) {
            http.send("POST /e HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
            assertThat(http.read().status()).isEqualTo(100);
            assertThat(http.send("abcd").read().body()).isEqualTo("POST /e 4");
        }
    }

    @Test
    void malformedRequest_400_andClosed() throws Exception {
        start(echo());
        try (RawHttp http = new RawHttp(endpoint.address())) {
            RawHttp.Answer a = http.send("GET /x HTTP/1.1\r\nHost: h\r\nContent-Length: nope\r\n\r\n").read();
            assertThat(a.status()).isEqualTo(400);
            assertThat(http.closedByServer()).isTrue();
        }
        try (RawHttp http = new RawHttp(endpoint.address())) {
            RawHttp.Answer a = http.send("GET /" + "x".repeat(5000) + " HTTP/1.1\r\n\r\n").read();
            assertThat(a.status()).isEqualTo(414);
        }
        assertThat(seen).isEmpty();
    }

    @Test
    void handlerFailure_500_connectionStillUsable() throws Exception {
        start(echo());
        try (RawHttp http = new RawHttp(endpoint.address())) {
            RawHttp.Answer a = http.send("GET /boom HTTP/1.1\r\nHost: h\r\n\r\n").read();
            assertThat(a.status()).isEqualTo(500);
            assertThat(a.body()).contains("IllegalStateException");
            assertThat(http.send("GET /fine HTTP/1.1\r\nHost: h\r\n\r\n").read().status()).isEqualTo(200);
        }
    }

    @Test
    void slowConnections_closedByTheServer_afterTheTimeouts() throws Exception {
        start(echo().requestTimeout(Duration.ofSeconds(1)).idleTimeout(Duration.ofSeconds(1)));
        try (SlowClients slow = SlowClients.open(endpoint.address(), 50, "/slow/request")) {
            Await.until("every slow connection closed by the server", Duration.ofSeconds(60),
                    () -> slow.closedByServer() == slow.size());
            assertThat(slow.answers(SlowClients.Kind.HEADERS_NO_BODY)).allSatisfy(a ->
                    assertThat(a).isEqualTo("HTTP/1.1 408 Request Timeout"));
            assertThat(slow.answers(SlowClients.Kind.HALF_REQUEST_LINE)).allSatisfy(a ->
                    assertThat(a).isEqualTo("HTTP/1.1 408 Request Timeout"));
            assertThat(slow.answers(SlowClients.Kind.CONNECT_ONLY)).as("nothing was asked, nothing is answered")
                    .containsOnly("(nothing)");
        }
        assertThat(seen).as("no partial request reaches the handler").isEmpty();
    }

    @Test
    void keptAliveConnection_closedAfterIdleTimeout() throws Exception {
        start(echo().idleTimeout(Duration.ofMillis(300)));
        try (RawHttp http = new RawHttp(endpoint.address())) {
            assertThat(http.send("GET /once HTTP/1.1\r\nHost: h\r\n\r\n").read().status()).isEqualTo(200);
            assertThat(http.closedByServer()).as("within the socket's 10 s read bound").isTrue();
        }
    }

    @Test
    void slowHandler_doesNotHoldOtherConnections() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        start(HttpEndpoint.builder(request -> {
            if (request.rawPath().equals("/wait")) {
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return Response.text(200, request.rawPath());
        }).threads(2));
        try (RawHttp waiting = new RawHttp(endpoint.address()); RawHttp other = new RawHttp(endpoint.address())) {
            waiting.send("GET /wait HTTP/1.1\r\nHost: h\r\n\r\n");
            assertThat(other.send("GET /quick HTTP/1.1\r\nHost: h\r\n\r\n").read().body()).isEqualTo("/quick");
            release.countDown();
            assertThat(waiting.read().body()).isEqualTo("/wait");
        }
    }

    @Test
    void close_letsTheRequestInTheHandlerFinish() throws Exception {
        CountDownLatch inHandler = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        start(HttpEndpoint.builder(request -> {
            inHandler.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Response.text(200, "finished");
        }));
        try (RawHttp http = new RawHttp(endpoint.address()); RawHttp idle = new RawHttp(endpoint.address())) {
            http.send("GET /slow HTTP/1.1\r\nHost: h\r\n\r\n");
            assertThat(inHandler.await(10, TimeUnit.SECONDS)).isTrue();
            Thread closer = new Thread(endpoint::close);
            closer.start();
            assertThat(idle.closedByServer()).as("an idle connection is closed at once").isTrue();
            release.countDown();
            RawHttp.Answer a = http.read();
            assertThat(a.body()).isEqualTo("finished");
            assertThat(a.header("Connection")).isEqualToIgnoringCase("close");
            closer.join(10_000);
            assertThat(closer.isAlive()).isFalse();
        }
    }

    @Test
    void bind_addressTaken_failsNamingTheAddress() {
        start(echo());
        InetSocketAddress taken = endpoint.address();
        assertThatThrownBy(() -> HttpEndpoint.builder(r -> Response.text(200, "")).name("second").bind(taken)
                .start()).isInstanceOf(AaaException.class)
                .hasMessageContaining("cannot listen on " + taken)
                .hasMessageContaining("second");
    }

    @Test
    void serving_setsNoSystemProperty() throws Exception {
        Properties before = (Properties) System.getProperties().clone();
        start(echo());
        try (RawHttp http = new RawHttp(endpoint.address())) {
            assertThat(http.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n").read().status()).isEqualTo(200);
        }
        endpoint.close();
        assertThat(System.getProperties()).isEqualTo(before);
        assertThat(System.getProperty("sun.net.httpserver.nodelay")).isNull();
    }

    @Test
    void values_areCopied_andReservedHeadersRefused() {
        byte[] body = {1, 2, 3};
        Request r = new Request("GET", "/", java.util.Optional.empty(), Map.of("X-A", List.of("1")), body,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 1));
        body[0] = 9;
        assertThat(r.body()).containsExactly(1, 2, 3);
        assertThat(r.header("x-a")).hasValue("1");
        assertThat(r.target()).isEqualTo("/");
        assertThatThrownBy(() -> Response.text(200, "").withHeader("Content-Length", "5"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Response.text(200, "").withHeader("X-Evil", "a\r\nb"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Response.text(100, "")).isInstanceOf(IllegalArgumentException.class);
    }
}
