package org.netlever.aaa.radius.attr;

import java.util.HashMap;
import java.util.Map;
import org.netlever.aaa.radius.RadiusFormatException;

/**
 * The value of Acct-Status-Type (RFC 2866 section 5.1; 15 from RFC 2866's IANA registry).
 *
 * <p>An <em>open</em> set of constants, in the manner of netty's {@code DnsRecordType}: the values of RFC 2866 have named constants and any other number is kept. Two values are
 * equal when their numbers are.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class AcctStatusType {

    /** 1: a session (call) began. */
    public static final AcctStatusType START = new AcctStatusType(1, "Start");
    /** 2: a session ended. */
    public static final AcctStatusType STOP = new AcctStatusType(2, "Stop");
    /** 3: a session is still going. */
    public static final AcctStatusType INTERIM_UPDATE = new AcctStatusType(3, "Interim-Update");
    /** 7: the client started accounting. */
    public static final AcctStatusType ACCOUNTING_ON = new AcctStatusType(7, "Accounting-On");
    /** 8: the client stops accounting. */
    public static final AcctStatusType ACCOUNTING_OFF = new AcctStatusType(8, "Accounting-Off");
    /** 15: a session failed to start. */
    public static final AcctStatusType FAILED = new AcctStatusType(15, "Failed");

    private static final Map<Integer, AcctStatusType> KNOWN = new HashMap<>();

    static {
        for (AcctStatusType known : new AcctStatusType[] {START, STOP, INTERIM_UPDATE, ACCOUNTING_ON, ACCOUNTING_OFF, FAILED}) {
            KNOWN.put(known.value, known);
        }
    }

    private final int value;
    private final String name;

    private AcctStatusType(int value, String name) {
        this.value = value;
        this.name = name;
    }

    /**
     * The constant for a value; values netlever has no name for get {@code Status-<n>}.
     *
     * @param value the number
     * @return the value, never {@code null}
     * @throws RadiusFormatException if the number is out of range
     */
    public static AcctStatusType valueOf(int value) {
        if (value < 0) {
            throw new RadiusFormatException("an Acct-Status-Type is not negative, got " + value);
        }
        AcctStatusType known = KNOWN.get(value);
        return known != null ? known : new AcctStatusType(value, "Status-" + value);
    }

    /**
     * The number.
     *
     * @return the value
     */
    public int value() {
        return value;
    }

    /**
     * A short name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AcctStatusType other && other.value == value;
    }

    @Override
    public int hashCode() {
        return value;
    }

    /**
     * The name and number.
     *
     * @return e.g. {@code Start(1)}
     */
    @Override
    public String toString() {
        return name + "(" + value + ")";
    }
}
