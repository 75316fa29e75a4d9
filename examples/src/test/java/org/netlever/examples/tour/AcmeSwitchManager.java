package org.netlever.examples.tour;

import org.netlever.device.DeviceManager;
import org.netlever.option82.Option82Decoder;
import org.netlever.option82.Option82Decoders;

/** The README's custom manager, compiled. */
final class AcmeSwitchManager implements DeviceManager {
    @Override
    public String typeCode() {
        return "acme-switch";
    }

    @Override
    public String displayName() {
        return "Acme AS-24";
    }

    @Override
    public boolean usesDevicePort() {
        return true;
    }

    @Override
    public Option82Decoder option82Decoder() {
        return Option82Decoders.tpLink();   // Acme switches run OEM TP-Link firmware
    }
}
