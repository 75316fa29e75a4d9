package org.netlever.aaa.radius;

import java.util.Map;

/**
 * The Error-Cause attribute's values (RFC 5176 section 3.5), carried in CoA-NAK and Disconnect-NAK (and 201 in a
 * Disconnect-ACK).
 *
 * <p>An <em>open</em> set of constants: unknown values are kept. Two causes are equal when their numbers are.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class ErrorCause {

    /** 201: the session is gone but something of it remains. */
    public static final ErrorCause RESIDUAL_CONTEXT_REMOVED = new ErrorCause(201, "Residual-Context-Removed");
    /** 202: an EAP packet was ignored. */
    public static final ErrorCause INVALID_EAP_PACKET = new ErrorCause(202, "Invalid-EAP-Packet");
    /** 401: the NAS does not support an attribute of the request. */
    public static final ErrorCause UNSUPPORTED_ATTRIBUTE = new ErrorCause(401, "Unsupported-Attribute");
    /** 402: an attribute the NAS needs is missing. */
    public static final ErrorCause MISSING_ATTRIBUTE = new ErrorCause(402, "Missing-Attribute");
    /** 403: the NAS identification in the request is not this NAS. */
    public static final ErrorCause NAS_IDENTIFICATION_MISMATCH = new ErrorCause(403, "NAS-Identification-Mismatch");
    /** 404: the request is invalid. */
    public static final ErrorCause INVALID_REQUEST = new ErrorCause(404, "Invalid-Request");
    /** 405: the NAS does not support the requested service. */
    public static final ErrorCause UNSUPPORTED_SERVICE = new ErrorCause(405, "Unsupported-Service");
    /** 406: the NAS does not support an extension. */
    public static final ErrorCause UNSUPPORTED_EXTENSION = new ErrorCause(406, "Unsupported-Extension");
    /** 407: an attribute value is invalid. */
    public static final ErrorCause INVALID_ATTRIBUTE_VALUE = new ErrorCause(407, "Invalid-Attribute-Value");
    /** 501: the NAS is configured not to honour the request. */
    public static final ErrorCause ADMINISTRATIVELY_PROHIBITED = new ErrorCause(501, "Administratively-Prohibited");
    /** 502: a proxy could not route the request. */
    public static final ErrorCause REQUEST_NOT_ROUTABLE = new ErrorCause(502, "Request-Not-Routable");
    /** 503: no session matches the request. */
    public static final ErrorCause SESSION_CONTEXT_NOT_FOUND = new ErrorCause(503, "Session-Context-Not-Found");
    /** 504: the session cannot be removed. */
    public static final ErrorCause SESSION_CONTEXT_NOT_REMOVABLE = new ErrorCause(504,
            "Session-Context-Not-Removable");
    /** 505: a proxy failed otherwise. */
    public static final ErrorCause OTHER_PROXY_PROCESSING_ERROR = new ErrorCause(505, "Other-Proxy-Processing-Error");
    /** 506: the NAS lacks resources. */
    public static final ErrorCause RESOURCES_UNAVAILABLE = new ErrorCause(506, "Resources-Unavailable");
    /** 507: the NAS started something because of the request. */
    public static final ErrorCause REQUEST_INITIATED = new ErrorCause(507, "Request-Initiated");
    /** 508: the request matches several sessions and the NAS does not support that. */
    public static final ErrorCause MULTIPLE_SESSION_SELECTION_UNSUPPORTED = new ErrorCause(508,
            "Multiple-Session-Selection-Unsupported");

    private static final Map<Long, ErrorCause> KNOWN = Map.ofEntries(
            entry(RESIDUAL_CONTEXT_REMOVED), entry(INVALID_EAP_PACKET), entry(UNSUPPORTED_ATTRIBUTE),
            entry(MISSING_ATTRIBUTE), entry(NAS_IDENTIFICATION_MISMATCH), entry(INVALID_REQUEST),
            entry(UNSUPPORTED_SERVICE), entry(UNSUPPORTED_EXTENSION), entry(INVALID_ATTRIBUTE_VALUE),
            entry(ADMINISTRATIVELY_PROHIBITED), entry(REQUEST_NOT_ROUTABLE), entry(SESSION_CONTEXT_NOT_FOUND),
            entry(SESSION_CONTEXT_NOT_REMOVABLE), entry(OTHER_PROXY_PROCESSING_ERROR), entry(RESOURCES_UNAVAILABLE),
            entry(REQUEST_INITIATED), entry(MULTIPLE_SESSION_SELECTION_UNSUPPORTED));

    private final long value;
    private final String name;

    private ErrorCause(long value, String name) {
        this.value = value;
        this.name = name;
    }

    private static Map.Entry<Long, ErrorCause> entry(ErrorCause cause) {
        return Map.entry(cause.value, cause);
    }

    /**
     * The constant for a value; unknown values are named {@code Error-Cause-<n>}.
     *
     * @param value the attribute's value
     * @return the cause
     */
    public static ErrorCause valueOf(long value) {
        ErrorCause known = KNOWN.get(value);
        return known != null ? known : new ErrorCause(value, "Error-Cause-" + value);
    }

    /**
     * The number.
     *
     * @return the value
     */
    public long value() {
        return value;
    }

    /**
     * The RFC 5176 name.
     *
     * @return e.g. {@code Session-Context-Not-Found}
     */
    public String name() {
        return name;
    }

    /**
     * Whether retrying the same request cannot help (RFC 5176 marks 4xx as fatal for the request).
     *
     * @return {@code true} for 400 to 499
     */
    public boolean isFatal() {
        return value >= 400 && value < 500;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ErrorCause other && other.value == value;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(value);
    }

    @Override
    public String toString() {
        return name + "(" + value + ")";
    }
}
