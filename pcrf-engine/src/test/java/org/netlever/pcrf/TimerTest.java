package org.netlever.pcrf;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.netlever.aaa.store.Database;
import org.netlever.aaa.testing.Await;
import org.netlever.aaa.testing.MutableClock;
import org.netlever.pcrf.model.PcrfDefinitions;
import org.netlever.pcrf.model.PcrfService;
import org.netlever.pcrf.model.Scenario;
import org.netlever.pcrf.model.TariffPlan;

/** S3.10 without the original's hourly check: the engine's own timer fires cron limits at their moment. */
class TimerTest {

    private static final ZoneId YEKT = ZoneId.of("Asia/Yekaterinburg");

    @Test
    void start_firesCronLimitsOnItsOwn() {
        PcrfDefinitions definitions = PcrfDefinitions.builder()
                .service(PcrfService.builder("tick").cronLimit("* * * * * ?").build())
                .scenario(new Scenario("ticking", List.of("tick"), true))
                .tariffPlan(new TariffPlan("tp", "tp", "root", "ticking", Duration.ofHours(1)))
                .build();
        try (Database db = Database.h2InMemory();
                PcrfEngine engine = PcrfEngine.builder(db, definitions).build().start()) {
            engine.attach("subscriber", "root", "tp");

            Await.until("the timer fires the every-second cron at least twice", Duration.ofSeconds(10),
                    () -> engine.transitionCount() >= 2);

            assertThat(engine.schedulerLag().isNegative()).as("measured on a real clock; its size is BENCHMARKS.md's "
                    + "business").isFalse();
            assertThat(engine.history("subscriber", 10)).allSatisfy(t -> {
                assertThat(t.reason()).isEqualTo(TransitionReason.CRON);
                assertThat(t.at().getNano()).as("fired for its whole-second moment").isZero();
            });
        }
    }

    @Test
    void schedulerLag_isHowLateTheEarliestDueMomentFired() {
        MutableClock clock = new MutableClock(ZonedDateTime.of(LocalDateTime.parse("2026-11-23T09:00"), YEKT)
                .toInstant());
        try (Database db = Database.h2InMemory();
                PcrfEngine engine = PcrfEngine.builder(db, Seed.definitions()).clock(clock).build()) {
            engine.attach("79139001234", "Auto1_test.Sibir.OTT.root", "limitTP");
            engine.account(new AccountingUpdate(AccountingUpdate.Kind.START, "s1", "79139001234", "limit2h1Gb",
                    "bras-1", Duration.ZERO, 0, 0, true));
            engine.account(new AccountingUpdate(AccountingUpdate.Kind.INTERIM, "s1", "79139001234", "limit2h1Gb",
                    "bras-1", Duration.ofHours(2), 0, 0, true));
            assertThat(engine.schedulerLag()).as("nothing has fired yet").isZero();

            // The 07:00 reset, run 3.25 s late (as an hourly poll would run it up to an hour late).
            clock.set(ZonedDateTime.of(LocalDateTime.parse("2026-11-24T07:00:03.250"), YEKT).toInstant());
            assertThat(engine.runDue()).singleElement()
                    .satisfies(t -> assertThat(t.reason()).isEqualTo(TransitionReason.CRON));
            assertThat(engine.schedulerLag()).isEqualTo(Duration.ofMillis(3250));
        }
    }
}
