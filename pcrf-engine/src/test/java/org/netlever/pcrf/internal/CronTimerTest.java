package org.netlever.pcrf.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.netlever.aaa.testing.Await;

/** S3.10: the cron timer wakes for the next due moment, not once an interval. */
class CronTimerTest {

    private final Clock clock = Clock.systemUTC();

    @Test
    void start_runsARoundAtOnce_andAnotherAtTheNextDueMoment() {
        AtomicInteger rounds = new AtomicInteger();
        long due = clock.instant().getEpochSecond() + 1;
        // After the second round nothing is due: the timer would sleep its minute.
        try (CronTimer timer = new CronTimer(rounds::incrementAndGet, () -> rounds.get() < 2 ? due : Long.MAX_VALUE,
                clock, null)) {
            timer.start();
            timer.start();

            Await.until("a round at start and one at the due second", () -> rounds.get() == 2);
            assertThat(clock.millis()).as("the second round waited for its moment").isGreaterThanOrEqualTo(due * 1000);
        }
    }

    @Test
    void wake_makesASleepingTimerLookAgain() {
        AtomicInteger rounds = new AtomicInteger();
        try (CronTimer timer = new CronTimer(rounds::incrementAndGet, () -> Long.MAX_VALUE, clock, null)) {
            timer.start();
            Await.until("the first round", () -> rounds.get() == 1);

            timer.wake();

            Await.until("a round long before the minute the timer sleeps with nothing due", Duration.ofSeconds(20),
                    () -> rounds.get() == 2);
        }
    }

    @Test
    void aRoundThatThrows_doesNotStopTheTimer() {
        AtomicInteger rounds = new AtomicInteger();
        try (CronTimer timer = new CronTimer(() -> {
            if (rounds.incrementAndGet() == 1) {
                throw new IllegalStateException("the store is down");
            }
        }, () -> Long.MAX_VALUE, clock, null)) {
            timer.start();
            Await.until("the failed round", () -> rounds.get() == 1);
            timer.wake();
            Await.until("the next round", Duration.ofSeconds(20), () -> rounds.get() >= 2);
        }
    }

    @Test
    void waitMillis_isTheTimeToTheNextDueMoment_atMostAMinute() {
        long now = 1_000_000_000_000L;
        long[] due = {now / 1000 + 5};
        CronTimer timer = new CronTimer(() -> { }, () -> due[0], clock, null);

        assertThat(timer.waitMillis(now)).isEqualTo(5_000);
        due[0] = now / 1000 - 10;
        assertThat(timer.waitMillis(now)).as("overdue: at once").isZero();
        due[0] = now / 1000 + 3600;
        assertThat(timer.waitMillis(now)).isEqualTo(CronTimer.MAX_WAIT_MILLIS);
        due[0] = Long.MAX_VALUE;
        assertThat(timer.waitMillis(now)).isEqualTo(CronTimer.MAX_WAIT_MILLIS);
        due[0] = Long.MAX_VALUE / 10;
        assertThat(timer.waitMillis(now)).as("no overflow").isEqualTo(CronTimer.MAX_WAIT_MILLIS);
    }

    @Test
    void waitMillis_withTheOriginalsPollInterval_isTheInterval() {
        CronTimer timer = new CronTimer(() -> { }, () -> 0L, clock, Duration.ofMinutes(30));

        assertThat(timer.waitMillis(1_000_000_000_000L)).isEqualTo(Duration.ofMinutes(30).toMillis());
    }
}
