package org.netlever.pcrf;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.netlever.aaa.store.Database;
import org.netlever.aaa.testing.Await;
import org.netlever.pcrf.model.PcrfDefinitions;
import org.netlever.pcrf.model.PcrfService;
import org.netlever.pcrf.model.Scenario;
import org.netlever.pcrf.model.TariffPlan;

/** S3.10 without the original's hourly check: the engine's own timer fires cron limits at their moment. */
class TimerTest {

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

            assertThat(engine.history("subscriber", 10)).allSatisfy(t -> {
                assertThat(t.reason()).isEqualTo(TransitionReason.CRON);
                assertThat(t.at().getNano()).as("fired for its whole-second moment").isZero();
            });
        }
    }
}
