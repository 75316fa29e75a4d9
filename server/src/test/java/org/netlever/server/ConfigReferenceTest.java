package org.netlever.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netlever.aaa.call.CallAttributeMapping;
import org.netlever.pcrf.bras.BrasAttributeMapping;

/**
 * {@code docs/configuration.md}, the configuration reference, against the reader: every field the reader takes is
 * documented and every documented field is taken (asked of the reader itself, through the "expected one of" list it
 * gives for an unknown field at each level), and the documented defaults are the ones a configuration without the
 * field gets.
 */
class ConfigReferenceTest {

    private static final Path ROOT = Path.of(System.getProperty("netlever.repository", "..")).toAbsolutePath();
    private static final Path REFERENCE = ROOT.resolve("docs/configuration.md");
    private static final String PROBE = "zzNotAField";
    private static final Pattern EXPECTED = Pattern.compile("unknown field; expected one of \\[(.*)]");
    private static final Pattern SAME_AS = Pattern.compile("same as `([^`]+)`");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @TempDir
    Path dir;

    /** Documented rows by field path: its type and default cells. */
    private final Map<String, Row> rows = new LinkedHashMap<>();
    private Path secret;
    private Path definitions;

    private record Row(String type, String defaultValue) {
    }

    @BeforeEach
    void readReference() throws IOException {
        for (String line : Files.readAllLines(REFERENCE)) {
            if (!line.startsWith("| `")) {
                continue;
            }
            String[] cells = Arrays.stream(line.split("(?<!\\\\)\\|")).map(String::strip).toArray(String[]::new);
            // "", field, type, default, example, meaning
            assertThat(cells).as(line).hasSizeGreaterThanOrEqualTo(6);
            String field = cells[1].replace("`", "");
            assertThat(rows.put(field, new Row(cells[2], cells[3]))).as("documented twice: " + field).isNull();
        }
        secret = Files.writeString(dir.resolve("s.secret"), "secret-0123456789abcdef");
        definitions = ROOT.resolve("examples/pcrf/limit-2h-1gb.json");
    }

    /** The documented fields directly under {@code parent} ("" for the top level), aliases followed. */
    private Set<String> documentedUnder(String parent) {
        Matcher same = rows.containsKey(parent) ? SAME_AS.matcher(rows.get(parent).type()) : null;
        if (same != null && same.lookingAt()) {
            return documentedUnder(same.group(1));
        }
        Set<String> children = new TreeSet<>();
        String prefix = parent.isEmpty() ? "" : parent + ".";
        for (String field : rows.keySet()) {
            if (field.startsWith(prefix) && field.length() > prefix.length()) {
                String rest = field.substring(prefix.length());
                if (!rest.contains(".")) {
                    children.add(rest.endsWith("[]") ? rest.substring(0, rest.length() - 2) : rest);
                }
            }
        }
        return children;
    }

    /** The levels the reference documents fields under: the top, each mapping and each list item. */
    private Set<String> levels() {
        Set<String> levels = new TreeSet<>(List.of(""));
        for (String field : rows.keySet()) {
            int dot = field.lastIndexOf('.');
            if (dot > 0) {
                levels.add(field.substring(0, dot));
            }
            if (SAME_AS.matcher(rows.get(field).type()).lookingAt()) {
                levels.add(field);
            }
        }
        return levels;
    }

    /** A configuration with only what has no default. */
    private ObjectNode minimal() throws IOException {
        return (ObjectNode) YAML.readTree("""
                lever: { secretFile: %1$s }
                softswitch: { clients: [ { name: ecss, address: 127.0.0.1, secretFile: %1$s } ] }
                bras:
                  clients: [ { name: esr, address: 127.0.0.1, secretFile: %1$s } ]
                  coa: [ { nas: "*", address: "127.0.0.1:3799", secretFile: %1$s } ]
                pcrf: { definitions: %2$s }
                """.formatted(secret, definitions));
    }

    /** What the reader says it takes at a level, asked with an unknown field there. */
    private Set<String> takenAt(String level) throws IOException {
        ObjectNode root = minimal();
        ObjectNode node = root;
        if (!level.isEmpty()) {
            for (String part : level.split("\\.")) {
                if (part.endsWith("[]")) {
                    String name = part.substring(0, part.length() - 2);
                    ArrayNode list = node.has(name) ? (ArrayNode) node.get(name) : node.putArray(name);
                    node = list.isEmpty() ? list.addObject() : (ObjectNode) list.get(0);
                } else {
                    node = node.has(part) ? (ObjectNode) node.get(part) : node.putObject(part);
                }
            }
        }
        node.put(PROBE, 1);
        Path file = Files.writeString(dir.resolve("probe.json"), JSON.writeValueAsString(root));
        String field = (level.isEmpty() ? "" : level.replace("[]", "[0]") + ".") + PROBE;
        try {
            ServeConfigReader.read(file);
        } catch (ConfigException e) {
            for (ConfigProblem p : e.problems()) {
                Matcher m = EXPECTED.matcher(p.reason());
                if (p.field().equals(field) && m.matches()) {
                    return new TreeSet<>(Arrays.asList(m.group(1).split(", ")));
                }
            }
            throw new AssertionError("no unknown-field problem at " + field + " in " + e.problems());
        }
        throw new AssertionError(field + " was accepted: the reader does not check the fields at " + level);
    }

    @Test
    @DisplayName("issue 11: every field the reader takes is on the reference page, and nothing else")
    void reference_listsExactlyTheFieldsTheReaderTakes() throws IOException {
        Map<String, Set<String>> missing = new TreeMap<>();
        Map<String, Set<String>> extra = new TreeMap<>();
        for (String level : levels()) {
            if (level.endsWith("zoneAbbreviations")) {
                continue;   // a mapping of free keys
            }
            Set<String> taken = takenAt(level);
            Set<String> documented = documentedUnder(level);
            Set<String> notDocumented = new TreeSet<>(taken);
            notDocumented.removeAll(documented);
            Set<String> notTaken = new TreeSet<>(documented);
            notTaken.removeAll(taken);
            if (!notDocumented.isEmpty()) {
                missing.put(level, notDocumented);
            }
            if (!notTaken.isEmpty()) {
                extra.put(level, notTaken);
            }
        }
        assertThat(missing).as("taken by the reader, missing from docs/configuration.md").isEmpty();
        assertThat(extra).as("in docs/configuration.md, not taken by the reader").isEmpty();
        // A top-level list (followers) is documented by its items' fields, followers[].
        assertThat(levels().stream().map(l -> l.replace("[]", "")).toList()).as("the page covers every section")
                .containsAll(ServeConfigReader.SECTIONS);
    }

    @Test
    @DisplayName("issue 11: the defaults on the reference page are what a configuration without the field gets")
    void reference_defaultsAreTheReadersAndTheLibrarys() throws IOException {
        Path file = Files.writeString(dir.resolve("minimal.json"), JSON.writeValueAsString(minimal()));
        ServeConfig c = ServeConfigReader.read(file);
        Map<String, Function<ServeConfig, Object>> actual = new LinkedHashMap<>();
        actual.put("storage.durability", x -> x.storage().durability());
        actual.put("storage.poolSize", x -> x.storage().poolSize());
        actual.put("lever.listen", x -> address(x.lever().listen()));
        actual.put("lever.maxSkew", x -> x.lever().maxSkew());
        actual.put("lever.requestTimeout", x -> x.lever().requestTimeout());
        actual.put("lever.idleTimeout", x -> x.lever().idleTimeout());
        actual.put("lever.threads", x -> x.lever().threads());
        actual.put("softswitch.auth", x -> address(x.softswitch().radius().auth()));
        actual.put("softswitch.acct", x -> address(x.softswitch().radius().acct()));
        actual.put("softswitch.clients[].messageAuthenticator",
                x -> x.softswitch().radius().clients().get(0).messageAuthenticator());
        actual.put("softswitch.tuning.workers", x -> x.softswitch().radius().tuning().pool().workers());
        actual.put("softswitch.tuning.queueCapacity", x -> x.softswitch().radius().tuning().pool().queueCapacity());
        actual.put("softswitch.tuning.maxQueueWait", x -> x.softswitch().radius().tuning().pool().maxQueueWait());
        actual.put("softswitch.tuning.replyCacheTtl", x -> x.softswitch().radius().tuning().replyCacheTtl());
        actual.put("softswitch.tuning.recentDrops", x -> x.softswitch().radius().tuning().recentDrops());
        actual.put("softswitch.tuning.handlerTimeout", x -> x.softswitch().radius().tuning().handlerTimeout());
        actual.put("softswitch.tuning.handlerThread", x -> x.softswitch().radius().tuning().handlerThread());
        actual.put("softswitch.mapping.pairType", x -> x.softswitch().mapping().pairType().name());
        actual.put("softswitch.mapping.requestType.key", x -> x.softswitch().mapping().requestTypeKey());
        actual.put("softswitch.mapping.requestType.routing", x -> x.softswitch().mapping().routingRequestValue());
        actual.put("softswitch.mapping.requestType.authorization",
                x -> x.softswitch().mapping().authorizationRequestValue());
        actual.put("softswitch.mapping.numberKeys.calling", x -> x.softswitch().mapping().callingNumberKey());
        actual.put("softswitch.mapping.numberKeys.called", x -> x.softswitch().mapping().calledNumberKey());
        actual.put("softswitch.mapping.numberAttributePrefixes.calling",
                x -> x.softswitch().mapping().callingAttributePrefix());
        actual.put("softswitch.mapping.numberAttributePrefixes.called",
                x -> x.softswitch().mapping().calledAttributePrefix());
        actual.put("softswitch.mapping.routingKeys.context", x -> x.softswitch().mapping().routingContextKey());
        actual.put("softswitch.mapping.routingKeys.tag", x -> x.softswitch().mapping().tagKey());
        actual.put("softswitch.mapping.routingKeys.domain", x -> x.softswitch().mapping().domainKey());
        actual.put("softswitch.mapping.routingKeys.incomingInterface",
                x -> x.softswitch().mapping().incomingInterfaceKey());
        actual.put("softswitch.mapping.routingKeys.attempt", x -> x.softswitch().mapping().attemptKey());
        actual.put("softswitch.mapping.routingKeys.previousRelease",
                x -> x.softswitch().mapping().previousReleaseKey());
        actual.put("softswitch.mapping.commands.prefix", x -> x.softswitch().mapping().commandPrefix());
        actual.put("softswitch.mapping.commands.calling", x -> x.softswitch().mapping().callingCommand());
        actual.put("softswitch.mapping.commands.called", x -> x.softswitch().mapping().calledCommand());
        actual.put("softswitch.mapping.commands.tag", x -> x.softswitch().mapping().tagCommand());
        actual.put("softswitch.mapping.supplementaryServiceKey",
                x -> x.softswitch().mapping().supplementaryServiceKey());
        actual.put("softswitch.mapping.timeZone", x -> x.softswitch().mapping().timeZone());
        actual.put("softswitch.mapping.disconnectCauseRadix", x -> x.softswitch().mapping().disconnectCauseRadix());
        actual.put("bras.auth", x -> address(x.bras().radius().auth()));
        actual.put("bras.acct", x -> address(x.bras().radius().acct()));
        actual.put("bras.coa[].retries", x -> x.bras().coa().get(0).retries());
        actual.put("bras.coa[].retryTimeout", x -> x.bras().coa().get(0).retryTimeout());
        actual.put("bras.idleTimeout", x -> x.bras().idleTimeout());
        actual.put("bras.mapping.pairType", x -> x.bras().mapping().pairType().name());
        for (Method key : BrasAttributeMapping.class.getDeclaredMethods()) {
            if (key.getReturnType() == String.class && key.getParameterCount() == 0
                    && Modifier.isPublic(key.getModifiers()) && !Modifier.isStatic(key.getModifiers())
                    && !key.getName().equals("toString")) {
                actual.put("bras.mapping." + key.getName(), x -> invoke(key, x.bras().mapping()));
            }
        }
        actual.put("pcrf.reauthRate", x -> x.pcrf().reauthRate());
        actual.put("pcrf.resetPolicy", x -> x.pcrf().resetPolicy());
        actual.put("pcrf.sessionIdleTimeout", x -> x.pcrf().sessionIdleTimeout());
        actual.put("pcrf.lineRate", x -> x.pcrf().lineRate());
        actual.put("pcrf.reauthRetry.maxAttempts", x -> x.pcrf().reauthRetry().maxAttempts());
        actual.put("pcrf.reauthRetry.initialBackoff", x -> x.pcrf().reauthRetry().initialBackoff());
        actual.put("pcrf.reauthRetry.maxBackoff", x -> x.pcrf().reauthRetry().maxBackoff());
        actual.put("pcrf.leadership.retry", x -> x.pcrf().leadership().retry());
        actual.put("pcrf.leadership.lockKey", x -> x.pcrf().leadership().lockKey());
        actual.put("nasSync.interval", x -> x.nasSync().interval());
        actual.put("nasSync.initialBackoff", x -> x.nasSync().initialBackoff());
        actual.put("nasSync.maxBackoff", x -> x.nasSync().maxBackoff());
        actual.put("nasSync.claimTimeout", x -> x.nasSync().claimTimeout());
        actual.put("nasSync.batchSize", x -> x.nasSync().batchSize());
        actual.put("nasSync.maxAttempts", x -> x.nasSync().maxAttempts());
        actual.put("billing.reservationTtl", x -> x.billing().reservationTtl());
        actual.put("billing.maxConcurrentCalls",
                x -> x.billing().maxConcurrentCalls().isEmpty() ? "none: any" : x.billing().maxConcurrentCalls());
        actual.put("billing.writers", x -> x.billing().writers());
        actual.put("ops.listen", x -> address(x.ops().listen()));
        actual.put("ops.requestTimeout", x -> x.ops().requestTimeout());
        actual.put("ops.idleTimeout", x -> x.ops().idleTimeout());

        List<String> wrong = new ArrayList<>();
        actual.forEach((field, value) -> {
            Row row = rows.get(field);
            if (row == null) {
                wrong.add(field + ": not documented");
                return;
            }
            String documented = row.defaultValue().replace("`", "");
            String real = String.valueOf(value.apply(c));
            if (!documented.equals(real)) {
                wrong.add(field + ": the page says " + documented + ", the reader gives " + real);
            }
        });
        assertThat(wrong).isEmpty();
        assertThat(c.softswitch().mapping().pairType()).isEqualTo(CallAttributeMapping.eltexSmg().pairType());
    }

    private static String address(java.net.InetSocketAddress address) {
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }

    private static Object invoke(Method accessor, Object mapping) {
        try {
            return accessor.invoke(mapping);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void reference_rowsHaveATypeAndAMeaning() {
        assertThat(rows).isNotEmpty().allSatisfy((field, row) -> assertThat(row.type()).as(field).isNotBlank());
    }
}
