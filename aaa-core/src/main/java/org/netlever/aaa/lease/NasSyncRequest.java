package org.netlever.aaa.lease;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.netlever.aaa.ip.Ipv4Address;

/**
 * A request to bring the NAS in line with a subscriber (S1.8): the subscriber's <em>current</em> leases, read when the
 * request is delivered, and the changes that caused it. Because it carries the current state rather than a delta, a
 * retry or a late delivery can never leave the NAS with an older picture.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param subscriberId the subscriber
 * @param leases the subscriber's leases now; empty when it holds no address
 * @param changes the queued changes this request settles, oldest first
 * @param attempt 1 for the first delivery, more for retries
 */
public record NasSyncRequest(String subscriberId, List<Lease> leases, List<Change> changes, int attempt) {

    /**
     * Copies the lists and checks that nothing is missing.
     */
    public NasSyncRequest {
        Objects.requireNonNull(subscriberId, "subscriberId");
        leases = List.copyOf(leases);
        changes = List.copyOf(changes);
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt starts at 1, got " + attempt);
        }
    }

    /**
     * One queued change. Immutable and thread-safe.
     *
     * @param id its row in the queue
     * @param ip the address that changed
     * @param kind what changed
     * @param at when it was queued
     */
    public record Change(long id, Ipv4Address ip, NasChange kind, Instant at) {
        /** Checks that nothing is missing. */
        public Change {
            Objects.requireNonNull(ip, "ip");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(at, "at");
        }
    }
}
