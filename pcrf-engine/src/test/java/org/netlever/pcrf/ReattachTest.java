package org.netlever.pcrf;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.concurrent.TimeUnit;
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
import org.netlever.pcrf.model.PcrfDefinitions;

/**
 * S3.6 on H2 and PostgreSQL: a subscriber stored on a tariff plan the definitions later dropped is not loaded, but
 * its row stays; when the BRAS authorizes it again it is re-attached on its new plan — its own row updated, not a
 * second row inserted (which the store refuses, and the engine's writer used to retry for ever), and the row ids of
 * new subscribers do not collide with it.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(DatabaseKind.class)
class ReattachTest {

    private static final String DOMAIN = "Auto1_test.Sibir.OTT.root";

    @Parameter
    DatabaseKind kind;

    private DatabaseKind.TestDatabase db;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T04:00:00Z"));

    @BeforeEach
    void setUp() {
        db = kind.open();
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private PcrfEngine engine(PcrfDefinitions definitions) {
        return PcrfEngine.builder(db.database(), definitions).clock(clock).build();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    @DisplayName("S3.6: a subscriber whose stored plan was dropped is re-attached on its own row")
    void attach_storedOnADroppedPlan_updatesItsRow_andNewSubscribersGetTheirOwn() {
        try (PcrfEngine old = engine(Seed.withExtraPlan("oldTP"))) {
            old.attach("79139001234", DOMAIN, "oldTP");
            old.attach("79139001235", DOMAIN, "oldTP");
        }
        try (PcrfEngine engine = engine(Seed.definitions())) {
            assertThat(engine.subscriberCount()).as("not loaded: their plan is gone").isZero();
            assertThat(engine.attach("79139001234", DOMAIN, "limitTP").tariffPlan()).isEqualTo("limitTP");
            assertThat(engine.attach("79139001299", DOMAIN, "limitTP").step())
                    .as("a new subscriber, on a row id of its own").isZero();
        }
        try (PcrfEngine restarted = engine(Seed.definitions())) {
            assertThat(restarted.state("79139001234").orElseThrow().tariffPlan()).isEqualTo("limitTP");
            assertThat(restarted.state("79139001299")).isPresent();
            assertThat(restarted.state("79139001235")).as("still on the dropped plan: kept, not loaded").isEmpty();
            assertThat(restarted.subscriberCount()).isEqualTo(2);
        }
        try (PcrfEngine back = engine(Seed.withExtraPlan("oldTP"))) {
            assertThat(back.state("79139001235").orElseThrow().tariffPlan()).as("its row untouched").isEqualTo("oldTP");
            assertThat(back.subscriberCount()).isEqualTo(3);
        }
    }
}
