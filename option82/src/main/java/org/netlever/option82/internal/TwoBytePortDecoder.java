package org.netlever.option82.internal;

import java.util.Optional;

import org.netlever.option82.DeviceLocation;
import org.netlever.option82.MacAddress;
import org.netlever.option82.RelayAgentInformation;
import org.netlever.option82.SubOption;
import org.netlever.option82.SubOptionCode;

/**
 * Layouts with a 2-byte VLAN and a 2-byte port field, in two framings that must agree between the sub-options:
 * typed (circuit-id {@code 00 04 VLAN(2) P(2)}, remote-id {@code 00 06 MAC}) or value-only (circuit-id
 * {@code VLAN(2) P(2)}, remote-id {@code MAC}).
 *
 * <p>TP-Link JetStream "normal" and "private": {@code P} is the port ({@code 00 02 00 01} is VLAN 2, port 1/0/1).
 * H3C / Comware "normal" and "standard": {@code P} is the 0-based port index, so the port is {@code P + 1}.
 *
 * <p>Thread-safe (stateless).
 */
public final class TwoBytePortDecoder extends NamedDecoder {

    /** TP-Link: the field is the port. */
    public static final TwoBytePortDecoder TP_LINK = new TwoBytePortDecoder("tp-link", 0);
    /** H3C / Comware: the field is the 0-based port index. */
    public static final TwoBytePortDecoder H3C = new TwoBytePortDecoder("h3c", 1);

    private final int portOffset;

    private TwoBytePortDecoder(String name, int portOffset) {
        super(name);
        this.portOffset = portOffset;
    }

    @Override
    public Optional<DeviceLocation> decode(RelayAgentInformation info) {
        SubOption circuit = info.find(SubOptionCode.CIRCUIT_ID).orElse(null);
        SubOption remote = info.find(SubOptionCode.REMOTE_ID).orElse(null);
        if (circuit == null) {
            return Optional.empty();
        }
        int at;
        MacAddress mac;
        if (circuit.length() == 6 && circuit.unsignedByte(0) == 0 && circuit.unsignedByte(1) == 4) {
            at = 2;
            mac = RemoteIds.typedOrNull(remote);
        } else if (circuit.length() == 4) {
            at = 0;
            mac = RemoteIds.bareOrNull(remote);
        } else {
            return Optional.empty();
        }
        int vlan = circuit.unsignedShort(at);
        if (mac == null || vlan > 4095) {
            return Optional.empty();
        }
        return Optional.of(DeviceLocation.builder(name()).deviceMac(mac).vlan(vlan)
                .port(circuit.unsignedShort(at + 2) + portOffset).build());
    }
}
