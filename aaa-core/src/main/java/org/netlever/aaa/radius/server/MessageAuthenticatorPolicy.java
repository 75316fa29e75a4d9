package org.netlever.aaa.radius.server;

/**
 * Whether a client's Access-Requests must carry Message-Authenticator (RFC 3579 section 3.2), modelled on the
 * {@code require_message_authenticator} and {@code limit_proxy_state} client settings FreeRADIUS 3.2.5 introduced
 * against BlastRADIUS (CVE-2024-3596).
 *
 * <p>Whatever the policy, a Message-Authenticator that is present is always checked and a wrong one drops the packet;
 * Status-Server always requires it (RFC 5997); and every reply to an Access-Request carries Message-Authenticator as
 * its first attribute.
 *
 * <p>Thread-safe (an enum).
 */
public enum MessageAuthenticatorPolicy {

    /** Access-Requests without Message-Authenticator are dropped. The right setting for every modern NAS. */
    REQUIRE,

    /**
     * Latches per client address: once an Access-Request with a valid Message-Authenticator arrives, later ones
     * without it are dropped. Until then, an Access-Request with Proxy-State but no Message-Authenticator is dropped
     * once the client has been seen sending without Proxy-State (FreeRADIUS's {@code limit_proxy_state = auto}), which
     * closes the BlastRADIUS attack against a NAS that does not sign.
     */
    AUTO,

    /** Message-Authenticator is optional (checked only when present). Only for legacy equipment. */
    OFF
}
