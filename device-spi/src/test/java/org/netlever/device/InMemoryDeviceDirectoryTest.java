package org.netlever.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.netlever.option82.DeviceLocation;
import org.netlever.option82.MacAddress;

class InMemoryDeviceDirectoryTest {

    private static final MacAddress MAC = MacAddress.parse("00:11:22:33:44:55");

    @Test
    void find_byMacSerialOrLocation() throws Exception {
        Device sw = Device.builder("sw", "dlink-switch").mac(MAC).managementIp(InetAddress.getByName("192.0.2.10"))
                .description("pole 7").build();
        Device onu = Device.builder("onu", "zte-onu").serial("ZTEGC0288E70").build();
        InMemoryDeviceDirectory directory = InMemoryDeviceDirectory.of(sw, onu);

        assertThat(directory.findByMac(MAC)).contains(sw);
        assertThat(directory.findBySerial("ZTEGC0288E70")).contains(onu);
        assertThat(directory.find(DeviceLocation.builder("t").deviceMac(MAC).build())).contains(sw);
        assertThat(directory.find(DeviceLocation.builder("t").deviceMac(MacAddress.parse("02:00:00:00:00:01"))
                .deviceSerial("ZTEGC0288E70").build())).as("falls back to the serial").contains(onu);
        assertThat(directory.findById("sw")).contains(sw);
        assertThat(directory.all()).containsExactlyInAnyOrder(sw, onu);
        assertThat(sw.toString()).isEqualTo(
                "Device[id=sw, type=dlink-switch, mac=00:11:22:33:44:55, ip=192.0.2.10, description=pole 7]");
    }

    @Test
    void add_duplicateKeys_rejected() {
        InMemoryDeviceDirectory directory = InMemoryDeviceDirectory.of(Device.of("a", "dlink-switch", MAC));
        assertThatThrownBy(() -> directory.add(Device.of("b", "eltex-mes", MAC)))
                .isInstanceOf(DuplicateDeviceException.class).hasMessageContaining("already registered to Device[id=a");
        assertThatThrownBy(() -> directory.add(Device.of("a", "eltex-mes", MacAddress.parse("02:00:00:00:00:01"))))
                .isInstanceOf(DuplicateDeviceException.class).hasMessageContaining("device id a");
        directory.add(Device.builder("s1", "zte-onu").serial("S1").build());
        assertThatThrownBy(() -> directory.add(Device.builder("s2", "zte-onu").serial("S1").build()))
                .isInstanceOf(DuplicateDeviceException.class).hasMessageContaining("serial S1");
        assertThat(directory.findById("b")).as("a rejected add leaves nothing behind").isEmpty();
    }

    @Test
    void remove_freesEveryKey() {
        InMemoryDeviceDirectory directory = InMemoryDeviceDirectory.of(Device.of("a", "dlink-switch", MAC));
        assertThat(directory.remove("a")).isPresent();
        assertThat(directory.findByMac(MAC)).isEmpty();
        assertThat(directory.remove("a")).isEmpty();
        directory.add(Device.of("b", "dlink-switch", MAC));
        assertThat(directory.findByMac(MAC).orElseThrow().id()).isEqualTo("b");
    }

    @Test
    void device_invalid_rejectedWithReason() {
        assertThatThrownBy(() -> Device.builder(" ", "x")).isInstanceOf(InvalidDeviceException.class);
        assertThatThrownBy(() -> Device.builder("d", "X")).isInstanceOf(InvalidDeviceException.class)
                .hasMessageContaining("device d: type code 'X'");
        assertThatThrownBy(() -> Device.builder("d", "x").build()).isInstanceOf(InvalidDeviceException.class)
                .hasMessageContaining("needs a MAC, a serial, a host name or a relay address");
    }

    @Test
    void directoryDefault_noSerialSupport_findsNoneBySerial() {
        DeviceDirectory macOnly = mac -> mac.equals(MAC) ? java.util.Optional.of(Device.of("a", "x", MAC))
                : java.util.Optional.empty();
        assertThat(macOnly.findBySerial("S")).isEmpty();
        assertThat(macOnly.find(DeviceLocation.builder("t").deviceSerial("S").build())).isEmpty();
    }
}
