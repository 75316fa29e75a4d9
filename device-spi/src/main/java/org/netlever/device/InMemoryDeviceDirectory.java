package org.netlever.device;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.netlever.option82.MacAddress;

/**
 * A {@link DeviceDirectory} held in memory: for tests, examples, and deployments that load devices at start.
 *
 * <p>Ids, MACs and serials are unique: adding a device that repeats one is a {@link DuplicateDeviceException}.
 * Thread-safe: lookups are lock-free and never see half of an update; changes are serialised.
 */
public final class InMemoryDeviceDirectory implements DeviceDirectory {

    private final Map<String, Device> byId = new ConcurrentHashMap<>();
    private final Map<MacAddress, Device> byMac = new ConcurrentHashMap<>();
    private final Map<String, Device> bySerial = new ConcurrentHashMap<>();

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
