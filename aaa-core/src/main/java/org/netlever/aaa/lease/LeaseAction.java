package org.netlever.aaa.lease;

/**
 * A change recorded in the lease history.
 *
 * <p>Thread-safe (an enum).
 */
public enum LeaseAction {
    /** A free address was given to a subscriber by DHCP. */
    ASSIGN(true),
    /** The same subscriber and MAC renewed the address. */
    RENEW(true),
    /** The address moved to another subscriber or MAC; the history row names both. */
    REASSIGN(true),
    /** The client released the address. */
    RELEASE(false),
    /** The lease expired. */
    EXPIRE(false),
    /** The client declined the address. */
    DECLINE(false),
    /** The allocator handed the address out. */
    ALLOCATE(true),
    /** An allocated address was given back. */
    FREE(false);

    private final boolean holds;

    LeaseAction(boolean holds) {
        this.holds = holds;
    }

    /**
     * Whether the address is held after this action.
     *
     * @return {@code true} for assign, renew, reassign and allocate
     */
    public boolean holds() {
        return holds;
    }
}
