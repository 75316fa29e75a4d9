package org.netlever.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The field-level half of reading a configuration: typed values out of a JSON tree, each problem collected as
 * {@code file: field: reason} instead of thrown, so the reader reports every problem at once. Paths in the file are
 * relative to its directory. Not thread-safe: one per read.
 */
final class ConfigFields {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Path dir;
    private final List<ConfigProblem> problems = new ArrayList<>();

    ConfigFields(Path file) {
        this.file = file;
        this.dir = file.getParent();
    }

    /** The configuration file's directory, which relative paths are resolved against. */
    Path dir() {
        return dir;
    }

    /** The problems so far. */
    List<ConfigProblem> problems() {
        return problems;
    }

    void problem(String field, String reason) {
        problems.add(new ConfigProblem(file.toString(), field, reason));
    }

    /** A problem in another file the configuration names (the PCRF definitions). */
    void problem(Path source, String field, String reason) {
        problems.add(new ConfigProblem(source.toString(), field, reason));
    }

    JsonNode section(JsonNode root, String name) {
        JsonNode node = root.get(name);
        if (node == null || node.isNull()) {
            return JSON.createObjectNode();
        }
        if (!node.isObject()) {
            problem(name, "a mapping, got " + node.getNodeType().toString().toLowerCase(Locale.ROOT));
            return JSON.createObjectNode();
        }
        return node;
    }

    void known(JsonNode node, String path, String... fields) {
        Set<String> allowed = Set.of(fields);
        node.fieldNames().forEachRemaining(field -> {
            if (!field.startsWith("_") && !allowed.contains(field)) {
                problem(path.isEmpty() ? field : path + "." + field, "unknown field; expected one of "
                        + new TreeSet<>(allowed));
            }
        });
    }

    /**
     * An enum constant by its exact name, or the fallback when absent.
     *
     * @param meaning each constant's meaning, for the problem when the name is none of them
     */
    <E extends Enum<E>> E enumeration(JsonNode node, String path, String field, Class<E> type, E fallback,
            String meaning) {
        JsonNode value = node.get(field);
        // YAML 1.1 reads an unquoted OFF (or ON) as a boolean; mean the constant the operator wrote.
        Optional<String> name = value != null && value.isBoolean()
                ? Optional.of(value.booleanValue() ? "ON" : "OFF") : text(node, path, field);
        if (name.isEmpty()) {
            return fallback;
        }
        try {
            return Enum.valueOf(type, name.get());
        } catch (IllegalArgumentException e) {
            problem(path + "." + field, meaning + ", got '" + name.get() + "'");
            return fallback;
        }
    }

    /** A list of non-empty texts; empty when absent. */
    List<String> texts(JsonNode node, String path, String field) {
        JsonNode array = node.get(field);
        List<String> out = new ArrayList<>();
        if (array == null || array.isNull()) {
            return out;
        }
        if (!array.isArray()) {
            problem(path + "." + field, "a list of texts");
            return out;
        }
        for (int i = 0; i < array.size(); i++) {
            JsonNode item = array.get(i);
            if (!item.isValueNode() || item.isNull() || item.asText().isBlank()) {
                problem(path + "." + field + "[" + i + "]", "a non-empty text");
            } else {
                out.add(item.asText());
            }
        }
        return out;
    }

    /** A nested mapping, or an empty one when absent (so its defaults apply). */
    JsonNode object(JsonNode node, String path, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return JSON.createObjectNode();
        }
        if (!value.isObject()) {
            problem(path + "." + field, "a mapping, got " + value.getNodeType().toString().toLowerCase(Locale.ROOT));
            return JSON.createObjectNode();
        }
        return value;
    }

    /** A path the configuration names, relative to its directory. */
    Path resolve(String name) {
        return dir.resolve(name).toAbsolutePath().normalize();
    }

    <T> List<T> each(JsonNode node, String path, String field, BiFunction<JsonNode, String, T> item) {
        JsonNode array = node.get(field);
        List<T> out = new ArrayList<>();
        String base = path.isEmpty() ? field : path + "." + field; // a top-level list: followers
        if (array == null || array.isNull()) {
            return out;
        }
        if (!array.isArray()) {
            problem(base, "a list");
            return out;
        }
        for (int i = 0; i < array.size(); i++) {
            String at = base + "[" + i + "]";
            if (!array.get(i).isObject()) {
                problem(at, "a mapping");
                continue;
            }
            T value = item.apply(array.get(i), at);
            if (value != null) {
                out.add(value);
            }
        }
        return out;
    }

    Optional<String> text(JsonNode node, String path, String field) {
        JsonNode value = node.path(field);
        if (value instanceof MissingNode || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isValueNode() || value.asText().isBlank()) {
            problem(path + "." + field, "a non-empty text");
            return Optional.empty();
        }
        return Optional.of(value.asText());
    }

    String required(JsonNode node, String path, String field) {
        Optional<String> value = text(node, path, field);
        if (value.isEmpty() && (node.get(field) == null || node.get(field).isNull())) {
            problem(path + "." + field, "required");
        }
        return value.orElse(null);
    }

    <T> T parsed(JsonNode node, String path, String field, Function<String, T> parser) {
        String text = required(node, path, field);
        if (text == null) {
            return null;
        }
        try {
            return parser.apply(text);
        } catch (RuntimeException e) {
            problem(path + "." + field, e.getMessage());
            return null;
        }
    }

    BigDecimal decimal(JsonNode node, String path, String field) {
        JsonNode value = node.get(field);
        if (value == null) {
            problem(path + "." + field, "required");
            return null;
        }
        try {
            return new BigDecimal(value.asText());
        } catch (NumberFormatException e) {
            problem(path + "." + field, "a decimal number, got '" + value.asText() + "'");
            return null;
        }
    }

    /** A whole number of the full 64-bit range (an advisory lock's key), or the fallback when absent. */
    long longNumber(JsonNode node, String path, String field, long fallback) {
        JsonNode value = node.get(field);
        if (value == null) {
            return fallback;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            problem(path + "." + field, "a whole number from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE + ", got '"
                    + value.asText() + "'");
            return fallback;
        }
        return value.longValue();
    }

    int integer(JsonNode node, String path, String field, int fallback, int min, int max) {
        JsonNode value = node.get(field);
        if (value == null) {
            return fallback;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber() && !value.asText().matches("-?\\d+")) {
            problem(path + "." + field, "a whole number from " + min + " to " + max + ", got '" + value.asText()
                    + "'");
            return fallback;
        }
        int n = value.isIntegralNumber() ? value.intValue() : Integer.parseInt(value.asText());
        if (n < min || n > max) {
            problem(path + "." + field, "from " + min + " to " + max + ", got " + n);
            return fallback;
        }
        return n;
    }

    Duration duration(JsonNode node, String path, String field, Duration fallback) {
        JsonNode value = node.get(field);
        if (value == null) {
            return fallback;
        }
        Duration d = null;
        if (value.isIntegralNumber()) {
            d = Duration.ofSeconds(value.longValue());
        } else {
            try {
                d = Duration.parse(value.asText());
            } catch (DateTimeParseException e) {
                problem(path + "." + field, "an ISO-8601 duration like PT30S or whole seconds, got '"
                        + value.asText() + "'");
                return fallback;
            }
        }
        if (d.isNegative() || d.isZero()) {
            problem(path + "." + field, "positive, got " + d);
            return fallback;
        }
        return d;
    }

    InetSocketAddress address(JsonNode node, String path, String field, String fallback) {
        String text = node.get(field) == null ? fallback : text(node, path, field).orElse(null);
        if (text == null) {
            return null;
        }
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            problem(path + "." + field, "host:port, got '" + text + "'");
            return null;
        }
        String host = text.substring(0, colon).replace("[", "").replace("]", "");
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            problem(path + "." + field, text.substring(colon + 1).matches("\\d+")
                    ? "a port from 0 to 65535, got " + text.substring(colon + 1)
                    : "host:port with a numeric port, got '" + text + "'");
            return null;
        }
        if (port < 0 || port > 65_535) {
            problem(path + "." + field, "a port from 0 to 65535, got " + port);
            return null;
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            problem(path + "." + field, "unknown host '" + host + "'");
            return null;
        }
    }

    /** A secret's text from a file relative to the configuration; never echoed in a problem. */
    String secretText(String field, String name) {
        Path path = dir.resolve(name).normalize();
        try {
            String text = Files.readString(path, StandardCharsets.UTF_8).strip();
            if (text.isEmpty()) {
                problem(field, path + " is empty");
                return null;
            }
            return text;
        } catch (IOException e) {
            problem(field, "cannot read " + path + ": " + unreadable(path).orElse(e.getClass().getSimpleName()));
            return null;
        }
    }

    /** Why a file the configuration names cannot be read, in words; empty if it can. */
    static Optional<String> unreadable(Path path) {
        if (!Files.exists(path)) {
            return Optional.of("no such file");
        }
        if (Files.isDirectory(path)) {
            return Optional.of("a directory, not a file");
        }
        if (!Files.isReadable(path)) {
            return Optional.of("permission denied");
        }
        return Optional.empty();
    }
}
