package org.netlever.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netlever.aaa.testing.DatabaseKind;
import org.netlever.pcrf.SubscriberSeed;
import org.netlever.pcrf.SubscriberState;
import org.netlever.server.testing.ExampleConfig;

/**
 * S3.7: the PCRF of a serve configuration, opened offline, stores in the database serve then uses (H2 file and
 * PostgreSQL), and refuses to run beside a serve that leads the PCRF.
 */
class PcrfMaintenanceTest {

    @TempDir
    Path dir;

    private static final SubscriberSeed SEED = new SubscriberSeed("79139001234", "Auto1_test.Sibir.OTT.root", "limitTP",
            0, List.of(new SubscriberSeed.StepSeed(OptionalLong.of(3600), OptionalLong.of(100L << 20),
                    java.util.Optional.empty()), SubscriberSeed.StepSeed.FRESH));

    private void seedThenServe(ServeConfig config) {
        try (PcrfMaintenance offline = PcrfMaintenance.open(config, Clock.systemUTC())) {
            assertThat(offline.engine().seed(SEED, false)).isEqualTo(SubscriberSeed.Outcome.STORED);
        }
        try (NetleverServer server = NetleverServer.start(config, Clock.systemUTC())) {
            SubscriberState state = server.pcrf().orElseThrow().state("79139001234").orElseThrow();
            assertThat(state.current().remainingTime()).hasValue(Duration.ofHours(1));
            assertThat(state.current().remainingVolume()).hasValue(100L << 20);
        }
    }

    @Test
    @DisplayName("S3.7: state seeded offline into serve's H2 file is what serve then loads")
    void h2File_seededOffline_isLoadedByServe() {
        ServeConfig config = ExampleConfig.in(dir).read();
        seedThenServe(config);
        assertThat(Files.exists(dir.resolve("server/config/data/netlever.mv.db"))).isTrue();
    }

    @Test
    @DisplayName("S3.7: state seeded offline into serve's PostgreSQL database is what serve then loads")
    void postgres_seededOffline_isLoadedByServe() {
        seedThenServe(ExampleConfig.in(dir).postgres(DatabaseKind.newPostgresUrl()).read());
    }

    @Test
    @DisplayName("S3.7: with a serve leading the PCRF on the PostgreSQL database, the offline PCRF does not open")
    void postgres_serveLeads_offlineOpenIsRefused() {
        ServeConfig config = ExampleConfig.in(dir).postgres(DatabaseKind.newPostgresUrl()).read();
        try (NetleverServer server = NetleverServer.start(config, Clock.systemUTC())) {
            assertThat(server.pcrf()).isPresent();
            assertThatThrownBy(() -> PcrfMaintenance.open(config, Clock.systemUTC()).close())
                    .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement()
                            .satisfies(p -> assertThat(p.toString()).contains("pcrf.leadership")
                                    .contains("another process leads the PCRF on this database")));
        }
        try (PcrfMaintenance offline = PcrfMaintenance.open(config, Clock.systemUTC())) {
            assertThat(offline.engine().subscriberCount()).as("serve stopped: the lead is free").isZero();
        }
    }
}
