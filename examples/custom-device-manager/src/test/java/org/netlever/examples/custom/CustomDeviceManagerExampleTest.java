package org.netlever.examples.custom;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.netlever.device.DeviceManager;
import org.netlever.device.tck.DeviceManagerCompatibilityKit;
import org.netlever.device.tck.ManagerSample;
import org.netlever.option82.DeviceLocation;
import org.netlever.option82.MacAddress;
import org.netlever.option82.Option82Decoders;

/** The plugin passes the compatibility kit, including discovery through its own services file. */
class CustomDeviceManagerExampleTest extends DeviceManagerCompatibilityKit {

    private static final MacAddress SWITCH = MacAddress.parse("00:07:7c:10:20:30");

    @Override
    protected DeviceManager manager() {
        return new CustomDeviceManagerExample();
    }

    @Override
    protected List<ManagerSample> samples() {
        DeviceLocation vlan3Switch1Port8 = DeviceLocation.builder("oring").deviceMac(SWITCH).vlan(3).unit(1).port(8)
                .build();
        return List.of(
                ManagerSample.of("manual example 00030108 as bytes (ORing TRGPS-9084TG user manual)", "0x00030108",
                        "0x00077c102030", vlan3Switch1Port8),
                ManagerSample.of("manual example 00030108 as text", "\"00030108\"", "\"00:07:7c:10:20:30\"",
                        vlan3Switch1Port8));
    }

    @Override
    protected boolean discoverable() {
        return true;
    }

    @Test
    void autoDetection_misreadsTheFormat_whichIsWhyTheManagerExists() {
        DeviceLocation guessed = Option82Decoders.autoDetect().decodeOrThrow(samples().get(0).option());
        assertThat(guessed.decoder()).isEqualTo("tp-link");
        assertThat(guessed.port()).hasValue(0x0108);
    }
}
