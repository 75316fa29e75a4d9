package org.netlever.server;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import org.netlever.aaa.http.HttpEndpoint;
import org.netlever.aaa.http.HttpEndpoint.Request;
import org.netlever.aaa.http.HttpEndpoint.Response;
import org.netlever.server.api.ApiRouter;

/**
 * The operations endpoint of {@code netlever serve}: {@code GET /health} (200 while the process runs),
 * {@code GET /ready} (200 once every listener is up and the database answers, 503 before that and while shutting
 * down — take the instance out of rotation on it) and {@code GET /metrics} (Prometheus text format). {@code HEAD}
 * answers the same without the body. On {@link HttpEndpoint}, like the lever endpoint: slow or silent scrapers and
 * probes hold no thread and are closed after the configured timeouts.
 *
 * <p>Thread-safe.
 */
final class OpsServer implements AutoCloseable {

    private static final String METRICS_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpEndpoint http;
    private final ServeMetrics metrics;
    private final BooleanSupplier ready;
    private final ApiRouter api;
    private final ConsoleResources console = new ConsoleResources();

    OpsServer(ServeConfig.Ops config, ServeMetrics metrics, BooleanSupplier ready) {
        this.metrics = metrics;
        this.ready = ready;
        this.api = new ApiRouter(config.tokens());
        this.http = HttpEndpoint.builder(this::answer).name("ops").bind(config.listen()).threads(4)
                .maxBodyBytes(64 * 1024).requestTimeout(config.requestTimeout()).idleTimeout(config.idleTimeout())
                .start();
    }

    InetSocketAddress address() {
        return http.address();
    }

    /** The API's router: modules register on it as the parts they read start, and it opens once all are up. */
    ApiRouter api() {
        return api;
    }

    private Response answer(Request request) {
        String path = request.rawPath();
        if (ApiRouter.handles(path)) {
            return api.answer(request);
        }
        if (path.equals("/") || path.equals("/console") || path.startsWith(ConsoleResources.PREFIX)) {
            if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
                return Response.text(405, request.method() + " is not allowed\n").withHeader("Allow", "GET, HEAD");
            }
            return console.answer(path);
        }
        if (!path.equals("/health") && !path.equals("/ready") && !path.equals("/metrics")) {
            return Response.text(404, "no endpoint " + path + "\n");
        }
        if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
            return Response.text(405, request.method() + " is not allowed\n").withHeader("Allow", "GET, HEAD");
        }
        switch (path) {
            case "/health":
                return Response.text(200, "UP\n");
            case "/ready":
                boolean up = ready.getAsBoolean();
                return Response.text(up ? 200 : 503, up ? "READY\n" : "NOT READY\n");
            default:
                return Response.of(200, METRICS_TYPE, metrics.scrape().getBytes(StandardCharsets.UTF_8));
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
