package org.netlever.device;

import java.net.URL;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;

import org.netlever.device.internal.TypeCodes;
import org.netlever.option82.Option82Decoder;

/**
 * A registry of device managers by type code.
 *
 * <p>Registration is explicit: start from {@link #builtIns()} or {@link #empty()} and add managers with
 * {@link #with(DeviceManager...)}. Discovery is opt-in: {@link #withDiscovered(ClassLoader)} adds every manager listed
 * in {@code META-INF/services/org.netlever.device.DeviceManager} on a class loader — a plugin jar dropped next to
 * the application. Nothing is ever discovered behind the caller's back.
 *
 * <p>Every manager is checked as it is added (a well-formed type code, a display name, a decoder, a positive port
 * count), and a type code registered twice is a {@link DuplicateDeviceTypeException} naming both managers and where
 * each came from. A registry never changes: {@code with...} returns a new one.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class DeviceManagers {

    private static final String BUILT_IN = "built-in";
    private static final String EXPLICIT = "registered explicitly";

    private static final DeviceManagers EMPTY = new DeviceManagers(Map.of());

    /** Type code to registration, in registration order. */
    private final Map<String, Registration> byCode;

    private record Registration(DeviceManager manager, String origin) {
        String describe() {
            return manager.getClass().getName() + " (" + origin + ")";
        }
    }

    private DeviceManagers(Map<String, Registration> byCode) {
        this.byCode = byCode;
    }

    /**
     * A registry with no managers.
     *
     * @return the empty registry
     */
    public static DeviceManagers empty() {
        return EMPTY;
    }

    /**
     * A registry with every {@linkplain BuiltInDeviceManagers built-in} manager and nothing discovered.
     *
     * @return the registry
     */
    public static DeviceManagers builtIns() {
        return EMPTY.add(BuiltInDeviceManagers.all(), BUILT_IN);
    }

    /**
     * A registry with exactly the given managers.
     *
     * @param managers the managers
     * @return the registry
     * @throws DuplicateDeviceTypeException if two share a type code
     * @throws InvalidDeviceManagerException if one breaks the SPI contract
     */
    public static DeviceManagers of(DeviceManager... managers) {
        return EMPTY.with(managers);
    }

    /**
     * A registry with only the managers discovered on a class loader.
     *
     * @param loader where to look for {@code META-INF/services/org.netlever.device.DeviceManager}
     * @return the registry
     * @throws DuplicateDeviceTypeException if two discovered managers share a type code
     * @throws InvalidDeviceManagerException if a listed class cannot be loaded or instantiated, or breaks the SPI
     */
    public static DeviceManagers discover(ClassLoader loader) {
        return EMPTY.withDiscovered(loader);
    }

    /**
     * This registry plus the given managers.
     *
     * @param managers the managers to add
     * @return a new registry
     * @throws DuplicateDeviceTypeException if a type code is already taken
     * @throws InvalidDeviceManagerException if a manager breaks the SPI contract
     */
    public DeviceManagers with(DeviceManager... managers) {
        return add(List.of(managers), EXPLICIT);
    }

    /**
     * This registry plus every manager listed in {@code META-INF/services/org.netlever.device.DeviceManager} on the
     * class loader.
     *
     * @param loader the class loader to search
     * @return a new registry
     * @throws DuplicateDeviceTypeException if a discovered type code is already taken, naming both jars
     * @throws InvalidDeviceManagerException if a listed class cannot be loaded or instantiated, or breaks the SPI
     */
    public DeviceManagers withDiscovered(ClassLoader loader) {
        Objects.requireNonNull(loader, "loader");
        Map<String, Registration> next = new LinkedHashMap<>(byCode);
        try {
            for (ServiceLoader.Provider<DeviceManager> provider
                    : (Iterable<ServiceLoader.Provider<DeviceManager>>)
                    ServiceLoader.load(DeviceManager.class, loader).stream()::iterator) {
                String origin = "discovered in " + location(provider.type());
                DeviceManager manager;
                try {
                    manager = provider.get();
                } catch (ServiceConfigurationError e) {
                    throw new InvalidDeviceManagerException("device manager " + provider.type().getName() + " ("
                            + origin + ") cannot be instantiated: " + e.getMessage(), e);
                }
                put(next, manager, origin);
            }
        } catch (ServiceConfigurationError e) {
            throw new InvalidDeviceManagerException("a device manager listed in META-INF/services/"
                    + DeviceManager.class.getName() + " cannot be loaded: " + e.getMessage(), e);
        }
        return new DeviceManagers(Collections.unmodifiableMap(next));
    }

    private DeviceManagers add(List<DeviceManager> managers, String origin) {
        Map<String, Registration> next = new LinkedHashMap<>(byCode);
        for (DeviceManager manager : managers) {
            put(next, Objects.requireNonNull(manager, "manager"), origin);
        }
        return new DeviceManagers(Collections.unmodifiableMap(next));
    }

    private static void put(Map<String, Registration> into, DeviceManager manager, String origin) {
        Registration registration = new Registration(manager, origin);
        validate(registration);
        Registration existing = into.putIfAbsent(manager.typeCode(), registration);
        if (existing != null) {
            throw new DuplicateDeviceTypeException("device type code '" + manager.typeCode()
                    + "' is registered twice: by " + existing.describe() + " and by " + registration.describe());
        }
    }

    private static void validate(Registration r) {
        DeviceManager m = r.manager();
        String problem = TypeCodes.problem(m.typeCode());
        if (!problem.isEmpty()) {
            throw new InvalidDeviceManagerException("device manager " + r.describe() + ": " + problem);
        }
        if (m.displayName() == null || m.displayName().isBlank()) {
            throw new InvalidDeviceManagerException("device manager " + r.describe() + " for type '" + m.typeCode()
                    + "' has no display name");
        }
        Option82Decoder decoder = m.option82Decoder();
        if (decoder == null || decoder.name() == null || decoder.name().isBlank()) {
            throw new InvalidDeviceManagerException("device manager " + r.describe() + " for type '" + m.typeCode()
                    + "' returns no Option 82 decoder, or one without a name");
        }
        if (m.portCount() == null || (m.portCount().isPresent() && m.portCount().getAsInt() < 1)) {
            throw new InvalidDeviceManagerException("device manager " + r.describe() + " for type '" + m.typeCode()
                    + "' declares a port count that is not positive: " + m.portCount());
        }
    }

    private static String location(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        URL url = source == null ? null : source.getLocation();
        return url == null ? "an unknown location" : url.toString();
    }

    /**
     * The manager for a type code.
     *
     * @param typeCode the type code
     * @return the manager, or empty if none is registered for it
     */
    public Optional<DeviceManager> find(String typeCode) {
        Registration r = byCode.get(typeCode);
        return r == null ? Optional.empty() : Optional.of(r.manager());
    }

    /**
     * The manager for a type code, which must be registered.
     *
     * @param typeCode the type code
     * @return the manager
     * @throws UnknownDeviceTypeException if none is registered, listing the codes that are
     */
    public DeviceManager get(String typeCode) {
        return find(typeCode).orElseThrow(() -> new UnknownDeviceTypeException("no device manager for type code '"
                + typeCode + "'; registered: " + byCode.keySet()));
    }

    /**
     * Every registered manager, in registration order.
     *
     * @return an unmodifiable list
     */
    public List<DeviceManager> all() {
        List<DeviceManager> out = new ArrayList<>(byCode.size());
        byCode.values().forEach(r -> out.add(r.manager()));
        return Collections.unmodifiableList(out);
    }

    /**
     * Every registered type code, in registration order.
     *
     * @return an unmodifiable set
     */
    public Set<String> typeCodes() {
        return byCode.keySet();
    }

    /**
     * Where a type code's manager came from: {@code built-in}, {@code registered explicitly}, or
     * {@code discovered in <jar>}.
     *
     * @param typeCode the type code
     * @return the origin, or empty if the code is not registered
     */
    public Optional<String> origin(String typeCode) {
        return Optional.ofNullable(byCode.get(typeCode)).map(Registration::origin);
    }

    @Override
    public String toString() {
        return "DeviceManagers" + byCode.keySet();
    }
}
