package org.netlever.aaa.ip;

import org.netlever.aaa.AaaException;

/**
 * Text that is not an IPv4 address or network. The message names the character index and what was expected.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class IpAddressFormatException extends AaaException {
    private static final long serialVersionUID = 1L;

    private final int index;

    /**
     * Creates the exception.
     *
     * @param text the text that was being parsed
     * @param index the character index where the problem is
     * @param reason what is wrong
     */
    public IpAddressFormatException(CharSequence text, int index, String reason) {
        super("'" + text + "' is not an IPv4 address: at index " + index + ", " + reason);
        this.index = index;
    }

    /**
     * Where in the text the problem is.
     *
     * @return the character index
     */
    public int index() {
        return index;
    }
}
