package org.netlever.aaa.call;

/**
 * Billing's call authorization for a softswitch (S2.3). Called by {@link CallAaaHandler} on the RADIUS server's
 * worker pool; implementations must be thread-safe and may block.
 */
@FunctionalInterface
public interface CallAuthorizer {

    /**
     * Decides whether A may call B.
     *
     * @param request the call
     * @return the decision
     * @throws Exception to send no answer (the softswitch retries or fails over)
     */
    AuthorizationDecision authorize(AuthorizationRequest request) throws Exception;
}
