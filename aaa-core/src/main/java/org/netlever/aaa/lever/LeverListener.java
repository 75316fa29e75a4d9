package org.netlever.aaa.lever;

import java.time.Duration;

/**
 * Told of every request {@link LeverServer} answered, for metrics: which endpoint, the HTTP status and how long the
 * answer took once the request had arrived (the signature check, the lease bookkeeping and the wait for the disk; not
 * the time the client took to send it). Called on the worker thread after the response is ready; it must be quick and
 * must not throw.
 *
 * <p>Implementations must be thread-safe: requests are answered concurrently.
 */
@FunctionalInterface
public interface LeverListener {

    /** Hears nothing (the default). */
    LeverListener NONE = (endpoint, status, elapsed) -> { };

    /**
     * A request was answered.
     *
     * @param endpoint {@code events} (POST), {@code events_query} (GET), {@code leases}, {@code history} or
     *     {@code unknown} for any other path or method
     * @param status the HTTP status answered
     * @param elapsed from the complete request to the response
     */
    void answered(String endpoint, int status, Duration elapsed);
}
