package org.netlever.aaa.dhcp;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.netlever.aaa.dhcp.internal.Fields;
import org.netlever.option82.DeviceLocation;

/**
 * Events in djing's lever contract, for billings migrating from it: djing's {@code dhcp_lever.py} extracts the switch
 * MAC and port in dhcpd's configuration and posts {@code cmd} ({@code commit}, {@code expiry}, {@code release}),
 * {@code client_ip}, {@code client_mac}, {@code switch_mac} and {@code switch_port}. The switch MAC and port become
 * the event's {@linkplain DhcpEvent#decodedLocation() decoded location}; the device's manager still decides whether
 * the port matters (S1.7).
 *
 * <p>Thread-safe (no state).
 */
public final class DjingEvents {

    /** The decoder name on locations from this contract. */
    public static final String DECODER = "djing";

    private DjingEvents() {
    }

    /**
     * An event from djing's form fields.
     *
     * @param form the fields
     * @param receivedAt when netlever received them
     * @return the event
     * @throws DhcpEventException if a field is missing or malformed
     */
    public static DhcpEvent fromForm(Map<String, String> form, Instant receivedAt) {
        Objects.requireNonNull(form, "form");
        String cmd = Fields.required(form, "cmd").strip().toLowerCase(Locale.ROOT);
        DhcpEventType type = switch (cmd) {
            case "commit" -> DhcpEventType.COMMIT;
            case "expiry" -> DhcpEventType.EXPIRY;
            case "release" -> DhcpEventType.RELEASE;
            default -> throw new DhcpEventException("cmd", "'" + cmd + "' is not a djing lever command; expected "
                    + "commit, expiry or release");
        };
        DhcpEvent.Builder b = DhcpEvent.builder(type, Fields.ip("client_ip", Fields.required(form, "client_ip")),
                EventSource.DJING, Fields.occurredAt(form, receivedAt));
        Fields.optional(form, "client_mac").ifPresent(mac -> b.clientMac(Fields.mac("client_mac", mac)));
        if (type == DhcpEventType.COMMIT) {
            DeviceLocation.Builder location = DeviceLocation.builder(DECODER)
                    .deviceMac(Fields.mac("switch_mac", Fields.required(form, "switch_mac")));
            Fields.optional(form, "switch_port").ifPresent(port ->
                    location.port((int) Fields.number("switch_port", port, 65_535)));
            b.decodedLocation(location.build());
        }
        Fields.optional(form, "id").ifPresent(b::sourceEventId);
        return b.build();
    }
}
