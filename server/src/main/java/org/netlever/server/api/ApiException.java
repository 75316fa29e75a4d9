package org.netlever.server.api;

import java.util.Objects;
import java.util.Optional;

/**
 * A request the operations API refuses, with the HTTP status, the error code of {@code docs/api.md}, a message that
 * says what is wrong and where, and the parameter or field to blame when there is one. Thrown by route handlers and
 * answered by {@link ApiRouter} as {@code {"error", "message", "field"}}.
 *
 * <p>Immutable; thread-safe.
 */
public final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final String field;

    private ApiException(int status, String code, String message, String field) {
        super(Objects.requireNonNull(message, "message"));
        this.status = status;
        this.code = code;
        this.field = field;
    }

    /**
     * A bad parameter, cursor or body: 400.
     *
     * @param field the parameter or body field to blame
     * @param message what is wrong with it
     * @return the exception
     */
    public static ApiException badRequest(String field, String message) {
        return new ApiException(400, "bad_request", field + ": " + message, field);
    }

    /**
     * A bad request no one field is to blame for: 400.
     *
     * @param message what is wrong
     * @return the exception
     */
    public static ApiException badRequest(String message) {
        return new ApiException(400, "bad_request", message, null);
    }

    /**
     * The one thing asked for does not exist: 404.
     *
     * @param message what was not found
     * @return the exception
     */
    public static ApiException notFound(String message) {
        return new ApiException(404, "not_found", message, null);
    }

    /**
     * A write that conflicts with what is stored: 409.
     *
     * @param message the conflict
     * @return the exception
     */
    public static ApiException conflict(String message) {
        return new ApiException(409, "conflict", message, null);
    }

    static ApiException of(int status, String code, String message) {
        return new ApiException(status, code, message, null);
    }

    /** @return the HTTP status */
    public int status() {
        return status;
    }

    /** @return the error code */
    public String code() {
        return code;
    }

    /** @return the parameter or field to blame */
    public Optional<String> field() {
        return Optional.ofNullable(field);
    }
}
