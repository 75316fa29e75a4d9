package org.netlever.examples.cli;

import java.io.PrintStream;
import java.util.List;

import org.netlever.device.BuiltInDeviceManagers;
import org.netlever.device.Device;
import org.netlever.device.DeviceManager;
import org.netlever.device.DeviceManagers;
import org.netlever.device.DeviceResolver;
import org.netlever.device.InMemoryDeviceDirectory;
import org.netlever.device.Resolution;
import org.netlever.examples.cli.Netlever.UsageException;
import org.netlever.option82.DeviceLocation;
import org.netlever.option82.MacAddress;
import org.netlever.option82.Option82Decoders;
import org.netlever.option82.Option82ParseException;
import org.netlever.option82.RelayAgentInformation;
import org.netlever.option82.SubOption;
import org.netlever.option82.SubOptionCode;
import org.netlever.option82.TextForm;

/**
 * {@code netlever demo}: the netlever story on the embedded defaults. Chapter 1: DHCP Option 82 as ISC dhcpd and
 * Kea report it, decoded and resolved to registered devices and the port that selects the subscriber (S1.4–S1.7).
 * Chapter 2 ({@link LeaseChapter}): the same events kept as leases in an embedded H2 database, and the NAS told
 * (S1.1–S1.8). Chapter 3 ({@link CallChapter}): a softswitch call over RADIUS on loopback UDP (S2.1–S2.9).
 * Chapter 4 ({@link PcrfChapter}): the PCRF scenario for a BRAS, with real CoA on loopback UDP (S3.1–S3.11).
 *
 * <p>Not thread-safe: one run per instance.
 */
final class DemoCommand {

    /** One DHCP event's Option 82 as a server reports it. */
    private record Event(String source, String circuitId, String remoteId, String rawOption) {
        RelayAgentInformation option() {
            if (rawOption != null) {
                return RelayAgentInformation.parse(rawOption);
            }
            return RelayAgentInformation.of(SubOption.of(SubOptionCode.CIRCUIT_ID, TextForm.decodeAny(circuitId)),
                    SubOption.of(SubOptionCode.REMOTE_ID, TextForm.decodeAny(remoteId)));
        }

        String shown() {
            return rawOption != null ? "option 82 " + rawOption
                    : "circuit-id " + circuitId + "  remote-id " + remoteId;
        }
    }

    private static final List<Event> EVENTS = List.of(
            new Event("ISC dhcpd commit (binary-to-ascii)", "0:4:0:98:0:5", "0:6:f8:e9:3:e7:55:a6", null),
            new Event("Kea leases4_committed (QUERY4_OPTION_82)", null, null,
                    "0x01060004006408050208000600E0FC112233"),
            new Event("ISC dhcpd commit, text circuit-id", "\"Vlan10+Ethernet1/0/7\"", "0:3:f:aa:bb:cc", null),
            new Event("Kea, ZTE ONU", "0x5A5445474330323838453730", "0x34353A34373A63303A32383A38653A3730", null),
            new Event("Kea, Huawei ONT (sn.vlanid)", "0x4857544331413242334334442E313030", "0x000600259E010203",
                    null),
            new Event("ISC dhcpd commit from a switch nobody registered", "0:4:0:64:0:3", "0:6:0:1b:54:c2:a0:80",
                    null),
            new Event("a relay that truncates its option", null, null, "0x010600040064"));

    private final PrintStream out;

    DemoCommand(PrintStream out) {
        this.out = out;
    }

    int run(String[] args) {
        if (args.length > 0) {
            throw new UsageException("demo takes no options, got '" + args[0] + "'");
        }
        DeviceManagers managers = DeviceManagers.builtIns();
        InMemoryDeviceDirectory devices = InMemoryDeviceDirectory.of(
                Device.builder("sw-17", BuiltInDeviceManagers.DLINK_SWITCH)
                        .mac(MacAddress.parse("f8:e9:03:e7:55:a6")).description("D-Link DES-3200, pole 17").build(),
                Device.builder("sw-18", BuiltInDeviceManagers.HUAWEI_S)
                        .mac(MacAddress.parse("00:e0:fc:11:22:33")).description("Huawei S5735, block 2").build(),
                Device.builder("sw-19", BuiltInDeviceManagers.DCN_SWITCH)
                        .mac(MacAddress.parse("00:03:0f:aa:bb:cc")).description("SNR-S2985G, block 3").build(),
                Device.builder("onu-9", BuiltInDeviceManagers.ZTE_ONU).serial("ZTEGC0288E70")
                        .description("ZTE F660, flat 9").build(),
                Device.builder("ont-4", BuiltInDeviceManagers.HUAWEI_ONT).serial("HWTC1A2B3C4D")
                        .description("Huawei HG8245, flat 4").build());
        DeviceResolver resolver = new DeviceResolver(managers, devices);

        out.println("netlever demo, chapter 1: DHCP Option 82 to device and subscriber port (S1.4-S1.7)");
        out.println();
        out.println("Registered devices:");
        for (Device d : devices.all().stream().sorted((a, b) -> a.id().compareTo(b.id())).toList()) {
            DeviceManager m = managers.get(d.typeCode());
            out.printf("  %-6s %-13s %-24s %s; %s%n", d.id(), d.typeCode(),
                    d.mac().map(MacAddress::toString).orElse("serial " + d.serial().orElse("?")), d.description(),
                    m.usesDevicePort() ? "subscribers told apart by port" : "one subscriber");
        }
        int n = 0;
        for (Event event : EVENTS) {
            out.println();
            out.printf("%d. %s%n   %s%n", ++n, event.source(), event.shown());
            RelayAgentInformation option;
            try {
                option = event.option();
            } catch (Option82ParseException e) {
                out.println("   REJECTED malformed Option 82: " + e.getMessage());
                continue;
            }
            Option82Decoders.autoDetect().decode(option).ifPresent(guess ->
                    out.println("   auto-detected  " + describe(guess)));
            Resolution resolution = resolver.resolve(option);
            if (resolution instanceof Resolution.Resolved r) {
                out.println("   device's own   " + describe(r.location()));
                out.printf("   resolved       %s (%s) -> %s%n", r.device().id(), r.manager().displayName(),
                        r.subscriberPort().isPresent()
                                ? "find the subscriber on port " + r.subscriberPort().getAsInt()
                                : "the device alone selects the subscriber");
            } else if (resolution instanceof Resolution.Rejected r) {
                out.printf("   REJECTED %s: %s%n", r.reason(), r.detail());
            }
        }
        out.println();
        new LeaseChapter(out, managers, devices).run();
        out.println();
        new CallChapter(out).run();
        out.println();
        new PcrfChapter(out).run();
        out.println();
        out.println("Decode your own: netlever option82 --circuit-id X --remote-id Y [--device-type CODE]");
        return Netlever.OK;
    }

    private static String describe(DeviceLocation l) {
        StringBuilder s = new StringBuilder(l.decoder()).append(':');
        l.deviceMac().ifPresent(mac -> s.append(" mac ").append(mac));
        l.deviceSerial().ifPresent(serial -> s.append(" serial ").append(serial));
        l.unit().ifPresent(v -> s.append(" unit ").append(v));
        l.slot().ifPresent(v -> s.append(" slot ").append(v));
        l.subslot().ifPresent(v -> s.append(" subslot ").append(v));
        l.port().ifPresent(v -> s.append(" port ").append(v));
        l.vlan().ifPresent(v -> s.append(" vlan ").append(v));
        return s.toString();
    }
}
