package org.netlever.aaa.call;

/**
 * Billing's routing for a softswitch (S2.2). Called by {@link CallAaaHandler} on the RADIUS server's worker pool;
 * implementations must be thread-safe and may block.
 */
@FunctionalInterface
public interface CallRouter {

    /**
     * Routes a call.
     *
     * @param request the call and the attempt
     * @return the route, or a refusal
     * @throws Exception to send no answer (the softswitch retries or fails over)
     */
    RouteReply route(RouteRequest request) throws Exception;
}
