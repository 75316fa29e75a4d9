package org.netlever.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How a client on the serve host reaches the operations API from serve's own configuration file: the base URI from
 * {@code ops.listen} (a wildcard address is reached on loopback) and a token read from the file an {@code ops.tokens}
 * entry names — the one named, or else the first with the role needed ({@code read} preferred for reads, so a
 * support desk's command cannot write by accident). Used by the {@code netlever leases|events|calls|pcrf|devices}
 * commands. Only the {@code ops} section is read, so the command needs no other secret of the configuration.
 *
 * <p>Immutable and thread-safe. {@link #toString()} never shows the token.
 */
public final class ApiAccess {

    private final URI base;
    private final String tokenName;
    private final String token;

    private ApiAccess(URI base, String tokenName, String token) {
        this.base = base;
        this.tokenName = tokenName;
        this.token = token;
    }

    /**
     * Reads the access from a configuration file.
     *
     * @param file serve's configuration file (YAML or JSON)
     * @param tokenName the {@code ops.tokens} entry to use; empty: the first with the role needed
     * @param write whether the request writes (then an admin token is needed)
     * @return the access
     * @throws ConfigException if the file, its {@code ops} section or the token cannot be read, naming the field
     */
    public static ApiAccess fromConfig(Path file, Optional<String> tokenName, boolean write) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(tokenName, "tokenName");
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw problem(file, "config", "cannot read it: " + ConfigFields.unreadable(file)
                    .orElse(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines()
                            .findFirst().orElse("")));
        }
        JsonNode ops = root == null ? null : root.get("ops");
        String listen = ops != null && ops.hasNonNull("listen") ? ops.get("listen").asText() : "127.0.0.1:9464";
        int colon = listen.lastIndexOf(':');
        if (colon <= 0) {
            throw problem(file, "ops.listen", "host:port, got '" + listen + "'");
        }
        String host = listen.substring(0, colon);
        if (host.equals("0.0.0.0") || host.equals("[::]") || host.equals("::")) {
            host = "127.0.0.1";
        }
        URI base = URI.create("http://" + host + ":" + listen.substring(colon + 1));
        List<JsonNode> tokens = new ArrayList<>();
        if (ops != null && ops.has("tokens") && ops.get("tokens").isArray()) {
            ops.get("tokens").forEach(tokens::add);
        }
        if (tokens.isEmpty()) {
            throw problem(file, "ops.tokens", "names no token; the API is off (see docs/api.md)");
        }
        JsonNode chosen = null;
        if (tokenName.isPresent()) {
            for (JsonNode t : tokens) {
                if (tokenName.get().equals(t.path("name").asText())) {
                    chosen = t;
                }
            }
            if (chosen == null) {
                throw problem(file, "ops.tokens", "has no token named '" + tokenName.get() + "'");
            }
        } else {
            for (String role : write ? List.of("admin") : List.of("read", "admin")) {
                for (JsonNode t : tokens) {
                    if (chosen == null && role.equals(t.path("role").asText())) {
                        chosen = t;
                    }
                }
            }
            if (chosen == null) {
                throw problem(file, "ops.tokens", "has no " + (write ? "admin" : "read or admin") + " token");
            }
        }
        String name = chosen.path("name").asText();
        if (!chosen.hasNonNull("file")) {
            throw problem(file, "ops.tokens", "the token '" + name + "' names no file");
        }
        Path tokenFile = file.toAbsolutePath().getParent().resolve(chosen.get("file").asText()).normalize();
        String first;
        try {
            first = Files.readAllLines(tokenFile, StandardCharsets.UTF_8).stream().findFirst().orElse("").strip();
        } catch (IOException e) {
            throw problem(file, "ops.tokens", "cannot read the token '" + name + "' from " + tokenFile + ": "
                    + ConfigFields.unreadable(tokenFile).orElse(e.getClass().getSimpleName()));
        }
        if (first.isEmpty()) {
            throw problem(file, "ops.tokens", tokenFile + " is empty");
        }
        return new ApiAccess(base, name, first);
    }

    private static ConfigException problem(Path file, String field, String message) {
        return new ConfigException(List.of(new ConfigProblem(file.toString(), field, message)));
    }

    /**
     * The same token at another address (serve listening behind a tunnel or a proxy, or on a port chosen at start).
     *
     * @param other the base, {@code http://host:port}
     * @return the access
     */
    public ApiAccess withBase(URI other) {
        Objects.requireNonNull(other, "other");
        if (!"http".equals(other.getScheme()) && !"https".equals(other.getScheme()) || other.getHost() == null) {
            throw new IllegalArgumentException("an http:// or https:// address with a host, got '" + other + "'");
        }
        return new ApiAccess(other, tokenName, token);
    }

    /** @return the API's base, {@code http://host:port} */
    public URI base() {
        return base;
    }

    /** @return the name of the token used */
    public String tokenName() {
        return tokenName;
    }

    /** @return the {@code Authorization} header value */
    public String authorization() {
        return "Bearer " + token;
    }

    @Override
    public String toString() {
        return "ApiAccess[" + base + ", token " + tokenName + "]";
    }
}
