package org.netlever.pcrf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.netlever.aaa.store.Database;
import org.netlever.aaa.testing.MutableClock;

/** An engine replaced by another process's engine stores nothing more and tells the BRAS nothing more. */
class StoreFenceTest {

    private static final ZoneId YEKT = ZoneId.of("Asia/Yekaterinburg");
    private static final String USER = "79139001234";

    private static AccountingUpdate interim(long seconds) {
        return new AccountingUpdate(seconds == 0 ? AccountingUpdate.Kind.START : AccountingUpdate.Kind.INTERIM, "s1",
                USER, "limit2h1Gb", "bras-1", Duration.ofSeconds(seconds), 0, 0, true);
    }

    @Test
    void fenceRefuses_writesFailAndNothingIsStoredOrAnnounced() {
        MutableClock clock = new MutableClock(ZonedDateTime.of(LocalDateTime.parse("2026-11-23T09:00"), YEKT)
                .toInstant());
        AtomicBoolean owner = new AtomicBoolean(true);
        List<BrasNotifier.ReauthRequest> told = new CopyOnWriteArrayList<>();
        try (Database db = Database.h2InMemory()) {
            try (PcrfEngine engine = PcrfEngine.builder(db, Seed.definitions()).clock(clock).notifier(told::add)
                    .fence(transaction -> owner.get()).build()) {
                engine.attach(USER, "Auto1_test.Sibir.OTT.root", "limitTP");
                engine.account(interim(0));
                engine.account(interim(3600));

                owner.set(false);   // another process's engine took over

                assertThatThrownBy(() -> engine.account(interim(7200))).isInstanceOf(PcrfFencedException.class)
                        .hasMessageContaining("another engine owns the PCRF state");
                assertThatThrownBy(() -> engine.account(interim(7300))).as("and everything after it")
                        .isInstanceOf(PcrfFencedException.class);
            }
            assertThat(told).as("the refused transition is not announced").isEmpty();
            try (PcrfEngine successor = PcrfEngine.builder(db, Seed.definitions()).clock(clock).build()) {
                SubscriberState state = successor.state(USER).orElseThrow();
                assertThat(state.step()).as("the quota transition was refused").isZero();
                assertThat(state.current().remainingTime()).as("the last stored interim: one hour used")
                        .hasValue(Duration.ofHours(1));
                assertThat(successor.history(USER, 10)).isEmpty();
            }
        }
    }
}
