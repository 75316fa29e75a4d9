package org.netlever.device;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import org.netlever.option82.DeviceLocation;
import org.netlever.option82.Option82Decoder;
import org.netlever.option82.Option82Decoders;
import org.netlever.option82.RelayAgentInformation;

/**
 * What billing needs to know about a device type to authorize subscribers by DHCP Option 82 (S1.7): whether the
 * device serves several subscribers, told apart by port (a managed switch), or one (a PON ONU/ONT), and how that
 * model writes its Option 82.
 *
 * <p>This is the SPI a billing implements for a device model netlever does not ship — djing's
 * {@code is_use_device_port}, made pluggable. Only {@link #typeCode()}, {@link #displayName()} and
 * {@link #usesDevicePort()} must be implemented; the rest have defaults: decoding falls back to the
 * {@linkplain Option82Decoders#autoDetect() auto-detect chain} and the decoded port is used as it is. Register a
 * manager explicitly with {@link DeviceManagers#with(DeviceManager...)}, or list it in
 * {@code META-INF/services/org.netlever.device.DeviceManager} for {@link DeviceManagers#discover(ClassLoader)}
 * (then it needs a public no-argument constructor).
 *
 * <p>Every manager must pass the compatibility kit, {@code org.netlever.device.tck.DeviceManagerCompatibilityKit}
 * in the {@code netlever-device-spi} test-jar. Implementations must be thread-safe and should be immutable: one
 * instance serves every device of its type from many threads.
 */
public interface DeviceManager {

    /**
     * The device type's code, unique within a registry, stored with every {@link Device} of this type: one to 64
     * characters, lower-case letters, digits, {@code .}, {@code _} and {@code -}, starting with a letter or digit
     * (e.g. {@code dlink-switch}). It must never change for a given manager, as billing data refers to it.
     *
     * @return the type code
     */
    String typeCode();

    /**
     * A human-readable name for operators, e.g. {@code D-Link DES/DGS switch}.
     *
     * @return the name, never blank
     */
    String displayName();

    /**
     * Whether devices of this type serve several subscribers told apart by port (S1.7). {@code true} for a managed
     * switch: candidates bound to the device are filtered by the port the request came in on. {@code false} for a
     * PON ONU/ONT, which as a rule serves one subscriber: the subscriber is found by the device alone.
     *
     * @return whether the port selects the subscriber
     */
    boolean usesDevicePort();

    /**
     * What this model puts on the wire that a device of it is found by (S1.5). The resolver finds a device of this
     * type only by these keys: a device found by another — a switch registered with a relay address, say, whose
     * requests arrive from that relay — is rejected as {@link Resolution.Reason#NOT_IN_DEVICE_FORMAT}. The default
     * is the MAC and the serial, what every Option 82 decoder reads; a switch that sends TR-101 text circuit-ids adds
     * {@link DeviceKey#HOST_NAME}, a plain relay agent is {@link DeviceKey#RELAY_INTERFACE}, an L3 switch known by
     * its giaddr {@link DeviceKey#RELAY_ADDRESS}.
     *
     * @return the keys, not empty
     */
    default Set<DeviceKey> deviceKeys() {
        return DEFAULT_KEYS;
    }

    /** The keys of {@link #deviceKeys()} unless a manager says otherwise: MAC and serial. */
    Set<DeviceKey> DEFAULT_KEYS = Set.of(DeviceKey.MAC, DeviceKey.SERIAL);

    /**
     * How this model writes its Option 82. The default is the auto-detect chain; a vendor manager returns its own
     * decoder, because some layouts are byte-for-byte identical and only the model tells them apart.
     *
     * @return the decoder, never {@code null}
     */
    default Option82Decoder option82Decoder() {
        return Option82Decoders.autoDetect();
    }

    /**
     * Decodes an Option 82 that a device of this type sent.
     *
     * @param info the option
     * @return the location, or empty if the option is not in this model's format
     */
    default Optional<DeviceLocation> decode(RelayAgentInformation info) {
        return option82Decoder().decode(info);
    }

    /**
     * How many subscriber ports a device of this type has, when fixed. The resolver rejects a port outside
     * {@code 1..portCount} rather than look for a subscriber on a port that cannot exist.
     *
     * @return the port count, or empty when the model varies or it is not known
     */
    default OptionalInt portCount() {
        return OptionalInt.empty();
    }

    /**
     * What to add to the decoded port to get the port number billing binds subscribers to; for models whose Option
     * 82 numbering differs from their labels (Cisco Catalyst 3750-X counts from 3, so its offset is -2).
     *
     * @return the offset, 0 by default
     */
    default int portOffset() {
        return 0;
    }

    /**
     * The port billing binds the subscriber to, from a location this manager decoded: the decoded port plus
     * {@link #portOffset()}. Override it for numbering that an offset cannot express, such as stacks numbered
     * {@code (unit - 1) * 48 + port}.
     *
     * @param location a location decoded by this manager
     * @return the billing port, or empty if this type does not use ports or the location has none
     */
    default OptionalInt subscriberPort(DeviceLocation location) {
        if (!usesDevicePort() || location.port().isEmpty()) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(location.port().getAsInt() + portOffset());
    }
}
