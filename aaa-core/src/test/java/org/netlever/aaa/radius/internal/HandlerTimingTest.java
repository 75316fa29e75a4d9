package org.netlever.aaa.radius.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The rules {@code HandlerThread.AUTO} decides by (issue 12), with the times given rather than waited for. */
class HandlerTimingTest {

    private static final long SECOND = 1_000_000_000L;

    private static void runs(HandlerTiming timing, int count, long nanos) {
        for (int i = 0; i < count; i++) {
            timing.ran(nanos);
        }
    }

    @Test
    void onReader_untilTheAverageIsOverTwentyMicroseconds() {
        HandlerTiming timing = new HandlerTiming();
        assertThat(timing.onReader(0)).as("nothing known yet").isTrue();
        runs(timing, 200, 5_000);
        assertThat(timing.onReader(1_000)).isTrue();
        runs(timing, 200, 40_000);
        assertThat(timing.average()).isGreaterThan(HandlerTiming.FAST_NANOS);
        assertThat(timing.onReader(2_000)).isFalse();
        runs(timing, 200, 2_000);
        assertThat(timing.onReader(3_000)).as("fast again").isTrue();
    }

    @Test
    void ran_oneSlowRunAmongFastOnes_movesOffTheReaderOnlyUntilTheAverageRecovers() {
        // A collector's pause of 5 ms during a run: a few dozen requests on the workers, not a hold-off.
        HandlerTiming timing = new HandlerTiming();
        runs(timing, 1000, 1_000);
        timing.ran(5_000_000);
        assertThat(timing.onReader(0)).isFalse();
        runs(timing, 60, 1_000);
        assertThat(timing.onReader(0)).isTrue();
    }

    @Test
    void ran_aClockStepBackwards_countsAsNoTime() {
        HandlerTiming timing = new HandlerTiming();
        timing.ran(-60 * SECOND);
        assertThat(timing.average()).isZero();
        assertThat(timing.onReader(0)).isTrue();
    }

    @Test
    void stalled_holdsLongerEachTime_upToAnHour() {
        HandlerTiming timing = new HandlerTiming();
        assertThat(timing.stalled(0)).isEqualTo(10 * SECOND);
        assertThat(timing.onReader(9 * SECOND)).isFalse();
        assertThat(timing.onReader(10 * SECOND)).isTrue();
        assertThat(timing.stalled(20 * SECOND)).isEqualTo(20 * SECOND);
        assertThat(timing.onReader(39 * SECOND)).isFalse();
        assertThat(timing.onReader(40 * SECOND)).isTrue();
        long hold = 0;
        for (int i = 0; i < 20; i++) {
            hold = timing.stalled(0);
        }
        assertThat(hold).isEqualTo(3600 * SECOND);
    }

    @Test
    void stalled_aroundTheClockWrap_comparesByDifference() {
        HandlerTiming timing = new HandlerTiming();
        long now = Long.MAX_VALUE - SECOND;
        timing.stalled(now);
        assertThat(timing.onReader(now + 5 * SECOND)).isFalse();
        assertThat(timing.onReader(now + 11 * SECOND)).isTrue();
    }

    @Test
    void onReader_withAClock_readsItOnlyWhileAHoldIsOn() {
        // The hot path asks the time only when a stall's hold-off has to be checked against it.
        HandlerTiming timing = new HandlerTiming();
        long[] reads = {0};
        long[] now = {0};
        java.util.function.LongSupplier clock = () -> {
            reads[0]++;
            return now[0];
        };
        assertThat(timing.onReader(clock)).isTrue();
        assertThat(reads[0]).isZero();

        timing.stalled(0);
        now[0] = 9 * SECOND;
        assertThat(timing.onReader(clock)).isFalse();
        now[0] = 10 * SECOND;
        assertThat(timing.onReader(clock)).as("the hold is over").isTrue();
        assertThat(reads[0]).isEqualTo(2);
        assertThat(timing.onReader(clock)).isTrue();
        assertThat(reads[0]).as("no hold left to check").isEqualTo(2);
    }
}
