package org.netlever.aaa.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.netlever.aaa.lease.Network.ALICE_PC;
import static org.netlever.aaa.lease.Network.BOB_PC;
import static org.netlever.aaa.lease.Network.T0;

import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.netlever.aaa.dhcp.DhcpEvent;
import org.netlever.aaa.dhcp.DhcpEventType;
import org.netlever.aaa.ip.Ipv4Address;
import org.netlever.aaa.lease.LeaseOutcome.RejectReason;
import org.netlever.aaa.store.Database;
import org.netlever.aaa.testing.DatabaseKind;
import org.netlever.aaa.testing.MutableClock;
import org.netlever.device.BuiltInDeviceManagers;
import org.netlever.device.Device;
import org.netlever.device.DeviceManagers;
import org.netlever.device.DeviceResolver;
import org.netlever.device.InMemoryDeviceDirectory;
import org.netlever.option82.MacAddress;
import org.netlever.option82.RelayAgentInformation;
import org.netlever.option82.SubOption;
import org.netlever.option82.SubOptionCode;

/**
 * S1.5-S1.7 on H2 and PostgreSQL: commits from devices known by what their model sends other than a MAC — an Eltex
 * MES naming itself by host name in a TR-101 text circuit-id, a plain relay agent ({@code dhcrelay -a}) known by
 * relay address and interface name, an L3 switch known by its giaddr — reach their subscribers, and Option 82 that
 * carries no location is rejected with its own reason, counted.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(DatabaseKind.class)
class LeaseDeviceLookupTest {

    private static final Ipv4Address RELAY = Ipv4Address.parse("192.0.2.1");
    private static final Ipv4Address L3_RELAY = Ipv4Address.parse("192.0.2.9");
    private static final Device ELTEX = Device.builder("mes-k7", BuiltInDeviceManagers.ELTEX_MES)
            .hostName("mes3124-k7").build();
    private static final Device TWIN_A = Device.builder("twin-a", BuiltInDeviceManagers.ELTEX_MES)
            .hostName("twin").build();
    private static final Device TWIN_B = Device.builder("twin-b", BuiltInDeviceManagers.ELTEX_MES)
            .hostName("TWIN").build();
    private static final Device RELAY_SUB0 = Device.builder("relay-sub0", BuiltInDeviceManagers.DHCP_RELAY)
            .relayAddress(RELAY.toInetAddress()).relayInterface("veth-sub0").build();
    private static final Device L3 = Device.builder("l3-sw", BuiltInDeviceManagers.DHCP_RELAY)
            .relayAddress(L3_RELAY.toInetAddress()).build();
    /** Link selection and an empty relay source port only (RFC 3527, RFC 8357). */
    private static final RelayAgentInformation NO_LOCATION =
            RelayAgentInformation.parse(HexFormat.of().parseHex("52080504c63364001300"));

    @Parameter
    DatabaseKind kind;

    private DatabaseKind.TestDatabase testDb;
    private LeaseService leases;

    @BeforeEach
    void setUp() {
        testDb = kind.open();
        Database db = testDb.database();
        MutableClock clock = new MutableClock(T0);
        IpPools pools = new IpPools(db, clock);
        pools.add(Network.INTERNET);
        InMemorySubscriberDirectory subscribers = new InMemorySubscriberDirectory()
                .bind("mes-k7", Subscriber.onPort("alice", 12, "internet"))
                .bind("mes-k7", Subscriber.onPort("bob", 13, "internet"))
                .bind("relay-sub0", Subscriber.onDevice("carol", "internet"))
                .bind("l3-sw", Subscriber.onDevice("dan", "internet"));
        DeviceResolver devices = new DeviceResolver(DeviceManagers.builtIns(),
                InMemoryDeviceDirectory.of(ELTEX, TWIN_A, TWIN_B, RELAY_SUB0, L3));
        leases = LeaseService.builder(db).devices(devices).subscribers(subscribers).pools(pools).clock(clock)
                .build();
    }

    @AfterEach
    void tearDown() {
        testDb.close();
    }

    private static RelayAgentInformation circuitOnly(String text) {
        return RelayAgentInformation.of(SubOption.of(SubOptionCode.CIRCUIT_ID, text.getBytes()));
    }

    private static DhcpEvent commit(String ip, MacAddress mac, RelayAgentInformation option82, Ipv4Address relay) {
        DhcpEvent.Builder b = Network.event(DhcpEventType.COMMIT, ip, T0).clientMac(mac).option82(option82)
                .leaseTime(Duration.ofMinutes(10));
        if (relay != null) {
            b.relayAddress(relay);
        }
        return b.build();
    }

    @Test
    @DisplayName("S1.5 S1.7 a TR-101 switch named by host name: the port's subscriber gets the lease")
    void commit_tr101HostName_assignsToPortSubscriber() {
        LeaseOutcome outcome = leases.handle(commit("198.51.100.10", ALICE_PC,
                circuitOnly("MES3124-K7 eth 1/0/12:100"), null));

        assertThat(outcome).isInstanceOfSatisfying(LeaseOutcome.Assigned.class, a -> {
            assertThat(a.lease().subscriberId()).isEqualTo("alice");
            assertThat(a.lease().deviceId()).contains("mes-k7");
            assertThat(a.lease().devicePort()).hasValue(12);
        });
    }

    @Test
    @DisplayName("S1.5 dhcrelay -a: relay address and interface name find the relay's subscriber")
    void commit_relayInterface_assignsToRelaySubscriber() {
        LeaseOutcome outcome = leases.handle(commit("198.51.100.11", BOB_PC, circuitOnly("veth-sub0"), RELAY));

        assertThat(outcome).isInstanceOfSatisfying(LeaseOutcome.Assigned.class, a -> {
            assertThat(a.lease().subscriberId()).isEqualTo("carol");
            assertThat(a.lease().deviceId()).contains("relay-sub0");
            assertThat(a.lease().devicePort()).isEmpty();
        });
        assertThat(leases.handle(commit("198.51.100.12", ALICE_PC, circuitOnly("veth-sub0"),
                Ipv4Address.parse("192.0.2.2")))).as("the same interface name on another relay is another device")
                .isInstanceOfSatisfying(LeaseOutcome.Rejected.class,
                        r -> assertThat(r.reason()).isEqualTo(RejectReason.UNKNOWN_DEVICE));
    }

    @Test
    @DisplayName("S1.5 an L3 switch known by its giaddr: even Option 82 without a location finds its subscriber")
    void commit_relayAddressAlone_assignsToDeviceSubscriber() {
        LeaseOutcome outcome = leases.handle(commit("198.51.100.13", ALICE_PC, NO_LOCATION, L3_RELAY));

        assertThat(outcome).isInstanceOfSatisfying(LeaseOutcome.Assigned.class,
                a -> assertThat(a.lease().subscriberId()).isEqualTo("dan"));
    }

    @Test
    @DisplayName("S1.5 valid Option 82 with no location is rejected as NO_LOCATION, logged and counted")
    void commit_noLocation_rejectedWithOwnReason() {
        LeaseOutcome outcome = leases.handle(commit("198.51.100.14", ALICE_PC, NO_LOCATION, RELAY));

        assertThat(outcome).isInstanceOfSatisfying(LeaseOutcome.Rejected.class, r -> {
            assertThat(r.reason()).isEqualTo(RejectReason.NO_LOCATION);
            assertThat(r.detail()).contains("link-selection").contains("relay-port");
        });
        assertThat(leases.recentEvents(1)).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo("rejected");
            assertThat(e.reason()).hasValueSatisfying(reason -> assertThat(reason).startsWith("NO_LOCATION: "));
            assertThat(e.option82()).contains(NO_LOCATION.toHex());
        });
        assertThat(leases.rejectionCounts()).containsEntry(RejectReason.NO_LOCATION, 1L)
                .containsEntry(RejectReason.UNRECOGNIZED_OPTION82, 0L);
        assertThat(leases.allLeases()).isEmpty();
    }

    @Test
    @DisplayName("S1.5 two switches with one host name: the commit is rejected as ambiguous, nobody gets the lease")
    void commit_hostNameOfTwoDevices_rejectedAmbiguous() {
        LeaseOutcome outcome = leases.handle(commit("198.51.100.15", ALICE_PC, circuitOnly("twin eth 1/0/1:100"),
                null));

        assertThat(outcome).isInstanceOfSatisfying(LeaseOutcome.Rejected.class, r -> {
            assertThat(r.reason()).isEqualTo(RejectReason.AMBIGUOUS_DEVICE);
            assertThat(r.detail()).contains("twin-a").contains("twin-b");
        });
        assertThat(leases.rejectionCounts()).containsEntry(RejectReason.AMBIGUOUS_DEVICE, 1L);
        assertThat(leases.allLeases()).isEmpty();
    }
}
