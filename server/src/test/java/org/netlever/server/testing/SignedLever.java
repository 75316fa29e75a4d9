package org.netlever.server.testing;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.netlever.aaa.lever.LeverSecret;
import org.netlever.aaa.lever.LeverServer;
import org.netlever.aaa.lever.LeverSignature;

/**
 * Requests to serve's lever endpoint signed as the lever script signs them (a fresh nonce each, the given time), for
 * tests that talk to a running serve over HTTP. Stateless and thread-safe.
 */
public final class SignedLever {

    private SignedLever() {
    }

    /**
     * A POST of one event form to {@link LeverServer#EVENTS_PATH}, signed now.
     *
     * @param lever the lever endpoint's address
     * @param secret the lever secret
     * @param form the event, {@code application/x-www-form-urlencoded}
     * @return the request
     */
    public static HttpRequest post(InetSocketAddress lever, String secret, String form) {
        return post(lever, secret, form, Instant.now());
    }

    /**
     * A POST of one event form, signed at a given time (a test clock's).
     *
     * @param lever the lever endpoint's address
     * @param secret the lever secret
     * @param form the event
     * @param at the signature's time
     * @return the request
     */
    public static HttpRequest post(InetSocketAddress lever, String secret, String form, Instant at) {
        byte[] body = form.getBytes(StandardCharsets.UTF_8);
        return signed(lever, secret, "POST", LeverServer.EVENTS_PATH, body, at)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    /**
     * A signed GET of a query path ({@code /lever/v1/leases?ip=…}).
     *
     * @param lever the lever endpoint's address
     * @param secret the lever secret
     * @param pathAndQuery the path and query
     * @return the request
     */
    public static HttpRequest get(InetSocketAddress lever, String secret, String pathAndQuery) {
        return signed(lever, secret, "GET", pathAndQuery, new byte[0], Instant.now()).GET().build();
    }

    private static HttpRequest.Builder signed(InetSocketAddress lever, String secret, String method, String path,
            byte[] body, Instant at) {
        long now = at.getEpochSecond();
        byte[] random = new byte[16];
        ThreadLocalRandom.current().nextBytes(random);
        String nonce = HexFormat.of().formatHex(random);
        return HttpRequest.newBuilder(URI.create("http://" + lever.getAddress().getHostAddress() + ":"
                        + lever.getPort() + path))
                .header(LeverSignature.TIMESTAMP, Long.toString(now)).header(LeverSignature.NONCE, nonce)
                .header(LeverSignature.SIGNATURE, LeverSignature.sign(LeverSecret.of(secret), method, path, now,
                        nonce, body));
    }
}
