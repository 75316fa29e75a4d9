package org.netlever.examples.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.netlever.examples.e2e.LeverBilling.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netlever.aaa.ip.IpPool;
import org.netlever.aaa.ip.Ipv4Address;
import org.netlever.aaa.ip.Ipv4Network;
import org.netlever.aaa.lease.Lease;
import org.netlever.aaa.lease.Subscriber;
import org.netlever.device.BuiltInDeviceManagers;
import org.netlever.device.Device;
import org.netlever.option82.MacAddress;
import org.netlever.option82.RelayAgentInformation;
import org.netlever.option82.SubOption;
import org.netlever.option82.SubOptionCode;

/**
 * S1.5 against real peers: a client that is not relayed broadcasts in its own namespace, a real ISC dhcrelay
 * {@code -a} in another relays it to a real dhcpd — appending Option 82 whose circuit-id is only its downstream
 * interface's name — and netlever finds the relay device by the giaddr and that name, and gives the lease to the one
 * subscriber behind it. Then an Eltex MES that names itself by host name in a TR-101 text circuit-id, with no MAC
 * anywhere, reaches the subscriber on its port 12 through the same dhcpd.
 */
class DhcrelayEndToEndTest {

    private static final MacAddress ERIN_PC = MacAddress.parse("02:00:00:00:0e:01");
    private static final MacAddress DAN_PC = MacAddress.parse("02:00:00:00:0d:a1");

    @Test
    @DisplayName("S1.5 real dhcrelay -a and a host-named TR-101 switch resolve to their subscribers")
    void realDhcrelayAndHostNamedSwitch_leasesLandOnTheirSubscribers(@TempDir Path dir) throws Exception {
        String dhcrelay = Peers.require("dhcrelay", "isc-dhcp-relay");
        String python = Peers.require("python3", "python3");
        Peers.require("dhcpd", "isc-dhcp-server");
        Peers.require("curl", "curl");
        Peers.require("openssl", "openssl");
        try (NetnsLab lab = NetnsLab.create(); LeverBilling billing = new LeverBilling(dir);
                RelayLab relay = RelayLab.create(lab)) {
            billing.pools.add(IpPool.builder("relayed-1", Ipv4Network.parse("192.0.2.128/25"), "internet")
                    .gateway(Ipv4Address.parse(RelayLab.GIADDR)).build());
            billing.devices.add(Device.builder("relay-sub", BuiltInDeviceManagers.DHCP_RELAY)
                    .relayAddress(Ipv4Address.parse(RelayLab.GIADDR).toInetAddress())
                    .relayInterface(relay.downstream).build());
            billing.subscribers.bind("relay-sub", Subscriber.onDevice("erin", "internet"));
            billing.devices.add(Device.builder("mes-k7", BuiltInDeviceManagers.ELTEX_MES).hostName("mes3124-k7")
                    .build());
            billing.subscribers.bind("mes-k7", Subscriber.onPort("dan", 12, "internet"));

            Path log = DhcpdLeverEndToEndTest.startDhcpd(lab, billing, dir,
                    "subnet 192.0.2.0 netmask 255.255.255.128 { }\n"
                            + "subnet 192.0.2.128 netmask 255.255.255.128 {\n  range 192.0.2.140 192.0.2.160;\n"
                            + "  option routers " + RelayLab.GIADDR + ";\n}\n", lab.inner, relay.serverSide);
            Path relayLog = dir.resolve("dhcrelay.log");
            lab.startIn(relay.relayNamespace, relayLog, List.of(), dhcrelay, "-4", "-d", "-a",
                    "-pf", dir.resolve("dhcrelay.pid").toString(), "-iu", relay.upstream, "-id", relay.downstream,
                    RelayLab.SERVER);
            await("dhcrelay to listen on " + relay.downstream + " (" + relayLog + ")",
                    () -> LeverBilling.contains(relayLog, "Listening on LPF/" + relay.downstream));

            // S1.5: the client is not relayed by the test; dhcrelay relays it, and the relay is the device.
            Path client = LeverBilling.REPOSITORY.resolve("examples/src/test/resources/e2e/dhcp_client.py");
            Ipv4Address erin = Ipv4Address.parse(relay.execClient(python, client.toString(), relay.clientSide,
                    ERIN_PC.toString()).strip());
            await("erin's lease", () -> holder(billing, erin).equals("erin"));
            Lease lease = billing.leases.lease(erin).orElseThrow();
            assertThat(lease.deviceId()).contains("relay-sub");
            assertThat(lease.devicePort()).as("a relay serves one subscriber: no port").isEmpty();
            assertThat(lease.mac()).contains(ERIN_PC);
            // dhcpd passed the lever what dhcrelay wrote: the interface name as circuit-id, and the giaddr.
            String circuitHex = colonHex(relay.downstream);
            assertThat(Files.readString(log)).contains("execute_statement argv[5] = " + circuitHex)
                    .contains("execute_statement argv[6] = " + RelayLab.GIADDR);

            // S1.5: an Eltex MES named by host name only, through a relay at 198.51.100.1.
            try (DhcpRelayAgent eltex = new DhcpRelayAgent(NetnsLab.RELAY, NetnsLab.SERVER)) {
                RelayAgentInformation tr101 = RelayAgentInformation.of(SubOption.of(SubOptionCode.CIRCUIT_ID,
                        "MES3124-K7 eth 1/0/12:200".getBytes(StandardCharsets.US_ASCII)));
                DhcpRelayAgent.Ack dan = eltex.lease(DAN_PC, tr101);
                await("dan's lease", () -> holder(billing, dan.ip()).equals("dan"));
                Lease danLease = billing.leases.lease(dan.ip()).orElseThrow();
                assertThat(danLease.deviceId()).contains("mes-k7");
                assertThat(danLease.devicePort()).hasValue(12);
            }
        }
    }

    private static String holder(LeverBilling billing, Ipv4Address ip) {
        return billing.leases.lease(ip).map(Lease::subscriberId).orElse("");
    }

    /** dhcpd's binary-to-ascii(16, 8, ":", ...) of text: unpadded hex bytes, colon-separated. */
    private static String colonHex(String text) {
        StringBuilder s = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.US_ASCII)) {
            if (s.length() > 0) {
                s.append(':');
            }
            s.append(Integer.toHexString(b & 0xFF));
        }
        return s.toString();
    }
}
