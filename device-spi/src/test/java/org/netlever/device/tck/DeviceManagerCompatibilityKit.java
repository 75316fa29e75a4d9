package org.netlever.device.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.netlever.device.Device;
import org.netlever.device.DeviceKey;
import org.netlever.device.DeviceManager;
import org.netlever.device.DeviceManagers;
import org.netlever.device.DeviceResolver;
import org.netlever.device.DuplicateDeviceTypeException;
import org.netlever.device.InMemoryDeviceDirectory;
import org.netlever.device.Resolution;
import org.netlever.option82.DeviceLocation;
import org.netlever.option82.Option82Exception;
import org.netlever.option82.Option82ParseException;
import org.netlever.option82.RelayAgentInformation;

/**
 * The compatibility kit every {@link DeviceManager} must pass — the built-in ones and yours.
 *
 * <p>Extend it in a JUnit 5 test, return your manager and at least one {@link ManagerSample} of what your devices
 * send, and run it:
 * <pre>{@code
 * class AcmeSwitchManagerTest extends DeviceManagerCompatibilityKit {
 *     protected DeviceManager manager() { return new AcmeSwitchManager(); }
 *     protected List<ManagerSample> samples() {
 *         return List.of(ManagerSample.of("port 7, from the Acme AS-24 manual", "0x...", "0x...",
 *                 DeviceLocation.builder("acme").deviceMac(MacAddress.parse("...")).port(7).build()));
 *     }
 * }
 * }</pre>
 * The kit checks what the registry and the resolver rely on: a well-formed, stable type code and name; a stable
 * answer to {@link DeviceManager#usesDevicePort()} and {@link DeviceManager#deviceKeys()}; samples that decode exactly, with a port in range for devices
 * that select subscribers by port; decoding that never throws anything but an {@link Option82Exception} on
 * arbitrary input and gives the same answers from many threads; registration that refuses a second manager with the
 * same code; resolution end to end through {@link DeviceResolver}, the device registered by a key its samples carry
 * (a relay address of the kit's own for a relay interface); and, if you say the manager is discoverable,
 * {@link java.util.ServiceLoader} discovery.
 *
 * <p>Shipped in the {@code netlever-device-spi} test-jar (classifier {@code tests}). Not thread-safe; JUnit creates an
 * instance per test.
 */
public abstract class DeviceManagerCompatibilityKit {

    private static final long FUZZ_SEED = 0x5EED_0082L;
    /** The relay address the kit registers relay-known devices with (TEST-NET-1). */
    private static final InetAddress KIT_RELAY = kitRelay();

    /**
     * The manager under test. May return the same instance every time or a new one.
     *
     * @return the manager
     */
    protected abstract DeviceManager manager();

    /**
     * What devices of this type send, with the locations to expect. At least one; for a manager that uses device
     * ports, every sample must carry a port.
     *
     * @return the samples
     */
    protected abstract List<ManagerSample> samples();

    /**
     * Whether the manager is listed in {@code META-INF/services/org.netlever.device.DeviceManager} where its own
     * class loader can see it, so that {@link DeviceManagers#discover(ClassLoader)} finds it. Built-in managers are
     * registered explicitly and answer {@code false}; plugin jars answer {@code true}.
     *
     * @return whether to check discovery
     */
    protected boolean discoverable() {
        return false;
    }

    @Test
    @DisplayName("S1.7 the type code, name and decoder are valid and stable")
    void identity_isValidAndStable() {
        DeviceManager m = manager();
        assertThatCode(() -> DeviceManagers.of(m)).as("the registry accepts %s", m).doesNotThrowAnyException();
        assertThat(manager().typeCode()).isEqualTo(m.typeCode());
        assertThat(m.typeCode()).isEqualTo(m.typeCode());
        assertThat(m.displayName()).isNotBlank().isEqualTo(m.displayName());
        assertThat(m.option82Decoder()).isNotNull();
        assertThat(m.option82Decoder().name()).isNotBlank().isEqualTo(m.option82Decoder().name());
    }

    @Test
    @DisplayName("S1.7 usesDevicePort is a property of the type: the same on every call and every instance")
    void usesDevicePort_isStable() {
        boolean first = manager().usesDevicePort();
        for (int i = 0; i < 5; i++) {
            assertThat(manager().usesDevicePort()).isEqualTo(first);
        }
        assertThat(manager().portCount()).isNotNull();
        manager().portCount().ifPresent(count -> assertThat(count).isPositive());
    }

    @Test
    @DisplayName("S1.4 every sample decodes to exactly the expected location")
    void samples_decodeExactly() {
        List<ManagerSample> samples = samples();
        assertThat(samples).as("at least one sample of what the device sends").isNotEmpty();
        for (ManagerSample sample : samples) {
            assertThat(manager().decode(sample.option())).as(sample.name()).contains(sample.expected());
            assertThat(manager().option82Decoder().decode(sample.option())).as(sample.name())
                    .contains(sample.expected());
        }
    }

    @Test
    @DisplayName("S1.7 a device that selects subscribers by port yields a port in range; one that does not, none")
    void samples_portMatchesUsesDevicePort() {
        DeviceManager m = manager();
        for (ManagerSample sample : samples()) {
            OptionalInt port = m.subscriberPort(sample.expected());
            if (m.usesDevicePort()) {
                assertThat(port).as("subscriber port of %s", sample.name()).isPresent();
                assertThat(port.getAsInt()).as("subscriber port of %s", sample.name()).isPositive();
                if (m.portCount().isPresent()) {
                    assertThat(port.getAsInt()).isLessThanOrEqualTo(m.portCount().getAsInt());
                }
            } else {
                assertThat(port).as("a device that serves one subscriber has no subscriber port").isEmpty();
            }
        }
    }

    @Test
    @DisplayName("S1.4 decoding arbitrary options only returns a location, empty, or an Option82Exception")
    void decode_arbitraryInput_neverFailsOtherwise() {
        Random random = new Random(FUZZ_SEED);
        List<byte[]> seeds = new ArrayList<>();
        for (ManagerSample sample : samples()) {
            seeds.add(sample.option().toPayload());
        }
        DeviceManager m = manager();
        int decoded = 0;
        for (int round = 0; round < 20_000; round++) {
            byte[] bytes = round % 2 == 0 ? random(random) : mutate(seeds.get(random.nextInt(seeds.size())), random);
            RelayAgentInformation info;
            try {
                info = RelayAgentInformation.parsePayload(bytes);
            } catch (Option82ParseException malformed) {
                continue;
            }
            try {
                Optional<DeviceLocation> location = m.decode(info);
                assertThat(location).as("decode never returns null").isNotNull();
                if (location.isPresent()) {
                    decoded++;
                }
            } catch (Option82Exception allowed) {
                // the contract allows it for input that claims the format but contradicts itself
            } catch (RuntimeException e) {
                throw new AssertionError(m.typeCode() + " threw " + e + " decoding " + info, e);
            }
        }
        assertThat(decoded).as("mutated samples still decode sometimes, so the fuzzer reaches the decoder")
                .isPositive();
    }

    @Test
    @DisplayName("the manager decodes from many threads at once with the same results")
    void decode_concurrently_sameResults() throws Exception {
        DeviceManager m = manager();
        List<ManagerSample> samples = samples();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Void>> tasks = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                tasks.add(() -> {
                    for (int i = 0; i < 2_000; i++) {
                        ManagerSample s = samples.get(i % samples.size());
                        if (!m.decode(s.option()).equals(Optional.of(s.expected()))) {
                            throw new AssertionError("concurrent decode of " + s.name() + " gave another result");
                        }
                    }
                    return null;
                });
            }
            for (Future<Void> f : pool.invokeAll(tasks)) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    @DisplayName("a registry refuses a second manager with the same type code")
    void register_twice_refused() {
        DeviceManagers once = DeviceManagers.of(manager());
        assertThatThrownBy(() -> once.with(manager()))
                .isInstanceOf(DuplicateDeviceTypeException.class)
                .hasMessageContaining("'" + manager().typeCode() + "'");
    }

    @Test
    @DisplayName("S1.5 the manager names what its devices are found by, the same on every call, and its samples carry it")
    void deviceKeys_stableAndCarriedBySamples() {
        Set<DeviceKey> keys = manager().deviceKeys();
        assertThat(keys).as("what devices of %s are found by", manager().typeCode()).isNotEmpty()
                .isEqualTo(manager().deviceKeys());
        for (ManagerSample sample : samples()) {
            assertThat(keysOf(sample.expected())).as("keys %s carries", sample.name()).containsAnyElementsOf(keys);
        }
    }

    @Test
    @DisplayName("S1.5-S1.7 each sample resolves to its registered device through DeviceResolver")
    void resolve_samples_findRegisteredDevice() {
        DeviceManager m = manager();
        int n = 0;
        for (ManagerSample sample : samples()) {
            DeviceLocation expected = sample.expected();
            Device.Builder device = Device.builder("kit-device-" + n++, m.typeCode());
            Set<DeviceKey> keys = keysOf(expected);
            keys.retainAll(m.deviceKeys());
            Optional<InetAddress> relay = Optional.empty();
            if (keys.contains(DeviceKey.MAC)) {
                device.mac(expected.deviceMac().orElseThrow());
            } else if (keys.contains(DeviceKey.SERIAL)) {
                device.serial(expected.deviceSerial().orElseThrow());
            } else if (keys.contains(DeviceKey.HOST_NAME)) {
                device.hostName(expected.hostName().orElseThrow());
            } else {
                relay = Optional.of(KIT_RELAY);
                device.relayAddress(KIT_RELAY);
                expected.relayInterface().ifPresent(device::relayInterface);
                expected = expected.withRelayAddress(KIT_RELAY);
            }
            Device registered = device.build();
            DeviceResolver resolver = new DeviceResolver(DeviceManagers.of(m), InMemoryDeviceDirectory.of(registered));

            Resolution resolution = resolver.resolve(sample.option(), relay);

            assertThat(resolution).as("%s resolves (got %s)", sample.name(), resolution)
                    .isInstanceOf(Resolution.Resolved.class);
            Resolution.Resolved resolved = (Resolution.Resolved) resolution;
            assertThat(resolved.device()).isEqualTo(registered);
            assertThat(resolved.location()).isEqualTo(expected);
            assertThat(resolved.subscriberPort()).isEqualTo(m.subscriberPort(sample.expected()));

            Resolution unregistered = new DeviceResolver(DeviceManagers.of(m), new InMemoryDeviceDirectory())
                    .resolve(sample.option(), relay);
            assertThat(unregistered).as("S1.5 an unregistered device is rejected with a reason")
                    .isInstanceOfSatisfying(Resolution.Rejected.class, r ->
                            assertThat(r.reason()).isEqualTo(Resolution.Reason.UNKNOWN_DEVICE));
        }
    }

    /** The keys a decoded location carries (a relay interface stands for the relay keys: the relay adds its address). */
    private static Set<DeviceKey> keysOf(DeviceLocation location) {
        Set<DeviceKey> keys = EnumSet.noneOf(DeviceKey.class);
        location.deviceMac().ifPresent(mac -> keys.add(DeviceKey.MAC));
        location.deviceSerial().ifPresent(serial -> keys.add(DeviceKey.SERIAL));
        location.hostName().ifPresent(host -> keys.add(DeviceKey.HOST_NAME));
        location.relayInterface().ifPresent(name -> keys.add(DeviceKey.RELAY_INTERFACE));
        return keys;
    }

    @Test
    @DisplayName("a discoverable manager is found by ServiceLoader on its own class loader")
    void discover_ownClassLoader_findsManager() {
        if (!discoverable()) {
            return;
        }
        DeviceManager m = manager();
        DeviceManagers found = DeviceManagers.discover(m.getClass().getClassLoader());
        assertThat(found.find(m.typeCode())).as("discovered %s", m.typeCode())
                .hasValueSatisfying(d -> assertThat(d.getClass().getName()).isEqualTo(m.getClass().getName()));
        assertThat(found.origin(m.typeCode())).hasValueSatisfying(o -> assertThat(o).startsWith("discovered in "));
    }

    private static InetAddress kitRelay() {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, 67});
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException("four bytes are an IPv4 address", e);
        }
    }

    private static byte[] random(Random random) {
        byte[] bytes = new byte[random.nextInt(36)];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] mutate(byte[] seed, Random random) {
        byte[] out = seed.clone();
        if (out.length == 0) {
            return out;
        }
        int at = random.nextInt(out.length);
        if (random.nextBoolean()) {
            out[at] ^= (byte) (1 << random.nextInt(8));
        } else {
            out[at] = (byte) random.nextInt(256);
        }
        return out;
    }
}
