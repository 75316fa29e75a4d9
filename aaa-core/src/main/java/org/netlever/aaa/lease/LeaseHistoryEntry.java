package org.netlever.aaa.lease;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

import org.netlever.aaa.ip.Ipv4Address;
import org.netlever.option82.MacAddress;

/**
 * One change to an address, from the lease history: who held it after the change (or, for a release, who had it),
 * who had it before a reassignment, and the DHCP event that caused it. Replaying an address's entries in order gives
 * its current lease.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param id the entry's sequence number; per address, in the order the changes committed
 * @param ip the address
 * @param action what happened
 * @param subscriberId the holder after the change; for a freeing action, the holder that was freed
 * @param mac that holder's MAC
 * @param previousSubscriberId for a reassignment, the holder before
 * @param previousMac for a reassignment, the MAC before
 * @param poolId the pool the address is in
 * @param deviceId the device the client came through, if known
 * @param devicePort the port on that device, for switches
 * @param eventId the DHCP event in the event log that caused the change, if any
 * @param eventAt when the DHCP server reported the change
 * @param recordedAt when netlever recorded it
 */
public record LeaseHistoryEntry(long id, Ipv4Address ip, LeaseAction action, String subscriberId,
        Optional<MacAddress> mac, Optional<String> previousSubscriberId, Optional<MacAddress> previousMac,
        Optional<String> poolId, Optional<String> deviceId, OptionalInt devicePort, OptionalLong eventId,
        Instant eventAt, Instant recordedAt) {

    /**
     * Checks that nothing is missing.
     */
    public LeaseHistoryEntry {
        Objects.requireNonNull(ip, "ip");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(subscriberId, "subscriberId");
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(previousSubscriberId, "previousSubscriberId");
        Objects.requireNonNull(previousMac, "previousMac");
        Objects.requireNonNull(poolId, "poolId");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(devicePort, "devicePort");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(eventAt, "eventAt");
        Objects.requireNonNull(recordedAt, "recordedAt");
    }
}
