package org.netlever.device;

/**
 * A device manager that breaks the SPI contract where a registry can see it: a malformed type code, a blank display
 * name, a {@code null} decoder, a negative port count — or, for discovery, a class that cannot be loaded or
 * instantiated. The message names the manager class and, for discovered managers, its jar.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class InvalidDeviceManagerException extends DeviceSpiException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong with which manager
     */
    public InvalidDeviceManagerException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what is wrong with which manager
     * @param cause the loading or instantiation failure
     */
    public InvalidDeviceManagerException(String message, Throwable cause) {
        super(message, cause);
    }
}
