package org.netlever.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.netlever.device.Device;
import org.netlever.device.DeviceManagers;
import org.netlever.device.DeviceResolver;
import org.netlever.device.InMemoryDeviceDirectory;
import org.netlever.device.Resolution;
import org.netlever.option82.MacAddress;
import org.netlever.option82.RelayAgentInformation;

/**
 * The example plugin (examples/custom-device-manager) is discovered from its own jar, which the build copies to
 * target/plugins and keeps off this test's class path.
 */
class PluginDiscoveryTest {

    private static final String PLUGIN_CLASS = "org.netlever.examples.custom.CustomDeviceManagerExample";
    private static Path pluginDir;

    @BeforeAll
    static void locatePlugin() {
        pluginDir = Path.of(System.getProperty("netlever.plugins", "target/plugins"));
        assertThat(pluginDir.resolve("netlever-example-custom-device-manager.jar")).as("built by the reactor")
                .isRegularFile();
    }

    @Test
    @DisplayName("S1.7 a third-party manager is discovered from its own jar at run time")
    void discover_pluginJar_findsCustomManager() throws Exception {
        assertThatThrownBy(() -> Class.forName(PLUGIN_CLASS)).as("the plugin is not on the test class path")
                .isInstanceOf(ClassNotFoundException.class);
        URL jar = pluginDir.resolve("netlever-example-custom-device-manager.jar").toUri().toURL();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar}, getClass().getClassLoader())) {
            DeviceManagers managers = DeviceManagers.builtIns().withDiscovered(loader);

            assertThat(managers.get("oring-switch").getClass().getName()).isEqualTo(PLUGIN_CLASS);
            assertThat(managers.get("oring-switch").getClass().getClassLoader()).isSameAs(loader);
            assertThat(managers.origin("oring-switch").orElseThrow())
                    .isEqualTo("discovered in " + jar);

            Device oring = Device.of("ind-1", "oring-switch", MacAddress.parse("00:07:7c:10:20:30"));
            Resolution r = new DeviceResolver(managers, InMemoryDeviceDirectory.of(oring))
                    .resolve(RelayAgentInformation.parse("0104000301080206" + "00077c102030"));
            assertThat(r).isInstanceOfSatisfying(Resolution.Resolved.class, ok -> {
                assertThat(ok.location().decoder()).isEqualTo("oring");
                assertThat(ok.subscriberPort()).hasValue(8);
            });
        }
    }

    @Test
    void discover_withoutThePluginJar_findsNothing() {
        assertThat(DeviceManagers.discover(getClass().getClassLoader()).all()).isEmpty();
    }

    @Test
    void command_pluginsOption_decodesWithPluginManager() throws Exception {
        CommandRun run = CommandRun.of("option82", "--plugins", pluginDir.toString(), "--device-type", "oring-switch",
                "--circuit-id", "0x00030108", "--remote-id", "0x00077c102030");
        assertThat(run.err()).isEmpty();
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.get("decoder").asText()).isEqualTo("oring");
        assertThat(json.get("port").asInt()).isEqualTo(8);
        assertThat(json.get("unit").asInt()).isEqualTo(1);

        CommandRun missing = CommandRun.of("option82", "--plugins", Files.createTempDirectory("empty").toString(),
                "--device-type", "oring-switch", "--circuit-id", "0x00030108");
        assertThat(missing.status()).isEqualTo(2);
        assertThat(missing.err()).contains("no device manager for type code 'oring-switch'");
    }
}
