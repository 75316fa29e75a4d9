package org.netlever.server.api;

/**
 * A group of routes of the operations API (leases, billing, PCRF, administration …), registered with the router
 * once the parts it reads are started.
 *
 * <p>Implementations are thread-safe: their handlers run on the operations endpoint's threads.
 */
public interface ApiModule {

    /**
     * Registers the module's routes.
     *
     * @param router the router
     */
    void register(ApiRouter router);
}
