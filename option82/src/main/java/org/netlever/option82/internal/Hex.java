package org.netlever.option82.internal;

/**
 * Hex digit helpers shared by the parsers. Not part of the API.
 *
 * <p>Thread-safe (no state).
 */
public final class Hex {

    private Hex() {
    }

    /**
     * The value of a hex digit.
     *
     * @param c a character
     * @return 0 to 15, or -1 if {@code c} is not a hex digit
     */
    public static int digit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
