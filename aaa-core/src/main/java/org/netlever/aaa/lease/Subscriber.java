package org.netlever.aaa.lease;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * A subscriber account as billing reports it for DHCP authorization (S1.6–S1.7): who it is, the device port it is
 * bound to on a switch, which kind of IP pool its addresses come from, whether it gets dynamic addresses at all, and
 * whether access is allowed (a paid-up, unblocked account).
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param id billing's identifier of the account
 * @param devicePort the port on its device, for subscribers on switches; empty for PON terminals
 * @param poolKind the {@link org.netlever.aaa.ip.IpPool#kind() kind} of pool its addresses must come from
 * @param dynamicIp whether the account gets addresses by DHCP
 * @param accessAllowed whether the account may have access now
 */
public record Subscriber(String id, OptionalInt devicePort, String poolKind, boolean dynamicIp,
        boolean accessAllowed) {

    /**
     * Validates the fields.
     *
     * @throws IllegalArgumentException if the id or pool kind is blank, or the port is below 1
     */
    public Subscriber {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(devicePort, "devicePort");
        Objects.requireNonNull(poolKind, "poolKind");
        if (id.isBlank() || id.length() > 128) {
            throw new IllegalArgumentException("a subscriber id has 1 to 128 characters, got '" + id + "'");
        }
        if (poolKind.isBlank()) {
            throw new IllegalArgumentException("subscriber " + id + ": the pool kind is blank");
        }
        if (devicePort.isPresent() && devicePort.getAsInt() < 1) {
            throw new IllegalArgumentException("subscriber " + id + ": a device port is 1 or more, got "
                    + devicePort.getAsInt());
        }
    }

    /**
     * A dynamic-IP subscriber with access, on a switch port.
     *
     * @param id the account id
     * @param port the switch port
     * @param poolKind the pool kind
     * @return the subscriber
     */
    public static Subscriber onPort(String id, int port, String poolKind) {
        return new Subscriber(id, OptionalInt.of(port), poolKind, true, true);
    }

    /**
     * A dynamic-IP subscriber with access, alone on its device (a PON ONU).
     *
     * @param id the account id
     * @param poolKind the pool kind
     * @return the subscriber
     */
    public static Subscriber onDevice(String id, String poolKind) {
        return new Subscriber(id, OptionalInt.empty(), poolKind, true, true);
    }
}
