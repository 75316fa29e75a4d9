package org.netlever.aaa.radius.client;

/**
 * What a RADIUS server is for, which decides its default port (S2.9: access → 1812, accounting → 1813; RFC 5176 CoA
 * and Disconnect → 3799).
 *
 * <p>Thread-safe (an enum).
 */
public enum ServerKind {
    /** Access-Request (authentication, authorization, routing). */
    ACCESS(1812),
    /** Accounting-Request. */
    ACCOUNTING(1813),
    /** CoA-Request and Disconnect-Request to a NAS. */
    DYNAMIC_AUTHORIZATION(3799);

    private final int defaultPort;

    ServerKind(int defaultPort) {
        this.defaultPort = defaultPort;
    }

    /**
     * The IANA port for this kind.
     *
     * @return 1812, 1813 or 3799
     */
    public int defaultPort() {
        return defaultPort;
    }
}
