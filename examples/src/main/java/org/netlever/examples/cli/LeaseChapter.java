package org.netlever.examples.cli;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.netlever.aaa.dhcp.DhcpEvent;
import org.netlever.aaa.dhcp.IscDhcpdEvents;
import org.netlever.aaa.dhcp.KeaHookEvents;
import org.netlever.aaa.ip.IpPool;
import org.netlever.aaa.ip.Ipv4Address;
import org.netlever.aaa.ip.Ipv4Network;
import org.netlever.aaa.lease.InMemorySubscriberDirectory;
import org.netlever.aaa.lease.IpPools;
import org.netlever.aaa.lease.Lease;
import org.netlever.aaa.lease.LeaseHistoryEntry;
import org.netlever.aaa.lease.LeaseOutcome;
import org.netlever.aaa.lease.LeaseService;
import org.netlever.aaa.lease.NasSyncWorker;
import org.netlever.aaa.lease.Subscriber;
import org.netlever.aaa.store.Database;
import org.netlever.device.DeviceManagers;
import org.netlever.device.DeviceResolver;
import org.netlever.device.InMemoryDeviceDirectory;

/**
 * Chapter 2 of the demo (S1.1–S1.8): DHCP events as ISC dhcpd passes them to the lever and as Kea's run_script hook
 * exports them, kept by {@link LeaseService} in an embedded H2 database, then the NAS told about every change.
 *
 * <p>Not thread-safe: one run per instance.
 */
final class LeaseChapter {

    private static final Instant T0 = Instant.parse("2026-11-21T09:00:00Z");

    private final PrintStream out;
    private final DeviceManagers managers;
    private final InMemoryDeviceDirectory devices;

    LeaseChapter(PrintStream out, DeviceManagers managers, InMemoryDeviceDirectory devices) {
        this.out = out;
        this.managers = managers;
        this.devices = devices;
    }

    void run() {
        out.println("netlever demo, chapter 2: DHCP leases kept and the NAS told (S1.1-S1.8)");
        out.println();
        try (Database db = Database.h2InMemory()) {
            Clock clock = Clock.fixed(T0.plusSeconds(1), ZoneOffset.UTC);
            IpPools pools = new IpPools(db, clock);
            pools.add(IpPool.builder("internet-1", Ipv4Network.parse("198.51.100.0/24"), "internet")
                    .range(Ipv4Address.parse("198.51.100.10"), Ipv4Address.parse("198.51.100.200"))
                    .gateway(Ipv4Address.parse("198.51.100.1")).build());
            pools.add(IpPool.builder("guest-1", Ipv4Network.parse("203.0.113.0/24"), "guest")
                    .gateway(Ipv4Address.parse("203.0.113.1")).build());
            InMemorySubscriberDirectory subscribers = new InMemorySubscriberDirectory()
                    .bind("sw-17", Subscriber.onPort("alice", 5, "internet"))
                    .bind("sw-17", Subscriber.onPort("bob", 6, "internet"))
                    .bind("sw-17", Subscriber.onPort("flat-7a", 7, "internet"))
                    .bind("sw-17", Subscriber.onPort("flat-7b", 7, "internet"))
                    .bind("onu-9", Subscriber.onDevice("carol", "internet"));
            LeaseService leases = LeaseService.builder(db).devices(new DeviceResolver(managers, devices))
                    .subscribers(subscribers).pools(pools).clock(clock).build();
            out.println("Pools: " + pools.all().stream().map(IpPool::toString).collect(Collectors.joining(", ")));
            out.println("Accounts: sw-17 port 5 alice, port 6 bob, port 7 flat-7a AND flat-7b (a billing error); "
                    + "onu-9 carol");

            step(leases, "dhcpd commit (execute() arguments)", IscDhcpdEvents.fromArguments(List.of("commit",
                    "198.51.100.10", "2:0:0:0:a:11", "0:6:f8:e9:3:e7:55:a6", "0:4:0:98:0:5"), T0));
            step(leases, "Kea leases4_committed for the ZTE ONU", KeaHookEvents.fromEnvironment("leases4_committed",
                    Map.of("LEASES4_SIZE", "1", "LEASES4_AT0_ADDRESS", "198.51.100.20",
                            "LEASES4_AT0_HWADDR", "02:00:00:00:0c:a1", "LEASES4_AT0_VALID_LIFETIME", "3600",
                            "QUERY4_OPTION_82", "0x010C5A5445474330323838453730021134353A34373A63303A32383A38653A3730",
                            "QUERY4_GIADDR", "198.51.100.1"), T0).get(0));
            step(leases, "dhcpd commit again (a renewal through the relay)", IscDhcpdEvents.fromArguments(List.of(
                    "commit", "198.51.100.10", "2:0:0:0:a:11", "0:6:f8:e9:3:e7:55:a6", "0:4:0:98:0:5"),
                    T0.plusSeconds(1800)));
            step(leases, "dhcpd commit of a unicast renewal: no Option 82", IscDhcpdEvents.fromArguments(List.of(
                    "commit", "198.51.100.10", "2:0:0:0:a:11", "", ""), T0.plusSeconds(2700)));
            step(leases, "dhcpd commit from port 7, where billing has two accounts", IscDhcpdEvents.fromArguments(
                    List.of("commit", "198.51.100.11", "2:0:0:0:7:7", "0:6:f8:e9:3:e7:55:a6", "0:4:0:98:0:7"), T0));
            step(leases, "dhcpd commit of a guest-pool address to an internet account", IscDhcpdEvents.fromArguments(
                    List.of("commit", "203.0.113.50", "2:0:0:0:b:b", "0:6:f8:e9:3:e7:55:a6", "0:4:0:98:0:6"), T0));
            step(leases, "dhcpd commit: bob takes an address alice held", IscDhcpdEvents.fromArguments(List.of(
                    "commit", "198.51.100.10", "2:0:0:0:b:b", "0:6:f8:e9:3:e7:55:a6", "0:4:0:98:0:6"),
                    T0.plusSeconds(3000)));
            step(leases, "dhcpd release from a client that does not hold it", IscDhcpdEvents.fromArguments(List.of(
                    "release", "198.51.100.10", "2:0:0:0:a:11"), T0.plusSeconds(3100)));
            step(leases, "Kea lease4_expire of carol's address", KeaHookEvents.fromEnvironment("lease4_expire",
                    Map.of("LEASE4_ADDRESS", "198.51.100.20", "LEASE4_HWADDR", "02:00:00:00:0c:a1"),
                    T0.plusSeconds(3600)).get(0));

            out.println();
            out.println("Leases now:");
            for (Lease l : leases.allLeases()) {
                out.printf("  %-15s %-8s mac %s via %s port %s%n", l.ip(), l.subscriberId(),
                        l.mac().map(Object::toString).orElse("-"), l.deviceId().orElse("-"),
                        l.devicePort().isPresent() ? String.valueOf(l.devicePort().getAsInt()) : "-");
            }
            out.println("History of 198.51.100.10:");
            for (LeaseHistoryEntry h : leases.history(Ipv4Address.parse("198.51.100.10"), 10)) {
                out.printf("  %-8s %s%s%n", h.action().name().toLowerCase(), h.subscriberId(),
                        h.previousSubscriberId().map(p -> " (from " + p + ")").orElse(""));
            }

            out.println();
            out.println("S1.8 the NAS hears about each subscriber whose addresses changed:");
            NasSyncWorker worker = NasSyncWorker.builder(db, request -> out.printf(
                    "  nas sync: %-7s now holds [%s] after %s%n", request.subscriberId(),
                    request.leases().stream().map(l -> l.ip().toString()).collect(Collectors.joining(", ")),
                    request.changes().stream().map(c -> c.kind().label() + " " + c.ip())
                            .collect(Collectors.joining(", "))))
                    .clock(Clock.fixed(T0.plus(Duration.ofHours(2)), ZoneOffset.UTC)).build();
            out.println("  " + worker.runDue() + " subscribers synced");
        }
    }

    private void step(LeaseService leases, String what, DhcpEvent event) {
        LeaseOutcome o = leases.handle(event);
        out.println();
        out.println("* " + what);
        out.println("  " + event);
        out.println("  -> " + describe(o));
    }

    private static String describe(LeaseOutcome o) {
        if (o instanceof LeaseOutcome.Assigned a) {
            return "ASSIGNED to " + a.lease().subscriberId() + " (" + a.lease().deviceId().orElse("?")
                    + a.lease().devicePort().stream().mapToObj(p -> " port " + p).findFirst().orElse("") + ")";
        }
        if (o instanceof LeaseOutcome.Renewed r) {
            return "RENEWED for " + r.lease().subscriberId() + ": only its times move (no history row, no NAS sync)";
        }
        if (o instanceof LeaseOutcome.Reassigned r) {
            return "REASSIGNED to " + r.lease().subscriberId() + " from " + r.previousSubscriberId()
                    + "; both ends are in the history";
        }
        if (o instanceof LeaseOutcome.Freed f) {
            return "FREED (" + f.action().name().toLowerCase() + ") from " + f.lease().subscriberId();
        }
        if (o instanceof LeaseOutcome.Unchanged u) {
            return "UNCHANGED " + u.reason() + ": " + u.detail();
        }
        if (o instanceof LeaseOutcome.AmbiguousSubscriber a) {
            return "AMBIGUOUS: " + a.subscriberIds() + " are all bound to " + a.device().id() + " port "
                    + a.port().getAsInt() + "; netlever will not guess (recorded as event " + a.eventId() + ")";
        }
        if (o instanceof LeaseOutcome.NoSubscriber n) {
            return "NO SUBSCRIBER on " + n.device().id();
        }
        LeaseOutcome.Rejected r = (LeaseOutcome.Rejected) o;
        return "REJECTED " + r.reason() + ": " + r.detail() + " (recorded as event " + r.eventId() + ")";
    }
}
