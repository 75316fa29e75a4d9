package org.netlever.device;

/**
 * What a device is found by — what its model puts on the wire (S1.5). A {@link DeviceManager} says which of these
 * its model sends ({@link DeviceManager#deviceKeys()}); the {@link DeviceResolver} finds a device only by a key its
 * manager names, so a switch that happens to share a host name with a relay's interface is not taken for it.
 *
 * <p>Thread-safe (an enum).
 */
public enum DeviceKey {
    /** The device MAC in the remote-id (or a TR-101 access-node-id): managed switches, EPON ONUs. */
    MAC,
    /** The serial number of a PON terminal (GPON ONU/ONT). */
    SERIAL,
    /** The host name a TR-101 text circuit-id names the switch by ({@code sw1 eth 1/0/5:100}). */
    HOST_NAME,
    /** The relay address alone (giaddr): an L3 switch or relay that is itself the device. */
    RELAY_ADDRESS,
    /**
     * The relay address and the interface name a plain relay agent writes as the circuit-id
     * ({@code dhcrelay -a}).
     */
    RELAY_INTERFACE
}
