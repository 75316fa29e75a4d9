package org.netlever.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceManagersTest {

    /** Discoverable from a services file a test writes; public with a no-argument constructor, as ServiceLoader needs. */
    public static final class PluginManager implements DeviceManager {
        @Override
        public String typeCode() {
            return "plugin-switch";
        }

        @Override
        public String displayName() {
            return "Plugin switch";
        }

        @Override
        public boolean usesDevicePort() {
            return true;
        }
    }

    /** Claims a built-in's type code. */
    public static final class ImpostorManager implements DeviceManager {
        @Override
        public String typeCode() {
            return BuiltInDeviceManagers.DLINK_SWITCH;
        }

        @Override
        public String displayName() {
            return "Impostor";
        }

        @Override
        public boolean usesDevicePort() {
            return false;
        }
    }

    private static ClassLoader withServices(Path dir, String... classNames) throws IOException {
        Path services = dir.resolve("META-INF/services/" + DeviceManager.class.getName());
        Files.createDirectories(services.getParent());
        Files.writeString(services, "# test plugin\n" + String.join("\n", classNames) + "\n");
        return new URLClassLoader(new URL[] {dir.toUri().toURL()}, DeviceManagersTest.class.getClassLoader());
    }

    @Test
    void builtIns_registeredInOrder_nothingDiscovered() {
        DeviceManagers managers = DeviceManagers.builtIns();
        assertThat(managers.typeCodes()).containsExactlyElementsOf(
                BuiltInDeviceManagers.all().stream().map(DeviceManager::typeCode).toList());
        assertThat(managers.origin("zte-onu")).contains("built-in");
        assertThat(managers.find("plugin-switch")).isEmpty();
        assertThat(DeviceManagers.empty().all()).isEmpty();
    }

    @Test
    void discover_servicesFile_findsManagerAndSaysWhere(@TempDir Path dir) throws IOException {
        DeviceManagers managers = DeviceManagers.builtIns()
                .withDiscovered(withServices(dir, PluginManager.class.getName()));
        assertThat(managers.get("plugin-switch")).isInstanceOf(PluginManager.class);
        assertThat(managers.origin("plugin-switch").orElseThrow()).startsWith("discovered in file:");
        assertThat(managers.all()).hasSize(BuiltInDeviceManagers.all().size() + 1);
        assertThat(DeviceManagers.builtIns().find("plugin-switch")).as("registries are immutable").isEmpty();
    }

    @Test
    void discover_duplicateOfBuiltIn_rejectedNamingBoth(@TempDir Path dir) throws IOException {
        ClassLoader loader = withServices(dir, ImpostorManager.class.getName());
        assertThatThrownBy(() -> DeviceManagers.builtIns().withDiscovered(loader))
                .isInstanceOf(DuplicateDeviceTypeException.class)
                .hasMessageContaining("'dlink-switch' is registered twice")
                .hasMessageContaining("(built-in)")
                .hasMessageContaining(ImpostorManager.class.getName() + " (discovered in ");
    }

    @Test
    void discover_missingClass_rejectedClearly(@TempDir Path dir) throws IOException {
        ClassLoader loader = withServices(dir, "com.example.NoSuchManager");
        assertThatThrownBy(() -> DeviceManagers.discover(loader))
                .isInstanceOf(InvalidDeviceManagerException.class)
                .hasMessageContaining("cannot be loaded")
                .hasMessageContaining("com.example.NoSuchManager");
    }

    @Test
    void with_invalidManagers_rejectedWithReason() {
        assertThatThrownBy(() -> DeviceManagers.of(manager("Bad Code", "x", OptionalInt.empty())))
                .isInstanceOf(InvalidDeviceManagerException.class)
                .hasMessageContaining("has 'B' at index 0");
        assertThatThrownBy(() -> DeviceManagers.of(manager("ok", " ", OptionalInt.empty())))
                .isInstanceOf(InvalidDeviceManagerException.class).hasMessageContaining("no display name");
        assertThatThrownBy(() -> DeviceManagers.of(manager("ok", "x", OptionalInt.of(0))))
                .isInstanceOf(InvalidDeviceManagerException.class).hasMessageContaining("not positive");
        assertThatThrownBy(() -> DeviceManagers.of(manager("ok", "x", OptionalInt.empty()),
                manager("ok", "y", OptionalInt.empty())))
                .isInstanceOf(DuplicateDeviceTypeException.class)
                .hasMessageContaining("(registered explicitly) and by");
    }

    @Test
    void get_unknown_listsRegistered() {
        assertThatThrownBy(() -> DeviceManagers.builtIns().get("acme"))
                .isInstanceOf(UnknownDeviceTypeException.class)
                .hasMessageContaining("'acme'").hasMessageContaining("generic-onu");
    }

    private static DeviceManager manager(String code, String name, OptionalInt ports) {
        return new DeviceManager() {
            @Override
            public String typeCode() {
                return code;
            }

            @Override
            public String displayName() {
                return name;
            }

            @Override
            public boolean usesDevicePort() {
                return true;
            }

            @Override
            public OptionalInt portCount() {
                return ports;
            }
        };
    }
}
