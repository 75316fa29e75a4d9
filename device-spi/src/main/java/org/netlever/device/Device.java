package org.netlever.device;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

import org.netlever.device.internal.TypeCodes;
import org.netlever.option82.MacAddress;

/**
 * A device registered in billing (S1.5): a switch or a PON terminal that relays subscribers' DHCP requests with
 * Option 82. Billing owns devices; netlever reads them through a {@link DeviceDirectory}.
 *
 * <p>A device is identified by what its model puts on the wire (see {@link DeviceKey}): its MAC (a switch's base
 * MAC, an ONU's own MAC), the serial number of a PON terminal, the host name a TR-101 text circuit-id names it by,
 * or the relay address (giaddr) it relays from — alone for an L3 switch, with the interface name for a plain relay
 * agent such as {@code dhcrelay -a}. It has at least one of MAC, serial, host name and relay address. Its
 * {@linkplain #typeCode() type code} names the {@link DeviceManager} that knows the model.
 *
 * <p>Instances are immutable and thread-safe; build them with {@link #builder(String, String)}. Two devices are
 * equal when every field is.
 */
public final class Device {

    private final String id;
    private final String typeCode;
    private final MacAddress mac;
    private final String serial;
    private final String hostName;
    private final InetAddress relayAddress;
    private final String relayInterface;
    private final InetAddress managementIp;
    private final String description;

    private Device(Builder b) {
        this.id = b.id;
        this.typeCode = b.typeCode;
        this.mac = b.mac;
        this.serial = b.serial;
        this.hostName = b.hostName;
        this.relayAddress = b.relayAddress;
        this.relayInterface = b.relayInterface;
        this.managementIp = b.managementIp;
        this.description = b.description;
    }

    /**
     * Starts a device.
     *
     * @param id billing's identifier of the device, not blank
     * @param typeCode the type code of its {@link DeviceManager}
     * @return a builder
     */
    public static Builder builder(String id, String typeCode) {
        return new Builder(id, typeCode);
    }

    /**
     * A device known by MAC, with no other details.
     *
     * @param id billing's identifier
     * @param typeCode the type code of its manager
     * @param mac its MAC
     * @return the device
     */
    public static Device of(String id, String typeCode, MacAddress mac) {
        return builder(id, typeCode).mac(mac).build();
    }

    /**
     * Billing's identifier of the device.
     *
     * @return the id, never blank
     */
    public String id() {
        return id;
    }

    /**
     * The type code of the device's manager.
     *
     * @return the type code
     */
    public String typeCode() {
        return typeCode;
    }

    /**
     * The device MAC, as its Option 82 carries it.
     *
     * @return the MAC, or empty for a device known only by serial
     */
    public Optional<MacAddress> mac() {
        return Optional.ofNullable(mac);
    }

    /**
     * The serial number, for PON terminals identified by one ({@code ZTEGC0288E70}).
     *
     * @return the serial, or empty
     */
    public Optional<String> serial() {
        return Optional.ofNullable(serial);
    }

    /**
     * The host name a TR-101 text circuit-id names the device by. Directories compare host names ignoring ASCII
     * case, as DNS does.
     *
     * @return the host name as registered, or empty
     */
    public Optional<String> hostName() {
        return Optional.ofNullable(hostName);
    }

    /**
     * The relay address (giaddr) the device's requests arrive from: an L3 switch's, or a plain relay agent's.
     *
     * @return the address, or empty
     */
    public Optional<InetAddress> relayAddress() {
        return Optional.ofNullable(relayAddress);
    }

    /**
     * The relay agent's interface that is this device, as the relay names it in the circuit-id ({@code dhcrelay -a});
     * only with a {@linkplain #relayAddress() relay address}.
     *
     * @return the interface name, or empty
     */
    public Optional<String> relayInterface() {
        return Optional.ofNullable(relayInterface);
    }

    /**
     * The address the device is managed on.
     *
     * @return the address, or empty if not known
     */
    public Optional<InetAddress> managementIp() {
        return Optional.ofNullable(managementIp);
    }

    /**
     * A free-form description, e.g. its location.
     *
     * @return the description, empty if none
     */
    public String description() {
        return description;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Device d && d.id.equals(id) && d.typeCode.equals(typeCode) && Objects.equals(d.mac, mac)
                && Objects.equals(d.serial, serial) && Objects.equals(d.hostName, hostName)
                && Objects.equals(d.relayAddress, relayAddress) && Objects.equals(d.relayInterface, relayInterface)
                && Objects.equals(d.managementIp, managementIp)
                && d.description.equals(description);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, typeCode, mac, serial, hostName, relayAddress, relayInterface, managementIp,
                description);
    }

    @Override
    public String toString() {
        return "Device[id=" + id + ", type=" + typeCode + (mac != null ? ", mac=" + mac : "")
                + (serial != null ? ", serial=" + serial : "")
                + (hostName != null ? ", host=" + hostName : "")
                + (relayAddress != null ? ", relay=" + relayAddress.getHostAddress() : "")
                + (relayInterface != null ? ", relayInterface=" + relayInterface : "")
                + (managementIp != null ? ", ip=" + managementIp.getHostAddress() : "")
                + (description.isEmpty() ? "" : ", description=" + description) + "]";
    }

    /**
     * Builds a {@link Device}. Not thread-safe.
     */
    public static final class Builder {
        private final String id;
        private final String typeCode;
        private MacAddress mac;
        private String serial;
        private String hostName;
        private InetAddress relayAddress;
        private String relayInterface;
        private InetAddress managementIp;
        private String description = "";

        private Builder(String id, String typeCode) {
            Objects.requireNonNull(id, "id");
            if (id.isBlank()) {
                throw new InvalidDeviceException("a device id must not be blank");
            }
            String problem = TypeCodes.problem(typeCode);
            if (!problem.isEmpty()) {
                throw new InvalidDeviceException("device " + id + ": " + problem);
            }
            this.id = id;
            this.typeCode = typeCode;
        }

        /**
         * Sets the MAC.
         *
         * @param value the MAC
         * @return this builder
         */
        public Builder mac(MacAddress value) {
            this.mac = Objects.requireNonNull(value, "mac");
            return this;
        }

        /**
         * Sets the serial number.
         *
         * @param value a non-blank serial
         * @return this builder
         */
        public Builder serial(String value) {
            Objects.requireNonNull(value, "serial");
            if (value.isBlank()) {
                throw new InvalidDeviceException("device " + id + ": a serial must not be blank");
            }
            this.serial = value;
            return this;
        }

        /**
         * Sets the host name a TR-101 text circuit-id names the device by.
         *
         * @param value a non-blank host name of at most 255 characters
         * @return this builder
         */
        public Builder hostName(String value) {
            this.hostName = name("host name", value, false);
            return this;
        }

        /**
         * Sets the relay address (giaddr) the device's requests arrive from.
         *
         * @param value the address
         * @return this builder
         */
        public Builder relayAddress(InetAddress value) {
            this.relayAddress = Objects.requireNonNull(value, "relayAddress");
            return this;
        }

        /**
         * Sets the relay interface name that, with the relay address, is this device.
         *
         * @param value the name as the relay writes it in the circuit-id: no spaces, at most 255 characters
         * @return this builder
         */
        public Builder relayInterface(String value) {
            this.relayInterface = name("relay interface name", value, true);
            return this;
        }

        private String name(String field, String value, boolean noSpaces) {
            Objects.requireNonNull(value, field);
            if (value.isBlank() || value.length() > 255 || !value.strip().equals(value)
                    || (noSpaces && value.chars().anyMatch(Character::isWhitespace))) {
                throw new InvalidDeviceException("device " + id + ": a " + field + " has 1 to 255 characters, no"
                        + (noSpaces ? "" : " leading or trailing") + " spaces; got '" + value + "'");
            }
            return value;
        }

        /**
         * Sets the management address.
         *
         * @param value the address
         * @return this builder
         */
        public Builder managementIp(InetAddress value) {
            this.managementIp = Objects.requireNonNull(value, "managementIp");
            return this;
        }

        /**
         * Sets the description.
         *
         * @param value the description, may be empty
         * @return this builder
         */
        public Builder description(String value) {
            this.description = Objects.requireNonNull(value, "description");
            return this;
        }

        /**
         * Builds the device.
         *
         * @return the device
         * @throws InvalidDeviceException if none of a MAC, a serial, a host name and a relay address was set, or a
         *     relay interface without a relay address
         */
        public Device build() {
            if (relayInterface != null && relayAddress == null) {
                throw new InvalidDeviceException("device " + id + ": relay interface " + relayInterface
                        + " names a device only with the relay's address, and none was set");
            }
            if (mac == null && serial == null && hostName == null && relayAddress == null) {
                throw new InvalidDeviceException("device " + id + " needs a MAC, a serial, a host name or a relay"
                        + " address to be found by");
            }
            return new Device(this);
        }
    }
}
