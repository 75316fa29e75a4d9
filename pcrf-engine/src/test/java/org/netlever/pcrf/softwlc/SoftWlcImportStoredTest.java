package org.netlever.pcrf.softwlc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.netlever.aaa.testing.DatabaseKind;
import org.netlever.aaa.testing.MutableClock;
import org.netlever.pcrf.AccountingResult;
import org.netlever.pcrf.AccountingUpdate;
import org.netlever.pcrf.BrasNotifier;
import org.netlever.pcrf.PcrfEngine;
import org.netlever.pcrf.Seed;
import org.netlever.pcrf.SubscriberState;
import org.netlever.pcrf.Transition;
import org.netlever.pcrf.TransitionReason;

/**
 * S3.7–S3.10 on H2 and PostgreSQL: SoftWLC's subscribers imported on the morning of Monday 2019-06-24 (the seed's
 * reset moment is 07:00 YEKT that day) carry on as the seed tells — the imported remaining volume runs out, the
 * blocking step's reset comes at 07:00 Asia/Yekaterinburg on the stepped clock — and their state is stored: it
 * survives a restart, and importing again changes nothing.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(DatabaseKind.class)
class SoftWlcImportStoredTest {

    private static final ZoneId YEKT = ZoneId.of("Asia/Yekaterinburg");
    private static final long MIB = 1L << 20;

    @Parameter
    DatabaseKind kind;

    private DatabaseKind.TestDatabase db;
    private MutableClock clock;
    private final List<BrasNotifier.ReauthRequest> reauths = new CopyOnWriteArrayList<>();
    private PcrfEngine engine;

    private static Instant yekt(String local) {
        return ZonedDateTime.of(LocalDateTime.parse(local), YEKT).toInstant();
    }

    @BeforeEach
    void setUp() {
        db = kind.open();
        clock = new MutableClock(yekt("2019-06-24T06:30:00"));
        engine = engine();
    }

    @AfterEach
    void tearDown() {
        engine.close();
        db.close();
    }

    private PcrfEngine engine() {
        return PcrfEngine.builder(db.database(), Seed.definitions()).clock(clock).notifier(reauths::add)
                .reauthRate(1000).build();
    }

    private ImportReport importAll(SoftWlcImport importer) {
        ImportReport seed = Exports.run(importer, engine, Exports.vector("seed-scripts.relaxed.json"),
                Exports.vector("seed-service.relaxed.json"));
        ImportReport migration = Exports.run(importer, engine, Exports.vector("migration-scripts.json"),
                Exports.vector("migration-service.json"));
        assertThat(seed.skipped()).isEmpty();
        assertThat(migration.skipped()).isEmpty();
        return new ImportReport(seed.dryRun(), concat(seed.imported(), migration.imported()),
                concat(seed.kept(), migration.kept()), List.of());
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }

    private AccountingResult account(AccountingUpdate.Kind kind, String subscriber, long seconds, long octets) {
        return engine.account(new AccountingUpdate(kind, "s-" + subscriber, subscriber, "limit2h1Gb", "bras-1",
                Duration.ofSeconds(seconds), octets / 2, octets - octets / 2, true));
    }

    @Test
    @DisplayName("S3.8/S3.10: imported subscribers use up their imported volume and are reset at 07:00 YEKT")
    void imported_continueTheSeedStory() {
        ImportReport report = importAll(SoftWlcImport.builder(Seed.definitions()).build());
        assertThat(report.imported()).extracting(ImportReport.Imported::toString).containsExactly(
                "79139001234 on limitTP, step 0", "79139005678 on limitTP, step 0", "79139009012 on limitTP, step 1",
                "79139003456 on limitTP, step 0");

        SubscriberState partial = engine.state("79139005678").orElseThrow();
        assertThat(partial.current().remainingTime()).hasValue(Duration.ofHours(1));
        assertThat(partial.current().remainingVolume()).hasValue(100 * MIB);

        // S3.8: the 100 MiB left, not a fresh 1 GiB, runs out.
        account(AccountingUpdate.Kind.START, "79139005678", 0, 0);
        clock.advance(Duration.ofSeconds(300));
        assertThat(account(AccountingUpdate.Kind.INTERIM, "79139005678", 300, 60 * MIB).transition()).isEmpty();
        assertThat(engine.state("79139005678").orElseThrow().current().remainingVolume()).hasValue(40 * MIB);
        clock.advance(Duration.ofSeconds(300));
        assertThat(account(AccountingUpdate.Kind.INTERIM, "79139005678", 600, 100 * MIB).transition())
                .hasValueSatisfying(t -> {
                    assertThat(t.reason()).isEqualTo(TransitionReason.VOLUME_QUOTA);
                    assertThat(t.toStep()).isEqualTo(1);
                });

        // S3.10: at 06:59:59 nothing; at 07:00 YEKT the blocking step moves on (again) and step 0 is re-armed.
        clock.set(yekt("2019-06-24T06:59:59"));
        assertThat(engine.runDue()).isEmpty();
        clock.set(yekt("2019-06-24T07:00:00"));
        List<Transition> fired = engine.runDue();
        assertThat(fired).extracting(t -> t.subscriberId() + " " + t.fromStep() + "->" + t.toStep() + " " + t.reason())
                .containsExactlyInAnyOrder("79139005678 1->0 CRON", "79139009012 1->0 CRON",
                        "79139001234 0->0 CRON_RESET", "79139003456 0->0 CRON_RESET");
        assertThat(fired).allSatisfy(t -> assertThat(t.at()).isEqualTo(yekt("2019-06-24T07:00:00")));
        for (String id : List.of("79139001234", "79139005678", "79139009012", "79139003456")) {
            SubscriberState state = engine.state(id).orElseThrow();
            assertThat(state.step()).as(id).isZero();
            assertThat(state.current().remainingVolume()).as(id).hasValue(1L << 30);
            assertThat(state.steps().get(1).nextCron()).as(id + ": Tuesday's 07:00")
                    .hasValue(yekt("2019-06-25T07:00:00"));
        }
        assertThat(engine.history("79139005678", 10)).extracting(Transition::reason)
                .containsExactly(TransitionReason.VOLUME_QUOTA, TransitionReason.CRON);
    }

    @Test
    @DisplayName("S3.7: the imported state is stored: it survives a restart, and a second import keeps it")
    void importTwice_keepsTheState_andItSurvivesARestart() {
        importAll(SoftWlcImport.builder(Seed.definitions()).build());
        account(AccountingUpdate.Kind.START, "79139005678", 0, 0);
        clock.advance(Duration.ofSeconds(300));
        account(AccountingUpdate.Kind.STOP, "79139005678", 300, 30 * MIB);
        SubscriberState used = engine.state("79139005678").orElseThrow();
        assertThat(used.current().remainingVolume()).hasValue(70 * MIB);

        ImportReport again = importAll(SoftWlcImport.builder(Seed.definitions()).build());
        assertThat(again.imported()).isEmpty();
        assertThat(again.kept()).containsExactly("79139001234", "79139005678", "79139009012", "79139003456");
        assertThat(engine.state("79139005678")).hasValue(used);

        engine.close();
        engine = engine();
        assertThat(engine.subscriberCount()).isEqualTo(4);
        assertThat(engine.state("79139005678")).hasValue(used);
        assertThat(engine.state("79139009012").orElseThrow().steps().get(1).nextCron())
                .hasValue(yekt("2019-06-24T07:00:00"));
        clock.set(yekt("2019-06-24T07:00:00"));
        assertThat(engine.runDue()).as("the schedule is rebuilt from the imported rows").hasSize(4);
    }

    @Test
    @DisplayName("S3.7: overwrite brings the export's state back, but not over a subscriber with an open session")
    void overwrite_replacesState_unlessASessionIsOpen() {
        importAll(SoftWlcImport.builder(Seed.definitions()).build());
        account(AccountingUpdate.Kind.START, "79139005678", 0, 0);
        clock.advance(Duration.ofSeconds(300));
        account(AccountingUpdate.Kind.INTERIM, "79139005678", 300, 30 * MIB);

        SoftWlcImport overwrite = SoftWlcImport.builder(Seed.definitions()).overwrite(true).build();
        ImportReport refused = Exports.run(overwrite, engine, Exports.vector("migration-scripts.json"),
                Exports.vector("migration-service.json"));
        assertThat(refused.skipped()).extracting(Object::toString).containsExactly(
                "service.json:1 79139005678: subscriber '79139005678' has 1 open sessions; its state is not "
                        + "overwritten while the BRAS applies its step");
        assertThat(refused.imported()).hasSize(2);
        assertThat(engine.state("79139005678").orElseThrow().current().remainingVolume()).hasValue(70 * MIB);

        account(AccountingUpdate.Kind.STOP, "79139005678", 300, 30 * MIB);
        ImportReport replaced = Exports.run(overwrite, engine, Exports.vector("migration-scripts.json"),
                Exports.vector("migration-service.json"));
        assertThat(replaced.complete()).isTrue();
        assertThat(engine.state("79139005678").orElseThrow().current().remainingVolume()).hasValue(100 * MIB);
        engine.close();
        engine = engine();
        assertThat(engine.state("79139005678").orElseThrow().current().remainingVolume()).hasValue(100 * MIB);
    }

    @Test
    @DisplayName("S3.7: a dry run reports what it would import and stores nothing")
    void dryRun_storesNothing() {
        ImportReport report = importAll(SoftWlcImport.builder(Seed.definitions()).dryRun(true).build());
        assertThat(report.imported()).hasSize(4);
        assertThat(engine.subscriberCount()).isZero();
        engine.close();
        engine = engine();
        assertThat(engine.subscriberCount()).isZero();
        assertThat(engine.state("79139001234")).isEmpty();
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)   // a second INSERT would retry for ever
    @DisplayName("S3.7: a subscriber stored on a plan the definitions dropped is reported, its row left as it is")
    void storedOnADroppedPlan_isSkipped() throws Exception {
        engine.close();
        try (PcrfEngine old = PcrfEngine.builder(db.database(), Seed.withExtraPlan("oldTP")).clock(clock).build()) {
            old.attach("79139001234", "Auto1_test.Sibir.OTT.root", "oldTP");
        }
        engine = engine();
        assertThat(engine.subscriberCount()).as("not loaded: its plan is gone").isZero();
        ImportReport report = Exports.run(SoftWlcImport.builder(Seed.definitions()).build(), engine,
                Exports.vector("seed-scripts.relaxed.json"), Exports.vector("seed-service.relaxed.json"));
        assertThat(report.skipped()).extracting(Object::toString).containsExactly(
                "service.json:1 79139001234: subscriber '79139001234' is stored on tariff plan 'oldTP', which the "
                        + "definitions no longer have (or whose scenario they lack); its row is kept");
        assertThat(report.imported()).isEmpty();
    }
}
