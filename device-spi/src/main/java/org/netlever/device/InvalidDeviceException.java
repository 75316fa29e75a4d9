package org.netlever.device;

/**
 * A {@link Device} that cannot be built: a blank id, a malformed type code, or neither a MAC nor a serial to find it
 * by. The message names the device id.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class InvalidDeviceException extends DeviceSpiException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong with which device
     */
    public InvalidDeviceException(String message) {
        super(message);
    }
}
