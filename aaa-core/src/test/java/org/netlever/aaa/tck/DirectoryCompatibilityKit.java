package org.netlever.aaa.tck;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.netlever.aaa.lease.Subscriber;
import org.netlever.aaa.lease.SubscriberDirectory;
import org.netlever.device.BuiltInDeviceManagers;
import org.netlever.device.Device;
import org.netlever.device.DeviceDirectory;
import org.netlever.device.DeviceManagers;
import org.netlever.device.DeviceResolver;
import org.netlever.device.Resolution;
import org.netlever.option82.MacAddress;
import org.netlever.option82.RelayAgentInformation;
import org.netlever.option82.SubOption;
import org.netlever.option82.SubOptionCode;

/**
 * The compatibility kit a billing's {@link DeviceDirectory} and {@link SubscriberDirectory} must pass (S1.5–S1.7):
 * a device found by every key a model puts on the wire — MAC, PON serial, TR-101 host name (ignoring case), relay
 * address alone, relay address and interface name (exactly) — and nothing else; a key two devices share returned
 * for both, so that netlever rejects it as ambiguous instead of taking the first row; and behind each device one
 * subscriber or a clear ambiguity, with ports only where the device's manager uses them.
 *
 * <p>Extend it in a JUnit 5 test and load the kit's devices and bindings into your billing:
 * <pre>{@code
 * class AcmeBillingDirectoryTest extends DirectoryCompatibilityKit {
 *     protected Directories load(List<Device> devices, List<Binding> bindings) {
 *         AcmeBilling billing = AcmeBilling.fresh();          // a fresh storage per test
 *         devices.forEach(billing::register);
 *         bindings.forEach(b -> billing.bind(b.deviceId(), b.subscriber()));
 *         return new Directories(billing, billing);
 *     }
 * }
 * }</pre>
 * Every check goes through the SPIs alone, and end to end through a {@link DeviceResolver} with the built-in
 * managers, as {@code LeaseService} asks. Subscribers are bound with access and dynamic addresses, pool kind
 * {@value #POOL_KIND}.
 *
 * <p>Shipped in the {@code netlever-aaa-core} test-jar (classifier {@code tests}). Not thread-safe; JUnit creates an
 * instance per test.
 */
public abstract class DirectoryCompatibilityKit {

    /** The pool kind of every subscriber the kit binds. */
    public static final String POOL_KIND = "dynamic";

    private static final MacAddress SWITCH_MAC = MacAddress.parse("f8:e9:03:e7:55:a6");
    private static final MacAddress ONU_MAC = MacAddress.parse("fc:fa:f7:12:34:56");
    private static final InetAddress RELAY = address(192, 0, 2, 1);
    private static final InetAddress L3_RELAY = address(192, 0, 2, 9);

    /** A D-Link switch known by MAC: ports 5 and 6 one subscriber each, port 7 two (a billing data error). */
    private static final Device SWITCH = Device.of("kit-sw", BuiltInDeviceManagers.DLINK_SWITCH, SWITCH_MAC);
    /** A ZTE ONU known by serial, one subscriber. */
    private static final Device ZTE = Device.builder("kit-zte", BuiltInDeviceManagers.ZTE_ONU)
            .serial("ZTEGC0288E70").build();
    /** A BDCOM ONU known by MAC with two subscribers (a billing data error). */
    private static final Device BDCOM = Device.of("kit-bdcom", BuiltInDeviceManagers.BDCOM_EPON_ONU, ONU_MAC);
    /** An Eltex MES known by host name, registered in upper case. */
    private static final Device ELTEX = Device.builder("kit-mes", BuiltInDeviceManagers.ELTEX_MES)
            .hostName("MES3124-K7").build();
    /** Two switches that share a host name, in different case. */
    private static final Device TWIN_A = Device.builder("kit-twin-a", BuiltInDeviceManagers.ELTEX_MES)
            .hostName("twin").build();
    private static final Device TWIN_B = Device.builder("kit-twin-b", BuiltInDeviceManagers.ELTEX_MES)
            .hostName("TWIN").build();
    /** Two interfaces of one plain relay agent ({@code dhcrelay -a}); veth-sub1 has nobody bound. */
    private static final Device RELAY_SUB0 = Device.builder("kit-relay-sub0", BuiltInDeviceManagers.DHCP_RELAY)
            .relayAddress(RELAY).relayInterface("veth-sub0").build();
    private static final Device RELAY_SUB1 = Device.builder("kit-relay-sub1", BuiltInDeviceManagers.DHCP_RELAY)
            .relayAddress(RELAY).relayInterface("veth-sub1").build();
    /** An L3 switch known by its giaddr alone. */
    private static final Device L3 = Device.builder("kit-l3", BuiltInDeviceManagers.DHCP_RELAY)
            .relayAddress(L3_RELAY).build();

    private static final List<Device> DEVICES = List.of(SWITCH, ZTE, BDCOM, ELTEX, TWIN_A, TWIN_B, RELAY_SUB0,
            RELAY_SUB1, L3);
    private static final List<Binding> BINDINGS = List.of(
            new Binding("kit-sw", Subscriber.onPort("kit-alice", 5, POOL_KIND)),
            new Binding("kit-sw", Subscriber.onPort("kit-bob", 6, POOL_KIND)),
            new Binding("kit-sw", Subscriber.onPort("kit-dup-1", 7, POOL_KIND)),
            new Binding("kit-sw", Subscriber.onPort("kit-dup-2", 7, POOL_KIND)),
            new Binding("kit-zte", Subscriber.onDevice("kit-carol", POOL_KIND)),
            new Binding("kit-bdcom", Subscriber.onDevice("kit-gina", POOL_KIND)),
            new Binding("kit-bdcom", Subscriber.onDevice("kit-hank", POOL_KIND)),
            new Binding("kit-mes", Subscriber.onPort("kit-dan", 12, POOL_KIND)),
            new Binding("kit-twin-a", Subscriber.onPort("kit-ivy", 1, POOL_KIND)),
            new Binding("kit-relay-sub0", Subscriber.onDevice("kit-erin", POOL_KIND)),
            new Binding("kit-l3", Subscriber.onDevice("kit-frank", POOL_KIND)));

    /**
     * A subscriber bound to a device.
     *
     * @param deviceId the device's id
     * @param subscriber the account, with its port on devices that use ports
     */
    public record Binding(String deviceId, Subscriber subscriber) {
        /** Checks that nothing is missing. */
        public Binding {
            Objects.requireNonNull(deviceId, "deviceId");
            Objects.requireNonNull(subscriber, "subscriber");
        }
    }

    /**
     * The billing under test, as netlever asks it.
     *
     * @param devices its devices
     * @param subscribers its subscribers
     */
    public record Directories(DeviceDirectory devices, SubscriberDirectory subscribers) {
        /** Checks that nothing is missing. */
        public Directories {
            Objects.requireNonNull(devices, "devices");
            Objects.requireNonNull(subscribers, "subscribers");
        }
    }

    /**
     * Your billing holding exactly these devices and bindings, on a fresh storage. Called once per test.
     *
     * @param devices the devices to register, with every field to keep as given
     * @param bindings the subscribers to bind to them
     * @return the directories over that billing
     */
    protected abstract Directories load(List<Device> devices, List<Binding> bindings);

    private Directories loaded() {
        return load(DEVICES, BINDINGS);
    }

    @Test
    @DisplayName("S1.5 each key finds exactly its device, as registered")
    void lookups_eachKey_findTheRegisteredDevice() {
        DeviceDirectory d = loaded().devices();

        assertThat(d.findByMac(SWITCH_MAC)).contains(SWITCH);
        assertThat(d.findBySerial("ZTEGC0288E70")).contains(ZTE);
        assertThat(d.findByHostName("mes3124-k7")).as("host names compare ignoring case").containsExactly(ELTEX);
        assertThat(d.findByRelayInterface(RELAY, "veth-sub0")).containsExactly(RELAY_SUB0);
        assertThat(d.findByRelayInterface(RELAY, "veth-sub1")).containsExactly(RELAY_SUB1);
        assertThat(d.findByRelayAddress(L3_RELAY)).containsExactly(L3);
    }

    @Test
    @DisplayName("S1.5 keys nobody registered find nothing, and a relay's interfaces are not the relay itself")
    void lookups_unregisteredKeys_findNothing() {
        DeviceDirectory d = loaded().devices();

        assertThat(d.findByMac(MacAddress.parse("00:1b:54:c2:a0:80"))).isEmpty();
        assertThat(d.findBySerial("HWTC1A2B3C4D")).isEmpty();
        assertThat(d.findByHostName("mes3124")).isEmpty();
        assertThat(d.findByRelayInterface(RELAY, "VETH-SUB0")).as("interface names compare exactly").isEmpty();
        assertThat(d.findByRelayInterface(L3_RELAY, "veth-sub0")).isEmpty();
        assertThat(d.findByRelayAddress(RELAY)).as("devices on the relay's interfaces are not found by relay alone")
                .isEmpty();
    }

    @Test
    @DisplayName("S1.5 a host name two devices share returns both, and the resolver rejects it as ambiguous")
    void hostNameOfTwo_bothReturned_rejectedAmbiguous() {
        Directories loaded = loaded();

        assertThat(loaded.devices().findByHostName("Twin")).containsExactlyInAnyOrder(TWIN_A, TWIN_B);
        Resolution r = resolver(loaded).resolve(circuitOnly("twin eth 1/0/1:100"));
        assertThat(r).isInstanceOfSatisfying(Resolution.Rejected.class,
                rejected -> assertThat(rejected.reason()).isEqualTo(Resolution.Reason.AMBIGUOUS_DEVICE));
    }

    @Test
    @DisplayName("S1.6 S1.7 a switch's subscribers carry their ports; a PON terminal's and a relay's carry none")
    void subscribers_portsOnlyWhereTheManagerUsesThem() {
        SubscriberDirectory s = loaded().subscribers();

        assertThat(s.findByDevicePort(SWITCH, 5)).containsExactly(Subscriber.onPort("kit-alice", 5, POOL_KIND));
        assertThat(s.findByDevicePort(SWITCH, 8)).isEmpty();
        assertThat(s.findByDevice(SWITCH)).extracting(Subscriber::id)
                .containsExactlyInAnyOrder("kit-alice", "kit-bob", "kit-dup-1", "kit-dup-2");
        assertThat(s.findByDevice(ZTE)).containsExactly(Subscriber.onDevice("kit-carol", POOL_KIND));
        assertThat(s.findByDevice(RELAY_SUB0)).containsExactly(Subscriber.onDevice("kit-erin", POOL_KIND));
        assertThat(s.findByDevice(RELAY_SUB1)).as("nobody bound").isEmpty();
    }

    @Test
    @DisplayName("S1.6 two accounts where one is expected are both returned: a clear ambiguity, never the first row")
    void subscribers_twoWhereOneExpected_bothReturned() {
        SubscriberDirectory s = loaded().subscribers();

        assertThat(s.findByDevicePort(SWITCH, 7)).extracting(Subscriber::id)
                .containsExactlyInAnyOrder("kit-dup-1", "kit-dup-2");
        assertThat(s.findByDevice(BDCOM)).extracting(Subscriber::id).containsExactlyInAnyOrder("kit-gina", "kit-hank");
    }

    @Test
    @DisplayName("S1.5-S1.7 what each device sends resolves to its device and, through it, to one subscriber")
    void resolve_eachDevice_reachesItsSubscriber() {
        Directories loaded = loaded();
        DeviceResolver resolver = resolver(loaded);

        assertThat(subscriberOf(loaded, resolver.resolve(RelayAgentInformation.of(
                HexFormat.of().parseHex("000400980005"), HexFormat.of().parseHex("0006f8e903e755a6")))))
                .as("D-Link port 5").isEqualTo("kit-alice");
        assertThat(subscriberOf(loaded, resolver.resolve(RelayAgentInformation.of("ZTEGC0288E70".getBytes(),
                "45:47:c0:28:8e:70".getBytes())))).as("ZTE ONU by serial").isEqualTo("kit-carol");
        assertThat(subscriberOf(loaded, resolver.resolve(circuitOnly("mes3124-k7 eth 1/0/12:200"))))
                .as("Eltex MES by host name, port 12").isEqualTo("kit-dan");
        assertThat(subscriberOf(loaded, resolver.resolve(circuitOnly("veth-sub0"), Optional.of(RELAY))))
                .as("dhcrelay -a by relay and interface").isEqualTo("kit-erin");
        assertThat(subscriberOf(loaded, resolver.resolve(RelayAgentInformation.parse(
                HexFormat.of().parseHex("52080504c00002001300")), Optional.of(L3_RELAY))))
                .as("an L3 relay by giaddr, its Option 82 without a location").isEqualTo("kit-frank");
    }

    @Test
    @DisplayName("the directories answer many threads at once with the same results")
    void lookups_concurrently_sameResults() {
        Directories loaded = loaded();

        boolean allSame = IntStream.range(0, 800).parallel().allMatch(i -> switch (i % 3) {
            case 0 -> loaded.devices().findByHostName("MES3124-k7").equals(List.of(ELTEX));
            case 1 -> loaded.devices().findByRelayInterface(RELAY, "veth-sub0").equals(List.of(RELAY_SUB0));
            default -> loaded.subscribers().findByDevicePort(SWITCH, 7).size() == 2;
        });

        assertThat(allSame).as("every concurrent lookup gave the same result").isTrue();
    }

    private static DeviceResolver resolver(Directories loaded) {
        return new DeviceResolver(DeviceManagers.builtIns(), loaded.devices());
    }

    /** The one subscriber a resolution leads to, as LeaseService finds it. */
    private static String subscriberOf(Directories loaded, Resolution resolution) {
        assertThat(resolution).isInstanceOf(Resolution.Resolved.class);
        Resolution.Resolved r = (Resolution.Resolved) resolution;
        List<Subscriber> found = r.subscriberPort().isPresent()
                ? loaded.subscribers().findByDevicePort(r.device(), r.subscriberPort().getAsInt())
                : loaded.subscribers().findByDevice(r.device());
        assertThat(found).as("subscribers behind %s", r.device()).hasSize(1);
        assertThat(found.get(0).devicePort()).as("a port exactly where the manager uses ports")
                .isEqualTo(r.subscriberPort());
        return found.get(0).id();
    }

    private static RelayAgentInformation circuitOnly(String text) {
        return RelayAgentInformation.of(SubOption.of(SubOptionCode.CIRCUIT_ID, text.getBytes()));
    }

    private static InetAddress address(int a, int b, int c, int d) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are an IPv4 address", e);
        }
    }
}
