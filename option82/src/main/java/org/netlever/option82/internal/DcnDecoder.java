package org.netlever.option82.internal;

import java.util.Optional;

import org.netlever.option82.DeviceLocation;
import org.netlever.option82.MacAddress;
import org.netlever.option82.RelayAgentInformation;
import org.netlever.option82.SubOption;
import org.netlever.option82.SubOptionCode;

/**
 * DCN, SNR and Qtech switches (one firmware family). The circuit-id is, by default, text such as
 * {@code Vlan10+Ethernet1/0/7} (VLAN 10, unit 1, slot 0, port 7), or in "hex" mode
 * {@code 00 06 VLAN(2) SLOT(1) MODULE(1) PORT(2)}; the remote-id is the bare 6-byte MAC (or {@code 00 06 MAC}).
 *
 * <p>The text unit / slot / port map to {@link DeviceLocation#unit()}, {@link DeviceLocation#slot()} and
 * {@link DeviceLocation#port()}; the hex SLOT and MODULE map the same way (SLOT is 1 on a box switch). An interface
 * written with two numbers ({@code Ethernet1/7}) has a unit and a port.
 *
 * <p>Thread-safe (stateless).
 */
public final class DcnDecoder extends NamedDecoder {

    /** The one instance. */
    public static final DcnDecoder INSTANCE = new DcnDecoder();

    private DcnDecoder() {
        super("dcn");
    }

    @Override
    public Optional<DeviceLocation> decode(RelayAgentInformation info) {
        SubOption circuit = info.find(SubOptionCode.CIRCUIT_ID).orElse(null);
        SubOption remote = info.find(SubOptionCode.REMOTE_ID).orElse(null);
        MacAddress mac = RemoteIds.bareOrNull(remote);
        if (mac == null) {
            mac = RemoteIds.typedOrNull(remote);
        }
        if (circuit == null || mac == null) {
            return Optional.empty();
        }
        DeviceLocation.Builder b = DeviceLocation.builder(name()).deviceMac(mac);
        if (circuit.length() == 8 && circuit.unsignedByte(0) == 0 && circuit.unsignedByte(1) == 6) {
            int vlan = circuit.unsignedShort(2);
            if (vlan > 4095) {
                return Optional.empty();
            }
            return Optional.of(b.vlan(vlan).unit(circuit.unsignedByte(4)).slot(circuit.unsignedByte(5))
                    .port(circuit.unsignedShort(6)).build());
        }
        if (!circuit.isPrintableAscii()) {
            return Optional.empty();
        }
        TextScanner t = new TextScanner(circuit.ascii(), 0);
        if (!t.literal("Vlan")) {
            return Optional.empty();
        }
        int vlan = t.number(4);
        if (vlan < 0 || vlan > 4095 || !t.literal("+") || !t.letters()) {
            return Optional.empty();
        }
        int first = t.number(5);
        if (first < 0 || !t.literal("/")) {
            return Optional.empty();
        }
        int second = t.number(5);
        if (second < 0) {
            return Optional.empty();
        }
        b.vlan(vlan).unit(first);
        if (t.atEnd()) {
            return Optional.of(b.port(second).build());
        }
        if (!t.literal("/")) {
            return Optional.empty();
        }
        int third = t.number(5);
        if (third < 0 || !t.atEnd()) {
            return Optional.empty();
        }
        return Optional.of(b.slot(second).port(third).build());
    }
}
