package org.netlever.aaa.radius.attr;

import java.util.HashMap;
import java.util.Map;
import org.netlever.aaa.radius.RadiusFormatException;

/**
 * An ITU-T Q.850 cause value: why a call was released, as {@code h323-disconnect-cause} carries it (in hexadecimal on Cisco gateways, see {@link H323#disconnectCause(Q850Cause)}) and as ECSS reports the previous attempt's release cause (S2.2).
 *
 * <p>An <em>open</em> set of constants, in the manner of netty's {@code DnsRecordType}: the common causes have named constants and every value 0 to 127 is accepted. Two values are
 * equal when their numbers are.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class Q850Cause {

    /** 1: unallocated (unassigned) number. */
    public static final Q850Cause UNALLOCATED_NUMBER = new Q850Cause(1, "unallocated-number");
    /** 3: no route to destination. */
    public static final Q850Cause NO_ROUTE_TO_DESTINATION = new Q850Cause(3, "no-route-to-destination");
    /** 16: normal call clearing. */
    public static final Q850Cause NORMAL_CLEARING = new Q850Cause(16, "normal-clearing");
    /** 17: user busy. */
    public static final Q850Cause USER_BUSY = new Q850Cause(17, "user-busy");
    /** 18: no user responding. */
    public static final Q850Cause NO_USER_RESPONDING = new Q850Cause(18, "no-user-responding");
    /** 19: no answer from user (user alerted). */
    public static final Q850Cause NO_ANSWER = new Q850Cause(19, "no-answer");
    /** 20: subscriber absent. */
    public static final Q850Cause SUBSCRIBER_ABSENT = new Q850Cause(20, "subscriber-absent");
    /** 21: call rejected. */
    public static final Q850Cause CALL_REJECTED = new Q850Cause(21, "call-rejected");
    /** 22: number changed. */
    public static final Q850Cause NUMBER_CHANGED = new Q850Cause(22, "number-changed");
    /** 27: destination out of order. */
    public static final Q850Cause DESTINATION_OUT_OF_ORDER = new Q850Cause(27, "destination-out-of-order");
    /** 28: invalid number format (address incomplete). */
    public static final Q850Cause INVALID_NUMBER_FORMAT = new Q850Cause(28, "invalid-number-format");
    /** 29: facility rejected. */
    public static final Q850Cause FACILITY_REJECTED = new Q850Cause(29, "facility-rejected");
    /** 31: normal, unspecified. */
    public static final Q850Cause NORMAL_UNSPECIFIED = new Q850Cause(31, "normal-unspecified");
    /** 34: no circuit/channel available. */
    public static final Q850Cause NO_CIRCUIT_AVAILABLE = new Q850Cause(34, "no-circuit-available");
    /** 38: network out of order. */
    public static final Q850Cause NETWORK_OUT_OF_ORDER = new Q850Cause(38, "network-out-of-order");
    /** 41: temporary failure. */
    public static final Q850Cause TEMPORARY_FAILURE = new Q850Cause(41, "temporary-failure");
    /** 42: switching equipment congestion. */
    public static final Q850Cause SWITCHING_EQUIPMENT_CONGESTION = new Q850Cause(42, "switching-equipment-congestion");
    /** 47: resource unavailable, unspecified. */
    public static final Q850Cause RESOURCE_UNAVAILABLE = new Q850Cause(47, "resource-unavailable");
    /** 52: outgoing calls barred. */
    public static final Q850Cause OUTGOING_CALLS_BARRED = new Q850Cause(52, "outgoing-calls-barred");
    /** 54: incoming calls barred. */
    public static final Q850Cause INCOMING_CALLS_BARRED = new Q850Cause(54, "incoming-calls-barred");
    /** 57: bearer capability not authorized. */
    public static final Q850Cause BEARER_CAPABILITY_NOT_AUTHORIZED = new Q850Cause(57, "bearer-capability-not-authorized");
    /** 63: service or option not available, unspecified. */
    public static final Q850Cause SERVICE_NOT_AVAILABLE = new Q850Cause(63, "service-not-available");
    /** 102: recovery on timer expiry. */
    public static final Q850Cause RECOVERY_ON_TIMER_EXPIRY = new Q850Cause(102, "recovery-on-timer-expiry");
    /** 111: protocol error, unspecified. */
    public static final Q850Cause PROTOCOL_ERROR = new Q850Cause(111, "protocol-error");
    /** 127: interworking, unspecified. */
    public static final Q850Cause INTERWORKING = new Q850Cause(127, "interworking");

    private static final Map<Integer, Q850Cause> KNOWN = new HashMap<>();

    static {
        for (Q850Cause known : new Q850Cause[] {UNALLOCATED_NUMBER, NO_ROUTE_TO_DESTINATION, NORMAL_CLEARING, USER_BUSY, NO_USER_RESPONDING, NO_ANSWER, SUBSCRIBER_ABSENT, CALL_REJECTED, NUMBER_CHANGED, DESTINATION_OUT_OF_ORDER, INVALID_NUMBER_FORMAT, FACILITY_REJECTED, NORMAL_UNSPECIFIED, NO_CIRCUIT_AVAILABLE, NETWORK_OUT_OF_ORDER, TEMPORARY_FAILURE, SWITCHING_EQUIPMENT_CONGESTION, RESOURCE_UNAVAILABLE, OUTGOING_CALLS_BARRED, INCOMING_CALLS_BARRED, BEARER_CAPABILITY_NOT_AUTHORIZED, SERVICE_NOT_AVAILABLE, RECOVERY_ON_TIMER_EXPIRY, PROTOCOL_ERROR, INTERWORKING}) {
            KNOWN.put(known.value, known);
        }
    }

    private final int value;
    private final String name;

    private Q850Cause(int value, String name) {
        this.value = value;
        this.name = name;
    }

    /**
     * The constant for a value; values netlever has no name for get {@code cause-<n>}.
     *
     * @param value the number
     * @return the value, never {@code null}
     * @throws RadiusFormatException if the number is out of range
     */
    public static Q850Cause valueOf(int value) {
        if (value < 0 || value > 127) {
            throw new RadiusFormatException("a Q.850 cause is 0 to 127, got " + value);
        }
        Q850Cause known = KNOWN.get(value);
        return known != null ? known : new Q850Cause(value, "cause-" + value);
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
        return o instanceof Q850Cause other && other.value == value;
    }

    @Override
    public int hashCode() {
        return value;
    }

    /**
     * The name and number.
     *
     * @return e.g. {@code unallocated-number(1)}
     */
    @Override
    public String toString() {
        return name + "(" + value + ")";
    }
}
