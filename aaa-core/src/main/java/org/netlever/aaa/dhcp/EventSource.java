package org.netlever.aaa.dhcp;

import java.util.Locale;

/**
 * Where a DHCP event came from. Stored with every event in the event log.
 *
 * <p>Thread-safe (an enum).
 */
public enum EventSource {
    /** ISC dhcpd through the lever script ({@code execute()} arguments). */
    ISC_DHCPD("isc-dhcpd"),
    /** Kea through its {@code run_script} hook. */
    KEA("kea"),
    /** ISC dhcpd's lease file ({@code dhcpd.leases}), followed by netlever: no process per lease (issue 14). */
    DHCPD_LEASES("dhcpd-leases"),
    /** Kea's memfile lease CSV ({@code kea-leases4.csv}), followed by netlever. */
    KEA_MEMFILE("kea-memfile"),
    /** Kea's PostgreSQL lease database, followed by netlever. */
    KEA_PGSQL("kea-pgsql"),
    /** djing's lever contract: MAC and port already extracted ({@code switch_mac}, {@code switch_port}). */
    DJING("djing"),
    /** An application calling netlever directly. */
    API("api"),
    /** Input whose source could not be told (a malformed lever request, recorded so that it is not lost). */
    UNKNOWN("unknown");

    private final String label;

    EventSource(String label) {
        this.label = label;
    }

    /**
     * The lower-case name used on the wire and in the event log.
     *
     * @return e.g. {@code isc-dhcpd}
     */
    public String label() {
        return label;
    }

    /**
     * The source with this label.
     *
     * @param label e.g. {@code kea}
     * @return the source
     * @throws DhcpEventException if no source has that label
     */
    public static EventSource ofLabel(String label) {
        for (EventSource s : values()) {
            if (s.label.equals(label.toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        throw new DhcpEventException("source", "unknown event source '" + label + "'; expected isc-dhcpd, kea, djing, "
                + "dhcpd-leases, kea-memfile, kea-pgsql, api or unknown");
    }
}
