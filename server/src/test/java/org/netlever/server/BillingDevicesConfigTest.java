package org.netlever.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netlever.aaa.ip.Ipv4Address;
import org.netlever.server.testing.ExampleConfig;

/**
 * S1.5: an operator declares in {@code billing.devices} what each device is found by — besides mac and serial, the
 * host name of a TR-101 switch, the relay address of an L3 switch, the relay address and interface of a plain relay
 * agent — and a declaration its type would never be found by is a problem, not a silent miss.
 */
class BillingDevicesConfigTest {

    private static final String DEVICE = "    - { id: onu-9, type: zte-onu, serial: ZTEGC0288E70 }";

    @TempDir
    Path dir;

    private Path exampleWith(String... devices) throws IOException {
        Path file = ExampleConfig.in(dir).write();
        String yaml = Files.readString(file);
        assertThat(yaml).contains(DEVICE);
        Files.writeString(file, yaml.replace(DEVICE, DEVICE + "\n" + String.join("\n", devices)));
        return file;
    }

    private static List<String> problems(Path file) {
        try {
            ServeConfigReader.read(file);
        } catch (ConfigException e) {
            return e.problems().stream().map(p -> p.field() + ": " + p.reason()).toList();
        }
        throw new AssertionError(file + " was read without a problem");
    }

    @Test
    @DisplayName("S1.5 a TR-101 switch by host name, an L3 switch by relay address, dhcrelay by relay and interface")
    void read_hostNameAndRelayDevices_areLoaded() throws IOException {
        Path file = exampleWith("    - { id: mes-k7, type: eltex-mes, hostName: MES3124-K7 }",
                "    - { id: l3-core, type: dhcp-relay, relayAddress: 192.0.2.9 }",
                "    - { id: relay-sub0, type: dhcp-relay, relayAddress: 192.0.2.1, relayInterface: veth-sub0 }");

        List<ServeConfig.Device> devices = ServeConfigReader.read(file).billing().devices();

        assertThat(devices).contains(
                new ServeConfig.Device("mes-k7", "eltex-mes", Optional.empty(), Optional.empty(),
                        Optional.of("MES3124-K7"), Optional.empty(), Optional.empty()),
                new ServeConfig.Device("l3-core", "dhcp-relay", Optional.empty(), Optional.empty(), Optional.empty(),
                        Optional.of(Ipv4Address.parse("192.0.2.9")), Optional.empty()),
                new ServeConfig.Device("relay-sub0", "dhcp-relay", Optional.empty(), Optional.empty(),
                        Optional.empty(), Optional.of(Ipv4Address.parse("192.0.2.1")), Optional.of("veth-sub0")));
    }

    @Test
    @DisplayName("S1.5 a device with nothing to be found by, or an interface without its relay, is a problem")
    void read_deviceWithoutKeyOrInterfaceWithoutRelay_isAProblem() throws IOException {
        Path file = exampleWith("    - { id: lost, type: eltex-mes }",
                "    - { id: half, type: dhcp-relay, relayInterface: veth-sub0 }",
                "    - { id: bad-ip, type: dhcp-relay, relayAddress: 192.0.2.300 }");

        assertThat(problems(file)).hasSize(3).anySatisfy(p -> assertThat(p).startsWith("billing.devices[2]: ")
                .contains("needs a MAC, a serial, a host name or a relay address"))
                .anySatisfy(p -> assertThat(p).startsWith("billing.devices[3]: ")
                        .contains("relay interface veth-sub0 names a device only with the relay's address"))
                .anySatisfy(p -> assertThat(p).startsWith("billing.devices[4].relayAddress: "));
    }

    @Test
    @DisplayName("S1.5 a host name or relay on a type whose model does not send it is a problem naming its keys")
    void read_keyTheTypeDoesNotSend_isAProblem() throws IOException {
        Path file = exampleWith("    - { id: hw, type: huawei-s, hostName: core-1 }",
                "    - { id: sw, type: dlink-switch, mac: \"f8:e9:03:e7:55:a7\", relayAddress: 192.0.2.5 }");

        assertThat(problems(file)).containsExactlyInAnyOrder(
                "billing.devices[2].hostName: devices of type 'huawei-s' are not found by HOST_NAME; they are found"
                        + " by [MAC]",
                "billing.devices[3].relayAddress: devices of type 'dlink-switch' are not found by RELAY_ADDRESS;"
                        + " they are found by [MAC, HOST_NAME]");
    }
}
