package org.netlever.option82;

/**
 * Well-formed Option 82 data that no decoder in use recognises as a device location: the vendor format is not
 * one the decoder (or decoder chain) knows, or a sub-option it needs is missing.
 *
 * <p>Thrown by {@link Option82Decoder#decodeOrThrow(RelayAgentInformation)}; the message lists the decoders that were
 * tried and the sub-options that were present, so an operator can tell which device model to register or which
 * decoder to plug in.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class UnrecognizedOption82Exception extends Option82Exception {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was tried and what the input held
     */
    public UnrecognizedOption82Exception(String message) {
        super(message);
    }
}
