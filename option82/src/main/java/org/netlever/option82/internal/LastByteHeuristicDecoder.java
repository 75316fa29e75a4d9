package org.netlever.option82.internal;

import java.util.Optional;

import org.netlever.option82.DeviceLocation;
import org.netlever.option82.MacAddress;
import org.netlever.option82.RelayAgentInformation;
import org.netlever.option82.SubOption;
import org.netlever.option82.SubOptionCode;

/**
 * The last resort: the device MAC is the last six bytes of the remote-id and the port is the last byte of the
 * circuit-id — the rule djing2's {@code parse_opt82} applies to everything. It is right for the common binary layout
 * and wrong for Cisco port bases, 2-byte ports above 255, H3C port indexes and every text format, so it is never
 * part of auto-detection: a caller must ask for it, and every location it gives is flagged
 * {@linkplain DeviceLocation#isHeuristic() heuristic}.
 *
 * <p>Thread-safe (stateless).
 */
public final class LastByteHeuristicDecoder extends NamedDecoder {

    /** The one instance. */
    public static final LastByteHeuristicDecoder INSTANCE = new LastByteHeuristicDecoder();

    private LastByteHeuristicDecoder() {
        super("last-byte-heuristic");
    }

    @Override
    public Optional<DeviceLocation> decode(RelayAgentInformation info) {
        SubOption circuit = info.find(SubOptionCode.CIRCUIT_ID).orElse(null);
        SubOption remote = info.find(SubOptionCode.REMOTE_ID).orElse(null);
        if (circuit == null || remote == null || circuit.length() == 0 || remote.length() < MacAddress.LENGTH) {
            return Optional.empty();
        }
        return Optional.of(DeviceLocation.builder(name())
                .deviceMac(remote.macAddress(remote.length() - MacAddress.LENGTH))
                .port(circuit.unsignedByte(circuit.length() - 1))
                .heuristic(true)
                .build());
    }
}
