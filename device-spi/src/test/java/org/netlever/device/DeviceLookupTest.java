package org.netlever.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.netlever.option82.MacAddress;
import org.netlever.option82.RelayAgentInformation;
import org.netlever.option82.SubOption;
import org.netlever.option82.SubOptionCode;

/**
 * S1.5: a device is found by what its model puts on the wire — a TR-101 host name, a relay address, a relay address
 * and interface name — only by keys its manager names, and never by picking one of two.
 */
class DeviceLookupTest {

    private static final InetAddress RELAY = ip("192.0.2.1");
    private static final InetAddress OTHER_RELAY = ip("192.0.2.2");
    /** Eltex MES "tr101" with no remote-id: the switch names itself by host name. */
    private static final RelayAgentInformation ELTEX_BY_HOST = circuitOnly("mes3124-k7 eth 1/0/12:200");
    /** What ISC dhcrelay -a appends: circuit-id = the interface name, no remote-id. */
    private static final RelayAgentInformation DHCRELAY = circuitOnly("veth-sub0");
    /** Valid, but no location: link selection 192.0.2.0 and an empty relay source port (RFC 3527, RFC 8357). */
    private static final RelayAgentInformation NO_LOCATION =
            RelayAgentInformation.parse(HexFormat.of().parseHex("52080504c00002001300"));

    private static InetAddress ip(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static RelayAgentInformation circuitOnly(String text) {
        return RelayAgentInformation.of(SubOption.of(SubOptionCode.CIRCUIT_ID, text.getBytes()));
    }

    private static DeviceResolver resolver(Device... devices) {
        return new DeviceResolver(DeviceManagers.builtIns(), InMemoryDeviceDirectory.of(devices));
    }

    private static Device eltex(String id, String host) {
        return Device.builder(id, BuiltInDeviceManagers.ELTEX_MES).hostName(host).build();
    }

    private static Device relay(String id, InetAddress address, String iface) {
        Device.Builder b = Device.builder(id, BuiltInDeviceManagers.DHCP_RELAY).relayAddress(address);
        if (iface != null) {
            b.relayInterface(iface);
        }
        return b.build();
    }

    @Test
    @DisplayName("S1.5 a TR-101 switch named by host name only resolves by host name, ignoring case, with its port")
    void resolve_tr101HostName_findsSwitchAndPort() {
        Device sw = eltex("sw-k7", "MES3124-K7");

        Resolution.Resolved r = (Resolution.Resolved) resolver(sw).resolve(ELTEX_BY_HOST);

        assertThat(r.device()).isEqualTo(sw);
        assertThat(r.location().hostName()).contains("mes3124-k7");
        assertThat(r.location().deviceMac()).isEmpty();
        assertThat(r.subscriberPort()).hasValue(12);
    }

    @Test
    @DisplayName("S1.5 two switches with one host name are ambiguous: rejected, naming both")
    void resolve_hostNameTwice_rejectedAmbiguous() {
        Resolution.Rejected r = (Resolution.Rejected) resolver(eltex("a", "mes3124-k7"), eltex("b", "mes3124-K7"))
                .resolve(ELTEX_BY_HOST);

        assertThat(r.reason()).isEqualTo(Resolution.Reason.AMBIGUOUS_DEVICE);
        assertThat(r.detail()).contains("host mes3124-k7").contains("[a, b]");
    }

    @Test
    @DisplayName("S1.5 a device found by a key its manager does not name is not taken for it")
    void resolve_keyNotOfManager_rejectedNotInDeviceFormat() {
        Device huawei = Device.builder("hw", BuiltInDeviceManagers.HUAWEI_S).hostName("mes3124-k7").build();

        Resolution.Rejected r = (Resolution.Rejected) resolver(huawei).resolve(ELTEX_BY_HOST);

        assertThat(r.reason()).isEqualTo(Resolution.Reason.NOT_IN_DEVICE_FORMAT);
        assertThat(r.detail()).contains("huawei-s").contains("HOST_NAME");
    }

    @Test
    @DisplayName("S1.5 dhcrelay -a resolves by relay address and interface name, with no port")
    void resolve_relayInterface_findsRelayDevice() {
        Device sub0 = relay("relay-sub0", RELAY, "veth-sub0");
        Device sub1 = relay("relay-sub1", RELAY, "veth-sub1");
        Device elsewhere = relay("other-sub0", OTHER_RELAY, "veth-sub0");

        Resolution.Resolved r = (Resolution.Resolved) resolver(sub1, sub0, elsewhere)
                .resolve(DHCRELAY, Optional.of(RELAY));

        assertThat(r.device()).isEqualTo(sub0);
        assertThat(r.location().relayInterface()).contains("veth-sub0");
        assertThat(r.location().relayAddress()).contains(RELAY);
        assertThat(r.subscriberPort()).isEmpty();
    }

    @Test
    @DisplayName("S1.5 an interface name without the relay address names nothing: unrecognised, as before")
    void resolve_relayInterfaceWithoutRelayAddress_unrecognized() {
        Resolution.Rejected r = (Resolution.Rejected) resolver(relay("r", RELAY, "veth-sub0")).resolve(DHCRELAY);

        assertThat(r.reason()).isEqualTo(Resolution.Reason.UNRECOGNIZED_OPTION82);
    }

    @Test
    @DisplayName("S1.5 an unregistered relay interface is an unknown device, naming both relay lookups")
    void resolve_relayInterfaceUnregistered_unknownDevice() {
        Resolution.Rejected r = (Resolution.Rejected) resolver(relay("r", RELAY, "veth-sub1"))
                .resolve(DHCRELAY, Optional.of(RELAY));

        assertThat(r.reason()).isEqualTo(Resolution.Reason.UNKNOWN_DEVICE);
        assertThat(r.detail()).contains("relay 192.0.2.1 interface veth-sub0").contains("or relay 192.0.2.1");
    }

    @Test
    @DisplayName("S1.5 an L3 switch known by its giaddr alone resolves whatever the option names")
    void resolve_relayAddressAlone_findsDevice() {
        Device l3 = relay("l3", RELAY, null);

        Resolution.Resolved r = (Resolution.Resolved) resolver(l3, relay("r1", RELAY, "veth-sub0"))
                .resolve(NO_LOCATION, Optional.of(RELAY));

        assertThat(r.device()).as("relay+interface devices are not among the relay's own").isEqualTo(l3);
        assertThat(r.location().relayAddress()).contains(RELAY);
        assertThat(r.location().decoder()).isEqualTo("relay-address");
    }

    @Test
    @DisplayName("S1.5 two devices on one relay interface are ambiguous")
    void resolve_relayInterfaceTwice_rejectedAmbiguous() {
        Resolution.Rejected r = (Resolution.Rejected) resolver(relay("a", RELAY, "veth-sub0"),
                relay("b", RELAY, "veth-sub0")).resolve(DHCRELAY, Optional.of(RELAY));

        assertThat(r.reason()).isEqualTo(Resolution.Reason.AMBIGUOUS_DEVICE);
        assertThat(r.detail()).contains("[a, b]");
    }

    @Test
    @DisplayName("S1.5 valid Option 82 with no location is its own rejection, not unrecognised")
    void resolve_noLocation_rejectedNoLocation() {
        Resolution.Rejected r = (Resolution.Rejected) resolver(relay("l3", OTHER_RELAY, null))
                .resolve(NO_LOCATION, Optional.of(RELAY));

        assertThat(r.reason()).isEqualTo(Resolution.Reason.NO_LOCATION);
        assertThat(r.detail()).contains("link-selection").contains("relay-port").contains("192.0.2.1");
        assertThat(((Resolution.Rejected) resolver().resolve(NO_LOCATION)).reason())
                .isEqualTo(Resolution.Reason.NO_LOCATION);
    }

    @Test
    @DisplayName("S1.5 a device's MAC still wins over its host name, and a MAC-less TR-101 switch is no MAC device")
    void resolve_macAndHost_macFirst() {
        Device byMac = Device.builder("m", BuiltInDeviceManagers.ELTEX_MES).mac(MacAddress.parse("a8:f9:4b:12:34:56"))
                .build();
        RelayAgentInformation withMac = RelayAgentInformation.of(
                SubOption.of(SubOptionCode.CIRCUIT_ID, "sw1 eth 1/0/5:100".getBytes()),
                SubOption.of(SubOptionCode.REMOTE_ID, HexFormat.of().parseHex("0006a8f94b123456")));

        Resolution.Resolved r = (Resolution.Resolved) resolver(byMac, eltex("h", "sw1")).resolve(withMac);

        assertThat(r.device()).isEqualTo(byMac);
        assertThat(r.subscriberPort()).hasValue(5);
    }

    @Test
    @DisplayName("S1.5 the in-memory directory indexes host names and relay keys, and forgets removed devices")
    void inMemory_lookups_addAndRemove() {
        InMemoryDeviceDirectory directory = InMemoryDeviceDirectory.of(eltex("a", "Sw1"), relay("r", RELAY, "eth0"),
                relay("l3", RELAY, null));

        assertThat(directory.findByHostName("SW1")).extracting(Device::id).containsExactly("a");
        assertThat(directory.findByRelayInterface(RELAY, "eth0")).extracting(Device::id).containsExactly("r");
        assertThat(directory.findByRelayInterface(RELAY, "ETH0")).as("interface names compare exactly").isEmpty();
        assertThat(directory.findByRelayAddress(RELAY)).extracting(Device::id).containsExactly("l3");

        directory.remove("a");
        directory.remove("r");
        assertThat(directory.findByHostName("sw1")).isEmpty();
        assertThat(directory.findByRelayInterface(RELAY, "eth0")).isEmpty();
        assertThat(directory.findByRelayAddress(RELAY)).hasSize(1);
    }

    @Test
    @DisplayName("a relay interface needs the relay address; names are validated")
    void device_relayInterfaceWithoutAddress_rejected() {
        assertThatThrownBy(() -> Device.builder("d", "dhcp-relay").relayInterface("eth0").build())
                .isInstanceOf(InvalidDeviceException.class).hasMessageContaining("relay interface eth0");
        assertThatThrownBy(() -> Device.builder("d", "dhcp-relay").relayInterface("eth 0"))
                .isInstanceOf(InvalidDeviceException.class).hasMessageContaining("no spaces");
        assertThatThrownBy(() -> Device.builder("d", "eltex-mes").hostName(" sw1"))
                .isInstanceOf(InvalidDeviceException.class).hasMessageContaining("host name");
    }
}
