package org.netlever.option82;

/**
 * Base of every error the {@code option82} module throws: input that is not acceptable as Option 82 data, a MAC
 * address, or a device location.
 *
 * <p>It is unchecked and extends {@link IllegalArgumentException}, so code that already treats bad arguments as
 * {@code IllegalArgumentException} keeps working, while code that wants to tell Option 82 problems apart can catch
 * this type or one of its subclasses: {@link Option82ParseException} (malformed bytes or text, with the offset) and
 * {@link UnrecognizedOption82Exception} (well-formed, but no decoder knows the vendor format).
 *
 * <p>Instances are immutable and thread-safe.
 */
public class Option82Exception extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message that says what was wrong and where.
     *
     * @param message the full message; never {@code null}
     */
    public Option82Exception(String message) {
        super(message);
    }
}
