package org.netlever.aaa.radius.attr;

/**
 * The clock-quality mark Cisco puts before the time in {@code h323-setup-time}, {@code h323-connect-time} and
 * {@code h323-disconnect-time} (the same marks as {@code show clock}).
 *
 * <p>Thread-safe (an enum).
 */
public enum ClockStatus {
    /** No mark: the time is authoritative. */
    AUTHORITATIVE(""),
    /** {@code *}: the time is not authoritative (the clock was never set from a time source). */
    NOT_AUTHORITATIVE("*"),
    /** {@code .}: the time is authoritative but NTP is not synchronised. */
    NOT_SYNCHRONIZED(".");

    private final String mark;

    ClockStatus(String mark) {
        this.mark = mark;
    }

    /**
     * The mark as written before the time.
     *
     * @return empty, {@code *} or {@code .}
     */
    public String mark() {
        return mark;
    }
}
