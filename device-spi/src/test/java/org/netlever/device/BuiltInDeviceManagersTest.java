package org.netlever.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.netlever.device.tck.DeviceManagerCompatibilityKit;
import org.netlever.device.tck.ManagerSample;
import org.netlever.option82.DeviceLocation;
import org.netlever.option82.MacAddress;

/**
 * Every built-in manager passes the compatibility kit, with samples of what its devices send (sources in each
 * sample's name; the same formats as option82's vector files).
 */
class BuiltInDeviceManagersTest {

    private static DeviceLocation.Builder at(String decoder, String mac) {
        return DeviceLocation.builder(decoder).deviceMac(MacAddress.parse(mac));
    }

    @Test
    @DisplayName("S1.7 switches select subscribers by port, PON terminals do not")
    void usesDevicePort_switchesYes_ponNo() {
        assertThat(BuiltInDeviceManagers.all()).filteredOn(DeviceManager::usesDevicePort)
                .extracting(DeviceManager::typeCode)
                .containsExactly("dlink-switch", "eltex-mes", "huawei-s", "tplink-jetstream", "h3c-comware",
                        "dcn-switch", "generic-switch");
        assertThat(BuiltInDeviceManagers.all()).filteredOn(m -> !m.usesDevicePort())
                .extracting(DeviceManager::typeCode)
                .containsExactly("bdcom-epon-onu", "zte-onu", "huawei-ont", "generic-onu", "dhcp-relay");
    }

    @Test
    void get_unknownCode_listsBuiltIns() {
        assertThat(BuiltInDeviceManagers.get("zte-onu").displayName()).isEqualTo("ZTE GPON ONU");
        assertThatThrownBy(() -> BuiltInDeviceManagers.get("nope"))
                .isInstanceOf(UnknownDeviceTypeException.class)
                .hasMessageContaining("dlink-switch");
    }

    abstract static class BuiltInKit extends DeviceManagerCompatibilityKit {
        private final String code;

        BuiltInKit(String code) {
            this.code = code;
        }

        @Override
        protected DeviceManager manager() {
            return BuiltInDeviceManagers.get(code);
        }
    }

    @Nested
    class DlinkSwitch extends BuiltInKit {
        DlinkSwitch() {
            super(BuiltInDeviceManagers.DLINK_SWITCH);
        }

        @Override
        protected List<ManagerSample> samples() {
            return List.of(
                    ManagerSample.of("DES-3200 default format, port 5 (djing2 test vector)", "0x000400980005",
                            "0x0006f8e903e755a6",
                            at("common-binary", "f8:e9:03:e7:55:a6").vlan(152).unit(0).port(5).build()),
                    ManagerSample.of("DGS-3000 vendor5 TR-101 text (DGS-3000 CLI reference)",
                            "\"dgs3000 eth 1/0/12:100\"", "0x0006f8e903e755a6",
                            at("tr101-text", "f8:e9:03:e7:55:a6").hostName("dgs3000").unit(1).slot(0).port(12).vlan(100)
                                    .build()));
        }
    }

    @Nested
    class EltexMes extends BuiltInKit {
        EltexMes() {
            super(BuiltInDeviceManagers.ELTEX_MES);
        }

        @Override
        protected List<ManagerSample> samples() {
            return List.of(
                    ManagerSample.of("tr101 mode (Eltex MES manual)", "\"sw1 eth 1/0/5:100\"", "0x0006a8f94b123456",
                            at("tr101-text", "a8:f9:4b:12:34:56").hostName("sw1").unit(1).slot(0).port(5).vlan(100)
                                    .build()),
                    ManagerSample.ofCircuitId("tr101 mode, switch named by host name only (Eltex MES manual)",
                            "\"mes3124-k7 eth 1/0/12:200\"", DeviceLocation.builder("tr101-text")
                                    .hostName("mes3124-k7").unit(1).slot(0).port(12).vlan(200).build()),
                    ManagerSample.of("custom mode (Eltex MES manual)", "0x000400640003", "0x0006a8f94b123456",
                            at("common-binary", "a8:f9:4b:12:34:56").unit(0).port(3).vlan(100).build()));
        }
    }

    @Nested
    class HuaweiS extends BuiltInKit {
        HuaweiS() {
            super(BuiltInDeviceManagers.HUAWEI_S);
        }

        @Override
        protected List<ManagerSample> samples() {
            return List.of(ManagerSample.ofHex("extend format, slot 1 port 5 (Huawei 'dhcp option82 format extend')",
                    "010600040064080502080006" + "00e0fc112233",
                    at("huawei-extend", "00:e0:fc:11:22:33").slot(1).subslot(0).port(5).vlan(100).build()));
        }
    }

    @Nested
    class TpLinkJetstream extends BuiltInKit {
        TpLinkJetstream() {
            super(BuiltInDeviceManagers.TP_LINK_JETSTREAM);
        }

        @Override
        protected List<ManagerSample> samples() {
            return List.of(
                    ManagerSample.of("private format, port 1/0/1 vlan 2 (T1600G user guide)", "00:02:00:01",
                            "50:c7:bf:01:02:03", at("tp-link", "50:c7:bf:01:02:03").vlan(2).port(1).build()),
                    ManagerSample.of("normal format, port 257", "0x0004000a0101", "0x000650c7bf010203",
                            at("tp-link", "50:c7:bf:01:02:03").vlan(10).port(257).build()));
        }
    }

    @Nested
    class H3cComware extends BuiltInKit {
        H3cComware() {
            super(BuiltInDeviceManagers.H3C_COMWARE);
        }

        @Override
        protected List<ManagerSample> samples() {
            return List.of(ManagerSample.of("normal format, index 4 = port 5 (H3C S3600 manual)", "0x000400640004",
                    "0x00063ce5a6001122", at("h3c", "3c:e5:a6:00:11:22").vlan(100).port(5).build()));
        }
    }

    @Nested
    class DcnSwitch extends BuiltInKit {
        DcnSwitch() {
            super(BuiltInDeviceManagers.DCN_SWITCH);
        }

        @Override
        protected List<ManagerSample> samples() {
            return List.of(ManagerSample.of("ascii format (Qtech QSW-8200 reference)", "\"Vlan1+Ethernet1/0/11\"",
                    "0x00030F112233", at("dcn", "00:03:0f:11:22:33").vlan(1).unit(1).slot(0).port(11).build()));
        }
    }

    @Nested
    class GenericSwitch extends BuiltInKit {
        GenericSwitch() {
            super(BuiltInDeviceManagers.GENERIC_SWITCH);
        }

        @Override
        protected List<ManagerSample> samples() {
            return List.of(
                    ManagerSample.of("Cisco default format", "0x0004000a0203", "0x0006001b54c2a080",
                            at("common-binary", "00:1b:54:c2:a0:80").vlan(10).unit(2).port(3).build()),
                    ManagerSample.of("MikroTik bridge (Splynx docs)", "\"My Mikrotik eth 0/2\"", "0x0006488F5A010203",
                            at("tr101-text", "48:8f:5a:01:02:03").hostName("My Mikrotik").slot(0).port(2).build()));
        }
    }

    @Nested
    class BdcomEponOnu extends BuiltInKit {
        BdcomEponOnu() {
            super(BuiltInDeviceManagers.BDCOM_EPON_ONU);
        }

        @Override
        protected List<ManagerSample> samples() {
            return List.of(ManagerSample.of("ONU MAC in the remote-id", "\"EPON0/1:7\"", "0x0006FCFAF7123456",
                    at("remote-id-mac", "fc:fa:f7:12:34:56").build()));
        }
    }

    @Nested
    class ZteOnu extends BuiltInKit {
        ZteOnu() {
            super(BuiltInDeviceManagers.ZTE_ONU);
        }

        @Override
        protected List<ManagerSample> samples() {
            return List.of(ManagerSample.of("ZTE C320 ONU (djing2 test vector)", "\"ZTEGC0288E70\"",
                    "\"45:47:c0:28:8e:70\"",
                    at("zte-onu", "45:47:c0:28:8e:70").deviceSerial("ZTEGC0288E70").build()));
        }
    }

    @Nested
    class HuaweiOnt extends BuiltInKit {
        HuaweiOnt() {
            super(BuiltInDeviceManagers.HUAWEI_ONT);
        }

        @Override
        protected List<ManagerSample> samples() {
            return List.of(
                    ManagerSample.of("MA5800 serial as hex text, no MAC (FreeRADIUS module observation)",
                            "\"0/1/2:100\"", "0x34383537353434334136354141354232",
                            DeviceLocation.builder("huawei-ont").deviceSerial("HWTCA65AA5B2").build()),
                    ManagerSample.of("sn.vlanid with ONT MAC", "\"HWTC1A2B3C4D.100\"", "0x000600259E010203",
                            at("huawei-ont", "00:25:9e:01:02:03").deviceSerial("HWTC1A2B3C4D").vlan(100).build()));
        }
    }

    @Nested
    class GenericOnu extends BuiltInKit {
        GenericOnu() {
            super(BuiltInDeviceManagers.GENERIC_ONU);
        }

        @Override
        protected List<ManagerSample> samples() {
            return List.of(
                    ManagerSample.of("ONU MAC as text", "\"EPON0/1:7\"", "\"fcfa.f712.3456\"",
                            at("remote-id-mac", "fc:fa:f7:12:34:56").build()),
                    ManagerSample.of("ZTE ONU through auto-detection", "\"ZTEGC40253B3\"", "\"45:47:c4:2:53:b3\"",
                            at("zte-onu", "45:47:c4:02:53:b3").deviceSerial("ZTEGC40253B3").build()));
        }
    }

    @Nested
    class DhcpRelay extends BuiltInKit {
        DhcpRelay() {
            super(BuiltInDeviceManagers.DHCP_RELAY);
        }

        @Override
        protected List<ManagerSample> samples() {
            return List.of(
                    ManagerSample.ofCircuitId("dhcrelay -a on a veth (dhcrelay(8), ISC DHCP 4.4)", "\"veth-sub0\"",
                            DeviceLocation.builder("relay-interface").relayInterface("veth-sub0").build()),
                    ManagerSample.ofCircuitId("dhcrelay -a on a VLAN interface (dhcrelay(8), ISC DHCP 4.4)",
                            "\"eth1.100\"",
                            DeviceLocation.builder("relay-interface").relayInterface("eth1.100").build()));
        }
    }
}
