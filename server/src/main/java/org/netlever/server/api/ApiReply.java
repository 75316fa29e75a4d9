package org.netlever.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.Optional;

/**
 * What a route answers: a status and, except for {@code 204}, a JSON body.
 *
 * <p>Immutable; thread-safe when its body is not changed afterwards.
 *
 * @param status the HTTP status
 * @param body the JSON body; empty for {@code 204}
 */
public record ApiReply(int status, Optional<JsonNode> body) {

    /** Checks the fields. */
    public ApiReply {
        Objects.requireNonNull(body, "body");
        if (status < 200 || status > 299) {
            throw new IllegalArgumentException("a route answers 2xx and throws ApiException otherwise, got " + status);
        }
    }

    /**
     * {@code 200} with a body.
     *
     * @param body the body
     * @return the reply
     */
    public static ApiReply ok(JsonNode body) {
        return new ApiReply(200, Optional.of(body));
    }

    /** @return {@code 204}, no body */
    public static ApiReply noContent() {
        return new ApiReply(204, Optional.empty());
    }
}
