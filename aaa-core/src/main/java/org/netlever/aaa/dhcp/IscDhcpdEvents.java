package org.netlever.aaa.dhcp;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.netlever.aaa.dhcp.internal.Fields;
import org.netlever.aaa.ip.Ipv4Address;

/**
 * Events from ISC dhcpd, which runs the lever with {@code execute()} on {@code commit}, {@code expiry} and
 * {@code release} (S1.1). The lever passes what dhcpd gave it — {@code EVENT IP MAC [REMOTE_ID CIRCUIT_ID]}, the
 * last two in dhcpd's {@code binary-to-ascii(16, 8, ":", ...)} form ({@code 0:6:0:1e:58:a1:b2:c3}), empty for a
 * renewal that came without a relay — on to netlever as an HTTP form.
 *
 * <p>{@code examples/lever/dhcpd.conf} has the matching configuration. Recorded from dhcpd 4.4.3:
 * <pre>
 * commit 198.51.100.10 2:0:0:0:0:42 0:6:f8:e9:3:e7:55:a6 0:4:0:98:0:5
 * commit 198.51.100.10 2:0:0:0:0:45 "" ""          (unicast renewal, stash-agent-options false)
 * release 198.51.100.10 2:0:0:0:0:42
 * expiry 198.51.100.11 2:0:0:0:0:43
 * </pre>
 *
 * <p>Thread-safe (no state).
 */
public final class IscDhcpdEvents {

    private IscDhcpdEvents() {
    }

    /**
     * An event from the arguments dhcpd passed to the lever.
     *
     * @param args {@code EVENT IP MAC [REMOTE_ID CIRCUIT_ID [GIADDR]]}; a GIADDR of {@code 0.0.0.0} (not relayed) or
     *     empty is none
     * @param occurredAt when dhcpd ran the lever
     * @return the event
     * @throws DhcpEventException if an argument is missing or malformed
     */
    public static DhcpEvent fromArguments(List<String> args, Instant occurredAt) {
        Objects.requireNonNull(args, "args");
        if (args.size() < 3 || args.size() > 6) {
            throw new DhcpEventException("arguments", "expected EVENT IP MAC [REMOTE_ID CIRCUIT_ID [GIADDR]], got "
                    + args.size() + " argument(s)");
        }
        DhcpEvent.Builder b = DhcpEvent.builder(type(args.get(0)), Fields.ip("ip", args.get(1)), EventSource.ISC_DHCPD,
                occurredAt);
        if (!args.get(2).isBlank()) {
            b.clientMac(Fields.mac("mac", args.get(2)));
        }
        Fields.option82("circuit_id", args.size() > 4 ? args.get(4) : null, "remote_id",
                args.size() > 3 ? args.get(3) : null).ifPresent(b::option82);
        if (args.size() > 5) {
            relayAddress(args.get(5)).ifPresent(b::relayAddress);
        }
        return b.build();
    }

    /**
     * An event from the lever's HTTP form: {@code event}, {@code ip}, {@code mac}, {@code remote_id},
     * {@code circuit_id}, and optionally {@code at} (Unix seconds when dhcpd ran the lever), {@code id} (the lever's
     * spool id), {@code hostname}, {@code lease_time} (seconds), {@code giaddr}.
     *
     * @param form the form fields
     * @param receivedAt when netlever received it
     * @return the event
     * @throws DhcpEventException if a field is missing or malformed
     */
    public static DhcpEvent fromForm(Map<String, String> form, Instant receivedAt) {
        Objects.requireNonNull(form, "form");
        DhcpEvent.Builder b = DhcpEvent.builder(type(Fields.required(form, "event")),
                Fields.ip("ip", Fields.required(form, "ip")), EventSource.ISC_DHCPD,
                Fields.occurredAt(form, receivedAt));
        Fields.optional(form, "mac").ifPresent(mac -> b.clientMac(Fields.mac("mac", mac)));
        Fields.option82("circuit_id", form.get("circuit_id"), "remote_id", form.get("remote_id")).ifPresent(b::option82);
        Fields.optional(form, "id").ifPresent(b::sourceEventId);
        Fields.optional(form, "hostname").ifPresent(b::hostname);
        Fields.optional(form, "lease_time").flatMap(t -> Fields.leaseTime("lease_time", t)).ifPresent(b::leaseTime);
        Fields.optional(form, "giaddr").flatMap(IscDhcpdEvents::relayAddress).ifPresent(b::relayAddress);
        return b.build();
    }

    /** A giaddr: empty or {@code 0.0.0.0}, a request that was not relayed, is none. */
    private static Optional<Ipv4Address> relayAddress(String giaddr) {
        if (giaddr.isBlank()) {
            return Optional.empty();
        }
        Ipv4Address address = Fields.ip("giaddr", giaddr);
        return address.bits() == 0 ? Optional.empty() : Optional.of(address);
    }

    private static DhcpEventType type(String event) {
        return switch (event.strip().toLowerCase(Locale.ROOT)) {
            case "commit" -> DhcpEventType.COMMIT;
            case "release" -> DhcpEventType.RELEASE;
            case "expiry" -> DhcpEventType.EXPIRY;
            default -> throw new DhcpEventException("event", "'" + event + "' is not a dhcpd event; expected commit, "
                    + "release or expiry");
        };
    }
}
