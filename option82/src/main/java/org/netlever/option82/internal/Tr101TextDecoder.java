package org.netlever.option82.internal;

import java.util.Optional;

import org.netlever.option82.DeviceLocation;
import org.netlever.option82.MacAddress;
import org.netlever.option82.RelayAgentInformation;
import org.netlever.option82.SubOption;
import org.netlever.option82.SubOptionCode;

/**
 * The Broadband Forum TR-101 text circuit-id, {@code <access-node-id> eth <slot>/<port>[:<vlan>]}, as Eltex
 * MES sends it in "tr101" mode with a stack unit in front: {@code sw1 eth 1/0/5:100} is unit 1, slot 0, port 5,
 * VLAN 100. Edge-core and D-Link ("vendor5") send the same form.
 *
 * <p>The device MAC comes from the remote-id in any MAC form ({@code 00 06 MAC}, bare, or text); when the
 * remote-id has none, from the access-node-id if that is a MAC (Edge-core's default). An access-node-id that is not
 * a MAC is the switch's host name (Eltex MES names itself so), and the location carries it — alone when no MAC is
 * there, so that a billing that registers the switch by host name finds it.
 *
 * <p>Thread-safe (stateless).
 */
public final class Tr101TextDecoder extends NamedDecoder {

    /** The one instance. */
    public static final Tr101TextDecoder INSTANCE = new Tr101TextDecoder();

    private static final String ETH = " eth ";

    private Tr101TextDecoder() {
        super("tr101-text");
    }

    @Override
    public Optional<DeviceLocation> decode(RelayAgentInformation info) {
        SubOption circuit = info.find(SubOptionCode.CIRCUIT_ID).orElse(null);
        if (circuit == null || !circuit.isPrintableAscii()) {
            return Optional.empty();
        }
        String text = circuit.ascii();
        int eth = text.lastIndexOf(ETH);
        if (eth <= 0) {
            return Optional.empty();
        }
        TextScanner t = new TextScanner(text, eth + ETH.length());
        int[] numbers = new int[3];
        int count = 0;
        while (true) {
            int n = t.number(5);
            if (n < 0) {
                return Optional.empty();
            }
            numbers[count++] = n;
            if (count == 3 || !t.literal("/")) {
                break;
            }
        }
        if (count < 2) {
            return Optional.empty();
        }
        int vlan = -1;
        if (t.literal(":")) {
            vlan = t.number(4);
            if (vlan < 0 || vlan > 4095) {
                return Optional.empty();
            }
        }
        if (!t.atEnd()) {
            return Optional.empty();
        }
        String accessNode = text.substring(0, eth).strip();
        MacAddress nodeMac = MacAddress.tryParse(accessNode).orElse(null);
        MacAddress mac = RemoteIds.anyOrNull(info.find(SubOptionCode.REMOTE_ID).orElse(null));
        if (mac == null) {
            mac = nodeMac;
        }
        if (mac == null && accessNode.isEmpty()) {
            return Optional.empty();
        }
        DeviceLocation.Builder b = DeviceLocation.builder(name());
        if (mac != null) {
            b.deviceMac(mac);
        }
        if (nodeMac == null && !accessNode.isEmpty()) {
            b.hostName(accessNode);
        }
        if (count == 3) {
            b.unit(numbers[0]).slot(numbers[1]).port(numbers[2]);
        } else {
            b.slot(numbers[0]).port(numbers[1]);
        }
        if (vlan >= 0) {
            b.vlan(vlan);
        }
        return Optional.of(b.build());
    }
}
