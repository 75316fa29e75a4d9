package org.netlever.device;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

import org.netlever.option82.DeviceLocation;

/**
 * The outcome of resolving an Option 82 to a registered device (S1.4–S1.7): either the device, its manager, the
 * location its manager decoded and — for devices that serve several subscribers — the port that selects the
 * subscriber; or a rejection with a reason billing can record and show.
 *
 * <p>Instances are immutable and thread-safe.
 */
public sealed interface Resolution permits Resolution.Resolved, Resolution.Rejected {

    /**
     * Why an Option 82 did not resolve to a device.
     *
     * <p>Thread-safe (an enum).
     */
    enum Reason {
        /** No decoder — neither auto-detection nor any registered manager's — recognises the option's format. */
        UNRECOGNIZED_OPTION82,
        /**
         * The option is valid but carries no location at all — neither a circuit-id nor a remote-id, only such
         * sub-options as link selection or relay port — and no device is registered by the relay address.
         */
        NO_LOCATION,
        /**
         * More than one registered device has the key the option names — two switches with one host name, two
         * devices on one relay interface: netlever does not pick one.
         */
        AMBIGUOUS_DEVICE,
        /** The option names a device (by MAC, serial, host name or relay) that is not registered (S1.5). */
        UNKNOWN_DEVICE,
        /** The device is registered with a type code that no registered manager has. */
        UNKNOWN_DEVICE_TYPE,
        /**
         * The device's own manager does not recognise the option, or the device was found by a key its manager
         * does not say its model sends: the device is not configured as its type says.
         */
        NOT_IN_DEVICE_FORMAT,
        /** The device's own manager reads the option as naming a different device, or none. */
        DEVICE_MISMATCH,
        /** The device serves several subscribers by port, but the option carries no port. */
        NO_PORT,
        /** The port is outside the device's {@link DeviceManager#portCount() port range}. */
        PORT_OUT_OF_RANGE
    }

    /**
     * Whether the option resolved to a device.
     *
     * @return {@code true} for {@link Resolved}
     */
    default boolean isResolved() {
        return this instanceof Resolved;
    }

    /**
     * The option resolved to a registered device.
     *
     * @param device the registered device
     * @param manager the manager of its type
     * @param location the location as the device's own manager decoded it
     * @param subscriberPort the port that selects the subscriber when {@link DeviceManager#usesDevicePort()}; empty
     *     for devices that serve one subscriber
     */
    record Resolved(Device device, DeviceManager manager, DeviceLocation location, OptionalInt subscriberPort)
            implements Resolution {

        /**
         * Validates that nothing is missing and that the port is there exactly when the manager uses ports.
         *
         * @throws IllegalArgumentException if a port is present for a manager that does not use ports, or missing
         *     for one that does
         */
        public Resolved {
            Objects.requireNonNull(device, "device");
            Objects.requireNonNull(manager, "manager");
            Objects.requireNonNull(location, "location");
            Objects.requireNonNull(subscriberPort, "subscriberPort");
            if (manager.usesDevicePort() != subscriberPort.isPresent()) {
                throw new IllegalArgumentException("a resolution has a subscriber port exactly when its manager ("
                        + manager.typeCode() + ") uses device ports");
            }
        }
    }

    /**
     * The option did not resolve to a device.
     *
     * @param reason why
     * @param detail a one-line explanation naming what was decoded and looked up, for logs and operators
     * @param device the registered device, when the rejection came after it was found
     * @param location the location that was decoded, when one was
     */
    record Rejected(Reason reason, String detail, Optional<Device> device, Optional<DeviceLocation> location)
            implements Resolution {

        /**
         * Validates that nothing is missing.
         */
        public Rejected {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
            Objects.requireNonNull(device, "device");
            Objects.requireNonNull(location, "location");
        }
    }
}
