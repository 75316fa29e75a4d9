package org.netlever.aaa.call;

/**
 * A side of a call: A calls B.
 *
 * <p>Thread-safe (an enum).
 */
public enum Party {
    /** The calling party, A. */
    A,
    /** The called party, B. */
    B
}
