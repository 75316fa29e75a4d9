package org.netlever.device;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import org.netlever.option82.DeviceLocation;
import org.netlever.option82.Option82Decoder;
import org.netlever.option82.Option82Decoders;
import org.netlever.option82.RelayAgentInformation;

/**
 * Finds the registered device an Option 82 came from, and the port that selects the subscriber on it
 * (S1.4–S1.7).
 *
 * <ol>
 *   <li><b>Identify.</b> The device's model is not known until the device is found, so its identity (MAC or
 *       serial) is decoded first with the identity decoder — the auto-detect chain unless given — and then, if that
 *       finds no registered device, with each registered manager's decoder in turn.</li>
 *   <li><b>Find</b> the device in the {@link DeviceDirectory}; none is {@link Resolution.Reason#UNKNOWN_DEVICE}
 *       (S1.5).</li>
 *   <li><b>Decode with the device's own manager</b>, which knows the model and so reads layouts auto-detection
 *       cannot tell apart (Huawei "extend" slot bits, H3C port indexes). Its location must name the same
 *       device.</li>
 *   <li><b>Port.</b> If the manager {@linkplain DeviceManager#usesDevicePort() uses device ports} (a switch), the
 *       {@linkplain DeviceManager#subscriberPort(DeviceLocation) subscriber port} is required and checked against
 *       the port count; if not (a PON terminal), the device alone selects the subscriber (S1.7).</li>
 * </ol>
 * Every failure is a {@link Resolution.Rejected} with a reason and a one-line detail — never an exception, never
 * {@code null}.
 *
 * <p>Thread-safe if the directory is: the resolver holds only immutable state.
 */
public final class DeviceResolver {

    private final DeviceManagers managers;
    private final DeviceDirectory directory;
    private final List<Option82Decoder> identityDecoders;

    /**
     * A resolver that identifies devices with the auto-detect chain, then the managers' decoders.
     *
     * @param managers the registered managers
     * @param directory the registered devices
     */
    public DeviceResolver(DeviceManagers managers, DeviceDirectory directory) {
        this(managers, directory, Option82Decoders.autoDetect());
    }

    /**
     * A resolver that identifies devices with the given decoder first, then the managers' decoders.
     *
     * @param managers the registered managers
     * @param directory the registered devices
     * @param identityDecoder the decoder to try first for the device's MAC or serial
     */
    public DeviceResolver(DeviceManagers managers, DeviceDirectory directory, Option82Decoder identityDecoder) {
        this.managers = Objects.requireNonNull(managers, "managers");
        this.directory = Objects.requireNonNull(directory, "directory");
        Set<Option82Decoder> decoders = new LinkedHashSet<>();
        decoders.add(Objects.requireNonNull(identityDecoder, "identityDecoder"));
        for (DeviceManager manager : managers.all()) {
            decoders.add(manager.option82Decoder());
        }
        this.identityDecoders = List.copyOf(decoders);
    }

    /**
     * Resolves an Option 82 to a device and subscriber port.
     *
     * @param info the option from the DHCP request
     * @return the resolution, never {@code null}
     */
    public Resolution resolve(RelayAgentInformation info) {
        Objects.requireNonNull(info, "info");
        DeviceLocation identity = null;
        Device device = null;
        List<String> lookedUp = new ArrayList<>(2);
        for (Option82Decoder decoder : identityDecoders) {
            Optional<DeviceLocation> decoded = decoder.decode(info);
            if (decoded.isEmpty()) {
                continue;
            }
            String key = identityKey(decoded.get());
            if (lookedUp.contains(key)) {
                continue;
            }
            lookedUp.add(key);
            if (identity == null) {
                identity = decoded.get();
            }
            Optional<Device> found = directory.find(decoded.get());
            if (found.isPresent()) {
                identity = decoded.get();
                device = found.get();
                break;
            }
        }
        if (identity == null) {
            return new Resolution.Rejected(Resolution.Reason.UNRECOGNIZED_OPTION82,
                    "no decoder recognises the Option 82 format: " + info, Optional.empty(), Optional.empty());
        }
        if (device == null) {
            return new Resolution.Rejected(Resolution.Reason.UNKNOWN_DEVICE,
                    "no registered device has " + String.join(" or ", lookedUp) + " (decoded by "
                            + identity.decoder() + ")", Optional.empty(), Optional.of(identity));
        }
        Optional<DeviceManager> manager = managers.find(device.typeCode());
        if (manager.isEmpty()) {
            return unknownType(device, identity);
        }
        return resolveWith(info, device, manager.get(), identity);
    }

    /**
     * Resolves a location that was decoded before it reached netlever — djing's {@code switch_mac} /
     * {@code switch_port} contract, or a relay that reports MAC and port itself. The device is found by the
     * location's MAC or serial, and its manager decides, as for an Option 82, whether the port selects the subscriber.
     *
     * @param location the decoded location
     * @return the resolution, never {@code null}
     */
    public Resolution resolveDecoded(DeviceLocation location) {
        Objects.requireNonNull(location, "location");
        Optional<Device> device = directory.find(location);
        if (device.isEmpty()) {
            return new Resolution.Rejected(Resolution.Reason.UNKNOWN_DEVICE,
                    "no registered device has " + identityKey(location) + " (given by " + location.decoder() + ")",
                    Optional.empty(), Optional.of(location));
        }
        Optional<DeviceManager> manager = managers.find(device.get().typeCode());
        if (manager.isEmpty()) {
            return unknownType(device.get(), location);
        }
        return withPort(device.get(), manager.get(), location);
    }

    private Resolution.Rejected unknownType(Device device, DeviceLocation location) {
        return new Resolution.Rejected(Resolution.Reason.UNKNOWN_DEVICE_TYPE,
                device + " has type '" + device.typeCode() + "', for which no manager is registered; registered: "
                        + managers.typeCodes(), Optional.of(device), Optional.of(location));
    }

    private Resolution resolveWith(RelayAgentInformation info, Device device, DeviceManager manager,
            DeviceLocation identity) {
        Optional<DeviceLocation> own = manager.decode(info);
        if (own.isEmpty()) {
            return new Resolution.Rejected(Resolution.Reason.NOT_IN_DEVICE_FORMAT,
                    device + " was identified by " + identity.decoder() + ", but its manager " + manager.typeCode()
                            + " (decoder " + manager.option82Decoder().name() + ") does not recognise " + info,
                    Optional.of(device), Optional.of(identity));
        }
        DeviceLocation location = own.get();
        if (!identityKey(location).equals(identityKey(identity))) {
            Optional<Device> named = directory.find(location);
            if (named.isEmpty() || !named.get().id().equals(device.id())) {
                return new Resolution.Rejected(Resolution.Reason.DEVICE_MISMATCH,
                        device + " was identified by " + identity.decoder() + ", but its manager " + manager.typeCode()
                                + " reads " + identityKey(location) + ", which is "
                                + named.map(Device::toString).orElse("not registered"),
                        Optional.of(device), Optional.of(location));
            }
        }
        return withPort(device, manager, location);
    }

    private Resolution withPort(Device device, DeviceManager manager, DeviceLocation location) {
        if (!manager.usesDevicePort()) {
            return new Resolution.Resolved(device, manager, location, OptionalInt.empty());
        }
        OptionalInt port = manager.subscriberPort(location);
        if (port.isEmpty()) {
            return new Resolution.Rejected(Resolution.Reason.NO_PORT,
                    device + " serves subscribers by port, but " + location + " has no port",
                    Optional.of(device), Optional.of(location));
        }
        OptionalInt count = manager.portCount();
        if (port.getAsInt() < 1 || (count.isPresent() && port.getAsInt() > count.getAsInt())) {
            return new Resolution.Rejected(Resolution.Reason.PORT_OUT_OF_RANGE,
                    device + ": port " + port.getAsInt() + " is outside 1.."
                            + (count.isPresent() ? String.valueOf(count.getAsInt()) : "") + " (decoded "
                            + location + ", offset " + manager.portOffset() + ")",
                    Optional.of(device), Optional.of(location));
        }
        return new Resolution.Resolved(device, manager, location, port);
    }

    private static String identityKey(DeviceLocation location) {
        return location.deviceMac().map(mac -> "mac " + mac)
                .orElseGet(() -> "serial " + location.deviceSerial().orElseThrow());
    }
}
