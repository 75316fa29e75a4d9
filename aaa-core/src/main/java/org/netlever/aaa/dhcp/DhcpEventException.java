package org.netlever.aaa.dhcp;

import java.util.Objects;

import org.netlever.aaa.AaaException;

/**
 * DHCP event input that cannot be understood: a missing or malformed field from dhcpd, Kea or a djing lever. The
 * exception names the {@linkplain #field() field} and says what is wrong with it; an Option 82 parse error keeps its
 * byte offset in the message.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class DhcpEventException extends AaaException {
    private static final long serialVersionUID = 1L;

    private final String field;

    /**
     * Creates the exception.
     *
     * @param field the field, as the source names it ({@code ip}, {@code QUERY4_OPTION_82}, ...)
     * @param reason what is wrong
     */
    public DhcpEventException(String field, String reason) {
        super(Objects.requireNonNull(field, "field") + ": " + reason);
        this.field = field;
    }

    /**
     * Creates the exception with the parse error underneath.
     *
     * @param field the field
     * @param reason what is wrong
     * @param cause the parse error
     */
    public DhcpEventException(String field, String reason, Throwable cause) {
        super(Objects.requireNonNull(field, "field") + ": " + reason, cause);
        this.field = field;
    }

    /**
     * The field that is missing or malformed.
     *
     * @return the field name
     */
    public String field() {
        return field;
    }
}
