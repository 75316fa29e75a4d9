package org.netlever.option82;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.StringJoiner;

/**
 * Where a DHCP request came from, as decoded from its Option 82: the relay device (by MAC, or by serial number for
 * PON terminals that are known by serial) and, where the format carries them, the port, VLAN, stack unit, slot and
 * sub-slot.
 *
 * <p>Not every relay names the device by MAC or serial: a TR-101 text circuit-id may name the switch by its
 * {@linkplain #hostName() host name} alone (Eltex MES in "tr101" mode), and a plain relay agent such as ISC
 * {@code dhcrelay -a} writes only the {@linkplain #relayInterface() name of the interface} the request came in on —
 * that device is then known by the relay address (giaddr, outside Option 82) and that name. Decoders never set the
 * {@linkplain #relayAddress() relay address}; whoever has the DHCP packet adds it ({@link #withRelayAddress}).
 *
 * <p>Every location names the {@linkplain #decoder() decoder} that produced it, so a caller can log which vendor
 * format matched, and says whether it came from the last-resort {@linkplain #isHeuristic() heuristic} rather than a
 * format recognised exactly. A location always names the device somehow: it has a MAC, a serial, a host name, a
 * relay interface name or a relay address (or several).
 *
 * <p>Instances are immutable and thread-safe; build them with {@link #builder(String)}.
 */
public final class DeviceLocation {

    private static final int ABSENT = -1;

    private final MacAddress deviceMac;
    private final String deviceSerial;
    private final String hostName;
    private final String relayInterface;
    private final InetAddress relayAddress;
    private final int port;
    private final int vlan;
    private final int unit;
    private final int slot;
    private final int subslot;
    private final String decoder;
    private final boolean heuristic;

    private DeviceLocation(Builder b) {
        this.deviceMac = b.deviceMac;
        this.deviceSerial = b.deviceSerial;
        this.hostName = b.hostName;
        this.relayInterface = b.relayInterface;
        this.relayAddress = b.relayAddress;
        this.port = b.port;
        this.vlan = b.vlan;
        this.unit = b.unit;
        this.slot = b.slot;
        this.subslot = b.subslot;
        this.decoder = b.decoder;
        this.heuristic = b.heuristic;
    }

    /**
     * Starts a location produced by the named decoder.
     *
     * @param decoder the decoder's {@linkplain Option82Decoder#name() name}
     * @return a builder
     */
    public static Builder builder(String decoder) {
        return new Builder(decoder);
    }

    /**
     * The relay device's MAC: the switch's base MAC, or the ONU's own MAC.
     *
     * @return the MAC, or empty when the format identifies the device by serial only
     */
    public Optional<MacAddress> deviceMac() {
        return Optional.ofNullable(deviceMac);
    }

    /**
     * The device's serial number, for PON terminals identified by one (e.g. {@code ZTEGC0FFEE01},
     * {@code HWTC1A2B3C4D}).
     *
     * @return the serial, or empty
     */
    public Optional<String> deviceSerial() {
        return Optional.ofNullable(deviceSerial);
    }

    /**
     * The device's host name, as a TR-101 text circuit-id names the access node when that is not a MAC
     * ({@code sw1} in {@code sw1 eth 1/0/5:100}).
     *
     * @return the host name as sent, or empty
     */
    public Optional<String> hostName() {
        return Optional.ofNullable(hostName);
    }

    /**
     * The name of the relay agent's interface the request came in on, which a plain relay agent writes as the
     * circuit-id ({@code dhcrelay -a}). It names a device only together with the relay address.
     *
     * @return the interface name as sent, or empty
     */
    public Optional<String> relayInterface() {
        return Optional.ofNullable(relayInterface);
    }

    /**
     * The relay agent's address (giaddr) the request arrived from. Not part of Option 82: decoders leave it empty
     * and the caller that has the DHCP packet adds it with {@link #withRelayAddress}.
     *
     * @return the address, or empty
     */
    public Optional<InetAddress> relayAddress() {
        return Optional.ofNullable(relayAddress);
    }

    /**
     * The port the request came in on, numbered as the device numbers its ports (a decoder that reads a 0-based
     * index has already added one).
     *
     * @return the port, or empty when the format has none (a PON terminal)
     */
    public OptionalInt port() {
        return optional(port);
    }

    /**
     * The VLAN the request came in on.
     *
     * @return 0 to 4095, or empty
     */
    public OptionalInt vlan() {
        return optional(vlan);
    }

    /**
     * The stack unit or module number, as the format carries it (D-Link "module", TR-101 "unit").
     *
     * @return the unit, or empty
     */
    public OptionalInt unit() {
        return optional(unit);
    }

    /**
     * The chassis slot (Huawei "extend" format, TR-101 text).
     *
     * @return the slot, or empty
     */
    public OptionalInt slot() {
        return optional(slot);
    }

    /**
     * The sub-slot (Huawei "extend" format).
     *
     * @return the sub-slot, or empty
     */
    public OptionalInt subslot() {
        return optional(subslot);
    }

    /**
     * The name of the decoder that produced this location.
     *
     * @return the decoder name, never blank
     */
    public String decoder() {
        return decoder;
    }

    /**
     * Whether this came from the last-resort heuristic ("the remote-id ends in a MAC and the last byte of the
     * circuit-id is the port") rather than from a format recognised exactly. Such a location can be wrong; callers
     * should log it and prefer registering the device's real type.
     *
     * @return {@code true} for a heuristic guess
     */
    public boolean isHeuristic() {
        return heuristic;
    }

    /**
     * A copy with another decoder name, for decoders that wrap another one.
     *
     * @param decoderName the new name
     * @return the copy
     */
    public DeviceLocation withDecoder(String decoderName) {
        return toBuilder(decoderName).build();
    }

    /**
     * A copy with another port, for device managers that renumber ports.
     *
     * @param newPort the new port, not negative
     * @return the copy
     */
    public DeviceLocation withPort(int newPort) {
        return toBuilder(decoder).port(newPort).build();
    }

    /**
     * A copy with the relay address (giaddr) of the DHCP request this location came in.
     *
     * @param address the relay address
     * @return the copy
     */
    public DeviceLocation withRelayAddress(InetAddress address) {
        return toBuilder(decoder).relayAddress(address).build();
    }

    private Builder toBuilder(String decoderName) {
        Builder b = new Builder(decoderName);
        b.deviceMac = deviceMac;
        b.deviceSerial = deviceSerial;
        b.hostName = hostName;
        b.relayInterface = relayInterface;
        b.relayAddress = relayAddress;
        b.port = port;
        b.vlan = vlan;
        b.unit = unit;
        b.slot = slot;
        b.subslot = subslot;
        b.heuristic = heuristic;
        return b;
    }

    private static OptionalInt optional(int value) {
        return value == ABSENT ? OptionalInt.empty() : OptionalInt.of(value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeviceLocation other && Objects.equals(other.deviceMac, deviceMac)
                && Objects.equals(other.deviceSerial, deviceSerial) && Objects.equals(other.hostName, hostName)
                && Objects.equals(other.relayInterface, relayInterface)
                && Objects.equals(other.relayAddress, relayAddress) && other.port == port && other.vlan == vlan
                && other.unit == unit && other.slot == slot && other.subslot == subslot
                && other.decoder.equals(decoder) && other.heuristic == heuristic;
    }

    @Override
    public int hashCode() {
        return Objects.hash(deviceMac, deviceSerial, hostName, relayInterface, relayAddress, port, vlan, unit, slot, subslot, decoder, heuristic);
    }

    /**
     * The fields that are present, e.g. {@code DeviceLocation[mac=00:1e:58:a1:b2:c3, port=5, vlan=10,
     * decoder=common-binary]}.
     *
     * @return a readable form
     */
    @Override
    public String toString() {
        StringJoiner j = new StringJoiner(", ", "DeviceLocation[", "]");
        if (deviceMac != null) {
            j.add("mac=" + deviceMac);
        }
        if (deviceSerial != null) {
            j.add("serial=" + deviceSerial);
        }
        if (hostName != null) {
            j.add("host=" + hostName);
        }
        if (relayInterface != null) {
            j.add("relayInterface=" + relayInterface);
        }
        if (relayAddress != null) {
            j.add("relay=" + relayAddress.getHostAddress());
        }
        add(j, "unit", unit);
        add(j, "slot", slot);
        add(j, "subslot", subslot);
        add(j, "port", port);
        add(j, "vlan", vlan);
        j.add("decoder=" + decoder);
        if (heuristic) {
            j.add("heuristic");
        }
        return j.toString();
    }

    private static void add(StringJoiner j, String name, int value) {
        if (value != ABSENT) {
            j.add(name + "=" + value);
        }
    }

    /**
     * Builds a {@link DeviceLocation}. Not thread-safe; use one builder per location.
     */
    public static final class Builder {
        private final String decoder;
        private MacAddress deviceMac;
        private String deviceSerial;
        private String hostName;
        private String relayInterface;
        private InetAddress relayAddress;
        private int port = ABSENT;
        private int vlan = ABSENT;
        private int unit = ABSENT;
        private int slot = ABSENT;
        private int subslot = ABSENT;
        private boolean heuristic;

        private Builder(String decoder) {
            Objects.requireNonNull(decoder, "decoder");
            if (decoder.isBlank()) {
                throw new Option82Exception("a device location names its decoder; the name is blank");
            }
            this.decoder = decoder;
        }

        /**
         * Sets the device MAC.
         *
         * @param mac the MAC
         * @return this builder
         */
        public Builder deviceMac(MacAddress mac) {
            this.deviceMac = Objects.requireNonNull(mac, "mac");
            return this;
        }

        /**
         * Sets the device serial number.
         *
         * @param serial a non-blank serial
         * @return this builder
         * @throws Option82Exception if the serial is blank
         */
        public Builder deviceSerial(String serial) {
            this.deviceSerial = nonBlank("serial", serial);
            return this;
        }

        /**
         * Sets the device's host name.
         *
         * @param name a non-blank host name, as sent
         * @return this builder
         * @throws Option82Exception if the name is blank
         */
        public Builder hostName(String name) {
            this.hostName = nonBlank("host name", name);
            return this;
        }

        /**
         * Sets the relay agent's interface name.
         *
         * @param name a non-blank interface name, as sent
         * @return this builder
         * @throws Option82Exception if the name is blank
         */
        public Builder relayInterface(String name) {
            this.relayInterface = nonBlank("relay interface name", name);
            return this;
        }

        /**
         * Sets the relay address (giaddr) of the DHCP request.
         *
         * @param address the address
         * @return this builder
         */
        public Builder relayAddress(InetAddress address) {
            this.relayAddress = Objects.requireNonNull(address, "relayAddress");
            return this;
        }

        /**
         * Sets the port.
         *
         * @param value 0 or more
         * @return this builder
         * @throws Option82Exception if negative
         */
        public Builder port(int value) {
            this.port = nonNegative("port", value, Integer.MAX_VALUE);
            return this;
        }

        /**
         * Sets the VLAN.
         *
         * @param value 0 to 4095
         * @return this builder
         * @throws Option82Exception if out of range
         */
        public Builder vlan(int value) {
            this.vlan = nonNegative("vlan", value, 4095);
            return this;
        }

        /**
         * Sets the stack unit or module.
         *
         * @param value 0 or more
         * @return this builder
         * @throws Option82Exception if negative
         */
        public Builder unit(int value) {
            this.unit = nonNegative("unit", value, Integer.MAX_VALUE);
            return this;
        }

        /**
         * Sets the slot.
         *
         * @param value 0 or more
         * @return this builder
         * @throws Option82Exception if negative
         */
        public Builder slot(int value) {
            this.slot = nonNegative("slot", value, Integer.MAX_VALUE);
            return this;
        }

        /**
         * Sets the sub-slot.
         *
         * @param value 0 or more
         * @return this builder
         * @throws Option82Exception if negative
         */
        public Builder subslot(int value) {
            this.subslot = nonNegative("subslot", value, Integer.MAX_VALUE);
            return this;
        }

        /**
         * Marks the location as a heuristic guess.
         *
         * @param value whether it is one
         * @return this builder
         */
        public Builder heuristic(boolean value) {
            this.heuristic = value;
            return this;
        }

        /**
         * Builds the location.
         *
         * @return the location
         * @throws Option82Exception if none of a MAC, a serial, a host name, a relay interface and a relay address
         *     was set
         */
        public DeviceLocation build() {
            if (deviceMac == null && deviceSerial == null && hostName == null && relayInterface == null
                    && relayAddress == null) {
                throw new Option82Exception("a device location names the device by MAC, serial, host name, relay"
                        + " interface or relay address; decoder " + decoder + " set none");
            }
            return new DeviceLocation(this);
        }

        private static String nonBlank(String field, String value) {
            Objects.requireNonNull(value, field);
            if (value.isBlank()) {
                throw new Option82Exception("a device " + field + " must not be blank");
            }
            return value;
        }

        private static int nonNegative(String field, int value, int max) {
            if (value < 0 || value > max) {
                throw new Option82Exception(field + " must be 0 to " + max + ", got " + value);
            }
            return value;
        }
    }
}
