package org.netlever.aaa.lease.query;

import java.util.Locale;

/**
 * Where a NAS-sync row stands: waiting ({@code pending}, also between retries), claimed by a worker delivering it
 * ({@code in_progress}; a worker that dies leaves it so until the claim times out and another takes it), delivered
 * ({@code done}), or given up after the worker's most attempts ({@code failed}; stored as {@code abandoned}).
 *
 * <p>Thread-safe (an enum).
 */
public enum NasSyncStatus {
    /** Due now or at its next retry. */
    PENDING("pending"),
    /** Claimed by a worker. */
    IN_PROGRESS("in_progress"),
    /** Delivered. */
    DONE("done"),
    /** Given up. */
    FAILED("abandoned");

    private final String stored;

    NasSyncStatus(String stored) {
        this.stored = stored;
    }

    /** @return the lower-case name, as the API writes it ({@code in_progress}) */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return the value in the {@code nas_sync.status} column */
    public String stored() {
        return stored;
    }

    /**
     * The status a {@code nas_sync.status} value stands for.
     *
     * @param stored the column's value
     * @return the status
     * @throws IllegalArgumentException for a value no status is stored as
     */
    public static NasSyncStatus ofStored(String stored) {
        for (NasSyncStatus s : values()) {
            if (s.stored.equals(stored)) {
                return s;
            }
        }
        throw new IllegalArgumentException("no NAS-sync status is stored as '" + stored + "'");
    }
}
