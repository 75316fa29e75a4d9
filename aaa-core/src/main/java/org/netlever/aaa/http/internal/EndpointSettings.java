package org.netlever.aaa.http.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * The checks of an HTTP endpoint's settings, shared by {@code HttpEndpoint.Builder} and the builders that configure
 * one for their own endpoint ({@code LeverServer.Builder}), so that a setting is refused the same way, with the
 * same message, wherever it is set. Stateless and thread-safe.
 */
public final class EndpointSettings {

    private EndpointSettings() {
    }

    /**
     * A timeout, checked.
     *
     * @param value the duration
     * @param what the setting's name, for the message
     * @return the value
     * @throws IllegalArgumentException if it is zero or negative
     * @throws NullPointerException if it is null
     */
    public static Duration positive(Duration value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, got " + value);
        }
        return value;
    }

    /**
     * A thread count, checked.
     *
     * @param value the count
     * @param what the setting's name, for the message
     * @return the value
     * @throws IllegalArgumentException if it is below 1
     */
    public static int positive(int value, String what) {
        if (value < 1) {
            throw new IllegalArgumentException(what + " must be positive, got " + value);
        }
        return value;
    }
}
