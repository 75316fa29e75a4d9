package org.netlever.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.netlever.server.BillingEntries;
import org.netlever.server.ConfigException;
import org.netlever.server.ConfigProblem;

/**
 * The bodies of the admin API's writes: a {@code billing} entry as the configuration writes it, the key in the path
 * put in (a different one in the body is refused), {@code null} fields taken as absent (so what a {@code GET}
 * answered can be sent back), then read by {@link BillingEntries} — the configuration reader's own code — whose
 * problems become a {@code 400} naming the field ({@code mac}, {@code attributes[0]}).
 *
 * <p>Thread-safe: stateless.
 */
final class AdminBodies {

    private AdminBodies() {
    }

    /**
     * Reads a request's body as an entry.
     *
     * @param request the request
     * @param keyField the entry's key field ({@code id}, or {@code prefix} for a call tariff)
     * @param key the key the path names
     * @param maxKey how many characters the key's column holds
     * @param reader the entry's reader
     * @param <T> the entry type
     * @return the entry
     * @throws ApiException {@code 400} for a body that is not such an entry
     */
    static <T> T entry(ApiRequest request, String keyField, String key, int maxKey, Function<JsonNode, T> reader) {
        if (key.length() > maxKey) {
            throw ApiException.badRequest(keyField, "at most " + maxKey + " characters, got " + key.length());
        }
        ObjectNode body = ((ObjectNode) request.json()).deepCopy();
        List<String> nulls = new ArrayList<>();
        body.fieldNames().forEachRemaining(f -> {
            if (body.get(f).isNull()) {
                nulls.add(f);
            }
        });
        body.remove(nulls);
        JsonNode given = body.get(keyField);
        if (given != null && !(given.isValueNode() && given.asText().equals(key))) {
            throw ApiException.badRequest(keyField, "the path names '" + key + "', the body '" + given.asText()
                    + "'; the path's " + keyField + " wins, so leave it out of the body or give the same");
        }
        body.put(keyField, key);
        try {
            return reader.apply(body);
        } catch (ConfigException e) {
            throw refusal(e.problems());
        }
    }

    /** The problems of an entry as one {@code 400}: the first one's field to blame, every reason in the message. */
    static ApiException refusal(List<ConfigProblem> problems) {
        String prefix = BillingEntries.BODY + ".";
        ConfigProblem first = problems.get(0);
        String message = problems.stream().map(p -> (p.field().startsWith(prefix) ? p.field()
                .substring(prefix.length()) + ": " : "") + p.reason()).collect(Collectors.joining("; "));
        if (!first.field().startsWith(prefix)) {
            return ApiException.badRequest(message);
        }
        String field = first.field().substring(prefix.length());
        String rest = message.substring(field.length() + 2);
        return ApiException.badRequest(field, rest);
    }
}
