package org.netlever.pcrf.model;

/**
 * What a URL-filter rule or a service's default does with a request (S3.2).
 *
 * <p>Thread-safe (an enum).
 */
public enum RuleAction {
    /** Let it through. */
    PERMIT,
    /** Send the client to a URL instead. */
    REDIRECT,
    /** Drop it. */
    DENY
}
