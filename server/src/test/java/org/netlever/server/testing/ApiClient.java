package org.netlever.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The operations API as a test calls it, over real HTTP with {@link java.net.http.HttpClient}: a method, a path with
 * its query, a bearer token and a JSON body; answers the status and the parsed body. Thread-safe.
 */
public final class ApiClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What the API answered.
     *
     * @param status the HTTP status
     * @param body the JSON body (a missing node for an empty one)
     * @param text the body as text
     */
    public record Answer(int status, JsonNode body, String text) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final InetSocketAddress ops;
    private final String token;

    private ApiClient(InetSocketAddress ops, String token) {
        this.ops = ops;
        this.token = token;
    }

    /**
     * A client of the ops endpoint with a token.
     *
     * @param ops the endpoint's address
     * @param token the bearer token, or null for none
     * @return the client
     */
    public static ApiClient of(InetSocketAddress ops, String token) {
        return new ApiClient(ops, token);
    }

    /** @return the same endpoint with another token (null: none) */
    public ApiClient withToken(String other) {
        return new ApiClient(ops, other);
    }

    /** GET a path with its query. */
    public Answer get(String pathAndQuery) {
        return send("GET", pathAndQuery, null);
    }

    /** PUT a JSON body. */
    public Answer put(String path, String json) {
        return send("PUT", path, json);
    }

    /** DELETE a path. */
    public Answer delete(String path) {
        return send("DELETE", path, null);
    }

    /** Any method, with an optional JSON body. */
    public Answer send(String method, String pathAndQuery, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + ops.getAddress().getHostAddress() + ":"
                + ops.getPort() + pathAndQuery)).timeout(Duration.ofSeconds(10))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = r.body().isEmpty() ? JSON.missingNode() : JSON.readTree(r.body());
            return new Answer(r.statusCode(), body, r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
