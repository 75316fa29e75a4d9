package org.netlever.aaa.radius.attr;

import java.util.HashMap;
import java.util.Map;
import org.netlever.aaa.radius.RadiusFormatException;

/**
 * The {@code h323-return-code} a billing server answers a Cisco-style gateway with (vendor 9, attribute 103): 0 lets the call through, the others say why not. The table follows the return codes Cisco IVR scripts expect, as published by billing vendors that implement them.
 *
 * <p>An <em>open</em> set of constants, in the manner of netty's {@code DnsRecordType}: the codes of that table have named constants and any other number is kept. Two values are
 * equal when their numbers are.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class H323ReturnCode {

    /** 0: success, the call may proceed. */
    public static final H323ReturnCode SUCCESS = new H323ReturnCode(0, "success");
    /** 1: invalid account number. */
    public static final H323ReturnCode INVALID_ACCOUNT = new H323ReturnCode(1, "invalid-account");
    /** 2: invalid password (PIN). */
    public static final H323ReturnCode INVALID_PASSWORD = new H323ReturnCode(2, "invalid-password");
    /** 3: account in use, or its call limit reached. */
    public static final H323ReturnCode ACCOUNT_IN_USE = new H323ReturnCode(3, "account-in-use");
    /** 4: zero balance. */
    public static final H323ReturnCode ZERO_BALANCE = new H323ReturnCode(4, "zero-balance");
    /** 5: card expired. */
    public static final H323ReturnCode CARD_EXPIRED = new H323ReturnCode(5, "card-expired");
    /** 6: credit limit reached. */
    public static final H323ReturnCode CREDIT_LIMIT = new H323ReturnCode(6, "credit-limit");
    /** 7: user denied or suspended. */
    public static final H323ReturnCode USER_DENIED = new H323ReturnCode(7, "user-denied");
    /** 8: service not available. */
    public static final H323ReturnCode SERVICE_NOT_AVAILABLE = new H323ReturnCode(8, "service-not-available");
    /** 9: called number blocked. */
    public static final H323ReturnCode CALLED_NUMBER_BLOCKED = new H323ReturnCode(9, "called-number-blocked");
    /** 10: number of retries exceeded. */
    public static final H323ReturnCode RETRIES_EXCEEDED = new H323ReturnCode(10, "retries-exceeded");
    /** 11: invalid argument. */
    public static final H323ReturnCode INVALID_ARGUMENT = new H323ReturnCode(11, "invalid-argument");
    /** 12: insufficient balance. */
    public static final H323ReturnCode INSUFFICIENT_BALANCE = new H323ReturnCode(12, "insufficient-balance");
    /** 13: toll-free calls allowed (a success). */
    public static final H323ReturnCode TOLL_FREE = new H323ReturnCode(13, "toll-free");
    /** 14: invalid card number. */
    public static final H323ReturnCode INVALID_CARD_NUMBER = new H323ReturnCode(14, "invalid-card-number");
    /** 51: redirect to the called party (h323-redirect-number). */
    public static final H323ReturnCode REDIRECT_TO_CALLED_PARTY = new H323ReturnCode(51, "redirect-to-called-party");
    /** 52: redirect to customer service (h323-redirect-number). */
    public static final H323ReturnCode REDIRECT_TO_CUSTOMER_SERVICE = new H323ReturnCode(52, "redirect-to-customer-service");
    /** 53: connect the IP leg to h323-redirect-ip-address. */
    public static final H323ReturnCode REDIRECT_TO_IP = new H323ReturnCode(53, "redirect-to-ip");

    private static final Map<Integer, H323ReturnCode> KNOWN = new HashMap<>();

    static {
        for (H323ReturnCode known : new H323ReturnCode[] {SUCCESS, INVALID_ACCOUNT, INVALID_PASSWORD, ACCOUNT_IN_USE, ZERO_BALANCE, CARD_EXPIRED, CREDIT_LIMIT, USER_DENIED, SERVICE_NOT_AVAILABLE, CALLED_NUMBER_BLOCKED, RETRIES_EXCEEDED, INVALID_ARGUMENT, INSUFFICIENT_BALANCE, TOLL_FREE, INVALID_CARD_NUMBER, REDIRECT_TO_CALLED_PARTY, REDIRECT_TO_CUSTOMER_SERVICE, REDIRECT_TO_IP}) {
            KNOWN.put(known.value, known);
        }
    }

    private final int value;
    private final String name;

    private H323ReturnCode(int value, String name) {
        this.value = value;
        this.name = name;
    }

    /**
     * The constant for a value; values netlever has no name for get {@code return-code-<n>}.
     *
     * @param value the number
     * @return the value, never {@code null}
     * @throws RadiusFormatException if the number is out of range
     */
    public static H323ReturnCode valueOf(int value) {
        if (value < 0) {
            throw new RadiusFormatException("an h323-return-code is not negative, got " + value);
        }
        H323ReturnCode known = KNOWN.get(value);
        return known != null ? known : new H323ReturnCode(value, "return-code-" + value);
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

    /**
     * Whether the code lets the call proceed: 0 (success) and 13 (toll-free calls allowed).
     *
     * @return {@code true} for a success-class code
     */
    public boolean allowsCall() {
        return value == 0 || value == 13;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof H323ReturnCode other && other.value == value;
    }

    @Override
    public int hashCode() {
        return value;
    }

    /**
     * The name and number.
     *
     * @return e.g. {@code success(0)}
     */
    @Override
    public String toString() {
        return name + "(" + value + ")";
    }
}
