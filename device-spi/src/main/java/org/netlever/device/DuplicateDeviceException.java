package org.netlever.device;

/**
 * A device whose id, MAC or serial is already registered in an {@link InMemoryDeviceDirectory}. Billing databases
 * enforce the same with unique keys; a MAC that names two devices would make Option 82 authorization ambiguous.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class DuplicateDeviceException extends DeviceSpiException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which key clashes with which device
     */
    public DuplicateDeviceException(String message) {
        super(message);
    }
}
