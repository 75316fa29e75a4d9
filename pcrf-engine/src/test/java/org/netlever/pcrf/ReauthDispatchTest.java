package org.netlever.pcrf;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.netlever.aaa.store.Database;
import org.netlever.aaa.testing.Await;
import org.netlever.aaa.testing.MutableClock;

/** S3.8: every transition with a session open reaches the BRAS, however the requests interleave. */
class ReauthDispatchTest {

    private static final ZoneId YEKT = ZoneId.of("Asia/Yekaterinburg");
    private static final String USER = "79139001234";

    @Test
    void transitionWhileTheLastRequestIsOnTheWire_getsItsOwnRequest() throws Exception {
        MutableClock clock = new MutableClock(ZonedDateTime.of(LocalDateTime.parse("2026-11-23T09:00"), YEKT)
                .toInstant());
        List<BrasNotifier.ReauthRequest> told = new CopyOnWriteArrayList<>();
        CountDownLatch firstOnTheWire = new CountDownLatch(1);
        CountDownLatch secondTransitionMade = new CountDownLatch(1);
        BrasNotifier slowBras = request -> {
            if (told.isEmpty()) {
                firstOnTheWire.countDown();
                // The BRAS acknowledges the first request only after the next transition happened.
                assertThat(secondTransitionMade.await(30, TimeUnit.SECONDS)).isTrue();
            }
            told.add(request);
        };
        // One request per second: the second transition's request is dispatched after the first one is acknowledged.
        try (Database db = Database.h2InMemory();
                PcrfEngine engine = PcrfEngine.builder(db, Seed.definitions()).clock(clock).notifier(slowBras)
                        .reauthRate(1).build()) {
            engine.attach(USER, "Auto1_test.Sibir.OTT.root", "limitTP");
            engine.account(new AccountingUpdate(AccountingUpdate.Kind.START, "s1", USER, "limit2h1Gb", "bras-1",
                    Duration.ZERO, 0, 0, true));
            clock.advance(Duration.ofHours(2));
            assertThat(engine.account(new AccountingUpdate(AccountingUpdate.Kind.INTERIM, "s1", USER, "limit2h1Gb",
                    "bras-1", Duration.ofHours(2), 0, 0, true)).transition()).isPresent();
            assertThat(firstOnTheWire.await(30, TimeUnit.SECONDS)).isTrue();

            // The BRAS goes on accounting through the night, so the session is still open at 07:00 (S3.9).
            clock.set(ZonedDateTime.of(LocalDateTime.parse("2026-11-24T06:59"), YEKT).toInstant());
            engine.account(new AccountingUpdate(AccountingUpdate.Kind.INTERIM, "s1", USER, "limit2h1Gb", "bras-1",
                    Duration.ofHours(22), 0, 0, true));
            clock.set(ZonedDateTime.of(LocalDateTime.parse("2026-11-24T07:00"), YEKT).toInstant());
            assertThat(engine.runDue()).singleElement()
                    .satisfies(t -> assertThat(t.reason()).isEqualTo(TransitionReason.CRON));
            secondTransitionMade.countDown();

            Await.until("the BRAS is told about the 07:00 reset too", () -> told.size() == 2);
            assertThat(told).allSatisfy(r -> assertThat(r.sessions())
                    .containsExactly(new BrasNotifier.OpenSession("s1", "bras-1")));
        }
    }

    @Test
    void failedRequest_isCountedAndRetried() {
        MutableClock clock = new MutableClock(ZonedDateTime.of(LocalDateTime.parse("2026-11-23T09:00"), YEKT)
                .toInstant());
        List<BrasNotifier.ReauthRequest> attempts = new CopyOnWriteArrayList<>();
        BrasNotifier nakOnce = request -> {
            attempts.add(request);
            if (attempts.size() == 1) {
                throw new IllegalStateException("CoA-NAK: Session-Context-Not-Found");
            }
        };
        try (Database db = Database.h2InMemory();
                PcrfEngine engine = PcrfEngine.builder(db, Seed.definitions()).clock(clock).notifier(nakOnce)
                        .build()) {
            engine.attach(USER, "Auto1_test.Sibir.OTT.root", "limitTP");
            engine.account(new AccountingUpdate(AccountingUpdate.Kind.START, "s1", USER, "limit2h1Gb", "bras-1",
                    Duration.ZERO, 0, 0, true));
            engine.account(new AccountingUpdate(AccountingUpdate.Kind.INTERIM, "s1", USER, "limit2h1Gb", "bras-1",
                    Duration.ofHours(2), 0, 0, true));

            Await.until("the retry after the NAK succeeds", () -> engine.reauthSent() == 1);
            assertThat(engine.reauthFailed()).isEqualTo(1);
            assertThat(attempts).extracting(BrasNotifier.ReauthRequest::attempt).containsExactly(1, 2);
        }
    }
}
