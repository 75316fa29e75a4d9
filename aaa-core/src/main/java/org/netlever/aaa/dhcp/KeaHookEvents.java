package org.netlever.aaa.dhcp;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.netlever.aaa.dhcp.internal.Fields;
import org.netlever.aaa.ip.Ipv4Address;

/**
 * Events from Kea 2.2's {@code run_script} hook, which calls the lever with the hook point's name as its argument and
 * the packet and leases in environment variables ({@code QUERY4_*}, {@code LEASES4_AT<n>_*},
 * {@code DELETED_LEASES4_AT<n>_*}, {@code LEASE4_*}; binary values as {@code 0x...} upper-case hex). The lever
 * forwards the hook name as {@code hook} and the variables unchanged.
 *
 * <table>
 *   <caption>Hook points, as recorded from kea-dhcp4 2.2.0</caption>
 *   <tr><th>hook</th><th>events</th></tr>
 *   <tr><td>{@code leases4_committed}</td><td>a {@link DhcpEventType#COMMIT} per {@code LEASES4_AT<n>} (a lease in
 *       state {@code declined} is a {@link DhcpEventType#DECLINE}), with {@code QUERY4_OPTION_82} when the request
 *       was relayed; a {@link DhcpEventType#RELEASE} per {@code DELETED_LEASES4_AT<n>}</td></tr>
 *   <tr><td>{@code lease4_renew}</td><td>a commit of {@code LEASE4_*}</td></tr>
 *   <tr><td>{@code lease4_release}</td><td>a release of {@code LEASE4_*}</td></tr>
 *   <tr><td>{@code lease4_expire}</td><td>an expiry of {@code LEASE4_*}</td></tr>
 *   <tr><td>{@code lease4_decline}</td><td>a decline of {@code LEASE4_*}</td></tr>
 *   <tr><td>{@code lease4_recover}</td><td>none: a declined address returning to the pool is not a billing
 *       event</td></tr>
 * </table>
 * Kea reports one packet at several hook points (a DHCPRELEASE as {@code lease4_release} and as a
 * {@code leases4_committed} deleted lease). The events are idempotent, so that is harmless; the shipped lever forwards
 * only {@code leases4_committed} and {@code lease4_expire}, which between them report everything once.
 *
 * <p>Thread-safe (no state).
 */
public final class KeaHookEvents {

    private KeaHookEvents() {
    }

    /**
     * The events of one hook call.
     *
     * @param hook the hook point, the script's first argument
     * @param env the environment Kea gave the script
     * @param occurredAt when Kea ran the script
     * @return the events, possibly none
     * @throws DhcpEventException if the hook is unknown or a variable is missing or malformed
     */
    public static List<DhcpEvent> fromEnvironment(String hook, Map<String, String> env, Instant occurredAt) {
        Objects.requireNonNull(hook, "hook");
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(occurredAt, "occurredAt");
        return switch (hook) {
            case "leases4_committed" -> committed(env, occurredAt);
            case "lease4_renew" -> List.of(lease(DhcpEventType.COMMIT, "LEASE4_", env, occurredAt, true));
            case "lease4_release" -> List.of(lease(DhcpEventType.RELEASE, "LEASE4_", env, occurredAt, false));
            case "lease4_expire" -> List.of(lease(DhcpEventType.EXPIRY, "LEASE4_", env, occurredAt, false));
            case "lease4_decline" -> List.of(lease(DhcpEventType.DECLINE, "LEASE4_", env, occurredAt, false));
            case "lease4_recover" -> List.of();
            default -> throw new DhcpEventException("hook", "'" + hook + "' is not a Kea run_script hook point "
                    + "netlever handles");
        };
    }

    /**
     * The events of one hook call as the lever posts it: {@code hook}, {@code at}, {@code id} and Kea's variables.
     *
     * @param form the form fields
     * @param receivedAt when netlever received it
     * @return the events
     * @throws DhcpEventException if a field is missing or malformed
     */
    public static List<DhcpEvent> fromForm(Map<String, String> form, Instant receivedAt) {
        Objects.requireNonNull(form, "form");
        Instant at = Fields.occurredAt(form, receivedAt);
        List<DhcpEvent> events = fromEnvironment(Fields.required(form, "hook"), form, at);
        Optional<String> id = Fields.optional(form, "id");
        if (id.isEmpty()) {
            return events;
        }
        List<DhcpEvent> withIds = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            String eventId = events.size() == 1 ? id.get() : id.get() + "." + i;
            withIds.add(events.get(i).withSourceEventId(eventId));
        }
        return withIds;
    }

    private static List<DhcpEvent> committed(Map<String, String> env, Instant at) {
        List<DhcpEvent> events = new ArrayList<>();
        int leases = (int) Fields.number("LEASES4_SIZE", Fields.required(env, "LEASES4_SIZE"), 1024);
        for (int i = 0; i < leases; i++) {
            String prefix = "LEASES4_AT" + i + "_";
            boolean declined = "declined".equals(env.get(prefix + "STATE"));
            events.add(lease(declined ? DhcpEventType.DECLINE : DhcpEventType.COMMIT, prefix, env, at, !declined));
        }
        int deleted = (int) Fields.number("DELETED_LEASES4_SIZE",
                Fields.optional(env, "DELETED_LEASES4_SIZE").orElse("0"), 1024);
        for (int i = 0; i < deleted; i++) {
            events.add(lease(DhcpEventType.RELEASE, "DELETED_LEASES4_AT" + i + "_", env, at, false));
        }
        return events;
    }

    private static DhcpEvent lease(DhcpEventType type, String prefix, Map<String, String> env, Instant at,
            boolean withPacket) {
        Ipv4Address ip = Fields.ip(prefix + "ADDRESS", Fields.required(env, prefix + "ADDRESS"));
        DhcpEvent.Builder b = DhcpEvent.builder(type, ip, EventSource.KEA, at);
        Fields.optional(env, prefix + "HWADDR").ifPresent(mac -> b.clientMac(Fields.mac(prefix + "HWADDR", mac)));
        Fields.optional(env, prefix + "HOSTNAME").ifPresent(b::hostname);
        Fields.optional(env, prefix + "VALID_LIFETIME")
                .flatMap(t -> Fields.leaseTime(prefix + "VALID_LIFETIME", t)).ifPresent(b::leaseTime);
        if (withPacket) {
            Fields.optional(env, "QUERY4_OPTION_82").ifPresent(o -> b.option82(Fields.option82("QUERY4_OPTION_82", o)));
            Fields.optional(env, "QUERY4_GIADDR").map(g -> Fields.ip("QUERY4_GIADDR", g))
                    .filter(g -> g.bits() != 0).ifPresent(b::relayAddress);
        }
        return b.build();
    }
}
