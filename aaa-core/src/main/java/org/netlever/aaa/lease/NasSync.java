package org.netlever.aaa.lease;

/**
 * The hook that tells the NAS about a subscriber after its leases change (S1.8): "after the lease is added, the
 * subscriber is synchronised with the NAS, which opens Internet access according to the subscriber's tariff". The
 * billing implements it — push the subscriber's addresses and tariff to the BRAS, send a RADIUS CoA, call an API.
 *
 * <p>{@link NasSyncWorker} calls it on its own thread, never on the DHCP event's: a slow or unreachable NAS never
 * blocks a lease. Throwing any exception means "not done": the request is retried with back-off until it succeeds,
 * and every attempt's outcome is recorded. Implementations must therefore be idempotent — the request carries the
 * subscriber's current leases, so pushing them again is harmless.
 *
 * <p>Implementations must be thread-safe if the worker is given more than one thread.
 */
@FunctionalInterface
public interface NasSync {

    /**
     * Brings the NAS in line with the subscriber.
     *
     * @param request the subscriber's current leases and the changes that caused the call
     * @throws Exception to have the request retried later
     */
    void sync(NasSyncRequest request) throws Exception;
}
