package org.netlever.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.netlever.examples.cli.Netlever.UsageException;
import org.netlever.server.ApiAccess;
import org.netlever.server.ConfigException;

/**
 * {@code netlever leases|events|calls|pcrf|devices}: the operations API of a running {@code serve}
 * ({@code docs/api.md}) from the command line, with the address and a token from serve's configuration file
 * ({@link ApiAccess}). Prints an aligned table by default and the API's JSON with {@code --json}; {@code --all}
 * follows the pages. Exit status 2 with the API's reason for a refused request (a bad filter, an unknown token, a
 * read token on a write, something not found), 1 when serve cannot be reached.
 *
 * <p>Not thread-safe: one run per instance.
 */
final class ApiCommand {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** A column of a table: its heading and the item field (or {@code a.b} path) it shows. */
    private record Column(String heading, String field) {
    }

    /** What one sub-command lists: the API path, the options it passes as filters, and its columns. */
    private record Listing(String path, List<String> filters, List<Column> columns) {
    }

    private static final Map<String, Listing> LISTINGS = new LinkedHashMap<>();

    static {
        LISTINGS.put("leases", new Listing("/api/v1/leases",
                List.of("ip", "subscriber", "mac", "device", "pool", "state"),
                columns("IP", "ip", "SUBSCRIBER", "subscriber", "MAC", "mac", "DEVICE", "device", "PORT", "port",
                        "POOL", "pool", "STATE", "state", "EXPIRES", "expiresAt")));
        LISTINGS.put("leases history", new Listing("/api/v1/lease-history",
                List.of("ip", "subscriber", "from", "to"),
                columns("RECORDED", "recordedAt", "IP", "ip", "ACTION", "action", "SUBSCRIBER", "subscriber",
                        "MAC", "mac", "DEVICE", "device", "PORT", "port")));
        LISTINGS.put("events", new Listing("/api/v1/dhcp-events",
                List.of("outcome", "source", "ip", "subscriber", "from", "to"),
                columns("ID", "id", "RECEIVED", "receivedAt", "SOURCE", "source", "TYPE", "type", "IP", "ip",
                        "MAC", "mac", "OUTCOME", "outcome", "SUBSCRIBER", "subscriber", "REASON", "reason")));
        LISTINGS.put("calls", new Listing("/api/v1/calls", List.of("key", "subscriber", "from", "to"),
                columns("CHARGED", "chargedAt", "SUBSCRIBER", "subscriber", "CALLED", "called", "SECONDS",
                        "seconds", "CHARGE", "charge", "KEY", "key")));
        LISTINGS.put("calls reservations", new Listing("/api/v1/reservations", List.of("subscriber"),
                columns("CALL", "callId", "SUBSCRIBER", "subscriber", "CALLED", "called", "MINUTES", "minutes",
                        "AMOUNT", "amount", "ANSWERED", "answered", "EXPIRES", "expiresAt")));
        LISTINGS.put("pcrf", new Listing("/api/v1/pcrf/subscribers", List.of("subscriber", "domain", "step", "reauth"),
                columns("SUBSCRIBER", "subscriber", "DOMAIN", "domain", "PLAN", "tariffPlan", "STEP", "step",
                        "SERVICE", "service", "ZONE", "zone", "REAUTH", "reauthPending")));
        LISTINGS.put("pcrf transitions", new Listing("/api/v1/pcrf/transitions", List.of("subscriber", "from", "to"),
                columns("AT", "at", "SUBSCRIBER", "subscriber", "FROM", "fromStep", "TO", "toStep", "REASON",
                        "reason")));
        LISTINGS.put("pcrf coa", new Listing("/api/v1/pcrf/coa", List.of("state"),
                columns("SUBSCRIBER", "subscriber", "STATE", "state", "SINCE", "since", "ATTEMPTS", "attempts",
                        "ERROR", "lastError")));
        LISTINGS.put("devices", new Listing("/api/v1/devices", List.of(),
                columns("ID", "id", "TYPE", "type", "MAC", "mac", "SERIAL", "serial", "HOST", "hostName",
                        "RELAY", "relayAddress", "INTERFACE", "relayInterface")));
    }

    static final String USAGE = """
              leases      the leases a running serve holds, from its API (docs/api.md):
                            netlever leases [--ip A] [--subscriber S] [--mac M] [--device D] [--pool P]
                                            [--state active|expired]
                            netlever leases history [--ip A] [--subscriber S] [--from T] [--to T]
              events      DHCP events with their outcomes and reasons, newest first:
                            netlever events [--outcome O] [--source S] [--ip A] [--subscriber S] [--from T] [--to T]
              calls       charged calls, newest first, and the credit held for calls in progress:
                            netlever calls [--key K] [--subscriber S] [--from T] [--to T]
                            netlever calls reservations [--subscriber S]
              pcrf        PCRF subscribers (step, service), their transitions, the services-reauth CoA owed:
                            netlever pcrf [--subscriber S] [--domain D] [--step N] [--reauth pending]
                            netlever pcrf transitions [--subscriber S] [--from T] [--to T]
                            netlever pcrf coa [--state owed|failed]
              devices     the reference billing's devices; get, put (admin token) and delete (admin token) one:
                            netlever devices
                            netlever devices get ID
                            netlever devices put ID --body '{"type":"dlink-switch","mac":"f8:e9:03:e7:55:a6"}'
                            netlever devices put ID --file device.json
                            netlever devices delete ID
                          options of these five: --config FILE  serve's configuration (default
                                                                $NETLEVER_CONFIG, else server/config/netlever.yaml)
                                                 --token NAME   the ops.tokens entry to use (default: the first
                                                                read token; an admin one to write)
                                                 --url U        the API's address when not ops.listen's
                                                                (http://127.0.0.1:9464)
                                                 --limit N      rows per page (1-1000, default 50)
                                                 --cursor C     start at the page a previous --json answer's next names
                                                 --all          follow every page
                                                 --json         the API's JSON instead of a table
                          T is an instant such as 2026-12-01T10:00:00Z
            """;

    private final PrintStream out;
    private final PrintStream err;
    private Optional<String> url = Optional.empty();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ApiCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    private static List<Column> columns(String... pairs) {
        List<Column> out = new ArrayList<>();
        for (int i = 0; i < pairs.length; i += 2) {
            out.add(new Column(pairs[i], pairs[i + 1]));
        }
        return out;
    }

    int run(String command, String[] args) {
        List<String> words = new ArrayList<>();
        Map<String, String> options = new LinkedHashMap<>();
        boolean json = false;
        boolean all = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--json")) {
                json = true;
            } else if (a.equals("--all")) {
                all = true;
            } else if (a.startsWith("--")) {
                if (i + 1 >= args.length) {
                    throw new UsageException(a + " needs a value");
                }
                if (options.put(a.substring(2), args[++i]) != null) {
                    throw new UsageException(a + " given twice");
                }
            } else {
                words.add(a);
            }
        }
        Path config = Path.of(Optional.ofNullable(options.remove("config"))
                .or(() -> Optional.ofNullable(System.getenv("NETLEVER_CONFIG")))
                .orElse("server/config/netlever.yaml"));
        Optional<String> tokenName = Optional.ofNullable(options.remove("token"));
        url = Optional.ofNullable(options.remove("url"));
        if (command.equals("devices") && !words.isEmpty() && !words.get(0).equals("list")) {
            return device(words, options, config, tokenName);
        }
        String key = words.isEmpty() || words.get(0).equals("list") ? command : command + " " + words.get(0);
        Listing listing = LISTINGS.get(key);
        if (listing == null || words.size() > 1) {
            throw new UsageException("unknown '" + String.join(" ", words) + "' for " + command
                    + "; try 'netlever help'");
        }
        Map<String, String> query = new LinkedHashMap<>();
        for (Map.Entry<String, String> o : options.entrySet()) {
            if (!listing.filters.contains(o.getKey()) && !List.of("limit", "cursor").contains(o.getKey())) {
                throw new UsageException("unknown option '--" + o.getKey() + "' for '" + key + "'; it takes "
                        + (listing.filters.isEmpty() ? "" : "--" + String.join(", --", listing.filters) + ", ")
                        + "--limit, --cursor, --all, --json, --config, --token, --url");
            }
            query.put(o.getKey(), o.getValue());
        }
        ApiAccess access = access(config, tokenName, false);
        ArrayNode items = JSON.createArrayNode();
        JsonNode next;
        do {
            JsonNode page = call(access, "GET", listing.path + encode(query), null);
            page.path("items").forEach(items::add);
            next = page.path("next");
            if (next.isTextual()) {
                query.put("cursor", next.asText());
            }
        } while (all && next.isTextual());
        if (json) {
            ObjectNode page = JSON.createObjectNode();
            page.set("items", items);
            page.set("next", next.isTextual() ? next : JSON.nullNode());
            print(page);
        } else {
            out.print(Table.of(listing.columns.stream().map(Column::heading).toList(), rows(items, listing.columns)));
            if (next.isTextual()) {
                err.println("more: --cursor " + next.asText() + "  (or --all)");
            }
        }
        return Netlever.OK;
    }

    private int device(List<String> words, Map<String, String> options, Path config, Optional<String> tokenName) {
        String verb = words.get(0);
        if (words.size() != 2) {
            throw new UsageException("devices " + verb + " takes one device id; try 'netlever help'");
        }
        String path = "/api/v1/devices/" + URLEncoder.encode(words.get(1), StandardCharsets.UTF_8).replace("+", "%20");
        switch (verb) {
            case "get" -> {
                refuseOptions(options, verb);
                print(call(access(config, tokenName, false), "GET", path, null));
            }
            case "put" -> {
                String body = body(options);
                print(call(access(config, tokenName, true), "PUT", path, body));
            }
            case "delete" -> {
                refuseOptions(options, verb);
                call(access(config, tokenName, true), "DELETE", path, null);
                out.println("deleted device " + words.get(1));
            }
            default -> throw new UsageException("unknown 'devices " + verb + "'; devices takes get, put, delete");
        }
        return Netlever.OK;
    }

    private static void refuseOptions(Map<String, String> options, String verb) {
        if (!options.isEmpty()) {
            throw new UsageException("devices " + verb + " takes no option --" + options.keySet().iterator().next());
        }
    }

    private static String body(Map<String, String> options) {
        String inline = options.remove("body");
        String file = options.remove("file");
        if (!options.isEmpty()) {
            throw new UsageException("devices put takes --body or --file, not --" + options.keySet().iterator().next());
        }
        if ((inline == null) == (file == null)) {
            throw new UsageException("devices put needs the device as --body JSON or --file FILE (one of them)");
        }
        String text;
        try {
            text = inline != null ? inline : Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UsageException("cannot read " + file + ": " + e.getMessage());
        }
        try {
            JsonNode node = JSON.readTree(text);
            if (node == null || !node.isObject()) {
                throw new UsageException("the device must be a JSON object");
            }
            return JSON.writeValueAsString(node);
        } catch (IOException e) {
            throw new UsageException("the device is not JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    private ApiAccess access(Path config, Optional<String> tokenName, boolean write) {
        ApiAccess access;
        try {
            access = ApiAccess.fromConfig(config, tokenName, write);
        } catch (ConfigException e) {
            throw new UsageException(e.problems().get(0).toString());
        }
        try {
            return url.map(u -> access.withBase(URI.create(u))).orElse(access);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--url: " + e.getMessage());
        }
    }

    private JsonNode call(ApiAccess access, String method, String pathAndQuery, String body) {
        URI uri = access.base().resolve(pathAndQuery);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Authorization", access.authorization()).header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException | HttpTimeoutException e) {
            throw new Unreachable("cannot reach serve's API at " + access.base() + " (" + e.getClass().getSimpleName()
                    + "); is serve running with this configuration?");
        } catch (IOException e) {
            throw new Unreachable("the API at " + access.base() + " failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable("interrupted");
        }
        JsonNode answer;
        try {
            answer = response.body().isEmpty() ? JSON.missingNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new Unreachable("the API at " + access.base() + " answered " + response.statusCode()
                    + " with something that is not JSON");
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return answer;
        }
        String reason = answer.path("message").asText("HTTP " + status);
        String field = answer.path("field").isTextual() ? " (--" + answer.path("field").asText() + ")" : "";
        if (status >= 500) {
            throw new Unreachable("serve answered " + status + ": " + reason);
        }
        throw new UsageException(status + " " + answer.path("error").asText("") + ": " + reason + field
                + (status == 401 || status == 403 ? " [token '" + access.tokenName() + "']" : ""));
    }

    private void print(JsonNode node) {
        try {
            out.println(JSON.writeValueAsString(node));
        } catch (IOException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    private static String encode(Map<String, String> query) {
        StringBuilder s = new StringBuilder();
        for (Map.Entry<String, String> e : query.entrySet()) {
            s.append(s.length() == 0 ? '?' : '&').append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8))
                    .append('=').append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
        }
        return s.toString();
    }

    private static List<List<String>> rows(ArrayNode items, List<Column> columns) {
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode item : items) {
            List<String> row = new ArrayList<>();
            for (Column c : columns) {
                JsonNode v = item.path(c.field);
                row.add(v.isMissingNode() || v.isNull() ? "-" : v.isValueNode() ? v.asText() : v.toString());
            }
            rows.add(row);
        }
        return rows;
    }

    /** serve could not be reached or failed: exit status 1. */
    static final class Unreachable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unreachable(String message) {
            super(message);
        }
    }
}
