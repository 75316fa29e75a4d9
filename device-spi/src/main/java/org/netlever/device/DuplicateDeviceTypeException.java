package org.netlever.device;

/**
 * Two device managers claim the same type code. The message names both classes and, for discovered ones, the jar
 * each came from, so the conflicting plugin can be found.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class DuplicateDeviceTypeException extends DeviceSpiException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the type code and both managers
     */
    public DuplicateDeviceTypeException(String message) {
        super(message);
    }
}
