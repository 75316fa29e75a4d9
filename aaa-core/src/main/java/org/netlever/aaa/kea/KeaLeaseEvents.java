package org.netlever.aaa.kea;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import org.netlever.aaa.dhcp.DhcpEvent;
import org.netlever.aaa.dhcp.DhcpEventType;
import org.netlever.aaa.dhcp.EventSource;

/**
 * Which lease event a change to one of Kea's {@code lease4} rows is — the rules both Kea followers apply.
 *
 * <table>
 *   <caption>Rules (Kea 2.2, checked against kea-dhcp4 2.2.0 in the followers' end-to-end tests)</caption>
 *   <tr><th>row</th><th>event</th><th>at</th></tr>
 *   <tr><td>state 0 (default), valid lifetime &gt; 0</td><td>{@link DhcpEventType#COMMIT} with the MAC, host name,
 *       lease time and the user context's Option 82</td><td>cltt</td></tr>
 *   <tr><td>state 1 (declined)</td><td>{@link DhcpEventType#DECLINE}</td><td>cltt (Kea sets it at the
 *       decline)</td></tr>
 *   <tr><td>state 2 (expired-reclaimed), kept or deleted</td><td>{@link DhcpEventType#EXPIRY}</td>
 *       <td>expire</td></tr>
 *   <tr><td>state 0, deleted — the memfile appends the lease with valid lifetime 0, PostgreSQL deletes the row —
 *       while the lease netlever holds has not yet run out</td><td>{@link DhcpEventType#RELEASE}</td><td>the change's
 *       time if the source stamps it (not before the row's cltt), else cltt</td></tr>
 *   <tr><td>the same, once the held lease has run out (an expiry Kea reclaimed with {@code hold-reclaimed-time} 0,
 *       which deletes at once)</td><td>{@link DhcpEventType#EXPIRY}</td><td>the held lease's expiry</td></tr>
 *   <tr><td>state 1, deleted (a declined address recovered after its probation), other states</td><td>none</td>
 *       <td></td></tr>
 * </table>
 * Kea's default {@code hold-reclaimed-time} (3600 s) writes an expiry as state 2 and tells it apart from a release
 * exactly; with 0 the follower can only tell by the held lease's expiry, so a release read after the released lease
 * would have run out (a follower catching up) is recorded as an expiry. Either frees the address.
 *
 * <p>Thread-safe (no state).
 */
public final class KeaLeaseEvents {

    private KeaLeaseEvents() {
    }

    /**
     * The event of a row change.
     *
     * @param row the row: after the change, or as it was when deleted
     * @param deleted whether the change removed the lease (a memfile row with valid lifetime 0, a PostgreSQL delete)
     * @param source the follower's event source
     * @param sourceEventId the change's id, deterministic for the change (1 to 64 characters)
     * @param changedAt when the change was made, if the source says (PostgreSQL's outbox does, the memfile does not)
     * @param heldUntil when the lease netlever holds for the address runs out, if it holds one
     * @param now the follower's clock
     * @return the event, or empty if the change is not a billing event
     */
    public static Optional<DhcpEvent> event(KeaLease4 row, boolean deleted, EventSource source, String sourceEventId,
            Optional<Instant> changedAt, Optional<Instant> heldUntil, Instant now) {
        Objects.requireNonNull(row, "row");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(changedAt, "changedAt");
        Objects.requireNonNull(heldUntil, "heldUntil");
        Objects.requireNonNull(now, "now");
        Instant cltt = Instant.ofEpochSecond(row.cltt());
        Instant expire = Instant.ofEpochSecond(row.expire());
        DhcpEvent.Builder b;
        if (row.state() == KeaLease4.STATE_EXPIRED_RECLAIMED) {
            b = DhcpEvent.builder(DhcpEventType.EXPIRY, row.address(), source, expire);
        } else if (row.state() == KeaLease4.STATE_DECLINED) {
            if (deleted) {
                return Optional.empty();
            }
            b = DhcpEvent.builder(DhcpEventType.DECLINE, row.address(), source, cltt);
        } else if (row.state() != KeaLease4.STATE_DEFAULT) {
            return Optional.empty();
        } else if (deleted || row.validLifetime() == 0) {
            // Never before the lease's last commit as the row itself says: Kea's clock and the database's may differ.
            Instant changed = changedAt.filter(c -> !c.isBefore(cltt)).orElse(cltt);
            Optional<Instant> ranOut = heldUntil.filter(until -> !until.isAfter(changedAt.orElse(now)));
            b = ranOut.isPresent()
                    ? DhcpEvent.builder(DhcpEventType.EXPIRY, row.address(), source, ranOut.get())
                    : DhcpEvent.builder(DhcpEventType.RELEASE, row.address(), source, changed);
        } else {
            b = DhcpEvent.builder(DhcpEventType.COMMIT, row.address(), source, cltt)
                    .leaseTime(Duration.ofSeconds(row.validLifetime()));
            row.relayAgentInformation().ifPresent(b::option82);
            if (!row.hostname().isEmpty()) {
                b.hostname(row.hostname());
            }
        }
        row.hwaddr().ifPresent(b::clientMac);
        return Optional.of(b.sourceEventId(sourceEventId).build());
    }
}
