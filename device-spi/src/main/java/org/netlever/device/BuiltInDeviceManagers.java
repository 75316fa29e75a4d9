package org.netlever.device;

import java.util.List;
import java.util.Set;

import org.netlever.device.internal.ConfiguredDeviceManager;
import org.netlever.option82.Option82Decoders;

/**
 * The device managers netlever ships: the common managed switches (several subscribers, told apart by port) and
 * PON terminals (one subscriber each). {@link DeviceManagers#builtIns()} registers all of them.
 *
 * <table>
 *   <caption>Built-in managers</caption>
 *   <tr><th>type code</th><th>device</th><th>by port</th><th>Option 82 decoder</th><th>found by</th></tr>
 *   <tr><td>{@value #DLINK_SWITCH}</td><td>D-Link DES/DGS</td><td>yes</td>
 *       <td>{@code common-binary}, then {@code tr101-text} ("vendor5")</td><td>MAC, host name</td></tr>
 *   <tr><td>{@value #ELTEX_MES}</td><td>Eltex MES</td><td>yes</td>
 *       <td>{@code tr101-text} ("tr101"), then {@code common-binary} ("custom")</td><td>MAC, host name</td></tr>
 *   <tr><td>{@value #HUAWEI_S}</td><td>Huawei S-series</td><td>yes</td><td>{@code huawei-extend}</td>
 *       <td>MAC</td></tr>
 *   <tr><td>{@value #TP_LINK_JETSTREAM}</td><td>TP-Link JetStream</td><td>yes</td><td>{@code tp-link}</td>
 *       <td>MAC</td></tr>
 *   <tr><td>{@value #H3C_COMWARE}</td><td>H3C / HPE Comware</td><td>yes</td><td>{@code h3c}</td><td>MAC</td></tr>
 *   <tr><td>{@value #DCN_SWITCH}</td><td>DCN, SNR, Qtech</td><td>yes</td><td>{@code dcn}</td><td>MAC</td></tr>
 *   <tr><td>{@value #GENERIC_SWITCH}</td><td>any managed switch</td><td>yes</td><td>auto-detect</td>
 *       <td>MAC, host name</td></tr>
 *   <tr><td>{@value #BDCOM_EPON_ONU}</td><td>BDCOM EPON ONU</td><td>no</td><td>{@code remote-id-mac}</td>
 *       <td>MAC</td></tr>
 *   <tr><td>{@value #ZTE_ONU}</td><td>ZTE GPON ONU</td><td>no</td><td>{@code zte-onu}</td>
 *       <td>MAC, serial</td></tr>
 *   <tr><td>{@value #HUAWEI_ONT}</td><td>Huawei GPON ONT</td><td>no</td><td>{@code huawei-ont}</td>
 *       <td>MAC, serial</td></tr>
 *   <tr><td>{@value #GENERIC_ONU}</td><td>any PON ONU/ONT</td><td>no</td>
 *       <td>auto-detect, then {@code remote-id-mac}</td><td>MAC, serial</td></tr>
 *   <tr><td>{@value #DHCP_RELAY}</td><td>a plain relay agent or L3 switch ({@code dhcrelay -a})</td><td>no</td>
 *       <td>{@code relay-interface}</td><td>relay address, with or without the interface name</td></tr>
 * </table>
 *
 * <p>Thread-safe: every manager is immutable.
 */
public final class BuiltInDeviceManagers {

    /** D-Link DES/DGS managed switches. */
    public static final String DLINK_SWITCH = "dlink-switch";
    /** Eltex MES managed switches. */
    public static final String ELTEX_MES = "eltex-mes";
    /** Huawei S-series managed switches, "extend" Option 82 format. */
    public static final String HUAWEI_S = "huawei-s";
    /** TP-Link JetStream managed switches. */
    public static final String TP_LINK_JETSTREAM = "tplink-jetstream";
    /** H3C / HPE Comware switches. */
    public static final String H3C_COMWARE = "h3c-comware";
    /** DCN, SNR and Qtech managed switches. */
    public static final String DCN_SWITCH = "dcn-switch";
    /** Any managed switch whose format the auto-detect chain recognises. */
    public static final String GENERIC_SWITCH = "generic-switch";
    /** BDCOM EPON ONUs, identified by the ONU MAC in the remote-id. */
    public static final String BDCOM_EPON_ONU = "bdcom-epon-onu";
    /** ZTE GPON ONUs. */
    public static final String ZTE_ONU = "zte-onu";
    /** Huawei GPON ONTs. */
    public static final String HUAWEI_ONT = "huawei-ont";
    /** Any PON ONU/ONT. */
    public static final String GENERIC_ONU = "generic-onu";
    /**
     * A relay that is the device itself: a plain relay agent such as ISC {@code dhcrelay -a}, whose circuit-id is
     * the interface name (registered by relay address and interface), or an L3 switch known by its giaddr
     * (registered by relay address alone). Each serves one subscriber.
     */
    public static final String DHCP_RELAY = "dhcp-relay";

    private static final Set<DeviceKey> MAC_OR_HOST = Set.of(DeviceKey.MAC, DeviceKey.HOST_NAME);
    private static final Set<DeviceKey> MAC_ONLY = Set.of(DeviceKey.MAC);

    private static final List<DeviceManager> ALL = List.of(
            new ConfiguredDeviceManager(DLINK_SWITCH, "D-Link DES/DGS switch", true,
                    Option82Decoders.chain(DLINK_SWITCH, Option82Decoders.commonBinary(),
                            Option82Decoders.tr101Text()), MAC_OR_HOST),
            new ConfiguredDeviceManager(ELTEX_MES, "Eltex MES switch", true,
                    Option82Decoders.chain(ELTEX_MES, Option82Decoders.tr101Text(), Option82Decoders.commonBinary()),
                    MAC_OR_HOST),
            new ConfiguredDeviceManager(HUAWEI_S, "Huawei S-series switch", true, Option82Decoders.huaweiExtend(),
                    MAC_ONLY),
            new ConfiguredDeviceManager(TP_LINK_JETSTREAM, "TP-Link JetStream switch", true,
                    Option82Decoders.tpLink(), MAC_ONLY),
            new ConfiguredDeviceManager(H3C_COMWARE, "H3C / HPE Comware switch", true, Option82Decoders.h3c(),
                    MAC_ONLY),
            new ConfiguredDeviceManager(DCN_SWITCH, "DCN / SNR / Qtech switch", true, Option82Decoders.dcn(),
                    MAC_ONLY),
            new ConfiguredDeviceManager(GENERIC_SWITCH, "Managed switch (auto-detected Option 82)", true,
                    Option82Decoders.autoDetect(), MAC_OR_HOST),
            new ConfiguredDeviceManager(BDCOM_EPON_ONU, "BDCOM EPON ONU", false, Option82Decoders.remoteIdMac(),
                    MAC_ONLY),
            new ConfiguredDeviceManager(ZTE_ONU, "ZTE GPON ONU", false, Option82Decoders.zteOnu()),
            new ConfiguredDeviceManager(HUAWEI_ONT, "Huawei GPON ONT", false, Option82Decoders.huaweiOnt()),
            new ConfiguredDeviceManager(GENERIC_ONU, "PON ONU/ONT (auto-detected Option 82)", false,
                    Option82Decoders.chain(GENERIC_ONU, Option82Decoders.autoDetect(),
                            Option82Decoders.remoteIdMac())),
            new ConfiguredDeviceManager(DHCP_RELAY, "DHCP relay agent (known by relay address and interface)", false,
                    Option82Decoders.relayInterface(), Set.of(DeviceKey.RELAY_ADDRESS, DeviceKey.RELAY_INTERFACE)));

    private BuiltInDeviceManagers() {
    }

    /**
     * Every built-in manager, switches first.
     *
     * @return an unmodifiable list
     */
    public static List<DeviceManager> all() {
        return ALL;
    }

    /**
     * The built-in manager with this type code.
     *
     * @param typeCode one of the constants of this class
     * @return the manager
     * @throws UnknownDeviceTypeException if no built-in has that code
     */
    public static DeviceManager get(String typeCode) {
        return ALL.stream().filter(m -> m.typeCode().equals(typeCode)).findFirst()
                .orElseThrow(() -> new UnknownDeviceTypeException("no built-in device manager has type code '"
                        + typeCode + "'; built-ins: " + ALL.stream().map(DeviceManager::typeCode).toList()));
    }
}
