package org.netlever.examples.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.netlever.aaa.lever.LeverSecret;
import org.netlever.aaa.lever.LeverServer;
import org.netlever.aaa.lever.LeverSignature;
import org.netlever.server.testing.ExampleConfig;

/**
 * A crash trial's lever peer over HTTP: signed lever events for alice's port, commits and releases of 40 addresses,
 * alone or in batches, until serve is killed; it keeps the source event ids serve acknowledged. Thread-safe: several
 * threads send at once.
 */
final class LeverHttpPeer {

    private static final LeverSecret SECRET = LeverSecret.of(ExampleConfig.LEVER_SECRET);
    private static final String ALICE_SWITCH_PORT = "remote_id=0:6:f8:e9:3:e7:55:a6&circuit_id=0:4:0:98:0:5";

    private final HttpClient http;
    private final int trial;
    private final AtomicBoolean killed;
    private final List<String> failures;
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final AtomicLong unanswered = new AtomicLong();

    /**
     * @param http the client to send with
     * @param trial the trial's number, in every event id ("h3-0-17")
     * @param killed set once serve is killed: sending stops
     * @param failures where a refusal is reported
     */
    LeverHttpPeer(HttpClient http, int trial, AtomicBoolean killed, List<String> failures) {
        this.http = http;
        this.trial = trial;
        this.killed = killed;
        this.failures = failures;
    }

    /**
     * Sends until serve is killed (or refuses a request).
     *
     * @param serve where to
     * @param thread the sending thread's number, in every event id
     * @param r the thread's own random
     */
    void send(ServeProcess serve, int thread, Random r) {
        long seq = 0;
        URI uri = URI.create("http://" + serve.host(ServeProcess.LEVER) + ":" + serve.port(ServeProcess.LEVER)
                + LeverServer.EVENTS_PATH);
        while (!killed.get()) {
            int size = r.nextInt(3) == 0 ? 1 : 2 + r.nextInt(9);
            List<String> ids = new ArrayList<>();
            StringBuilder body = new StringBuilder();
            for (int i = 0; i < size; i++) {
                String id = "h" + trial + "-" + thread + "-" + (seq++);
                int host = 10 + r.nextInt(40);
                String event = r.nextInt(4) == 0 ? "release" : "commit";
                body.append(body.length() == 0 ? "" : "\n").append("source=isc-dhcpd&event=").append(event)
                        .append("&ip=198.51.100.").append(host).append("&mac=2:a:0:0:0:")
                        .append(Integer.toHexString(host)).append(event.equals("commit") ? "&" + ALICE_SWITCH_PORT
                                : "").append("&id=").append(id);
                ids.add(id);
            }
            byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
            long now = Instant.now().getEpochSecond();
            String nonce = HexFormat.of().formatHex(longs(r.nextLong(), r.nextLong()));
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", size == 1 ? "application/x-www-form-urlencoded"
                            : LeverServer.BATCH_TYPE)
                    .header(LeverSignature.TIMESTAMP, Long.toString(now)).header(LeverSignature.NONCE, nonce)
                    .header(LeverSignature.SIGNATURE, LeverSignature.sign(SECRET, "POST", LeverServer.EVENTS_PATH,
                            now, nonce, bytes))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    acknowledged.addAll(ids);
                } else if (!killed.get()) {
                    failures.add("lever answered " + response.statusCode() + ": " + response.body());
                    return;
                }
            } catch (IOException e) {
                // Not acknowledged: a lever keeps such events and sends them again; this one just moves on.
                unanswered.incrementAndGet();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The source event ids serve acknowledged with 200. */
    Set<String> acknowledged() {
        return acknowledged;
    }

    /** How many requests got no answer at all while serve ran or died. */
    long unanswered() {
        return unanswered.get();
    }

    private static byte[] longs(long a, long b) {
        return ByteBuffer.allocate(16).putLong(a).putLong(b).array();
    }
}
