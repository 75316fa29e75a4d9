package org.netlever.device;

/**
 * A type code that no registered manager has. The message lists the codes that are registered.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class UnknownDeviceTypeException extends DeviceSpiException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the code asked for and the codes registered
     */
    public UnknownDeviceTypeException(String message) {
        super(message);
    }
}
