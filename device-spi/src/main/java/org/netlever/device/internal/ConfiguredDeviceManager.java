package org.netlever.device.internal;

import java.util.Set;

import org.netlever.device.DeviceKey;
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
    private final Set<DeviceKey> keys;

    /**
     * Creates a manager.
     *
     * @param typeCode the type code
     * @param displayName the display name
     * @param usesDevicePort whether the port selects the subscriber
     * @param decoder the model's Option 82 decoder
     * @param keys what the model's devices are found by
     */
    public ConfiguredDeviceManager(String typeCode, String displayName, boolean usesDevicePort,
            Option82Decoder decoder, Set<DeviceKey> keys) {
        this.typeCode = typeCode;
        this.displayName = displayName;
        this.usesDevicePort = usesDevicePort;
        this.decoder = decoder;
        this.keys = Set.copyOf(keys);
    }

    /**
     * Creates a manager whose devices are found by MAC or serial.
     *
     * @param typeCode the type code
     * @param displayName the display name
     * @param usesDevicePort whether the port selects the subscriber
     * @param decoder the model's Option 82 decoder
     */
    public ConfiguredDeviceManager(String typeCode, String displayName, boolean usesDevicePort,
            Option82Decoder decoder) {
        this(typeCode, displayName, usesDevicePort, decoder, DEFAULT_KEYS);
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
    public Set<DeviceKey> deviceKeys() {
        return keys;
    }

    @Override
    public String toString() {
        return typeCode + " (" + displayName + ", " + (usesDevicePort ? "by port" : "by device") + ", decoder "
                + decoder.name() + ")";
    }
}
