package org.netlever.aaa.lever;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** An HTTP client that signs its requests like the lever script. */
final class SignedClient {

    private final HttpClient http = HttpClient.newHttpClient();
    private final InetSocketAddress server;
    private final LeverSecret secret;
    private final Clock clock;

    SignedClient(InetSocketAddress server, LeverSecret secret, Clock clock) {
        this.server = server;
        this.secret = secret;
        this.clock = clock;
    }

    static String nonce() {
        byte[] b = new byte[16];
        ThreadLocalRandom.current().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    HttpRequest.Builder signed(String method, String path, byte[] body, long timestamp, String nonce) {
        return HttpRequest.newBuilder(URI.create("http://" + server.getAddress().getHostAddress() + ":"
                        + server.getPort() + path))
                .header(LeverSignature.TIMESTAMP, Long.toString(timestamp))
                .header(LeverSignature.NONCE, nonce)
                .header(LeverSignature.SIGNATURE, LeverSignature.sign(secret, method, path, timestamp, nonce, body));
    }

    HttpResponse<String> post(String form) throws Exception {
        return post(form, Duration.ofSeconds(30));
    }

    /** Posts a form; fails with {@link java.net.http.HttpTimeoutException} if not answered within the timeout. */
    HttpResponse<String> post(String form, Duration timeout) throws Exception {
        byte[] body = form.getBytes(StandardCharsets.UTF_8);
        return send(signed("POST", LeverServer.EVENTS_PATH, body, clock.instant().getEpochSecond(), nonce())
                .header("Content-Type", "application/x-www-form-urlencoded").timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    HttpResponse<String> get(String pathAndQuery) throws Exception {
        return send(signed("GET", pathAndQuery, new byte[0], clock.instant().getEpochSecond(), nonce()).GET().build());
    }

    HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
