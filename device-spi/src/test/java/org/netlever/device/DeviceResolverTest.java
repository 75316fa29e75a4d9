package org.netlever.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.netlever.option82.DeviceLocation;
import org.netlever.option82.MacAddress;
import org.netlever.option82.Option82Decoder;
import org.netlever.option82.Option82Decoders;
import org.netlever.option82.RelayAgentInformation;

class DeviceResolverTest {

    private static final MacAddress SWITCH_MAC = MacAddress.parse("00:e0:fc:11:22:33");
    /** Huawei "extend": slot 1 subslot 0 port 5 vlan 100; auto-detection reads it as unit 8 port 5. */
    private static final RelayAgentInformation HUAWEI_EXTEND = option("01060004006408050208000600e0fc112233");
    /** D-Link default: vlan 152, port 5. */
    private static final RelayAgentInformation DLINK = option("010600040098000502080006f8e903e755a6");

    private static RelayAgentInformation option(String hex) {
        return RelayAgentInformation.parse(HexFormat.of().parseHex(hex));
    }

    private static DeviceResolver resolver(Device... devices) {
        return new DeviceResolver(DeviceManagers.builtIns(), InMemoryDeviceDirectory.of(devices));
    }

    @Test
    @DisplayName("S1.6-S1.7 a switch resolves to its device and port, decoded by its own manager")
    void resolve_switch_usesOwnManagersDecoding() {
        Device huawei = Device.of("sw-1", BuiltInDeviceManagers.HUAWEI_S, SWITCH_MAC);

        Resolution resolution = resolver(huawei).resolve(HUAWEI_EXTEND);

        assertThat(resolution.isResolved()).isTrue();
        Resolution.Resolved r = (Resolution.Resolved) resolution;
        assertThat(r.device()).isEqualTo(huawei);
        assertThat(r.manager().typeCode()).isEqualTo("huawei-s");
        assertThat(r.location().decoder()).as("the model's own decoder, not auto-detection").isEqualTo("huawei-extend");
        assertThat(r.location().slot()).hasValue(1);
        assertThat(r.subscriberPort()).hasValue(5);
    }

    @Test
    @DisplayName("S1.7 a PON ONU resolves by its MAC or serial alone, with no port")
    void resolve_ponOnu_noPort() {
        Device onu = Device.builder("onu-9", BuiltInDeviceManagers.ZTE_ONU).serial("ZTEGC0288E70").build();
        RelayAgentInformation zte = RelayAgentInformation.of("ZTEGC0288E70".getBytes(),
                "45:47:c0:28:8e:70".getBytes());

        Resolution.Resolved r = (Resolution.Resolved) resolver(onu).resolve(zte);

        assertThat(r.device()).isEqualTo(onu);
        assertThat(r.subscriberPort()).isEmpty();
        assertThat(r.location().deviceSerial()).contains("ZTEGC0288E70");
    }

    @Test
    @DisplayName("S1.5 an unregistered device is rejected with a reason naming what was looked up")
    void resolve_unregistered_rejectedUnknownDevice() {
        Resolution.Rejected r = (Resolution.Rejected) resolver().resolve(DLINK);
        assertThat(r.reason()).isEqualTo(Resolution.Reason.UNKNOWN_DEVICE);
        assertThat(r.detail()).contains("mac f8:e9:03:e7:55:a6").contains("common-binary");
        assertThat(r.location()).isPresent();
        assertThat(r.device()).isEmpty();
    }

    @Test
    void resolve_unknownFormat_rejectedUnrecognized() {
        Resolution.Rejected r = (Resolution.Rejected) resolver().resolve(option("0103aabbcc"));
        assertThat(r.reason()).isEqualTo(Resolution.Reason.UNRECOGNIZED_OPTION82);
        assertThat(r.detail()).contains("circuit-id(1)=aabbcc");
    }

    @Test
    void resolve_deviceOfUnregisteredType_rejected() {
        Device odd = Device.of("x", "acme-switch", MacAddress.parse("f8:e9:03:e7:55:a6"));
        Resolution.Rejected r = (Resolution.Rejected) resolver(odd).resolve(DLINK);
        assertThat(r.reason()).isEqualTo(Resolution.Reason.UNKNOWN_DEVICE_TYPE);
        assertThat(r.detail()).contains("'acme-switch'").contains("dlink-switch");
        assertThat(r.device()).contains(odd);
    }

    @Test
    void resolve_deviceNotConfiguredAsItsTypeSays_rejected() {
        Device registeredAsZte = Device.of("x", BuiltInDeviceManagers.ZTE_ONU, MacAddress.parse("f8:e9:03:e7:55:a6"));
        Resolution.Rejected r = (Resolution.Rejected) resolver(registeredAsZte).resolve(DLINK);
        assertThat(r.reason()).isEqualTo(Resolution.Reason.NOT_IN_DEVICE_FORMAT);
        assertThat(r.detail()).contains("zte-onu");
    }

    @Test
    void resolve_managerReadsAnotherDevice_rejectedMismatch() {
        MacAddress a = MacAddress.parse("00:00:00:00:00:0a");
        MacAddress b = MacAddress.parse("00:00:00:00:00:0b");
        DeviceManager liar = new TestManager("liar", true,
                Option82Decoder.of("liar", info -> Optional.of(DeviceLocation.builder("liar").deviceMac(b).port(1)
                        .build())));
        Device deviceA = Device.of("a", "liar", a);
        DeviceResolver resolver = new DeviceResolver(DeviceManagers.of(liar), InMemoryDeviceDirectory.of(deviceA),
                Option82Decoder.of("first", info -> Optional.of(DeviceLocation.builder("first").deviceMac(a).build())));
        Resolution.Rejected r = (Resolution.Rejected) resolver.resolve(DLINK);
        assertThat(r.reason()).isEqualTo(Resolution.Reason.DEVICE_MISMATCH);
        assertThat(r.detail()).contains("mac 00:00:00:00:00:0b, which is not registered");
    }

    @Test
    void resolve_switchWithoutPort_rejectedNoPort() {
        Device sw = Device.of("sw", BuiltInDeviceManagers.GENERIC_SWITCH, MacAddress.parse("fc:fa:f7:12:34:56"));
        DeviceManager portless = new TestManager("portless-switch", true, Option82Decoders.remoteIdMac());
        Device dev = Device.of("p", "portless-switch", MacAddress.parse("fc:fa:f7:12:34:56"));
        RelayAgentInformation onlyRemoteId = option("02080006fcfaf7123456");
        Resolution.Rejected r = (Resolution.Rejected) new DeviceResolver(DeviceManagers.of(portless),
                InMemoryDeviceDirectory.of(dev)).resolve(onlyRemoteId);
        assertThat(r.reason()).isEqualTo(Resolution.Reason.NO_PORT);
        assertThat(resolver(sw).resolve(onlyRemoteId))
                .as("an ONU decoder identifies the switch by its MAC; the switch's own manager refuses the format")
                .isInstanceOfSatisfying(Resolution.Rejected.class, x -> {
                    assertThat(x.reason()).isEqualTo(Resolution.Reason.NOT_IN_DEVICE_FORMAT);
                    assertThat(x.detail()).contains("identified by remote-id-mac").contains("generic-switch");
                });
    }

    @Test
    void resolve_portOutsidePortCount_rejected() {
        DeviceManager eightPorts = new TestManager("eight-port", true, Option82Decoders.commonBinary()) {
            @Override
            public OptionalInt portCount() {
                return OptionalInt.of(8);
            }
        };
        Device dev = Device.of("e", "eight-port", MacAddress.parse("00:11:22:33:44:55"));
        DeviceResolver resolver = new DeviceResolver(DeviceManagers.of(eightPorts), InMemoryDeviceDirectory.of(dev));
        assertThat(resolver.resolve(option("01060004006400080208000600112233" + "4455")))
                .isInstanceOf(Resolution.Resolved.class);
        Resolution.Rejected r = (Resolution.Rejected) resolver.resolve(option("010600040064000902080006001122334455"));
        assertThat(r.reason()).isEqualTo(Resolution.Reason.PORT_OUT_OF_RANGE);
        assertThat(r.detail()).contains("port 9 is outside 1..8");
    }

    @Test
    @DisplayName("a port offset renumbers the decoded port (Cisco 3750-X counts from 3)")
    void resolve_portOffset_applied() {
        DeviceManager cisco = new TestManager("cisco-3750x", true, Option82Decoders.commonBinary()) {
            @Override
            public int portOffset() {
                return -2;
            }
        };
        Device dev = Device.of("c", "cisco-3750x", MacAddress.parse("00:1b:54:c2:a0:80"));
        Resolution.Resolved r = (Resolution.Resolved) new DeviceResolver(DeviceManagers.of(cisco),
                InMemoryDeviceDirectory.of(dev)).resolve(option("0106" + "0004000a0203" + "0208" + "0006001b54c2a080"));
        assertThat(r.subscriberPort()).as("Gi2/0/1 is sent as port 3").hasValue(1);
        assertThat(r.location().port()).hasValue(3);
    }

    @Test
    @DisplayName("identification falls back to the managers' decoders for formats auto-detection does not know")
    void resolve_formatOnlyAManagerKnows_identifiedThroughManagers() {
        Device onu = Device.of("onu", BuiltInDeviceManagers.BDCOM_EPON_ONU, MacAddress.parse("fc:fa:f7:12:34:56"));
        Resolution.Resolved r = (Resolution.Resolved) resolver(onu).resolve(option("020e" + "fcfa.f712.3456"
                .chars().collect(StringBuilder::new, (sb, c) -> sb.append(String.format("%02x", c)),
                        StringBuilder::append)));
        assertThat(r.device()).isEqualTo(onu);
        assertThat(r.location().decoder()).isEqualTo("remote-id-mac");
    }

    @Test
    @DisplayName("S1.6-S1.7 a pre-decoded switch MAC and port (djing's contract) resolves like an Option 82")
    void resolveDecoded_switchAndOnu() {
        Device sw = Device.of("sw-17", BuiltInDeviceManagers.DLINK_SWITCH, MacAddress.parse("f8:e9:03:e7:55:a6"));
        Device onu = Device.of("onu-1", BuiltInDeviceManagers.BDCOM_EPON_ONU, MacAddress.parse("fc:fa:f7:12:34:56"));
        DeviceResolver resolver = resolver(sw, onu);

        Resolution.Resolved atSwitch = (Resolution.Resolved) resolver.resolveDecoded(
                DeviceLocation.builder("djing").deviceMac(MacAddress.parse("f8:e9:03:e7:55:a6")).port(3).build());
        assertThat(atSwitch.device()).isEqualTo(sw);
        assertThat(atSwitch.subscriberPort()).hasValue(3);

        Resolution.Resolved atOnu = (Resolution.Resolved) resolver.resolveDecoded(
                DeviceLocation.builder("djing").deviceMac(MacAddress.parse("fc:fa:f7:12:34:56")).port(0).build());
        assertThat(atOnu.subscriberPort()).as("the ONU ignores the port it was given").isEmpty();

        assertThat(resolver.resolveDecoded(DeviceLocation.builder("djing").deviceMac(SWITCH_MAC).port(1).build()))
                .isInstanceOfSatisfying(Resolution.Rejected.class, r -> {
                    assertThat(r.reason()).isEqualTo(Resolution.Reason.UNKNOWN_DEVICE);
                    assertThat(r.detail()).contains("given by djing");
                });
        assertThat(resolver.resolveDecoded(DeviceLocation.builder("djing")
                .deviceMac(MacAddress.parse("f8:e9:03:e7:55:a6")).build()))
                .isInstanceOfSatisfying(Resolution.Rejected.class,
                        r -> assertThat(r.reason()).isEqualTo(Resolution.Reason.NO_PORT));
    }

    /** A minimal manager for resolver edge cases. */
    private static class TestManager implements DeviceManager {
        private final String code;
        private final boolean ports;
        private final Option82Decoder decoder;

        TestManager(String code, boolean ports, Option82Decoder decoder) {
            this.code = code;
            this.ports = ports;
            this.decoder = decoder;
        }

        @Override
        public String typeCode() {
            return code;
        }

        @Override
        public String displayName() {
            return code;
        }

        @Override
        public boolean usesDevicePort() {
            return ports;
        }

        @Override
        public Option82Decoder option82Decoder() {
            return decoder;
        }
    }
}
