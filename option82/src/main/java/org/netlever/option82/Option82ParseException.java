package org.netlever.option82;

import java.util.Objects;

/**
 * Malformed Option 82 input: a sub-option whose length overruns the data, a truncated TLV, trailing bytes after the
 * declared option length, a sub-option whose content does not fit its RFC, or text that is not in any of the
 * accepted forms.
 *
 * <p>The exception names the {@linkplain #field() field} that was being read and the {@linkplain #offset() offset}
 * at which the problem starts: a byte offset into the binary input as the caller passed it (counting the
 * {@code 52 LL} header when it was present), or a character index when a textual form was being read. The message
 * has the form {@code "<field> at offset <n>: <reason>"}.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class Option82ParseException extends Option82Exception {
    private static final long serialVersionUID = 1L;

    private final String field;
    private final int offset;
    private final String reason;

    /**
     * Creates a parse exception.
     *
     * @param field what was being read, e.g. {@code "sub-option 1 (circuit-id)"} or {@code "mac address"}
     * @param offset the byte offset (binary input) or character index (text input) where the problem starts; not
     *     negative
     * @param reason what is wrong, e.g. {@code "length 10 overruns the 6 bytes that remain"}
     */
    public Option82ParseException(String field, int offset, String reason) {
        super(Objects.requireNonNull(field, "field") + " at offset " + offset + ": "
                + Objects.requireNonNull(reason, "reason"));
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative: " + offset);
        }
        this.field = field;
        this.offset = offset;
        this.reason = reason;
    }

    /**
     * What was being read when the problem was found.
     *
     * @return the field name, never {@code null}
     */
    public String field() {
        return field;
    }

    /**
     * Where the problem starts: a byte offset into binary input, or a character index into text.
     *
     * @return the offset, never negative
     */
    public int offset() {
        return offset;
    }

    /**
     * What is wrong, without the field and offset.
     *
     * @return the reason, never {@code null}
     */
    public String reason() {
        return reason;
    }
}
