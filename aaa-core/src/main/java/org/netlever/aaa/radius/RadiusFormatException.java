package org.netlever.aaa.radius;

/**
 * A RADIUS packet or attribute value that does not follow the wire format: a short header, a length field that
 * disagrees with the datagram, an attribute that runs past the end, an integer attribute that is not four octets.
 * The message names the field and, for packets, the byte offset where the problem starts.
 *
 * <p>Instances are immutable and thread-safe.
 */
public class RadiusFormatException extends RadiusException {
    private static final long serialVersionUID = 1L;

    private final int offset;

    /**
     * Creates the exception for a problem at a byte offset of a packet.
     *
     * @param offset the offset from the start of the packet, or -1 if the problem is not in a packet
     * @param message what is wrong
     */
    public RadiusFormatException(int offset, String message) {
        super(offset >= 0 ? message + " (at byte offset " + offset + ")" : message);
        this.offset = offset;
    }

    /**
     * Creates the exception for a problem outside a packet (an attribute value on its own).
     *
     * @param message what is wrong
     */
    public RadiusFormatException(String message) {
        this(-1, message);
    }

    /**
     * Where in the packet the problem starts.
     *
     * @return the byte offset from the start of the packet, or -1 when the problem is not in a packet
     */
    public int offset() {
        return offset;
    }
}
