package org.netlever.aaa.lease;

/**
 * A source of lease events that netlever reads itself — a DHCP server's lease file or lease database — instead of a
 * process the DHCP server starts per lease (issue 14, S1.1–S1.3). A follower delivers every commit, renewal, release
 * and expiry to a {@link LeaseService} exactly once: each event carries a source event id derived from the lease
 * record, so an event read twice (after a restart, or a file the server rewrote) is a duplicate the event log
 * already holds; its read position is kept in {@link FollowerPositions} so that a restart resumes where it stopped.
 *
 * <p>Implementations are thread-safe: {@link #start()} and {@link #close()} may be called from any thread; the
 * follower reads on threads of its own.
 */
public interface LeaseFollower extends AutoCloseable {

    /**
     * The follower's name: unique per installation, the key of its stored position.
     *
     * @return e.g. {@code dhcpd-leases:/var/lib/dhcp/dhcpd.leases}
     */
    String name();

    /**
     * Starts reading from the stored position (or the beginning). Returns at once.
     *
     * @throws IllegalStateException if already started or closed
     */
    void start();

    /**
     * How many events this follower has handed to the lease service since it started, whatever their outcome.
     *
     * @return the count
     */
    long eventsDelivered();

    /** Stops reading; events already handed over are finished first. Idempotent. */
    @Override
    void close();
}
