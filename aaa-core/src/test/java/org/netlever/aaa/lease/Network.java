package org.netlever.aaa.lease;

import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import org.netlever.aaa.dhcp.DhcpEvent;
import org.netlever.aaa.dhcp.DhcpEventType;
import org.netlever.aaa.dhcp.EventSource;
import org.netlever.aaa.ip.IpPool;
import org.netlever.aaa.ip.Ipv4Address;
import org.netlever.aaa.ip.Ipv4Network;
import org.netlever.device.BuiltInDeviceManagers;
import org.netlever.device.Device;
import org.netlever.device.DeviceManagers;
import org.netlever.device.DeviceResolver;
import org.netlever.device.InMemoryDeviceDirectory;
import org.netlever.option82.MacAddress;
import org.netlever.option82.RelayAgentInformation;

/**
 * A small access network for lease tests: a D-Link switch whose ports 5 and 6 have one subscriber each and port 7
 * two (a billing data error); a ZTE ONU with one subscriber; a BDCOM ONU with two; an internet pool and a guest pool.
 */
final class Network {

    static final MacAddress SWITCH_MAC = MacAddress.parse("f8:e9:03:e7:55:a6");
    static final MacAddress ALICE_PC = MacAddress.parse("02:00:00:00:00:a1");
    static final MacAddress BOB_PC = MacAddress.parse("02:00:00:00:00:b0");
    static final MacAddress CAROL_PC = MacAddress.parse("02:00:00:00:00:c1");

    static final Device SWITCH = Device.of("sw-1", BuiltInDeviceManagers.DLINK_SWITCH, SWITCH_MAC);
    static final Device ZTE = Device.builder("onu-1", BuiltInDeviceManagers.ZTE_ONU).serial("ZTEGC0288E70").build();
    static final Device BDCOM = Device.of("onu-2", BuiltInDeviceManagers.BDCOM_EPON_ONU,
            MacAddress.parse("fc:fa:f7:12:34:56"));

    static final IpPool INTERNET = IpPool.builder("internet-1", Ipv4Network.parse("198.51.100.0/24"), "internet")
            .range(Ipv4Address.parse("198.51.100.10"), Ipv4Address.parse("198.51.100.200"))
            .gateway(Ipv4Address.parse("198.51.100.1")).vlan(100).build();
    static final IpPool GUEST = IpPool.builder("guest-1", Ipv4Network.parse("203.0.113.0/24"), "guest")
            .gateway(Ipv4Address.parse("203.0.113.1")).build();

    static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

    private Network() {
    }

    static DeviceResolver devices() {
        return new DeviceResolver(DeviceManagers.builtIns(), InMemoryDeviceDirectory.of(SWITCH, ZTE, BDCOM));
    }

    static InMemorySubscriberDirectory subscribers() {
        return new InMemorySubscriberDirectory()
                .bind("sw-1", Subscriber.onPort("alice", 5, "internet"))
                .bind("sw-1", Subscriber.onPort("bob", 6, "internet"))
                .bind("sw-1", Subscriber.onPort("dup-1", 7, "internet"))
                .bind("sw-1", Subscriber.onPort("dup-2", 7, "internet"))
                .bind("onu-1", Subscriber.onDevice("carol", "internet"))
                .bind("onu-2", Subscriber.onDevice("dan", "internet"))
                .bind("onu-2", Subscriber.onDevice("erin", "internet"));
    }

    /** D-Link binary Option 82 for a switch port (vlan 152). */
    static RelayAgentInformation switchPort(int port) {
        return RelayAgentInformation.of(HexFormat.of().parseHex(String.format("0004009800%02x", port)),
                HexFormat.of().parseHex("0006f8e903e755a6"));
    }

    static RelayAgentInformation zteOnu() {
        return RelayAgentInformation.of("ZTEGC0288E70".getBytes(), "45:47:c0:28:8e:70".getBytes());
    }

    static DhcpEvent.Builder event(DhcpEventType type, String ip, Instant at) {
        return DhcpEvent.builder(type, Ipv4Address.parse(ip), EventSource.ISC_DHCPD, at);
    }

    static DhcpEvent commit(String ip, MacAddress mac, RelayAgentInformation option82, Instant at) {
        return event(DhcpEventType.COMMIT, ip, at).clientMac(mac).option82(option82)
                .leaseTime(Duration.ofMinutes(10)).build();
    }

    static DhcpEvent free(DhcpEventType type, String ip, MacAddress mac, Instant at) {
        DhcpEvent.Builder b = event(type, ip, at);
        if (mac != null) {
            b.clientMac(mac);
        }
        return b.build();
    }
}
