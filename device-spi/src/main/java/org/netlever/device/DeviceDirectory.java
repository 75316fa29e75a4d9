package org.netlever.device;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

import org.netlever.option82.DeviceLocation;
import org.netlever.option82.MacAddress;

/**
 * Billing's register of devices, as netlever reads it (S1.5): find the device by what its model puts on the wire
 * ({@link DeviceKey}) — the MAC, a PON serial, the host name of a TR-101 text circuit-id, the relay address (giaddr)
 * of an L3 switch, or the relay address and interface name of a plain relay agent.
 *
 * <p>The billing implements this over its own tables; {@link InMemoryDeviceDirectory} serves tests, examples and
 * small deployments. Only {@link #findByMac(MacAddress)} is required; every other lookup has a default that finds
 * none, so a directory overrides the lookups for the keys its devices are registered by. MACs and serials identify
 * hardware and are unique; host names and relay keys are set by operators and may clash, so their lookups return
 * every match, and the {@link DeviceResolver} rejects more than one as ambiguous rather than pick one. Check an
 * implementation, with its subscriber directory, with {@code org.netlever.aaa.tck.DirectoryCompatibilityKit} in the
 * {@code netlever-aaa-core} test-jar.
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
     * The devices registered with this host name, compared ignoring ASCII case. The default finds none.
     *
     * @param hostName the host name a TR-101 text circuit-id carries
     * @return the devices, usually none or one
     */
    default List<Device> findByHostName(String hostName) {
        return List.of();
    }

    /**
     * The devices registered with this relay address and no relay interface: L3 switches and relays that are the
     * device themselves. Devices registered by relay address <em>and</em> interface are not among them. The default
     * finds none.
     *
     * @param relayAddress the relay address (giaddr) of the DHCP request
     * @return the devices, usually none or one
     */
    default List<Device> findByRelayAddress(InetAddress relayAddress) {
        return List.of();
    }

    /**
     * The devices registered with this relay address and this relay interface name (compared exactly). The default
     * finds none.
     *
     * @param relayAddress the relay address (giaddr) of the DHCP request
     * @param relayInterface the interface name the relay wrote as the circuit-id
     * @return the devices, usually none or one
     */
    default List<Device> findByRelayInterface(InetAddress relayAddress, String relayInterface) {
        return List.of();
    }

    /**
     * The device a decoded location names: by MAC when it has one, else (or if no device has that MAC) by serial,
     * else by host name when exactly one device has it. A location names a relay interface only together with the
     * relay address, which is not in it; {@link DeviceResolver} looks those up.
     *
     * @param location a decoded location
     * @return the device, or empty
     */
    default Optional<Device> find(DeviceLocation location) {
        Optional<Device> byMac = location.deviceMac().flatMap(this::findByMac);
        if (byMac.isPresent()) {
            return byMac;
        }
        Optional<Device> bySerial = location.deviceSerial().flatMap(this::findBySerial);
        if (bySerial.isPresent()) {
            return bySerial;
        }
        List<Device> byHost = location.hostName().map(this::findByHostName).orElse(List.of());
        return byHost.size() == 1 ? Optional.of(byHost.get(0)) : Optional.empty();
    }
}
