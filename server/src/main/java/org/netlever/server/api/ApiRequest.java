package org.netlever.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.netlever.aaa.http.FormText;
import org.netlever.server.ApiToken;

/**
 * One authenticated request to the operations API, as a route handler sees it: the path parameters of its route,
 * the query parameters (each given once), the token's name and role, and the body. The typed accessors answer
 * {@link ApiException#badRequest 400} naming the parameter when a value does not parse.
 *
 * <p>Not thread-safe: one per request.
 */
public final class ApiRequest {

    /** The page size when {@code limit} is not given. */
    public static final int DEFAULT_LIMIT = 50;
    /** The largest page. */
    public static final int MAX_LIMIT = 1000;

    private final String method;
    private final Map<String, String> pathParams;
    private final Map<String, String> query;
    private final ApiToken token;
    private final byte[] body;

    ApiRequest(String method, Map<String, String> pathParams, Map<String, String> query, ApiToken token, byte[] body) {
        this.method = method;
        this.pathParams = pathParams;
        this.query = query;
        this.token = token;
        this.body = body;
    }

    static Map<String, String> parseQuery(Optional<String> raw) {
        return FormText.parse(raw.orElse(""), (field, reason) -> field.equals("form")
                ? ApiException.badRequest("the query is not URL-encoded: " + reason)
                : ApiException.badRequest(field, reason));
    }

    /** @return the HTTP method */
    public String method() {
        return method;
    }

    /** @return the token the request came with */
    public ApiToken token() {
        return token;
    }

    /**
     * A path parameter of the route ({@code {ip}} in {@code /api/v1/leases/{ip}}), URL-decoded.
     *
     * @param name its name in the route
     * @return its value
     */
    public String path(String name) {
        String value = pathParams.get(name);
        if (value == null) {
            throw new IllegalArgumentException("the route has no path parameter " + name);
        }
        return value;
    }

    /**
     * Refuses query parameters other than these ({@code limit} and {@code cursor} are always allowed): a typo never
     * silently widens a search.
     *
     * @param names the parameters the route takes
     */
    public void allow(String... names) {
        Set<String> allowed = new java.util.HashSet<>(Set.of(names));
        allowed.add("limit");
        allowed.add("cursor");
        for (String name : query.keySet()) {
            if (!allowed.contains(name)) {
                throw ApiException.badRequest(name, "unknown parameter; this path takes "
                        + (names.length == 0 ? "only limit and cursor" : String.join(", ", new java.util.TreeSet<>(allowed))));
            }
        }
    }

    /** @return the query parameters, each given once */
    public Map<String, String> query() {
        return Collections.unmodifiableMap(query);
    }

    /**
     * A text parameter.
     *
     * @param name the parameter
     * @return its value; empty when absent or empty
     */
    public Optional<String> text(String name) {
        String value = query.get(name);
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    /**
     * A parameter that must be one of some values.
     *
     * @param name the parameter
     * @param values the values it may take
     * @return its value; empty when absent
     */
    public Optional<String> oneOf(String name, String... values) {
        Optional<String> value = text(name);
        if (value.isPresent() && !Set.of(values).contains(value.get())) {
            throw ApiException.badRequest(name, "one of " + String.join(", ", values) + ", got '" + value.get() + "'");
        }
        return value;
    }

    /**
     * An instant parameter ({@code 2026-12-01T10:15:30Z}).
     *
     * @param name the parameter
     * @return its value; empty when absent
     */
    public Optional<Instant> instant(String name) {
        Optional<String> value = text(name);
        try {
            return value.map(Instant::parse);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(name, "an ISO-8601 instant such as 2026-12-01T10:15:30Z, got '"
                    + value.get() + "'");
        }
    }

    /**
     * A whole-number parameter.
     *
     * @param name the parameter
     * @param min the smallest value
     * @param max the largest value
     * @return its value; empty when absent
     */
    public OptionalInt integer(String name, int min, int max) {
        Optional<String> value = text(name);
        if (value.isEmpty()) {
            return OptionalInt.empty();
        }
        try {
            int n = Integer.parseInt(value.get());
            if (n >= min && n <= max) {
                return OptionalInt.of(n);
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.badRequest(name, "a whole number from " + min + " to " + max + ", got '" + value.get() + "'");
    }

    /** @return the page size: {@code limit}, 1 to {@value #MAX_LIMIT}, {@value #DEFAULT_LIMIT} when absent */
    public int limit() {
        return integer("limit", 1, MAX_LIMIT).orElse(DEFAULT_LIMIT);
    }

    /**
     * The position the previous page ended at, as {@link Cursor#encode} wrote it.
     *
     * @return the cursor; empty on the first page
     */
    public Optional<Cursor> cursor() {
        return text("cursor").map(Cursor::decode);
    }

    /**
     * The body as JSON (an object).
     *
     * @return the body
     */
    public JsonNode json() {
        if (body.length == 0) {
            throw ApiException.badRequest("the request has no body; send the entry as JSON");
        }
        try {
            JsonNode node = Json.MAPPER.readTree(body);
            if (node == null || !node.isObject()) {
                throw ApiException.badRequest("the body must be a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw ApiException.badRequest("the body is not JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }
}
