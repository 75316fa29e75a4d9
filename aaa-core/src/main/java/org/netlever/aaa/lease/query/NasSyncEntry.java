package org.netlever.aaa.lease.query;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import org.netlever.aaa.ip.Ipv4Address;
import org.netlever.aaa.lease.NasChange;

/**
 * A row of the NAS-sync queue (S1.8): a lease change the NAS must learn about, and how its delivery stands.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id its row
 * @param subscriberId the subscriber
 * @param ip the address that changed
 * @param change assigned or freed
 * @param createdAt when the change was made
 * @param dueAt when it is (next) due, or until when a worker holds it
 * @param attempts how many deliveries finished, failed or not
 * @param status where it stands
 * @param lastError why the last delivery failed, while it is not done
 * @param finishedAt when it was delivered or given up
 */
public record NasSyncEntry(long id, String subscriberId, Ipv4Address ip, NasChange change, Instant createdAt,
        Instant dueAt, int attempts, NasSyncStatus status, Optional<String> lastError, Optional<Instant> finishedAt) {

    /** Checks that nothing is missing. */
    public NasSyncEntry {
        Objects.requireNonNull(subscriberId, "subscriberId");
        Objects.requireNonNull(ip, "ip");
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(dueAt, "dueAt");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(lastError, "lastError");
        Objects.requireNonNull(finishedAt, "finishedAt");
    }
}
