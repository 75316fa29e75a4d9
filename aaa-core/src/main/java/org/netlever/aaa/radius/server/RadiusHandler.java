package org.netlever.aaa.radius.server;

/**
 * What billing plugs into a {@link RadiusServer}: answers verified Access-Requests and Accounting-Requests.
 *
 * <p>The server calls it on its bounded worker pool, never on the network thread, so it may block on a database.
 * Implementations must be thread-safe: the pool calls it concurrently. Throwing an exception sends nothing (the
 * client retries); the server counts and logs it. Status-Server is answered by the server itself and never reaches
 * the handler.
 */
@FunctionalInterface
public interface RadiusHandler {

    /**
     * Answers a request.
     *
     * @param request the verified request
     * @return the reply, or {@link RadiusReply#discard(String)}
     * @throws Exception to send nothing
     */
    RadiusReply handle(RadiusRequest request) throws Exception;
}
