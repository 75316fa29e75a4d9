package org.netlever.pcrf;

/**
 * The engine's {@link StoreFence} refused a write: another engine owns the state now. Nothing of the refused change
 * was stored or acknowledged; the engine refuses everything after it and must be closed. Thread-safe (immutable).
 */
public class PcrfFencedException extends PcrfException {

    private static final long serialVersionUID = 1L;

    /**
     * An exception.
     *
     * @param message what was refused
     */
    public PcrfFencedException(String message) {
        super(message);
    }
}
