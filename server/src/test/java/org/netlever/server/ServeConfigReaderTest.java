package org.netlever.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.time.ZoneId;
import org.netlever.aaa.call.CallAttributeMapping;
import org.netlever.aaa.lease.NasSyncWorker;
import org.netlever.aaa.radius.AttributeType;
import org.netlever.aaa.radius.RadiusAttribute;
import org.netlever.aaa.radius.RadiusDictionary;
import org.netlever.aaa.radius.client.RadiusServerDefinition;
import org.netlever.aaa.radius.server.MessageAuthenticatorPolicy;
import org.netlever.aaa.radius.server.RadiusClientDefinition;
import org.netlever.aaa.radius.server.RadiusServer;
import org.netlever.aaa.testing.Peers;
import org.netlever.server.billing.ReferenceBilling;
import org.netlever.pcrf.bras.BrasAttributeMapping;
import org.netlever.pcrf.bras.BrasHandler;
import java.util.OptionalInt;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.netlever.aaa.lever.LeverServer;
import org.netlever.aaa.store.Database;
import org.netlever.aaa.store.Durability;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.netlever.device.BuiltInDeviceManagers;
import org.netlever.device.DeviceManagers;
import org.netlever.aaa.http.HttpEndpoint;
import org.netlever.aaa.lease.DhcpdLeasesFollower;
import org.netlever.pcrf.PcrfEngine;
import org.netlever.pcrf.PcrfLeadership;
import org.netlever.pcrf.ResetPolicy;

class ServeConfigReaderTest {

    private static final Path ROOT = Path.of(System.getProperty("netlever.repository", "..")).toAbsolutePath();

    @TempDir
    Path dir;

    /**
     * The shipped example, laid out as in the repository (server/config/ and the examples/pcrf/ it refers to), with
     * its secrets created.
     */
    private Path example() throws IOException {
        Path config = Files.createDirectories(dir.resolve("server/config"));
        if (Files.exists(config.resolve("netlever.yaml"))) {
            return config.resolve("netlever.yaml");
        }
        Files.createDirectories(dir.resolve("examples/pcrf"));
        Files.copy(ROOT.resolve("server/config/netlever.yaml"), config.resolve("netlever.yaml"));
        Files.copy(ROOT.resolve("server/config/dictionary.mikrotik"), config.resolve("dictionary.mikrotik"));
        Files.copy(ROOT.resolve("examples/pcrf/limit-2h-1gb.json"), dir.resolve("examples/pcrf/limit-2h-1gb.json"));
        Path secrets = Files.createDirectories(config.resolve("secrets"));
        for (String name : List.of("lever", "softswitch", "bras")) {
            Files.writeString(secrets.resolve(name + ".secret"), name + "-0123456789abcdef0123456789\n");
        }
        for (String name : List.of("ops-read", "ops-admin")) {
            Files.writeString(secrets.resolve(name + ".token"), name + "-0123456789abcdef0123456789abcdef\n");
        }
        return config.resolve("netlever.yaml");
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    @Test
    @DisplayName("S1-S3 the shipped example configures all three stories")
    void read_shippedExample_configuresAllThreeStories() throws IOException {
        ServeConfig config = ServeConfigReader.read(example());

        assertThat(config.storage().url()).as("relative to the configuration file")
                .isEqualTo("jdbc:h2:file:" + dir.resolve("server/config/data/netlever"));
        assertThat(config.storage().durability()).as("issue 10: the library's default, fsync before acknowledging")
                .isEqualTo(Database.DEFAULT_DURABILITY).isEqualTo(Durability.SYNC);
        assertThat(config.lever().listen()).isEqualTo(new InetSocketAddress("127.0.0.1", 8067));
        assertThat(config.lever().maxSkew()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.softswitch().radius().auth().getPort()).isEqualTo(1812);
        assertThat(config.softswitch().radius().clients()).singleElement()
                .satisfies(c -> assertThat(c.name()).isEqualTo("ecss-10"));
        assertThat(config.bras().radius().auth().getPort()).isEqualTo(11812);
        assertThat(config.bras().coa()).singleElement().satisfies(c -> {
            assertThat(c.nas()).isEqualTo("esr-1");
            assertThat(c.address()).isEqualTo(new InetSocketAddress("127.0.0.1", 3799));
        });
        assertThat(config.pcrf().definitions().tariffPlan("limitTP")).isPresent();
        assertThat(config.pcrf().resetPolicy()).isEqualTo(ResetPolicy.RESTART_SCENARIO);
        assertThat(config.pcrf().reauthRate()).isEqualTo(PcrfEngine.DEFAULT_REAUTH_PER_SECOND);
        assertThat(config.pcrf().compatibilityPollInterval()).isEmpty();
        assertThat(config.nasSync().coa()).as("no NAS CoA configured: changes are logged").isEmpty();
        assertThat(config.ops().listen().getPort()).isEqualTo(9464);
        assertThat(config.lever().requestTimeout()).isEqualTo(HttpEndpoint.DEFAULT_REQUEST_TIMEOUT);
        assertThat(config.lever().idleTimeout()).isEqualTo(HttpEndpoint.DEFAULT_IDLE_TIMEOUT);
        assertThat(config.ops().requestTimeout()).isEqualTo(HttpEndpoint.DEFAULT_REQUEST_TIMEOUT);
        assertThat(config.ops().idleTimeout()).isEqualTo(HttpEndpoint.DEFAULT_IDLE_TIMEOUT);
        assertThat(config.billing().devices()).hasSize(2);
        assertThat(config.billing().subscribers()).filteredOn(s -> s.id().equals("alice")).singleElement()
                .satisfies(alice -> {
                    assertThat(alice.device()).hasValue("sw-17");
                    assertThat(alice.port()).isEqualTo(OptionalInt.of(5));
                    assertThat(alice.phone()).hasValue("74951234567");
                    assertThat(alice.balance()).isEqualByComparingTo(new BigDecimal("100"));
                });
        assertThat(config.billing().callTariffs()).hasSize(3);
        assertThat(config.billing().reservationTtl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.billing().maxConcurrentCalls()).isEqualTo(OptionalInt.of(4));
    }

    @Test
    @DisplayName("S2.3: billing.reservationTtl, maxConcurrentCalls and writers are read, defaulted and checked")
    void read_prepaidFields_areReadDefaultedAndChecked() throws IOException {
        Path set = minimal("prepaid.yaml", "billing: { reservationTtl: PT90S, maxConcurrentCalls: 2, writers: 2 }\n");
        assertThat(ServeConfigReader.read(set).billing().reservationTtl()).isEqualTo(Duration.ofSeconds(90));
        assertThat(ServeConfigReader.read(set).billing().maxConcurrentCalls()).isEqualTo(OptionalInt.of(2));
        assertThat(ServeConfigReader.read(set).billing().writers()).isEqualTo(2);

        ServeConfig unset = ServeConfigReader.read(minimal("unset.yaml", ""));
        assertThat(unset.billing().reservationTtl()).isEqualTo(ReferenceBilling.DEFAULT_RESERVATION_TTL);
        assertThat(unset.billing().maxConcurrentCalls()).isEmpty();
        assertThat(unset.billing().writers()).isEqualTo(ReferenceBilling.DEFAULT_WRITERS);

        Path bad = minimal("bad-prepaid.yaml",
                "billing: { reservationTtl: PT0S, maxConcurrentCalls: 0, writers: 65 }\n");
        assertThatThrownBy(() -> ServeConfigReader.read(bad))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .extracting(ConfigProblem::field)
                        .containsExactly("billing.reservationTtl", "billing.maxConcurrentCalls", "billing.writers"));
    }

    @Test
    void read_storageDurability_takesWriteAndRefusesUnknown() throws IOException {
        Path write = minimal("write.yaml", "storage: { durability: WRITE }\n");
        assertThat(ServeConfigReader.read(write).storage().durability()).isEqualTo(Durability.WRITE);

        Path bad = minimal("bad-durability.yaml", "storage: { durability: SOMETIMES }\n");
        assertThatThrownBy(() -> ServeConfigReader.read(bad))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .extracting(ConfigProblem::field).containsExactly("storage.durability"))
                .hasMessageContaining("storage.durability: SYNC (written and fsynced before anything is "
                        + "acknowledged) or WRITE (written, not fsynced), got 'SOMETIMES'");
    }

    @Test
    void read_badConfig_listsEveryProblemWithFileAndField() throws IOException {
        Files.writeString(dir.resolve("short.secret"), "tooshort");
        Files.writeString(dir.resolve("bras.secret"), "bras-secret-0123456789");
        Path file = write("bad.yaml", """
                storage: { url: "jdbc:mysql://db/netlever" }
                lever: { listen: "127.0.0.1:99999", secretFile: short.secret, maxSkw: PT1M }
                softswitch: { clients: [] }
                bras:
                  clients: [ { name: esr-1, address: 127.0.0.1, secretFile: missing.secret } ]
                  coa: [ { nas: esr-1, address: "127.0.0.1:3799", secretFile: bras.secret } ]
                pcrf: { definitions: nowhere.json, resetPolicy: SOMETIMES }
                nasSync: { interval: soon }
                billing:
                  devices: [ { id: sw-1, type: dlink-switch } ]
                  subscribers: [ { id: a, device: sw-2, phone: "+7495" } ]
                  callTariffs: [ { prefix: "7", perMinute: -1 } ]
                """);

        assertThatThrownBy(() -> ServeConfigReader.read(file))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.problems()).extracting(ConfigProblem::field).containsExactlyInAnyOrder(
                            "storage.url", "lever.listen", "lever.maxSkw", "lever.secretFile",
                            "softswitch.clients", "bras.clients[0].secretFile", "pcrf.definitions",
                            "pcrf.resetPolicy", "nasSync.interval", "billing.devices[0]",
                            "billing.subscribers[0].device", "billing.subscribers[0].phone",
                            "billing.callTariffs[0].perMinute");
                    assertThat(e.problems()).allSatisfy(p -> assertThat(p.file()).isEqualTo(file.toString()));
                    assertThat(e.getMessage()).startsWith("13 problems in the configuration:")
                            .contains(file + ": lever.listen: a port from 0 to 65535, got 99999")
                            .contains("lever.maxSkw: unknown field")
                            .contains("billing.subscribers[0].device: no device 'sw-2' in billing.devices")
                            .doesNotContain("tooshort");
                });
    }

    /** The shipped example with its lines for the HTTP timeouts replaced (the lever's first, then the ops'). */
    private Path exampleWithTimeouts(String lever, String ops) throws IOException {
        Path file = example();
        String yaml = Files.readString(file);
        String leverLines = "  requestTimeout: PT10S\n  idleTimeout: PT30S\n";
        String opsLines = "  requestTimeout: PT10S                    # as for the lever endpoint\n"
                + "  idleTimeout: PT30S\n";
        assertThat(yaml).contains(leverLines, opsLines);
        Files.writeString(file, yaml.replace(opsLines, ops).replace(leverLines, lever));
        return file;
    }

    @Test
    void read_pcrfTuningAbsent_defaultsToTheEngines() throws IOException {
        Path file = example();
        String yaml = Files.readString(file);
        String stripped = yaml.lines()
                .filter(l -> !l.startsWith("  reauthRate:") && !l.startsWith("  resetPolicy:")
                        && !l.startsWith("  sessionIdleTimeout:") && !l.startsWith("  lineRate:"))
                .collect(java.util.stream.Collectors.joining("\n", "", "\n"));
        assertThat(stripped).isNotEqualTo(yaml);
        Files.writeString(file, stripped);
        ServeConfig config = ServeConfigReader.read(file);
        assertThat(config.pcrf().reauthRate()).as("one source of truth: the engine's builder default")
                .isEqualTo(PcrfEngine.DEFAULT_REAUTH_PER_SECOND);
        assertThat(config.pcrf().resetPolicy()).isEqualTo(PcrfEngine.DEFAULT_RESET_POLICY);
        assertThat(config.pcrf().sessionIdleTimeout()).isEqualTo(PcrfEngine.DEFAULT_SESSION_IDLE_TIMEOUT);
        assertThat(config.pcrf().lineRate()).isEqualTo(PcrfEngine.DEFAULT_LINE_RATE_BITS_PER_SECOND);
    }

    @Test
    void read_httpTimeoutsAbsent_defaultToTheLibrarys() throws IOException {
        ServeConfig config = ServeConfigReader.read(exampleWithTimeouts("", ""));
        assertThat(config.lever().requestTimeout()).isEqualTo(HttpEndpoint.DEFAULT_REQUEST_TIMEOUT);
        assertThat(config.lever().idleTimeout()).isEqualTo(HttpEndpoint.DEFAULT_IDLE_TIMEOUT);
        assertThat(config.ops().requestTimeout()).isEqualTo(HttpEndpoint.DEFAULT_REQUEST_TIMEOUT);
        assertThat(config.ops().idleTimeout()).isEqualTo(HttpEndpoint.DEFAULT_IDLE_TIMEOUT);
    }

    @Test
    void read_httpTimeouts_asIsoDurationsOrSeconds() throws IOException {
        ServeConfig config = ServeConfigReader.read(exampleWithTimeouts(
                "  requestTimeout: PT2S\n  idleTimeout: 45\n", "  requestTimeout: PT0.5S\n  idleTimeout: PT1M\n"));
        assertThat(config.lever().requestTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.lever().idleTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(config.ops().requestTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.ops().idleTimeout()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void read_leverThreads_defaultFromTheLibraryAndChecked() throws IOException {
        Path file = example();
        String yaml = Files.readString(file);
        String line = yaml.lines().filter(l -> l.startsWith("  threads: ")).findFirst().orElseThrow() + "\n";
        Files.writeString(file, yaml.replace(line, ""));
        assertThat(ServeConfigReader.read(file).lever().threads()).isEqualTo(LeverServer.DEFAULT_THREADS);

        Files.writeString(file, yaml.replace(line, "  threads: 0\n"));
        assertThatThrownBy(() -> ServeConfigReader.read(file))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .extracting(ConfigProblem::field).containsExactly("lever.threads"));
    }

    @Test
    @DisplayName("issue 13: pcrf.lineRate reaches the engine's settings")
    void read_pcrfLineRate_isTaken() throws IOException {
        assertThat(ServeConfigReader.read(exampleWith("  lineRate: 10000000000 ", "  lineRate: 1000000000 "))
                .pcrf().lineRate()).isEqualTo(1_000_000_000L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"7", "-1", "fast", "1.5"})
    @DisplayName("issue 13: a pcrf.lineRate that is not a whole number of at least 8 bits per second is a problem")
    void read_pcrfLineRateBelowAnOctetASecond_isAProblem(String value) throws IOException {
        assertThat(problems(exampleWith("  lineRate: 10000000000 ", "  lineRate: " + value + " "))).singleElement()
                .satisfies(p -> {
                    assertThat(p.field()).isEqualTo("pcrf.lineRate");
                    assertThat(p.reason()).contains(value);
                });
    }

    @Test
    @DisplayName("issue 12: a softswitch client's attributePolicy other than LENIENT or STRICT is a problem at its path")
    void read_badAttributePolicy_isAProblemNamingTheChoices() throws IOException {
        Path file = example();
        Files.writeString(file, Files.readString(file).replace("attributePolicy: LENIENT", "attributePolicy: loose"));

        assertThatThrownBy(() -> ServeConfigReader.read(file))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement()
                        .satisfies(p -> {
                            assertThat(p.field()).isEqualTo("softswitch.clients[0].attributePolicy");
                            assertThat(p.reason()).contains("LENIENT", "STRICT", "'loose'");
                        }));
    }

    @Test
    void read_badHttpTimeouts_eachAProblemWithFileAndField() throws IOException {
        Path file = exampleWithTimeouts("  requestTimeout: soon\n  idleTimeout: PT0S\n",
                "  requestTimeout: -PT1S\n  idleTimeout: [1]\n  idelTimeout: PT1S\n");
        Files.writeString(file, Files.readString(file).replace("listen: 127.0.0.1:9464", "listen: nowhere"));

        assertThatThrownBy(() -> ServeConfigReader.read(file))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.problems()).extracting(ConfigProblem::field).containsExactlyInAnyOrder(
                            "lever.requestTimeout", "lever.idleTimeout", "ops.requestTimeout", "ops.idleTimeout",
                            "ops.idelTimeout", "ops.listen");
                    assertThat(e.getMessage())
                            .contains(file + ": lever.requestTimeout: an ISO-8601 duration like PT30S or whole "
                                    + "seconds, got 'soon'")
                            .contains(file + ": lever.idleTimeout: positive, got PT0S")
                            .contains(file + ": ops.requestTimeout: positive, got PT-1S")
                            .contains(file + ": ops.idelTimeout: unknown field")
                            .contains(file + ": ops.listen: host:port, got 'nowhere'");
                });
    }

    @Test
    void read_definitionsProblems_areReportedAgainstTheirOwnFile() throws IOException {
        Path definitions = write("defs.json", """
                { "services": [ { "name": "s", "cronLimit": "not a cron" } ],
                  "scenarios": [ { "name": "x", "steps": [ "nope" ] } ] }
                """);
        Files.writeString(dir.resolve("s.secret"), "secret-0123456789abcdef");
        Path file = write("netlever.json", """
                { "lever": { "secretFile": "s.secret" },
                  "softswitch": { "clients": [ { "name": "ecss", "address": "127.0.0.1", "secretFile": "s.secret" } ] },
                  "bras": { "clients": [ { "name": "esr", "address": "127.0.0.1", "secretFile": "s.secret" } ],
                            "coa": [ { "nas": "*", "address": "127.0.0.1:3799", "secretFile": "s.secret" } ] },
                  "pcrf": { "definitions": "defs.json" } }
                """);

        assertThatThrownBy(() -> ServeConfigReader.read(file))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.problems()).isNotEmpty()
                            .allSatisfy(p -> assertThat(p.file()).isEqualTo(definitions.toString()));
                    assertThat(e.problems()).extracting(ConfigProblem::field)
                            .anySatisfy(f -> assertThat(f).contains("cronLimit"))
                            .anySatisfy(f -> assertThat(f).contains("steps"));
                });
    }

    @Test
    void read_malformedYaml_saysWhere() throws IOException {
        Path file = write("broken.yaml", "lever:\n  listen: [unclosed\n");
        assertThatThrownBy(() -> ServeConfigReader.read(file))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement()
                        .satisfies(p -> {
                            assertThat(p.field()).isEqualTo("(document)");
                            assertThat(p.reason()).startsWith("not valid YAML at line");
                        }));
    }

    /** The shipped example with one piece of text replaced (which must be there). */
    private Path exampleWith(String text, String replacement) throws IOException {
        Path file = example();
        String yaml = Files.readString(file);
        assertThat(yaml).contains(text);
        Files.writeString(file, yaml.replace(text, replacement));
        return file;
    }

    /** The problems reading {@code file} reports, each checked to name the file. */
    private static List<ConfigProblem> problems(Path file) {
        try {
            ServeConfigReader.read(file);
        } catch (ConfigException e) {
            assertThat(e.problems()).allSatisfy(p -> assertThat(p.file()).isEqualTo(file.toString()));
            return e.problems();
        }
        throw new AssertionError(file + " was read without a problem");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "lever.listen,              listen: 127.0.0.1:8067,  listen: 127.0.0.1:80670",
        "softswitch.auth,           auth: 127.0.0.1:1812,    auth: 127.0.0.1:80670",
        "softswitch.acct,           acct: 127.0.0.1:1813,    acct: 127.0.0.1:80670",
        "bras.auth,                 auth: 127.0.0.1:11812,   auth: 127.0.0.1:80670",
        "bras.acct,                 acct: 127.0.0.1:11813,   acct: 127.0.0.1:80670",
        "bras.coa[0].address,       address: 127.0.0.1:3799, address: 127.0.0.1:80670",
        "ops.listen,                listen: 127.0.0.1:9464,  listen: 127.0.0.1:80670",
    })
    @DisplayName("issue 11: an out-of-range port is a problem naming the field")
    void read_portOutOfRange_isAProblemOfItsField(String field, String line, String replacement) throws IOException {
        Path file = exampleWith(line, replacement);
        assertThat(problems(file)).singleElement().hasToString(file + ": " + field
                + ": a port from 0 to 65535, got 80670");
    }

    @Test
    void read_nasSyncCoaPort_outOfRangeOrZero_isAProblem() throws IOException {
        String commented = "  # coa: { address: 127.0.0.1:3799, secretFile: secrets/nas.secret }";
        Path file = exampleWith(commented, "  coa: { address: 127.0.0.1:80670, secretFile: secrets/bras.secret }");
        assertThat(problems(file)).singleElement().hasToString(file
                + ": nasSync.coa.address: a port from 0 to 65535, got 80670");

        Files.writeString(file, Files.readString(file).replace("127.0.0.1:80670", "127.0.0.1:0"));
        assertThat(problems(file)).singleElement().hasToString(file
                + ": nasSync.coa.address: a port from 1 to 65535 (3799 by RFC 5176), got 0");
    }

    @Test
    void read_hugePort_isAPortProblemNotAFormatOne() throws IOException {
        Path file = exampleWith("listen: 127.0.0.1:8067", "listen: 127.0.0.1:99999999999");
        assertThat(problems(file)).singleElement().hasToString(file
                + ": lever.listen: a port from 0 to 65535, got 99999999999");
    }

    @Test
    @DisplayName("issue 11: an unknown device type is a problem listing the known types")
    void read_unknownDeviceType_listsTheKnownTypes() throws IOException {
        Path file = exampleWith("type: dlink-switch", "type: dlink-swtich");
        assertThat(problems(file)).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("billing.devices[0].type");
            assertThat(p.reason()).startsWith("unknown device type 'dlink-swtich'; the known types are [")
                    .contains(BuiltInDeviceManagers.DLINK_SWITCH, BuiltInDeviceManagers.ZTE_ONU);
        });
        assertThat(ServeConfigReader.deviceManagers().typeCodes()).as("what the server resolves devices with")
                .containsAll(DeviceManagers.builtIns().typeCodes());
    }

    @Test
    @DisplayName("issue 11: a secret file that cannot be read is a problem naming the field and the file")
    void read_unreadableSecrets_eachAProblemOfItsField() throws IOException {
        Path file = example();
        Path secrets = file.resolveSibling("secrets");
        Files.delete(secrets.resolve("softswitch.secret"));
        Files.delete(secrets.resolve("lever.secret"));
        Files.createDirectory(secrets.resolve("lever.secret"));
        Files.writeString(file, Files.readString(file).replace("  durability: SYNC",
                "  durability: SYNC\n  passwordFile: secrets/postgres.password"));

        assertThat(problems(file)).extracting(ConfigProblem::toString).containsExactlyInAnyOrder(
                file + ": storage.passwordFile: cannot read " + secrets.resolve("postgres.password") + ": no such file",
                file + ": lever.secretFile: cannot read " + secrets.resolve("lever.secret")
                        + ": a directory, not a file",
                file + ": softswitch.clients[0].secretFile: cannot read " + secrets.resolve("softswitch.secret")
                        + ": no such file");
    }

    @Test
    @DisplayName("issue 11: a definitions file that cannot be read is a problem of pcrf.definitions")
    void read_unreadableDefinitions_isAProblemOfTheField() throws IOException {
        Path file = exampleWith("definitions: ../../examples/pcrf/limit-2h-1gb.json", "definitions: absent.json");
        assertThat(problems(file)).singleElement().hasToString(file + ": pcrf.definitions: cannot read "
                + file.resolveSibling("absent.json") + ": no such file");

        Files.writeString(file, Files.readString(file).replace("definitions: absent.json", "definitions: secrets"));
        assertThat(problems(file)).singleElement().hasToString(file + ": pcrf.definitions: cannot read "
                + file.resolveSibling("secrets") + ": a directory, not a file");
    }

    @Test
    void read_missingFile_isAProblemNotAStackTrace() {
        Path file = dir.resolve("absent.yaml");
        assertThatThrownBy(() -> ServeConfigReader.read(file))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement()
                        .satisfies(p -> assertThat(p.reason()).startsWith("cannot be read")));
    }
    /** A minimal configuration: only what has no default, plus {@code extra} YAML at the top level. */
    private Path minimal(String name, String extra) throws IOException {
        Files.writeString(dir.resolve("s.secret"), "secret-0123456789abcdef");
        return write(name, extra + """
                lever: { secretFile: s.secret }
                softswitch: { clients: [ { name: ecss, address: 127.0.0.1, secretFile: s.secret } ] }
                bras:
                  clients: [ { name: esr, address: 127.0.0.1, secretFile: s.secret } ]
                  coa: [ { nas: "*", address: "127.0.0.1:3799", secretFile: s.secret } ]
                pcrf: { definitions: %s }
                """.formatted(example().getParent().resolve("../../examples/pcrf/limit-2h-1gb.json").normalize()));
    }

    @Test
    @DisplayName("issue 14: a dhcpd-leases follower takes the library's defaults, its file relative to the config")
    void read_dhcpdLeasesFollower_defaultsFromTheLibrary() throws IOException {
        ServeConfig config = ServeConfigReader.read(minimal("followers.yaml", """
                followers:
                  - { type: dhcpd-leases, file: leases/dhcpd.leases }
                  - { type: dhcpd-leases, file: /var/lib/dhcp/dhcpd.leases, name: dhcpd-2, pollInterval: PT1S,
                      maxBackoff: PT2M, batchSize: 1000 }
                """));

        assertThat(config.followers()).hasSize(2);
        assertThat(config.followers().get(0)).isEqualTo(new DhcpdFollowerSection.DhcpdLeases(
                dir.resolve("leases/dhcpd.leases").toAbsolutePath().normalize(), Optional.empty(),
                DhcpdLeasesFollower.DEFAULT_POLL_INTERVAL, DhcpdLeasesFollower.DEFAULT_MAX_BACKOFF,
                DhcpdLeasesFollower.DEFAULT_BATCH_SIZE));
        assertThat(config.followers().get(1)).isEqualTo(new DhcpdFollowerSection.DhcpdLeases(
                Path.of("/var/lib/dhcp/dhcpd.leases"), Optional.of("dhcpd-2"), Duration.ofSeconds(1),
                Duration.ofMinutes(2), 1000));
        assertThat(config.followers()).extracting(ServeConfig.Follower::type).containsOnly("dhcpd-leases");
    }

    @Test
    void read_badFollowers_eachAProblemOfItsField() throws IOException {
        List<ConfigProblem> problems = problems(minimal("bad-followers.yaml", """
                followers:
                  - { type: dhcpd-leases }
                  - { type: dhcp-leases, file: x }
                  - { file: x }
                  - { type: dhcpd-leases, file: x, pollInterval: PT0.001S, batchSize: 0, colour: red }
                  - { type: dhcpd-leases, file: x, pollInterval: PT10S, maxBackoff: PT1S }
                """));

        assertThat(problems).extracting(ConfigProblem::field).containsExactlyInAnyOrder("followers[0].file",
                "followers[1].type", "followers[2].type", "followers[3].colour", "followers[3].pollInterval",
                "followers[3].batchSize", "followers[4].maxBackoff");
    }

    @Test
    @DisplayName("issue 11: every option left out takes the library's default - one source of truth")
    void read_optionsAbsent_defaultToTheLibrarys() throws IOException {
        ServeConfig config = ServeConfigReader.read(minimal("minimal.yaml", ""));

        assertThat(config.storage().poolSize()).isEqualTo(ServeConfig.Storage.DEFAULT_POOL_SIZE);
        assertThat(config.radius().dictionaries()).isEmpty();
        assertThat(config.radius().dictionary()).isSameAs(RadiusDictionary.standard());
        assertThat(config.softswitch().radius().clients()).singleElement().extracting(c -> c.messageAuthenticator())
                .isEqualTo(RadiusClientDefinition.DEFAULT_MESSAGE_AUTHENTICATOR)
                .isEqualTo(MessageAuthenticatorPolicy.REQUIRE);
        assertThat(config.softswitch().radius().tuning()).isEqualTo(ServeConfig.RadiusTuning.defaults());
        assertThat(config.bras().radius().tuning()).isEqualTo(ServeConfig.RadiusTuning.defaults());
        assertThat(ServeConfig.RadiusTuning.defaults().pool().workers()).isEqualTo(RadiusServer.DEFAULT_WORKERS);
        assertThat(config.softswitch().interimInterval()).isEmpty();
        assertThat(config.softswitch().attributePolicies()).as("issue 12: LENIENT unless a client says otherwise")
                .containsOnly(java.util.Map.entry(config.softswitch().radius().clients().get(0).name(),
                        org.netlever.aaa.call.AttributePolicy.LENIENT));
        assertThat(config.softswitch().mapping().pairType()).isEqualTo(CallAttributeMapping.eltexSmg().pairType());
        assertThat(config.softswitch().mapping().requestTypeKey())
                .isEqualTo(CallAttributeMapping.eltexSmg().requestTypeKey());
        assertThat(config.bras().mapping()).isEqualTo(BrasAttributeMapping.defaults());
        assertThat(config.bras().idleTimeout()).isEqualTo(BrasHandler.DEFAULT_IDLE_TIMEOUT);
        assertThat(config.bras().coa()).singleElement().satisfies(c -> {
            assertThat(c.retries()).isEqualTo(RadiusServerDefinition.DEFAULT_RETRY_COUNT);
            assertThat(c.retryTimeout()).isEqualTo(RadiusServerDefinition.DEFAULT_RETRY_TIMEOUT);
        });
        ServeConfig.NasSync sync = config.nasSync();
        assertThat(sync.interval()).isEqualTo(NasSyncWorker.DEFAULT_INTERVAL);
        assertThat(sync.initialBackoff()).isEqualTo(NasSyncWorker.DEFAULT_INITIAL_BACKOFF);
        assertThat(sync.maxBackoff()).isEqualTo(NasSyncWorker.DEFAULT_MAX_BACKOFF);
        assertThat(sync.claimTimeout()).isEqualTo(NasSyncWorker.DEFAULT_CLAIM_TIMEOUT);
        assertThat(sync.batchSize()).isEqualTo(NasSyncWorker.DEFAULT_BATCH_SIZE);
        assertThat(sync.maxAttempts()).isEqualTo(NasSyncWorker.DEFAULT_MAX_ATTEMPTS);
        assertThat(config.pcrf().leadership()).isEqualTo(new ServeConfig.Leadership(PcrfLeadership.DEFAULT_RETRY,
                PcrfLeadership.DEFAULT_LOCK_KEY));
    }

    @Test
    @DisplayName("issue 11: the options the library has are reachable from the configuration")
    void read_libraryOptions_areTaken() throws IOException {
        Files.writeString(dir.resolve("s.secret"), "secret-0123456789abcdef");
        Files.copy(ROOT.resolve("server/config/dictionary.mikrotik"), dir.resolve("dictionary.mikrotik"));
        Path file = write("all.yaml", """
                storage: { poolSize: 8 }
                radius: { dictionaries: [ dictionary.mikrotik ] }
                lever: { secretFile: s.secret }
                softswitch:
                  clients: [ { name: ecss, address: 127.0.0.1, secretFile: s.secret, messageAuthenticator: AUTO,
                               attributePolicy: STRICT } ]
                  interimInterval: PT5M
                  tuning: { workers: 64, minWorkers: 4, queueCapacity: 100, maxQueueWait: PT2S, replyCacheTtl: 30,
                            recentDrops: 10, readers: 3, handlerThread: WORKERS, handlerTimeout: PT45S }
                  mapping:
                    pairType: Cisco-AVPair
                    requestType: { key: req }
                    numberKeys: { calling: a-number, called: b-number }
                    timeZone: Europe/Moscow
                    zoneAbbreviations: { MSK: Europe/Moscow }
                    disconnectCauseRadix: 10
                bras:
                  clients: [ { name: esr, address: 127.0.0.1, secretFile: s.secret, messageAuthenticator: "OFF" } ]
                  coa: [ { nas: "*", address: "127.0.0.1:3799", secretFile: s.secret, retries: 5, retryTimeout: PT1S } ]
                  idleTimeout: PT15M
                  mapping: { pairType: Cisco-AVPair, serviceKey: svc, reauthCommand: reauthorize }
                pcrf: { definitions: %s, leadership: { retry: PT5S, lockKey: 42 } }
                nasSync:
                  coa: { address: "127.0.0.1:3799", secretFile: s.secret }
                  initialBackoff: PT2S
                  maxBackoff: PT1M
                  claimTimeout: PT5M
                  batchSize: 10
                  maxAttempts: 7
                billing:
                  rateTariffs:
                    - { id: home-100, attributes: [ "Mikrotik-Rate-Limit = 100M/100M", 'Filter-Id = "home"' ] }
                  subscribers: [ { id: alice, rateTariff: home-100 } ]
                """.formatted(example().getParent().resolve("../../examples/pcrf/limit-2h-1gb.json").normalize()));
        ServeConfig config = ServeConfigReader.read(file);

        assertThat(config.storage().poolSize()).isEqualTo(8);
        assertThat(config.pcrf().leadership()).isEqualTo(new ServeConfig.Leadership(Duration.ofSeconds(5), 42));
        assertThat(config.radius().dictionaries()).containsExactly(dir.resolve("dictionary.mikrotik"));
        assertThat(config.softswitch().radius().clients()).singleElement().extracting(c -> c.messageAuthenticator())
                .isEqualTo(MessageAuthenticatorPolicy.AUTO);
        assertThat(config.bras().radius().clients()).singleElement().extracting(c -> c.messageAuthenticator())
                .isEqualTo(MessageAuthenticatorPolicy.OFF);
        assertThat(config.softswitch().interimInterval()).hasValue(Duration.ofMinutes(5));
        assertThat(config.softswitch().attributePolicies())
                .containsExactly(java.util.Map.entry("ecss", org.netlever.aaa.call.AttributePolicy.STRICT));
        assertThat(config.softswitch().radius().tuning()).isEqualTo(new ServeConfig.RadiusTuning(
                new ServeConfig.WorkerPool(64, 4, 100, Duration.ofSeconds(2)), 3,
                org.netlever.aaa.radius.server.HandlerThread.WORKERS, Duration.ofSeconds(45), Duration.ofSeconds(30),
                10));
        CallAttributeMapping calls = config.softswitch().mapping();
        assertThat(calls.pairType()).isEqualTo(AttributeType.CISCO_AVPAIR);
        assertThat(calls.requestTypeKey()).isEqualTo("req");
        assertThat(calls.routingRequestValue()).as("the rest of the group from the defaults")
                .isEqualTo(CallAttributeMapping.eltexSmg().routingRequestValue());
        assertThat(calls.callingNumberKey()).isEqualTo("a-number");
        assertThat(calls.calledNumberKey()).isEqualTo("b-number");
        assertThat(calls.timeZone()).isEqualTo(ZoneId.of("Europe/Moscow"));
        assertThat(calls.zoneAbbreviations()).containsEntry("MSK", ZoneId.of("Europe/Moscow"));
        assertThat(calls.disconnectCauseRadix()).isEqualTo(10);
        assertThat(config.bras().idleTimeout()).isEqualTo(Duration.ofMinutes(15));
        assertThat(config.bras().mapping()).isEqualTo(BrasAttributeMapping.builder()
                .pairType(AttributeType.CISCO_AVPAIR).serviceKey("svc").reauthCommand("reauthorize").build());
        assertThat(config.bras().coa()).singleElement().satisfies(c -> {
            assertThat(c.retries()).isEqualTo(5);
            assertThat(c.retryTimeout()).isEqualTo(Duration.ofSeconds(1));
        });
        ServeConfig.NasSync sync = config.nasSync();
        assertThat(sync.coa()).isPresent();
        assertThat(List.of(sync.initialBackoff(), sync.maxBackoff(), sync.claimTimeout()))
                .containsExactly(Duration.ofSeconds(2), Duration.ofMinutes(1), Duration.ofMinutes(5));
        assertThat(sync.batchSize()).isEqualTo(10);
        assertThat(sync.maxAttempts()).isEqualTo(7);
        assertThat(config.billing().rateTariffs()).singleElement().satisfies(t -> {
            assertThat(t.id()).isEqualTo("home-100");
            assertThat(t.attributes()).containsExactly(
                    RadiusAttribute.ofString(AttributeType.vendor(14988, 8), "100M/100M"),
                    RadiusAttribute.ofString(AttributeType.FILTER_ID, "home"));
        });
        assertThat(config.billing().subscribers()).singleElement()
                .satisfies(alice -> assertThat(alice.rateTariff()).hasValue("home-100"));
    }

    @Test
    @DisplayName("issue 11: each bad option is a problem of its own field, all reported at once")
    void read_badLibraryOptions_eachAProblemOfItsField() throws IOException {
        Path file = minimal("bad-options.yaml", """
                storage: { poolSize: 0 }
                radius: { dictionaries: [ no-such.dictionary ] }
                nasSync: { initialBackoff: PT1M, maxBackoff: PT1S, batchSize: 0 }
                billing:
                  rateTariffs:
                    - { id: t, attributes: [ "No-Such-Attribute = 1", "Session-Timeout = forever", "no equals" ] }
                  subscribers: [ { id: alice, rateTariff: missing } ]
                """).resolveSibling("bad-options.yaml");
        String yaml = Files.readString(file)
                .replace("{ name: ecss, address: 127.0.0.1, secretFile: s.secret }",
                        "{ name: ecss, address: 127.0.0.1, secretFile: s.secret, messageAuthenticator: SOMETIMES }")
                .replace("bras:\n", """
                        bras:
                          tuning: { workers: 2, minWorkers: 4 }
                          mapping: { pairType: No-Such-Pair, serviceRequest: session, colour: red }
                        """)
                .replace("softswitch: {", "softswitch: { mapping: { timeZone: Mars/Olympus, disconnectCauseRadix: 8 },");
        Files.writeString(file, yaml);

        assertThat(problems(file)).extracting(ConfigProblem::field).containsExactlyInAnyOrder(
                "storage.poolSize", "radius.dictionaries[0]", "softswitch.clients[0].messageAuthenticator",
                "softswitch.mapping.timeZone", "softswitch.mapping.disconnectCauseRadix", "bras.tuning.minWorkers",
                "bras.mapping.colour", "bras.mapping.pairType", "nasSync.maxBackoff", "nasSync.batchSize",
                "billing.rateTariffs[0].attributes[0]", "billing.rateTariffs[0].attributes[1]",
                "billing.rateTariffs[0].attributes[2]", "billing.subscribers[0].rateTariff");
        assertThat(problems(file)).filteredOn(p -> p.field().equals("softswitch.clients[0].messageAuthenticator"))
                .singleElement().extracting(ConfigProblem::reason).asString()
                .startsWith("REQUIRE (").endsWith("got 'SOMETIMES'");
        assertThat(problems(file)).filteredOn(p -> p.field().equals("radius.dictionaries[0]")).singleElement()
                .extracting(ConfigProblem::reason).asString()
                .isEqualTo("cannot read " + dir.resolve("no-such.dictionary") + ": no such file");
    }

    @Test
    @DisplayName("issue 11: the BRAS mapping refuses a session and a service request that look the same")
    void read_brasMappingSameRequestValues_isAProblemOfTheMapping() throws IOException {
        Path file = minimal("same.yaml", "");
        Files.writeString(file, Files.readString(file).replace("bras:\n",
                "bras:\n  mapping: { serviceRequest: session }\n"));
        assertThat(problems(file)).singleElement().hasToString(file + ": bras.mapping: session and service requests"
                + " need different values, both are 'session'");
    }

    @Test
    @DisplayName("interop: FreeRADIUS's own dictionary.mikrotik loads, and names the attribute as the example does")
    void read_freeRadiusShippedDictionary_isLoaded() throws IOException {
        Path shipped = Path.of("/usr/share/freeradius/dictionary.mikrotik");
        if (!Files.isRegularFile(shipped)) {
            Peers.unavailable(shipped + " is missing (Debian package freeradius-common)");
        }
        Path file = minimal("freeradius.yaml", "radius: { dictionaries: [ " + shipped + " ] }\n"
                + "billing: { rateTariffs: [ { id: t, attributes: [ \"Mikrotik-Rate-Limit = 10M/10M\" ] } ] }\n");
        ServeConfig config = ServeConfigReader.read(file);
        assertThat(config.billing().rateTariffs().get(0).attributes()).containsExactly(
                RadiusAttribute.ofString(AttributeType.vendor(14988, 8), "10M/10M"));
        Path example = dir.resolve("server/config/netlever.yaml");   // minimal() laid it out
        assertThat(ServeConfigReader.read(example).billing().rateTariffs()).flatExtracting(t -> t.attributes())
                .extracting(a -> a.type()).as("our example's dictionary agrees with FreeRADIUS's")
                .contains(config.radius().dictionary().type("Mikrotik-Rate-Limit"));
    }
}
