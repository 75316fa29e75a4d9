package org.netlever.aaa.lease;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

import org.netlever.aaa.ip.Ipv4Address;
import org.netlever.option82.MacAddress;

/**
 * An address held by a subscriber (S1.3): who holds it, with which MAC, from which pool, through which device and
 * port, since when, and until when.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param ip the address
 * @param subscriberId the holder
 * @param mac the client MAC, or empty for an allocated address
 * @param origin DHCP or the allocator
 * @param poolId the pool the address is in
 * @param deviceId the device the client came through, for DHCP leases
 * @param devicePort the port on that device, for switches
 * @param createdAt when this holder got the address
 * @param renewedAt when the lease was last confirmed
 * @param expiresAt when the DHCP lease runs out, if the server said
 * @param eventAt when the DHCP server reported the latest change (older events are stale)
 */
public record Lease(Ipv4Address ip, String subscriberId, Optional<MacAddress> mac, LeaseOrigin origin, String poolId,
        Optional<String> deviceId, OptionalInt devicePort, Instant createdAt, Instant renewedAt,
        Optional<Instant> expiresAt, Instant eventAt) {

    /**
     * Checks that nothing is missing.
     */
    public Lease {
        Objects.requireNonNull(ip, "ip");
        Objects.requireNonNull(subscriberId, "subscriberId");
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(poolId, "poolId");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(devicePort, "devicePort");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(renewedAt, "renewedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(eventAt, "eventAt");
    }
}
