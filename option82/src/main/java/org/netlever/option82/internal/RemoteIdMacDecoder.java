package org.netlever.option82.internal;

import java.util.Optional;

import org.netlever.option82.DeviceLocation;
import org.netlever.option82.MacAddress;
import org.netlever.option82.RelayAgentInformation;
import org.netlever.option82.SubOptionCode;

/**
 * A device known only by the MAC in the remote-id ({@code 00 06 MAC}, bare, or as text), with no port: how an EPON
 * OLT identifies the ONU a request came through when it is set to put the ONU MAC in the remote-id. A device that
 * serves one subscriber needs nothing more (S1.7).
 *
 * <p>Thread-safe (stateless).
 */
public final class RemoteIdMacDecoder extends NamedDecoder {

    /** The one instance. */
    public static final RemoteIdMacDecoder INSTANCE = new RemoteIdMacDecoder();

    private RemoteIdMacDecoder() {
        super("remote-id-mac");
    }

    @Override
    public Optional<DeviceLocation> decode(RelayAgentInformation info) {
        MacAddress mac = RemoteIds.anyOrNull(info.find(SubOptionCode.REMOTE_ID).orElse(null));
        return mac == null ? Optional.empty() : Optional.of(DeviceLocation.builder(name()).deviceMac(mac).build());
    }
}
