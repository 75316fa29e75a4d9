package org.netlever.examples.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;

import org.netlever.device.DeviceManagers;
import org.netlever.examples.cli.Netlever.UsageException;
import org.netlever.option82.DeviceLocation;
import org.netlever.option82.MacAddress;
import org.netlever.option82.Option82Decoder;
import org.netlever.option82.Option82Decoders;
import org.netlever.option82.RelayAgentInformation;
import org.netlever.option82.SubOption;
import org.netlever.option82.SubOptionCode;
import org.netlever.option82.TextForm;

/**
 * {@code netlever option82}: decodes an Option 82 and prints one JSON object —
 * {@code deviceMac}, {@code deviceSerial}, {@code port}, {@code vlan}, {@code unit}, {@code slot}, {@code subslot}
 * ({@code null} when absent), {@code decoder}, {@code heuristic}, {@code deviceType}, {@code hostName},
 * {@code relayInterface} ({@code null} when absent), {@code location} (whether the option says where the client is)
 * and {@code subOptions} (code to hex; an array of hex strings for a code that repeats). A valid option with neither circuit-id nor remote-id (only
 * link selection or relay port, say) is not malformed: it prints {@code location: false}, every location field
 * {@code null}, and its sub-options, and exits 0 — netlever rejects a lease event with it as {@code NO_LOCATION}.
 *
 * <p>Not thread-safe: one run per instance.
 */
final class Option82Command {

    private final PrintStream out;

    Option82Command(PrintStream out) {
        this.out = out;
    }

    int run(String[] args) {
        String raw = null;
        String circuitId = null;
        String remoteId = null;
        String deviceType = null;
        String plugins = null;
        boolean heuristic = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--raw" -> raw = value(args, ++i, "--raw");
                case "--circuit-id" -> circuitId = value(args, ++i, "--circuit-id");
                case "--remote-id" -> remoteId = value(args, ++i, "--remote-id");
                case "--device-type" -> deviceType = value(args, ++i, "--device-type");
                case "--plugins" -> plugins = value(args, ++i, "--plugins");
                case "--heuristic" -> heuristic = true;
                default -> throw new UsageException("unknown option '" + args[i] + "'; try 'netlever help'");
            }
        }
        if (raw != null && (circuitId != null || remoteId != null)) {
            throw new UsageException("give --raw or --circuit-id / --remote-id, not both");
        }
        if (raw == null && circuitId == null && remoteId == null) {
            throw new UsageException("give --raw HEX, or --circuit-id X and/or --remote-id Y");
        }

        RelayAgentInformation info = raw != null ? RelayAgentInformation.parse(raw) : fromParts(circuitId, remoteId);
        Option82Decoder decoder = Option82Decoders.autoDetect();
        if (deviceType != null) {
            decoder = managers(plugins).get(deviceType).option82Decoder();
        } else if (plugins != null) {
            managers(plugins);
        }
        if (heuristic) {
            decoder = Option82Decoders.withHeuristicFallback(decoder);
        }
        if (!info.contains(SubOptionCode.CIRCUIT_ID) && !info.contains(SubOptionCode.REMOTE_ID)) {
            out.println(json(null, info, deviceType));
            return Netlever.OK;
        }
        DeviceLocation location = decoder.decodeOrThrow(info);
        out.println(json(location, info, deviceType));
        return Netlever.OK;
    }

    private static RelayAgentInformation fromParts(String circuitId, String remoteId) {
        List<SubOption> subs = new ArrayList<>(2);
        if (circuitId != null) {
            subs.add(SubOption.of(SubOptionCode.CIRCUIT_ID, TextForm.decodeAny(circuitId)));
        }
        if (remoteId != null) {
            subs.add(SubOption.of(SubOptionCode.REMOTE_ID, TextForm.decodeAny(remoteId)));
        }
        return RelayAgentInformation.of(subs);
    }

    /** Built-in managers, plus those discovered in the plugin jars when a directory is given. */
    static DeviceManagers managers(String pluginDir) {
        DeviceManagers managers = DeviceManagers.builtIns();
        if (pluginDir == null) {
            return managers;
        }
        Path dir = Path.of(pluginDir);
        if (!Files.isDirectory(dir)) {
            throw new UsageException("--plugins " + pluginDir + " is not a directory");
        }
        List<URL> jars = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path jar : files.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                jars.add(jar.toUri().toURL());
            }
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        ClassLoader loader = new URLClassLoader(jars.toArray(new URL[0]), Option82Command.class.getClassLoader());
        return managers.withDiscovered(loader);
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new UsageException(option + " needs a value");
        }
        return args[index];
    }

    /** The JSON of a location, or of an option without one ({@code location} null): its fields all null. */
    static ObjectNode json(DeviceLocation location, RelayAgentInformation info, String deviceType) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode node = f.objectNode();
        Optional<DeviceLocation> l = Optional.ofNullable(location);
        node.put("deviceMac", l.flatMap(DeviceLocation::deviceMac).map(MacAddress::toString).orElse(null));
        node.put("deviceSerial", l.flatMap(DeviceLocation::deviceSerial).orElse(null));
        put(node, "port", l.map(DeviceLocation::port).orElse(OptionalInt.empty()));
        put(node, "vlan", l.map(DeviceLocation::vlan).orElse(OptionalInt.empty()));
        put(node, "unit", l.map(DeviceLocation::unit).orElse(OptionalInt.empty()));
        put(node, "slot", l.map(DeviceLocation::slot).orElse(OptionalInt.empty()));
        put(node, "subslot", l.map(DeviceLocation::subslot).orElse(OptionalInt.empty()));
        node.put("decoder", l.map(DeviceLocation::decoder).orElse(null));
        node.put("heuristic", l.map(DeviceLocation::isHeuristic).orElse(false));
        node.put("deviceType", deviceType);
        node.put("hostName", l.flatMap(DeviceLocation::hostName).orElse(null));
        node.put("relayInterface", l.flatMap(DeviceLocation::relayInterface).orElse(null));
        node.put("location", l.isPresent());
        ObjectNode subs = node.putObject("subOptions");
        for (SubOption s : info.subOptions()) {
            String key = String.valueOf(s.code().code());
            if (!subs.has(key)) {
                subs.put(key, s.toHex());
            } else if (subs.get(key) instanceof ArrayNode repeated) {
                repeated.add(s.toHex());
            } else {
                String first = subs.get(key).asText();
                subs.putArray(key).add(first).add(s.toHex());
            }
        }
        return node;
    }

    private static void put(ObjectNode node, String field, OptionalInt value) {
        if (value.isPresent()) {
            node.put(field, value.getAsInt());
        } else {
            node.putNull(field);
        }
    }
}
