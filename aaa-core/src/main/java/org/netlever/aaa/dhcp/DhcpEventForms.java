package org.netlever.aaa.dhcp;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns a lever's HTTP form into events, whichever server it speaks for: the {@code source} field selects the
 * adapter — {@code isc-dhcpd} ({@link IscDhcpdEvents}), {@code kea} ({@link KeaHookEvents}), {@code djing}
 * ({@link DjingEvents}). A form without {@code source} that has djing's {@code cmd} and {@code switch_mac} is
 * djing's, so an unmodified djing lever can post to netlever.
 *
 * <p>Thread-safe (no state).
 */
public final class DhcpEventForms {

    private DhcpEventForms() {
    }

    /**
     * The events a form carries.
     *
     * @param form the form fields
     * @param receivedAt when it was received
     * @return the events, possibly none (a Kea hook with nothing for billing)
     * @throws DhcpEventException if the source is unknown or a field is missing or malformed
     */
    public static List<DhcpEvent> toEvents(Map<String, String> form, Instant receivedAt) {
        Objects.requireNonNull(form, "form");
        String source = form.get("source");
        if (source == null && form.containsKey("cmd") && form.containsKey("switch_mac")) {
            source = EventSource.DJING.label();
        }
        if (source == null || source.isBlank()) {
            throw new DhcpEventException("source", "missing; expected isc-dhcpd, kea or djing");
        }
        return switch (EventSource.ofLabel(source)) {
            case ISC_DHCPD -> List.of(IscDhcpdEvents.fromForm(form, receivedAt));
            case KEA -> KeaHookEvents.fromForm(form, receivedAt);
            case DJING -> List.of(DjingEvents.fromForm(form, receivedAt));
            case DHCPD_LEASES, KEA_MEMFILE, KEA_PGSQL, API, UNKNOWN -> throw new DhcpEventException("source", "'" + source + "' is not a lever source; "
                    + "expected isc-dhcpd, kea or djing");
        };
    }
}
