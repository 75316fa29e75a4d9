package org.netlever.examples.custom;

import java.util.Optional;

import org.netlever.device.DeviceManager;
import org.netlever.option82.DeviceLocation;
import org.netlever.option82.MacAddress;
import org.netlever.option82.Option82Decoder;
import org.netlever.option82.RelayAgentInformation;
import org.netlever.option82.SubOption;
import org.netlever.option82.SubOptionCode;

/**
 * A device manager netlever does not ship, written the way a billing team would: ORing industrial Ethernet
 * switches (IGS / RGS / TGS series).
 *
 * <p>Their user manuals describe the DHCP relay circuit-id as {@code [vlan_id][module_id][port_no]}: "the first four
 * characters represent the VLAN ID, ... the fifth and sixth characters are the module ID (0 on a stand-alone
 * switch, the switch ID in a stack) ... the last two characters are the port number. For example, {@code 00030108}
 * means VLAN 3, switch 1, port 8"; the remote-id is the switch MAC. Read as bytes that is
 * {@code 00 03 01 08} — with no type / length header, so netlever's auto-detection takes it for TP-Link's
 * value-only {@code VLAN(2) PORT(2)} and reports port 264. Only a manager that knows the model reads it right, which
 * is what this SPI is for. The manual's wording also allows the eight characters to be sent as ASCII text, so
 * both are accepted.
 *
 * <p>Packaged as its own jar with {@code META-INF/services/org.netlever.device.DeviceManager}, discovered at run time,
 * and tested with the compatibility kit. Immutable and thread-safe.
 */
public final class CustomDeviceManagerExample implements DeviceManager {

    /** The type code devices of this model are registered with. */
    public static final String TYPE_CODE = "oring-switch";

    private static final Option82Decoder DECODER = Option82Decoder.of("oring", CustomDeviceManagerExample::decodeOring);

    /** Public no-argument constructor, as {@link java.util.ServiceLoader} requires. */
    public CustomDeviceManagerExample() {
    }

    @Override
    public String typeCode() {
        return TYPE_CODE;
    }

    @Override
    public String displayName() {
        return "ORing industrial switch";
    }

    @Override
    public boolean usesDevicePort() {
        return true;
    }

    @Override
    public Option82Decoder option82Decoder() {
        return DECODER;
    }

    private static Optional<DeviceLocation> decodeOring(RelayAgentInformation info) {
        SubOption circuit = info.circuitId().orElse(null);
        MacAddress mac = info.remoteId().map(CustomDeviceManagerExample::mac).orElse(null);
        if (circuit == null || mac == null) {
            return Optional.empty();
        }
        int vlan;
        int module;
        int port;
        if (circuit.length() == 4) {
            vlan = circuit.unsignedShort(0);
            module = circuit.unsignedByte(2);
            port = circuit.unsignedByte(3);
        } else if (circuit.length() == 8 && circuit.isPrintableAscii() && isHex(circuit.ascii())) {
            String text = circuit.ascii();
            vlan = Integer.parseInt(text.substring(0, 4), 16);
            module = Integer.parseInt(text.substring(4, 6), 16);
            port = Integer.parseInt(text.substring(6, 8), 16);
        } else {
            return Optional.empty();
        }
        if (vlan > 4095) {
            return Optional.empty();
        }
        return Optional.of(DeviceLocation.builder("oring").deviceMac(mac).vlan(vlan).unit(module).port(port).build());
    }

    /** The remote-id MAC: six bytes, {@code 00 06} + six bytes, or text. */
    private static MacAddress mac(SubOption remote) {
        if (remote.length() == MacAddress.LENGTH) {
            return remote.macAddress(0);
        }
        if (remote.length() == 8 && remote.unsignedShort(0) == 6) {
            return remote.macAddress(2);
        }
        return remote.isPrintableAscii() ? MacAddress.tryParse(remote.ascii()).orElse(null) : null;
    }

    private static boolean isHex(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.digit(text.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return TYPE_CODE;
    }
}
