package org.netlever.device;

import java.util.Optional;

import org.netlever.option82.DeviceLocation;
import org.netlever.option82.MacAddress;

/**
 * Billing's register of devices, as netlever reads it (S1.5): find the device an Option 82 names.
 *
 * <p>The billing implements this over its own tables; {@link InMemoryDeviceDirectory} serves tests, examples and
 * small deployments. Only {@link #findByMac(MacAddress)} is required; a directory that registers PON terminals by
 * serial also overrides {@link #findBySerial(String)}.
 *
 * <p>Implementations must be thread-safe: lookups come from many DHCP events at once.
 */
public interface DeviceDirectory {

    /**
     * The device with this MAC.
     *
     * @param mac the device MAC from Option 82
     * @return the device, or empty if none is registered with it
     */
    Optional<Device> findByMac(MacAddress mac);

    /**
     * The device with this serial number. The default finds none.
     *
     * @param serial a serial in canonical form (vendor letters and 8 upper-case hex digits for GPON)
     * @return the device, or empty
     */
    default Optional<Device> findBySerial(String serial) {
        return Optional.empty();
    }

    /**
     * The device a decoded location names: by MAC when it has one, else (or if no device has that MAC) by serial.
     *
     * @param location a decoded location
     * @return the device, or empty
     */
    default Optional<Device> find(DeviceLocation location) {
        Optional<Device> byMac = location.deviceMac().flatMap(this::findByMac);
        if (byMac.isPresent()) {
            return byMac;
        }
        return location.deviceSerial().flatMap(this::findBySerial);
    }
}
