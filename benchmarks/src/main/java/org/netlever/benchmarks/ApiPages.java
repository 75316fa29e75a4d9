package org.netlever.benchmarks;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.netlever.aaa.http.HttpEndpoint;
import org.netlever.server.ApiToken;
import org.netlever.server.api.ApiModule;
import org.netlever.server.api.ApiRouter;

/**
 * The operations API's pages timed as a client gets them (issue 15: "pages answer in under 100 ms"): the given API
 * modules on serve's HTTP endpoint and router (token check, routing, JSON) on loopback, each page asked for over one
 * kept-alive {@link HttpClient} connection, from the request's first byte to the body's last. Prints one line per
 * page: status, bytes, median, p99 and max.
 *
 * <p>Not thread-safe: one run at a time.
 */
final class ApiPages implements AutoCloseable {

    private static final String TOKEN = "bench-token-0123456789abcdef0123456789";

    private final HttpEndpoint http;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    ApiPages(List<ApiModule> modules) {
        ApiRouter router = new ApiRouter(List.of(ApiToken.of("bench", ApiToken.Role.READ, TOKEN)));
        modules.forEach(router::register);
        router.open();
        http = HttpEndpoint.builder(router::answer).name("ops").bind(new InetSocketAddress("127.0.0.1", 0))
                .threads(4).start();
        base = "http://127.0.0.1:" + http.address().getPort();
        System.out.printf(Locale.ROOT, "%nover HTTP (serve's endpoint and router on loopback, one kept-alive "
                + "connection):%n%-70s %6s %7s %9s %9s %9s%n", "GET", "status", "bytes", "median", "p99", "max");
    }

    /** Times one page, after a warm-up. */
    void time(String pathAndQuery, int runs) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(30)).build();
        HttpResponse<byte[]> first = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        for (int i = 0; i < 20; i++) {
            client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        }
        long[] nanos = new long[runs];
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            nanos[i] = System.nanoTime() - t;
        }
        Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "%-70s %6d %7d %9.3f %9.3f %9.3f ms%n", pathAndQuery, first.statusCode(),
                first.body().length, nanos[runs / 2] / 1e6, nanos[(int) Math.ceil(runs * 0.99) - 1] / 1e6,
                nanos[runs - 1] / 1e6);
    }

    @Override
    public void close() {
        http.close();
    }
}
