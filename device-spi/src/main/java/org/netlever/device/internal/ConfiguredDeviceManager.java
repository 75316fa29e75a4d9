package org.netlever.device.internal;

import org.netlever.device.DeviceManager;
import org.netlever.option82.Option82Decoder;

/**
 * A device manager made of fixed values, which is all the built-in managers need. Not API.
 *
 * <p>Immutable and thread-safe.
 */
public final class ConfiguredDeviceManager implements DeviceManager {

    private final String typeCode;
    private final String displayName;
    private final boolean usesDevicePort;
    private final Option82Decoder decoder;

    /**
     * Creates a manager.
     *
     * @param typeCode the type code
     * @param displayName the display name
     * @param usesDevicePort whether the port selects the subscriber
     * @param decoder the model's Option 82 decoder
     */
    public ConfiguredDeviceManager(String typeCode, String displayName, boolean usesDevicePort,
            Option82Decoder decoder) {
        this.typeCode = typeCode;
        this.displayName = displayName;
        this.usesDevicePort = usesDevicePort;
        this.decoder = decoder;
    }

    @Override
    public String typeCode() {
        return typeCode;
    }

    @Override
    public String displayName() {
        return displayName;
    }

    @Override
    public boolean usesDevicePort() {
        return usesDevicePort;
    }

    @Override
    public Option82Decoder option82Decoder() {
        return decoder;
    }

    @Override
    public String toString() {
        return typeCode + " (" + displayName + ", " + (usesDevicePort ? "by port" : "by device") + ", decoder "
                + decoder.name() + ")";
    }
}
