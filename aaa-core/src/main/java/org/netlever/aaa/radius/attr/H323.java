package org.netlever.aaa.radius.attr;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.netlever.aaa.ip.Ipv4Address;
import org.netlever.aaa.radius.AttributeType;
import org.netlever.aaa.radius.AttributeView;
import org.netlever.aaa.radius.RadiusAttribute;
import org.netlever.aaa.radius.RadiusFormatException;

/**
 * Typed builders and readers for Cisco's voice VSAs (vendor 9, {@code h323-*}; S2.8), in the form Cisco gateways
 * put on the wire: the value repeats the attribute name, {@code h323-conf-id=931C146B 0F4411D6 AB5591F0 CBF3D765}.
 * Readers accept the value with or without that prefix, because not every gateway writes it.
 *
 * <p>Stateless and thread-safe.
 */
public final class H323 {

    private H323() {
    }

    private static RadiusAttribute prefixed(AttributeType type, String value) {
        return RadiusAttribute.ofString(type, type.name() + "=" + value);
    }

    /**
     * The value of an {@code h323-*} attribute without the {@code name=} prefix.
     *
     * @param attributes a packet or message
     * @param type the attribute type
     * @return the value, or empty if absent
     */
    public static Optional<String> value(AttributeView attributes, AttributeType type) {
        return attributes.string(type).map(text -> text.startsWith(type.name() + "=")
                ? text.substring(type.name().length() + 1) : text);
    }

    /**
     * {@code h323-conf-id}.
     *
     * @param id the conference id
     * @return the attribute
     */
    public static RadiusAttribute confId(ConfId id) {
        return prefixed(AttributeType.H323_CONF_ID, id.toString());
    }

    /**
     * Reads {@code h323-conf-id} openly ({@link ConfId#of(String)}): Cisco's form is normalized, any other text
     * (Eltex's "CALL_ID") is kept as sent.
     *
     * @param attributes a packet or message
     * @return the id, or empty if absent or blank
     */
    public static Optional<ConfId> confId(AttributeView attributes) {
        return value(attributes, AttributeType.H323_CONF_ID).filter(v -> !v.isBlank()).map(ConfId::new);
    }

    /**
     * {@code h323-setup-time}: when the call was set up.
     *
     * @param time the time
     * @return the attribute
     */
    public static RadiusAttribute setupTime(H323Time time) {
        return prefixed(AttributeType.H323_SETUP_TIME, time.toString());
    }

    /**
     * {@code h323-connect-time}: when the call was answered.
     *
     * @param time the time
     * @return the attribute
     */
    public static RadiusAttribute connectTime(H323Time time) {
        return prefixed(AttributeType.H323_CONNECT_TIME, time.toString());
    }

    /**
     * {@code h323-disconnect-time}: when the call ended.
     *
     * @param time the time
     * @return the attribute
     */
    public static RadiusAttribute disconnectTime(H323Time time) {
        return prefixed(AttributeType.H323_DISCONNECT_TIME, time.toString());
    }

    /**
     * Reads {@code h323-setup-time}.
     *
     * @param attributes a packet or message
     * @return the time, or empty if absent
     * @throws RadiusFormatException if present but malformed
     */
    public static Optional<H323Time> setupTime(AttributeView attributes) {
        return value(attributes, AttributeType.H323_SETUP_TIME).map(H323Time::parse);
    }

    /**
     * Reads {@code h323-connect-time}.
     *
     * @param attributes a packet or message
     * @return the time, or empty if absent
     * @throws RadiusFormatException if present but malformed
     */
    public static Optional<H323Time> connectTime(AttributeView attributes) {
        return value(attributes, AttributeType.H323_CONNECT_TIME).map(H323Time::parse);
    }

    /**
     * Reads {@code h323-disconnect-time}.
     *
     * @param attributes a packet or message
     * @return the time, or empty if absent
     * @throws RadiusFormatException if present but malformed
     */
    public static Optional<H323Time> disconnectTime(AttributeView attributes) {
        return value(attributes, AttributeType.H323_DISCONNECT_TIME).map(H323Time::parse);
    }

    /**
     * {@code h323-disconnect-cause}: the Q.850 cause in hexadecimal, two digits, as Cisco gateways write it.
     *
     * @param cause the cause
     * @return the attribute, e.g. {@code h323-disconnect-cause=10} for normal clearing
     */
    public static RadiusAttribute disconnectCause(Q850Cause cause) {
        return prefixed(AttributeType.H323_DISCONNECT_CAUSE, String.format(Locale.ROOT, "%02X", cause.value()));
    }

    /**
     * Reads {@code h323-disconnect-cause} as hexadecimal (Cisco's convention).
     *
     * @param attributes a packet or message
     * @return the cause, or empty if absent
     * @throws RadiusFormatException if present but not a hex number 0 to 7F
     */
    public static Optional<Q850Cause> disconnectCause(AttributeView attributes) {
        return disconnectCause(attributes, 16);
    }

    /**
     * Reads {@code h323-disconnect-cause} in a given radix: 16 for Cisco-style gateways, 10 for those (some
     * AudioCodes and Eltex setups) that write the cause in decimal.
     *
     * @param attributes a packet or message
     * @param radix 10 or 16
     * @return the cause, or empty if absent
     * @throws RadiusFormatException if present but not a number in that radix, or out of range
     */
    public static Optional<Q850Cause> disconnectCause(AttributeView attributes, int radix) {
        if (radix != 10 && radix != 16) {
            throw new RadiusFormatException("h323-disconnect-cause is read in radix 10 or 16, not " + radix);
        }
        return value(attributes, AttributeType.H323_DISCONNECT_CAUSE).map(text -> {
            try {
                return Q850Cause.valueOf(Integer.parseInt(text.trim(), radix));
            } catch (NumberFormatException e) {
                throw new RadiusFormatException("h323-disconnect-cause '" + text + "' is not a radix-" + radix
                        + " number");
            }
        });
    }

    /**
     * {@code h323-call-origin}.
     *
     * @param origin the leg
     * @return the attribute
     */
    public static RadiusAttribute callOrigin(CallOrigin origin) {
        return prefixed(AttributeType.H323_CALL_ORIGIN, origin.value());
    }

    /**
     * Reads {@code h323-call-origin}.
     *
     * @param attributes a packet or message
     * @return the origin, or empty if absent
     */
    public static Optional<CallOrigin> callOrigin(AttributeView attributes) {
        return value(attributes, AttributeType.H323_CALL_ORIGIN).map(CallOrigin::of);
    }

    /**
     * {@code h323-call-type}.
     *
     * @param type the kind of leg
     * @return the attribute
     */
    public static RadiusAttribute callType(CallType type) {
        return prefixed(AttributeType.H323_CALL_TYPE, type.value());
    }

    /**
     * Reads {@code h323-call-type}.
     *
     * @param attributes a packet or message
     * @return the type, or empty if absent
     */
    public static Optional<CallType> callType(AttributeView attributes) {
        return value(attributes, AttributeType.H323_CALL_TYPE).map(CallType::of);
    }

    /**
     * {@code h323-credit-time}: how long the call may last, in whole seconds.
     *
     * @param credit the time, not negative
     * @return the attribute
     */
    public static RadiusAttribute creditTime(Duration credit) {
        if (credit.isNegative()) {
            throw new RadiusFormatException("h323-credit-time is not negative, got " + credit);
        }
        return prefixed(AttributeType.H323_CREDIT_TIME, Long.toString(credit.toSeconds()));
    }

    /**
     * Reads {@code h323-credit-time}.
     *
     * @param attributes a packet or message
     * @return the time, or empty if absent
     * @throws RadiusFormatException if present but not a number of seconds
     */
    public static Optional<Duration> creditTime(AttributeView attributes) {
        return value(attributes, AttributeType.H323_CREDIT_TIME).map(text -> Duration.ofSeconds(
                number(text, AttributeType.H323_CREDIT_TIME)));
    }

    /**
     * {@code h323-return-code}.
     *
     * @param code the code
     * @return the attribute
     */
    public static RadiusAttribute returnCode(H323ReturnCode code) {
        return prefixed(AttributeType.H323_RETURN_CODE, Integer.toString(code.value()));
    }

    /**
     * Reads {@code h323-return-code}.
     *
     * @param attributes a packet or message
     * @return the code, or empty if absent
     * @throws RadiusFormatException if present but not a number
     */
    public static Optional<H323ReturnCode> returnCode(AttributeView attributes) {
        return value(attributes, AttributeType.H323_RETURN_CODE).map(text -> H323ReturnCode.valueOf(
                Math.toIntExact(number(text, AttributeType.H323_RETURN_CODE))));
    }

    /**
     * {@code h323-remote-address}: the signalling peer of the leg.
     *
     * @param address the address
     * @return the attribute
     */
    public static RadiusAttribute remoteAddress(Ipv4Address address) {
        return prefixed(AttributeType.H323_REMOTE_ADDRESS, Objects.requireNonNull(address, "address").toString());
    }

    /**
     * {@code h323-gw-id}: the gateway's name.
     *
     * @param gateway the name
     * @return the attribute
     */
    public static RadiusAttribute gatewayId(String gateway) {
        return prefixed(AttributeType.H323_GW_ID, gateway);
    }

    private static long number(String text, AttributeType type) {
        try {
            long value = Long.parseLong(text.trim());
            if (value < 0) {
                throw new NumberFormatException("negative");
            }
            return value;
        } catch (NumberFormatException e) {
            throw new RadiusFormatException(type.name() + " '" + text + "' is not a whole number");
        }
    }
}
