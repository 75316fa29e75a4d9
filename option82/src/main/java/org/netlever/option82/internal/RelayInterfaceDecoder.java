package org.netlever.option82.internal;

import java.util.Optional;

import org.netlever.option82.DeviceLocation;
import org.netlever.option82.RelayAgentInformation;
import org.netlever.option82.SubOption;
import org.netlever.option82.SubOptionCode;

/**
 * A plain relay agent's Option 82: the circuit-id is the name of the interface the request came in on, as text, and
 * there is no port — ISC {@code dhcrelay -a} writes exactly that (and no remote-id unless {@code -r} is given). The
 * device is then known by the relay address (giaddr) and this name. Any printable circuit-id without spaces is
 * taken, so it is not part of auto-detection, where it would shadow every text format.
 *
 * <p>Thread-safe (stateless).
 */
public final class RelayInterfaceDecoder extends NamedDecoder {

    /** The one instance. */
    public static final RelayInterfaceDecoder INSTANCE = new RelayInterfaceDecoder();

    private RelayInterfaceDecoder() {
        super("relay-interface");
    }

    @Override
    public Optional<DeviceLocation> decode(RelayAgentInformation info) {
        SubOption circuit = info.find(SubOptionCode.CIRCUIT_ID).orElse(null);
        if (circuit == null || !circuit.isPrintableAscii()) {
            return Optional.empty();
        }
        String name = circuit.ascii();
        if (name.isBlank() || name.chars().anyMatch(Character::isWhitespace)) {
            return Optional.empty();
        }
        return Optional.of(DeviceLocation.builder(name()).relayInterface(name).build());
    }
}
