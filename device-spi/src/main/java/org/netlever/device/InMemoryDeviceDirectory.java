package org.netlever.device;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.netlever.option82.MacAddress;

/**
 * A {@link DeviceDirectory} held in memory: for tests, examples, and deployments that load devices at start.
 *
 * <p>Ids, MACs and serials are unique: adding a device that repeats one is a {@link DuplicateDeviceException}.
 * Host names (ignoring case) and relay keys may repeat, as they can in a billing's tables: their lookups then return
 * every device, which the resolver rejects as ambiguous. Thread-safe: lookups are lock-free and never see half of an
 * update; changes are serialised.
 */
public final class InMemoryDeviceDirectory implements DeviceDirectory {

    private final Map<String, Device> byId = new ConcurrentHashMap<>();
    private final Map<MacAddress, Device> byMac = new ConcurrentHashMap<>();
    private final Map<String, Device> bySerial = new ConcurrentHashMap<>();
    private final Map<String, List<Device>> byHostName = new ConcurrentHashMap<>();
    private final Map<InetAddress, List<Device>> byRelayAddress = new ConcurrentHashMap<>();
    private final Map<RelayInterface, List<Device>> byRelayInterface = new ConcurrentHashMap<>();

    /** A relay address and interface name, as a map key. */
    private record RelayInterface(InetAddress address, String name) {
    }

    /** Creates an empty directory. */
    public InMemoryDeviceDirectory() {
    }

    /**
     * A directory holding the given devices.
     *
     * @param devices the devices
     * @return the directory
     * @throws DuplicateDeviceException if two devices share an id, a MAC or a serial
     */
    public static InMemoryDeviceDirectory of(Device... devices) {
        InMemoryDeviceDirectory directory = new InMemoryDeviceDirectory();
        for (Device d : devices) {
            directory.add(d);
        }
        return directory;
    }

    /**
     * Registers a device.
     *
     * @param device the device
     * @return this directory
     * @throws DuplicateDeviceException if its id, MAC or serial is already registered
     */
    public synchronized InMemoryDeviceDirectory add(Device device) {
        Objects.requireNonNull(device, "device");
        Device clash = byId.get(device.id());
        if (clash != null) {
            throw new DuplicateDeviceException("device id " + device.id() + " is already registered: " + clash);
        }
        clash = device.mac().map(byMac::get).orElse(null);
        if (clash != null) {
            throw new DuplicateDeviceException("MAC " + device.mac().orElseThrow() + " of " + device
                    + " is already registered to " + clash);
        }
        clash = device.serial().map(bySerial::get).orElse(null);
        if (clash != null) {
            throw new DuplicateDeviceException("serial " + device.serial().orElseThrow() + " of " + device
                    + " is already registered to " + clash);
        }
        device.mac().ifPresent(mac -> byMac.put(mac, device));
        device.serial().ifPresent(serial -> bySerial.put(serial, device));
        device.hostName().ifPresent(host -> adding(byHostName, hostKey(host), device));
        relayKey(device).ifPresentOrElse(key -> adding(byRelayInterface, key, device),
                () -> device.relayAddress().ifPresent(address -> adding(byRelayAddress, address, device)));
        byId.put(device.id(), device);
        return this;
    }

    /**
     * Removes a device.
     *
     * @param id the device id
     * @return the removed device, or empty if there was none
     */
    public synchronized Optional<Device> remove(String id) {
        Device removed = byId.remove(id);
        if (removed != null) {
            removed.mac().ifPresent(byMac::remove);
            removed.serial().ifPresent(bySerial::remove);
            removed.hostName().ifPresent(host -> removing(byHostName, hostKey(host), removed));
            relayKey(removed).ifPresentOrElse(key -> removing(byRelayInterface, key, removed),
                    () -> removed.relayAddress().ifPresent(address -> removing(byRelayAddress, address, removed)));
        }
        return Optional.ofNullable(removed);
    }

    /**
     * The device with this id.
     *
     * @param id the device id
     * @return the device, or empty
     */
    public Optional<Device> findById(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    @Override
    public Optional<Device> findByMac(MacAddress mac) {
        return Optional.ofNullable(byMac.get(mac));
    }

    @Override
    public Optional<Device> findBySerial(String serial) {
        return Optional.ofNullable(bySerial.get(serial));
    }

    @Override
    public List<Device> findByHostName(String hostName) {
        return byHostName.getOrDefault(hostKey(hostName), List.of());
    }

    @Override
    public List<Device> findByRelayAddress(InetAddress relayAddress) {
        return byRelayAddress.getOrDefault(relayAddress, List.of());
    }

    @Override
    public List<Device> findByRelayInterface(InetAddress relayAddress, String relayInterface) {
        return byRelayInterface.getOrDefault(new RelayInterface(relayAddress, relayInterface), List.of());
    }

    private static String hostKey(String hostName) {
        return hostName.toLowerCase(Locale.ROOT);
    }

    private static Optional<RelayInterface> relayKey(Device device) {
        return device.relayInterface().map(name -> new RelayInterface(device.relayAddress().orElseThrow(), name));
    }

    /** Replaces the key's list with one more device: readers always see a whole, immutable list. */
    private static <K> void adding(Map<K, List<Device>> map, K key, Device device) {
        List<Device> devices = new ArrayList<>(map.getOrDefault(key, List.of()));
        devices.add(device);
        map.put(key, List.copyOf(devices));
    }

    private static <K> void removing(Map<K, List<Device>> map, K key, Device device) {
        List<Device> devices = new ArrayList<>(map.getOrDefault(key, List.of()));
        devices.removeIf(d -> d.id().equals(device.id()));
        if (devices.isEmpty()) {
            map.remove(key);
        } else {
            map.put(key, List.copyOf(devices));
        }
    }

    /**
     * Every registered device, in no particular order.
     *
     * @return a snapshot list
     */
    public List<Device> all() {
        Collection<Device> devices = byId.values();
        return List.copyOf(devices);
    }
}
