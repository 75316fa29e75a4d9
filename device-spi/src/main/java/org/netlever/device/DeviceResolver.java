package org.netlever.device;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

import org.netlever.option82.DeviceLocation;
import org.netlever.option82.Option82Decoder;
import org.netlever.option82.Option82Decoders;
import org.netlever.option82.RelayAgentInformation;
import org.netlever.option82.SubOptionCode;

/**
 * Finds the registered device an Option 82 came from, and the port that selects the subscriber on it
 * (S1.4–S1.7).
 *
 * <ol>
 *   <li><b>Identify.</b> The device's model is not known until the device is found, so its identity (MAC,
 *       serial, host name, relay interface) is decoded first with the identity decoder — the auto-detect chain
 *       unless given — and then, if that finds no registered device, with each registered manager's decoder in
 *       turn. Last, the request's relay address (giaddr) alone.</li>
 *   <li><b>Find</b> the device in the {@link DeviceDirectory} by each key in turn (MAC, serial, host name, relay
 *       address and interface, relay address); none is {@link Resolution.Reason#UNKNOWN_DEVICE} (S1.5), more than
 *       one {@link Resolution.Reason#AMBIGUOUS_DEVICE}, and a device found by a key its manager does not
 *       {@linkplain DeviceManager#deviceKeys() name} is {@link Resolution.Reason#NOT_IN_DEVICE_FORMAT}. A valid
 *       option with neither circuit-id nor remote-id, and no device by relay address, is
 *       {@link Resolution.Reason#NO_LOCATION}.</li>
 *   <li><b>Decode with the device's own manager</b>, which knows the model and so reads layouts auto-detection
 *       cannot tell apart (Huawei "extend" slot bits, H3C port indexes). Its location must name the same
 *       device. A device found by its relay is where the request came from; only a manager that uses ports
 *       decodes, for the port.</li>
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
     * Resolves an Option 82 to a device and subscriber port, by the keys decoders read from the option alone (MAC,
     * serial, host name).
     *
     * @param info the option from the DHCP request
     * @return the resolution, never {@code null}
     */
    public Resolution resolve(RelayAgentInformation info) {
        return resolve(info, Optional.empty());
    }

    /**
     * Resolves an Option 82 to a device and subscriber port. Besides what the decoders read (MAC, serial, host name),
     * the relay address finds devices known by it: with the interface name a plain relay writes as the circuit-id,
     * then alone (S1.5).
     *
     * @param info the option from the DHCP request
     * @param relayAddress the request's relay address (giaddr), if it has one
     * @return the resolution, never {@code null}
     */
    public Resolution resolve(RelayAgentInformation info, Optional<InetAddress> relayAddress) {
        Objects.requireNonNull(info, "info");
        Objects.requireNonNull(relayAddress, "relayAddress");
        DeviceLocation identity = null;
        List<String> lookedUp = new ArrayList<>(3);
        for (Option82Decoder decoder : identityDecoders) {
            Optional<DeviceLocation> decoded = decoder.decode(info);
            if (decoded.isEmpty()) {
                continue;
            }
            List<Lookup> lookups = lookups(decoded.get(), relayAddress);
            if (lookups.isEmpty()) {
                // A relay interface name without the relay address names nothing.
                continue;
            }
            if (identity == null) {
                identity = decoded.get();
            }
            for (Lookup lookup : lookups) {
                if (lookedUp.contains(lookup.description())) {
                    continue;
                }
                lookedUp.add(lookup.description());
                List<Device> found = lookup.devices().get();
                if (!found.isEmpty()) {
                    return found(info, lookup, found, decoded.get(), relayAddress);
                }
            }
        }
        if (relayAddress.isPresent()) {
            InetAddress relay = relayAddress.get();
            Lookup lookup = new Lookup(DeviceKey.RELAY_ADDRESS, "relay " + relay.getHostAddress(),
                    () -> directory.findByRelayAddress(relay));
            lookedUp.add(lookup.description());
            List<Device> found = lookup.devices().get();
            if (!found.isEmpty()) {
                DeviceLocation location = identity != null ? identity.withRelayAddress(relay)
                        : DeviceLocation.builder("relay-address").relayAddress(relay).build();
                return found(info, lookup, found, location, relayAddress);
            }
        }
        if (identity == null) {
            String relay = relayAddress.isPresent() ? "; no device is registered by relay "
                    + relayAddress.get().getHostAddress() : "";
            if (!info.contains(SubOptionCode.CIRCUIT_ID) && !info.contains(SubOptionCode.REMOTE_ID)) {
                return new Resolution.Rejected(Resolution.Reason.NO_LOCATION,
                        "the Option 82 carries no location — neither a circuit-id nor a remote-id, only "
                                + info.subOptions().stream().map(o -> o.code().name()).toList() + relay,
                        Optional.empty(), Optional.empty());
            }
            return new Resolution.Rejected(Resolution.Reason.UNRECOGNIZED_OPTION82,
                    "no decoder recognises the Option 82 format: " + info + relay, Optional.empty(),
                    Optional.empty());
        }
        return new Resolution.Rejected(Resolution.Reason.UNKNOWN_DEVICE,
                "no registered device has " + String.join(" or ", lookedUp) + " (decoded by "
                        + identity.decoder() + ")", Optional.empty(), Optional.of(identity));
    }

    /** One way to look a device up: the key, what is looked up (for messages), and the lookup. */
    private record Lookup(DeviceKey key, String description, Supplier<List<Device>> devices) {
    }

    /** The lookups a decoded location allows, most specific first. */
    private List<Lookup> lookups(DeviceLocation location, Optional<InetAddress> relayAddress) {
        List<Lookup> lookups = new ArrayList<>(2);
        location.deviceMac().ifPresent(mac -> lookups.add(new Lookup(DeviceKey.MAC, "mac " + mac,
                () -> directory.findByMac(mac).map(List::of).orElse(List.of()))));
        location.deviceSerial().ifPresent(serial -> lookups.add(new Lookup(DeviceKey.SERIAL, "serial " + serial,
                () -> directory.findBySerial(serial).map(List::of).orElse(List.of()))));
        location.hostName().ifPresent(host -> lookups.add(new Lookup(DeviceKey.HOST_NAME, "host " + host,
                () -> directory.findByHostName(host))));
        if (relayAddress.isPresent()) {
            InetAddress relay = relayAddress.get();
            location.relayInterface().ifPresent(name -> lookups.add(new Lookup(DeviceKey.RELAY_INTERFACE,
                    "relay " + relay.getHostAddress() + " interface " + name,
                    () -> directory.findByRelayInterface(relay, name))));
        }
        return lookups;
    }

    /** A lookup found devices: one goes on to its manager; more are ambiguous. */
    private Resolution found(RelayAgentInformation info, Lookup lookup, List<Device> found, DeviceLocation identity,
            Optional<InetAddress> relayAddress) {
        if (found.size() > 1) {
            return new Resolution.Rejected(Resolution.Reason.AMBIGUOUS_DEVICE,
                    found.size() + " registered devices have " + lookup.description() + ": "
                            + found.stream().map(Device::id).toList() + "; netlever does not pick one",
                    Optional.empty(), Optional.of(identity));
        }
        Device device = found.get(0);
        Optional<DeviceManager> manager = managers.find(device.typeCode());
        if (manager.isEmpty()) {
            return unknownType(device, identity);
        }
        if (!manager.get().deviceKeys().contains(lookup.key())) {
            return new Resolution.Rejected(Resolution.Reason.NOT_IN_DEVICE_FORMAT,
                    device + " was found by " + lookup.description() + ", but its manager " + manager.get().typeCode()
                            + " says its model is found by " + new TreeSet<>(manager.get().deviceKeys())
                            + ", not by " + lookup.key(), Optional.of(device), Optional.of(identity));
        }
        if (lookup.key() == DeviceKey.RELAY_ADDRESS || lookup.key() == DeviceKey.RELAY_INTERFACE) {
            return resolveRelayed(info, device, manager.get(), identity.withRelayAddress(relayAddress.orElseThrow()));
        }
        return resolveWith(info, device, manager.get(), identity);
    }

    /**
     * A device known by its relay: it is where the request came from, whatever the option names; a manager that
     * selects subscribers by port reads the port from the option with its own decoder.
     */
    private Resolution resolveRelayed(RelayAgentInformation info, Device device, DeviceManager manager,
            DeviceLocation relayed) {
        if (!manager.usesDevicePort()) {
            return new Resolution.Resolved(device, manager, relayed, OptionalInt.empty());
        }
        Optional<DeviceLocation> own = manager.decode(info);
        if (own.isEmpty()) {
            return new Resolution.Rejected(Resolution.Reason.NOT_IN_DEVICE_FORMAT,
                    device + " was found by its relay, but its manager " + manager.typeCode() + " (decoder "
                            + manager.option82Decoder().name() + ") does not recognise " + info,
                    Optional.of(device), Optional.of(relayed));
        }
        return withPort(device, manager, own.get().withRelayAddress(relayed.relayAddress().orElseThrow()));
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
        if (location.deviceMac().isPresent()) {
            return "mac " + location.deviceMac().get();
        }
        if (location.deviceSerial().isPresent()) {
            return "serial " + location.deviceSerial().get();
        }
        if (location.hostName().isPresent()) {
            return "host " + location.hostName().get();
        }
        return location.relayInterface().map(name -> "interface " + name)
                .orElseGet(() -> "relay " + location.relayAddress().map(InetAddress::getHostAddress).orElse("?"));
    }
}
