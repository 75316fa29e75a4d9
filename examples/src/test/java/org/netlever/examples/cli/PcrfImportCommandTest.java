package org.netlever.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netlever.aaa.testing.DatabaseKind;
import org.netlever.pcrf.SubscriberState;
import org.netlever.server.NetleverServer;
import org.netlever.server.PcrfMaintenance;
import org.netlever.server.ServeConfig;
import org.netlever.server.ServeConfigReader;
import org.netlever.server.testing.ExampleConfig;

/**
 * S3.7: {@code netlever pcrf-import} brings the seed's SoftWLC documents (pcrf-engine's export vectors) into the
 * database of the shipped serve configuration — H2 file or PostgreSQL — prints the report and exits as documented.
 */
class PcrfImportCommandTest {

    private static final Path VECTORS = Path.of(System.getProperty("netlever.repository", ".."),
            "pcrf-engine/src/test/resources/org/netlever/pcrf/softwlc");

    @TempDir
    Path dir;

    private Path scripts;
    private Path services;

    @BeforeEach
    void setUp() throws IOException {
        scripts = Files.copy(VECTORS.resolve("seed-scripts.relaxed.json"), dir.resolve("scripts.json"));
        services = Files.copy(VECTORS.resolve("seed-service.canonical.json"), dir.resolve("service.json"));
    }

    private CommandRun pcrfImport(Path config, String... more) {
        String[] args = new String[7 + more.length];
        String[] fixed = {"pcrf-import", "--config", config.toString(), "--scripts", scripts.toString(), "--services",
            services.toString()};
        System.arraycopy(fixed, 0, args, 0, 7);
        System.arraycopy(more, 0, args, 7, more.length);
        return CommandRun.of(args);
    }

    private static SubscriberState stored(Path config) {
        try (PcrfMaintenance pcrf = PcrfMaintenance.open(ServeConfigReader.read(config), Clock.systemUTC())) {
            return pcrf.engine().state("79139001234").orElseThrow();
        }
    }

    @Test
    @DisplayName("S3.7: the seed's subscriber is imported into serve's H2 file; a second run keeps it (exit 0 both)")
    void h2_importsTheSeed_thenKeepsIt() {
        Path config = ExampleConfig.in(dir).write();
        CommandRun first = pcrfImport(config);
        assertThat(first.status()).as(first.err()).isZero();
        assertThat(first.out()).isEqualTo("imported 79139001234 on limitTP, step 0\n1 imported, 0 kept, 0 skipped\n");
        SubscriberState state = stored(config);
        assertThat(state.current().remainingVolume()).hasValue(1073741824L);
        assertThat(state.steps().get(1).nextCron()).hasValue(Instant.parse("2019-06-24T02:00:00Z"));

        CommandRun second = pcrfImport(config);
        assertThat(second.status()).isZero();
        assertThat(second.out()).contains("kept         79139001234 (netlever already has its state)")
                .contains("0 imported, 1 kept, 0 skipped");
    }

    @Test
    @DisplayName("S3.7: a skipped document is listed with its line and reason, the rest imported, exit 3")
    void skippedDocument_isListed_exitThree() throws IOException {
        Files.writeString(scripts, Files.readString(scripts)
                + "{\"domain\":\"root\",\"title\":\"limit5Gb\",\"user_name\":\"79130000000\",\"step\":0}\n");
        CommandRun run = pcrfImport(ExampleConfig.in(dir).write());
        assertThat(run.status()).isEqualTo(PcrfImportCommand.PARTIAL);
        assertThat(run.out()).contains("imported 79139001234 on limitTP, step 0")
                .contains("skipped      scripts.json:2 79130000000: scenario 'limit5Gb' is not in the definitions "
                        + "(they have limit)")
                .contains("1 imported, 0 kept, 1 skipped");
    }

    @Test
    @DisplayName("S3.5/S3.7: --zone names an installation's abbreviation; --dry-run stores nothing")
    void zoneAndDryRun() throws IOException {
        Files.writeString(services, Files.readString(services).replace("YEKT", "EKB"));
        Path config = ExampleConfig.in(dir).write();
        CommandRun unknown = pcrfImport(config, "--dry-run");
        assertThat(unknown.status()).isEqualTo(PcrfImportCommand.PARTIAL);
        assertThat(unknown.out()).contains("zone abbreviation 'EKB' is not known");

        CommandRun dry = pcrfImport(config, "--dry-run", "--zone", "EKB=Asia/Yekaterinburg");
        assertThat(dry.status()).as(dry.err()).isZero();
        assertThat(dry.out()).contains("would import 79139001234 on limitTP, step 0")
                .contains("dry run: 1 to import, 0 kept, 0 skipped");
        try (PcrfMaintenance pcrf = PcrfMaintenance.open(ServeConfigReader.read(config), Clock.systemUTC())) {
            assertThat(pcrf.engine().subscriberCount()).isZero();
        }
    }

    @Test
    @DisplayName("S3.7: into serve's PostgreSQL database; refused with exit 2 while a serve leads the PCRF there")
    void postgres_imports_butNotBesideARunningServe() {
        ExampleConfig example = ExampleConfig.in(dir).postgres(DatabaseKind.newPostgresUrl());
        Path config = example.write();
        ServeConfig serve = ServeConfigReader.read(config);
        try (NetleverServer server = NetleverServer.start(serve, Clock.systemUTC())) {
            CommandRun refused = pcrfImport(config);
            assertThat(refused.status()).isEqualTo(Netlever.BAD_INPUT);
            assertThat(refused.err()).contains("in the configuration; nothing imported:")
                    .contains("pcrf.leadership").contains("another process leads the PCRF on this database");
            assertThat(server.pcrf().orElseThrow().state("79139001234")).isEmpty();
        }
        CommandRun run = pcrfImport(config);
        assertThat(run.status()).as(run.err()).isZero();
        try (NetleverServer server = NetleverServer.start(serve, Clock.systemUTC())) {
            assertThat(server.pcrf().orElseThrow().state("79139001234").orElseThrow().current().remainingTime())
                    .hasValue(Duration.ofHours(2));
        }
    }

    @Test
    @DisplayName("S3.7: bad usage and unreadable exports exit 2 with one line saying why")
    void badUsage_exitTwo() {
        Path config = ExampleConfig.in(dir).write();
        CommandRun missing = CommandRun.of("pcrf-import", "--config", config.toString());
        assertThat(missing.status()).isEqualTo(Netlever.BAD_INPUT);
        assertThat(missing.err()).startsWith("netlever pcrf-import: pcrf-import needs --config FILE (serve's), "
                + "--scripts FILE and --services FILE");
        assertThat(pcrfImport(config, "--zone", "EKB=Mars/Olympus").err())
                .contains("--zone EKB=Mars/Olympus: 'Mars/Olympus' is not a time zone");
        assertThat(pcrfImport(config, "--plan", "limit").err())
                .contains("--plan limit: expected SCENARIO=TARIFF_CODE");
        CommandRun otherPlan = pcrfImport(config, "--plan", "other=limitTP");
        assertThat(otherPlan.status()).isEqualTo(Netlever.BAD_INPUT);
        assertThat(otherPlan.err()).contains("tariff plan 'limitTP' binds scenario 'limit', not 'other'");
        CommandRun unreadable = CommandRun.of("pcrf-import", "--config", config.toString(), "--scripts",
                dir.resolve("nope.json").toString(), "--services", services.toString());
        assertThat(unreadable.status()).isEqualTo(Netlever.BAD_INPUT);
        assertThat(unreadable.err()).startsWith("netlever pcrf-import: cannot read the SoftWLC export");
        assertThat(CommandRun.of("help").out()).contains("pcrf-import bring SoftWLC's PCRF state");
    }
}
