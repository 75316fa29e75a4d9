package org.netlever.aaa.radius.attr;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.netlever.aaa.radius.AttributeType;
import org.netlever.aaa.radius.AttributeView;
import org.netlever.aaa.radius.RadiusAttribute;
import org.netlever.aaa.radius.RadiusFormatException;

/**
 * Typed builders and readers for the standard accounting and session attributes billing deals with (S2.4–S2.8):
 * Acct-Status-Type, Acct-Interim-Interval, Session-Timeout, Acct-Session-Time, Event-Timestamp, and 64-bit octet
 * counters split over Acct-*-Octets and Acct-*-Gigawords (RFC 2869 section 5.1).
 *
 * <p>Stateless and thread-safe.
 */
public final class Accounting {

    private static final long GIGAWORD = 1L << 32;

    private Accounting() {
    }

    /**
     * Acct-Status-Type.
     *
     * @param type the status type
     * @return the attribute
     */
    public static RadiusAttribute statusType(AcctStatusType type) {
        return RadiusAttribute.ofInteger(AttributeType.ACCT_STATUS_TYPE, type.value());
    }

    /**
     * Reads Acct-Status-Type.
     *
     * @param attributes a packet or message
     * @return the type, or empty if absent
     */
    public static Optional<AcctStatusType> statusType(AttributeView attributes) {
        OptionalLong value = attributes.integer(AttributeType.ACCT_STATUS_TYPE);
        return value.isPresent() ? Optional.of(AcctStatusType.valueOf((int) value.getAsLong())) : Optional.empty();
    }

    /**
     * Acct-Interim-Interval: how often to send Interim-Updates.
     *
     * @param interval whole seconds, 1 or more
     * @return the attribute
     */
    public static RadiusAttribute interimInterval(Duration interval) {
        return seconds(AttributeType.ACCT_INTERIM_INTERVAL, interval);
    }

    /**
     * Session-Timeout: the most a session (call) may last.
     *
     * @param timeout whole seconds
     * @return the attribute
     */
    public static RadiusAttribute sessionTimeout(Duration timeout) {
        return seconds(AttributeType.SESSION_TIMEOUT, timeout);
    }

    /**
     * Acct-Session-Time: how long the session has lasted.
     *
     * @param time whole seconds
     * @return the attribute
     */
    public static RadiusAttribute sessionTime(Duration time) {
        return seconds(AttributeType.ACCT_SESSION_TIME, time);
    }

    /**
     * Event-Timestamp: when the event happened, in whole seconds since 1970.
     *
     * @param at the time
     * @return the attribute
     */
    public static RadiusAttribute eventTimestamp(Instant at) {
        return RadiusAttribute.ofTime(AttributeType.EVENT_TIMESTAMP, at);
    }

    /**
     * Reads Acct-Interim-Interval.
     *
     * @param attributes a packet or message
     * @return the interval, or empty if absent
     */
    public static Optional<Duration> interimInterval(AttributeView attributes) {
        return duration(attributes, AttributeType.ACCT_INTERIM_INTERVAL);
    }

    /**
     * Reads Session-Timeout.
     *
     * @param attributes a packet or message
     * @return the timeout, or empty if absent
     */
    public static Optional<Duration> sessionTimeout(AttributeView attributes) {
        return duration(attributes, AttributeType.SESSION_TIMEOUT);
    }

    /**
     * Reads Acct-Session-Time.
     *
     * @param attributes a packet or message
     * @return the time, or empty if absent
     */
    public static Optional<Duration> sessionTime(AttributeView attributes) {
        return duration(attributes, AttributeType.ACCT_SESSION_TIME);
    }

    /**
     * Reads Event-Timestamp.
     *
     * @param attributes a packet or message
     * @return the time, or empty if absent
     */
    public static Optional<Instant> eventTimestamp(AttributeView attributes) {
        return attributes.first(AttributeType.EVENT_TIMESTAMP).map(RadiusAttribute::asTime);
    }

    /**
     * Acct-Input-Octets and Acct-Input-Gigawords for a 64-bit count.
     *
     * @param octets the count, not negative
     * @return the two attributes, low 32 bits first
     */
    public static List<RadiusAttribute> inputOctets(long octets) {
        return counter(AttributeType.ACCT_INPUT_OCTETS, AttributeType.ACCT_INPUT_GIGAWORDS, octets);
    }

    /**
     * Acct-Output-Octets and Acct-Output-Gigawords for a 64-bit count.
     *
     * @param octets the count, not negative
     * @return the two attributes, low 32 bits first
     */
    public static List<RadiusAttribute> outputOctets(long octets) {
        return counter(AttributeType.ACCT_OUTPUT_OCTETS, AttributeType.ACCT_OUTPUT_GIGAWORDS, octets);
    }

    /**
     * Reads the 64-bit input octet count: Acct-Input-Gigawords × 2<sup>32</sup> + Acct-Input-Octets.
     *
     * @param attributes a packet or message
     * @return the count, or empty if Acct-Input-Octets is absent
     */
    public static OptionalLong inputOctets(AttributeView attributes) {
        return counter(attributes, AttributeType.ACCT_INPUT_OCTETS, AttributeType.ACCT_INPUT_GIGAWORDS);
    }

    /**
     * Reads the 64-bit output octet count: Acct-Output-Gigawords × 2<sup>32</sup> + Acct-Output-Octets.
     *
     * @param attributes a packet or message
     * @return the count, or empty if Acct-Output-Octets is absent
     */
    public static OptionalLong outputOctets(AttributeView attributes) {
        return counter(attributes, AttributeType.ACCT_OUTPUT_OCTETS, AttributeType.ACCT_OUTPUT_GIGAWORDS);
    }

    private static List<RadiusAttribute> counter(AttributeType low, AttributeType high, long octets) {
        if (octets < 0) {
            throw new RadiusFormatException(low.name() + ": an octet count is not negative, got " + octets);
        }
        return List.of(RadiusAttribute.ofInteger(low, octets % GIGAWORD),
                RadiusAttribute.ofInteger(high, octets / GIGAWORD));
    }

    private static OptionalLong counter(AttributeView attributes, AttributeType low, AttributeType high) {
        OptionalLong octets = attributes.integer(low);
        if (octets.isEmpty()) {
            return OptionalLong.empty();
        }
        long gigawords = attributes.integer(high).orElse(0);
        return OptionalLong.of(gigawords * GIGAWORD + octets.getAsLong());
    }

    private static RadiusAttribute seconds(AttributeType type, Duration duration) {
        if (duration.isNegative()) {
            throw new RadiusFormatException(type.name() + " is not negative, got " + duration);
        }
        return RadiusAttribute.ofInteger(type, duration.toSeconds());
    }

    private static Optional<Duration> duration(AttributeView attributes, AttributeType type) {
        OptionalLong seconds = attributes.integer(type);
        return seconds.isPresent() ? Optional.of(Duration.ofSeconds(seconds.getAsLong())) : Optional.empty();
    }
}
