package org.netlever.server.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * One keyset page of a list: its items and where the next page starts. Queries fetch {@code limit + 1} rows;
 * {@link #of} keeps {@code limit} of them and makes the cursor of the last kept one when there was one more.
 *
 * <p>Immutable and thread-safe when its items are.
 *
 * @param items the items of this page
 * @param next where the next page starts; empty on the last page
 * @param <T> the item type
 */
public record Page<T>(List<T> items, Optional<Cursor> next) {

    /** Checks the fields. */
    public Page {
        items = List.copyOf(items);
        Objects.requireNonNull(next, "next");
    }

    /**
     * A page from {@code limit + 1} fetched rows.
     *
     * @param fetched the rows a query returned with {@code LIMIT limit + 1}, in page order
     * @param limit the page size
     * @param key the cursor of a row: its sort key
     * @param <T> the item type
     * @return the page
     */
    public static <T> Page<T> of(List<T> fetched, int limit, Function<T, Cursor> key) {
        if (fetched.size() <= limit) {
            return new Page<>(fetched, Optional.empty());
        }
        List<T> kept = fetched.subList(0, limit);
        return new Page<>(kept, Optional.of(key.apply(kept.get(limit - 1))));
    }

    /**
     * The page as the API answers it: {@code {"items": [...], "next": "..." | null}}.
     *
     * @param item an item's JSON
     * @return the JSON
     */
    public ObjectNode toJson(Function<T, ? extends com.fasterxml.jackson.databind.JsonNode> item) {
        ObjectNode out = Json.object();
        ArrayNode array = out.putArray("items");
        for (T t : items) {
            array.add(item.apply(t));
        }
        out.put("next", next.map(Cursor::encode).orElse(null));
        return out;
    }
}
