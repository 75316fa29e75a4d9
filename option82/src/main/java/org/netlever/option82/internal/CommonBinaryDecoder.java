package org.netlever.option82.internal;

import java.util.Optional;

import org.netlever.option82.DeviceLocation;
import org.netlever.option82.RelayAgentInformation;
import org.netlever.option82.SubOption;
import org.netlever.option82.SubOptionCode;

/**
 * The common binary layout: circuit-id {@code 00 04 VLAN(2) X(1) PORT(1)}, remote-id {@code 00 06 MAC(6)}.
 *
 * <p>D-Link DES/DGS "default", Cisco Catalyst, Edge-core, Eltex MES "custom" read {@code X} as the module / stack
 * unit (0 on a standalone D-Link). Huawei S "extend" packs the slot into its five high bits and the sub-slot into
 * its three low bits. The bytes alone cannot tell the two apart; the auto-detect chain reads the common form, and
 * the Huawei device manager uses the extend form.
 *
 * <p>Thread-safe (stateless).
 */
public final class CommonBinaryDecoder extends NamedDecoder {

    /** X is the module / stack unit. */
    public static final CommonBinaryDecoder COMMON = new CommonBinaryDecoder("common-binary", false);
    /** X is slot (5 bits) and sub-slot (3 bits), Huawei "extend". */
    public static final CommonBinaryDecoder HUAWEI_EXTEND = new CommonBinaryDecoder("huawei-extend", true);

    private final boolean slotBits;

    private CommonBinaryDecoder(String name, boolean slotBits) {
        super(name);
        this.slotBits = slotBits;
    }

    @Override
    public Optional<DeviceLocation> decode(RelayAgentInformation info) {
        SubOption circuit = info.find(SubOptionCode.CIRCUIT_ID).orElse(null);
        if (circuit == null || circuit.length() != 6 || circuit.unsignedByte(0) != 0 || circuit.unsignedByte(1) != 4) {
            return Optional.empty();
        }
        var mac = RemoteIds.typedOrNull(info.find(SubOptionCode.REMOTE_ID).orElse(null));
        int vlan = circuit.unsignedShort(2);
        if (mac == null || vlan > 4095) {
            return Optional.empty();
        }
        int x = circuit.unsignedByte(4);
        DeviceLocation.Builder b = DeviceLocation.builder(name()).deviceMac(mac).vlan(vlan).port(circuit.unsignedByte(5));
        if (slotBits) {
            b.slot(x >>> 3).subslot(x & 0x7);
        } else {
            b.unit(x);
        }
        return Optional.of(b.build());
    }
}
