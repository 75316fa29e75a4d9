package org.netlever.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.netlever.aaa.http.HttpEndpoint;
import org.netlever.server.ApiToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operations API's dispatcher ({@code docs/api.md}): authenticates the bearer token, checks its role against the
 * method, matches the path against the registered routes and answers JSON — the route's reply, or
 * {@code {"error", "message", "field"}} with 400 / 401 / 403 / 404 / 405 / 409 / 503. Until {@link #open} the API
 * answers 503, so nothing is read from parts not yet started. Authentication comes before routing: an unauthenticated
 * request learns nothing of which paths exist.
 *
 * <p>Thread-safe: routes may be registered while requests are answered.
 */
public final class ApiRouter {

    private static final Logger LOG = LoggerFactory.getLogger(ApiRouter.class);
    private static final String JSON_TYPE = "application/json; charset=utf-8";
    private static final String PREFIX = "/api/";

    /** A route's handler. Implementations are thread-safe: requests are answered on several threads at once. */
    @FunctionalInterface
    public interface Handler {
        /**
         * Answers a request.
         *
         * @param request the request
         * @return the reply
         * @throws ApiException to refuse it
         */
        ApiReply handle(ApiRequest request);
    }

    private record Route(String method, String[] segments, Handler handler) {
    }

    private final List<ApiToken> tokens;
    private final List<Route> routes = new CopyOnWriteArrayList<>();
    private volatile boolean open;

    /**
     * A router that accepts these tokens.
     *
     * @param tokens the configured tokens; none: every request is answered 401
     */
    public ApiRouter(List<ApiToken> tokens) {
        this.tokens = List.copyOf(tokens);
    }

    /**
     * Registers a route.
     *
     * @param method {@code GET}, {@code PUT}, {@code POST} or {@code DELETE}; {@code GET} routes answer {@code HEAD}
     * @param pattern the path, with {@code {name}} for a path parameter: {@code /api/v1/leases/{ip}}
     * @param handler what answers it
     */
    public void route(String method, String pattern, Handler handler) {
        Objects.requireNonNull(handler, "handler");
        if (!Set.of("GET", "PUT", "POST", "DELETE").contains(method)) {
            throw new IllegalArgumentException("method " + method);
        }
        if (!pattern.startsWith(PREFIX)) {
            throw new IllegalArgumentException("API routes start with " + PREFIX + ": " + pattern);
        }
        String[] segments = pattern.substring(1).split("/", -1);
        for (Route r : routes) {
            if (r.method.equals(method) && java.util.Arrays.equals(r.segments, segments)) {
                throw new IllegalArgumentException("route " + method + " " + pattern + " registered twice");
            }
        }
        routes.add(new Route(method, segments, handler));
    }

    /**
     * Registers a module's routes.
     *
     * @param module the module
     */
    public void register(ApiModule module) {
        module.register(this);
    }

    /** Starts answering: called once the server's parts are up. */
    public void open() {
        open = true;
    }

    /**
     * Whether a path is the API's.
     *
     * @param path the raw path
     * @return whether it starts with {@code /api/}
     */
    public static boolean handles(String path) {
        return path.startsWith(PREFIX) || path.equals("/api");
    }

    /**
     * Answers an API request.
     *
     * @param request the HTTP request
     * @return the HTTP response
     */
    public HttpEndpoint.Response answer(HttpEndpoint.Request request) {
        try {
            ApiToken token = authenticate(request);
            boolean read = request.method().equals("GET") || request.method().equals("HEAD");
            if (!read && token.role() != ApiToken.Role.ADMIN) {
                throw ApiException.of(403, "forbidden", "the token '" + token.name() + "' may only read; "
                        + request.method() + " needs an admin token");
            }
            if (!open) {
                throw ApiException.of(503, "unavailable", "netlever is starting or stopping; try again shortly");
            }
            String method = request.method().equals("HEAD") ? "GET" : request.method();
            String[] segments = request.rawPath().substring(1).split("/", -1);
            Set<String> allowed = new LinkedHashSet<>();
            for (Route r : routes) {
                Map<String, String> params = match(r.segments, segments);
                if (params == null) {
                    continue;
                }
                if (!r.method.equals(method)) {
                    allowed.add(r.method);
                    continue;
                }
                ApiRequest api = new ApiRequest(method, params, ApiRequest.parseQuery(request.rawQuery()), token,
                        request.body());
                ApiReply reply = r.handler.handle(api);
                if (!read) {
                    LOG.info("API {} {} by token '{}': {}", request.method(), request.rawPath(), token.name(),
                            reply.status());
                } else if (LOG.isDebugEnabled()) {
                    LOG.debug("API {} {} by token '{}'", request.method(), request.target(), token.name());
                }
                return reply.body().map(b -> json(reply.status(), b))
                        .orElseGet(() -> HttpEndpoint.Response.of(reply.status(), JSON_TYPE, new byte[0]));
            }
            if (!allowed.isEmpty()) {
                if (allowed.contains("GET")) {
                    allowed.add("HEAD");
                }
                return error(ApiException.of(405, "method_not_allowed", request.method() + " is not allowed on "
                        + request.rawPath() + "; it takes " + String.join(", ", allowed)))
                        .withHeader("Allow", String.join(", ", allowed));
            }
            throw ApiException.notFound("no API path " + request.rawPath() + " (see docs/api.md)");
        } catch (ApiException e) {
            HttpEndpoint.Response response = error(e);
            return e.status() == 401 ? response.withHeader("WWW-Authenticate", "Bearer realm=\"netlever\"") : response;
        } catch (RuntimeException e) {
            LOG.error("API {} {} failed", request.method(), request.rawPath(), e);
            return error(ApiException.of(500, "internal", "the request failed inside netlever ("
                    + e.getClass().getSimpleName() + "); the server's log has the details"));
        }
    }

    private ApiToken authenticate(HttpEndpoint.Request request) {
        if (tokens.isEmpty()) {
            throw ApiException.of(401, "unauthorized", "the API is off: ops.tokens names no token file");
        }
        Optional<String> header = request.header("Authorization");
        if (header.isEmpty()) {
            throw ApiException.of(401, "unauthorized", "send Authorization: Bearer <token>");
        }
        String value = header.get().strip();
        if (value.length() < 7 || !value.substring(0, 7).equalsIgnoreCase("Bearer ")) {
            throw ApiException.of(401, "unauthorized", "the Authorization header is not Bearer <token>");
        }
        String presented = value.substring(7).strip();
        ApiToken found = null;
        for (ApiToken t : tokens) {
            // every token is compared, so the time taken does not tell which one came close
            if (t.matches(presented) && found == null) {
                found = t;
            }
        }
        if (found == null) {
            throw ApiException.of(401, "unauthorized", "the token is not one of ops.tokens");
        }
        return found;
    }

    private static Map<String, String> match(String[] pattern, String[] path) {
        if (pattern.length != path.length) {
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < pattern.length; i++) {
            String p = pattern[i];
            if (p.startsWith("{") && p.endsWith("}")) {
                if (path[i].isEmpty()) {
                    return null;
                }
                try {
                    params.put(p.substring(1, p.length() - 1), URLDecoder.decode(path[i], StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    return null;
                }
            } else if (!p.equals(path[i])) {
                return null;
            }
        }
        return params;
    }

    private static HttpEndpoint.Response error(ApiException e) {
        ObjectNode body = Json.object();
        body.put("error", e.code());
        body.put("message", e.getMessage());
        e.field().ifPresent(f -> body.put("field", f));
        return json(e.status(), body);
    }

    private static HttpEndpoint.Response json(int status, com.fasterxml.jackson.databind.JsonNode body) {
        try {
            return HttpEndpoint.Response.of(status, JSON_TYPE, Json.MAPPER.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }
}
