package org.netlever.aaa.radius.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The rules {@code HandlerThread.AUTO} decides by (issue 12), with the times given rather than waited for. */
class HandlerTimingTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void onReader_untilTheAverageIsOverTwentyMicroseconds() {
        HandlerTiming timing = new HandlerTiming();
        assertThat(timing.onReader(0)).as("nothing known yet").isTrue();
        for (int i = 0; i < 200; i++) {
            timing.ran(5_000, i);
        }
        assertThat(timing.onReader(1_000)).isTrue();
        for (int i = 0; i < 200; i++) {
            timing.ran(40_000, i);
        }
        assertThat(timing.average()).isGreaterThan(HandlerTiming.FAST_NANOS);
        assertThat(timing.onReader(2_000)).isFalse();
        for (int i = 0; i < 200; i++) {
            timing.ran(2_000, i);
        }
        assertThat(timing.onReader(3_000)).as("fast again").isTrue();
    }

    private static HandlerTiming warm() {
        HandlerTiming timing = new HandlerTiming();
        for (int i = 0; i < HandlerTiming.WARM_UP_RUNS; i++) {
            timing.ran(1_000, 0);
        }
        return timing;
    }

    @Test
    void ran_aSlowRunWhileCold_countsInTheAverageButDoesNotHold() {
        HandlerTiming timing = new HandlerTiming();
        timing.ran(2_000_000, 0);
        assertThat(timing.onReader(1)).as("the average says no").isFalse();
        fastRuns(timing, 0);
        assertThat(timing.onReader(2)).as("no ten-second hold").isTrue();
    }

    @Test
    void ran_oneSlowRun_holdsTheHandlerOffTheReaderForTenSeconds() {
        HandlerTiming timing = warm();
        long now = 5 * SECOND;
        timing.ran(2_000_000, now);
        assertThat(timing.onReader(now + 1)).isFalse();
        fastRuns(timing, now);
        assertThat(timing.average()).as("kept up on the workers").isLessThan(HandlerTiming.FAST_NANOS);
        assertThat(timing.onReader(now + SECOND)).isFalse();
        assertThat(timing.onReader(now + 9 * SECOND)).isFalse();
        assertThat(timing.onReader(now + 10 * SECOND)).isTrue();
    }

    @Test
    void ran_oneSlowRunAmongFastOnes_isForgottenAfterAboutThirtyRuns() {
        HandlerTiming timing = new HandlerTiming();
        timing.ran(2_000_000, 0);
        assertThat(timing.average()).isGreaterThan(HandlerTiming.FAST_NANOS);
        fastRuns(timing, 0);
        assertThat(timing.average()).isLessThan(HandlerTiming.FAST_NANOS);
    }

    private static void fastRuns(HandlerTiming timing, long now) {
        for (int i = 0; i < 40; i++) {
            timing.ran(1_000, now);
        }
    }

    @Test
    void stalled_holdsLongerEachTime_upToAnHour() {
        HandlerTiming timing = new HandlerTiming();
        assertThat(timing.stalled(0)).isEqualTo(10 * SECOND);
        assertThat(timing.onReader(9 * SECOND)).isFalse();
        assertThat(timing.onReader(10 * SECOND)).isTrue();
        assertThat(timing.stalled(20 * SECOND)).isEqualTo(20 * SECOND);
        assertThat(timing.onReader(39 * SECOND)).isFalse();
        long hold = 0;
        for (int i = 0; i < 20; i++) {
            hold = timing.stalled(0);
        }
        assertThat(hold).isEqualTo(3600 * SECOND);
    }

    @Test
    void ran_aShorterHoldDoesNotCutALongerOne() {
        HandlerTiming timing = warm();
        timing.stalled(0);
        timing.stalled(0);
        timing.stalled(0);
        timing.ran(2_000_000, SECOND);
        fastRuns(timing, SECOND);
        assertThat(timing.onReader(20 * SECOND)).as("the stall's 40 s hold still runs").isFalse();
        assertThat(timing.onReader(40 * SECOND)).isTrue();
    }

    @Test
    void onReader_aroundTheNanoTimeWrap_comparesByDifference() {
        HandlerTiming timing = warm();
        long now = Long.MAX_VALUE - SECOND;
        timing.ran(2_000_000, now);
        fastRuns(timing, now);
        assertThat(timing.onReader(now + 5 * SECOND)).isFalse();
        assertThat(timing.onReader(now + 11 * SECOND)).isTrue();
    }
}
