package org.netlever.pcrf.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.netlever.pcrf.ResetPolicy;
import org.netlever.pcrf.Seed;
import org.netlever.pcrf.Transition;
import org.netlever.pcrf.TransitionReason;
import org.netlever.pcrf.model.PcrfDefinitions;

/** S3.8, S3.10, S3.11: transitions on their own, over the seed's limit2h1Gb → blocking → again. */
class StepsTest {

    private static final ZoneId YEKT = ZoneId.of("Asia/Yekaterinburg");
    private static final long GIB = 1L << 30;
    private final PcrfDefinitions seed = Seed.definitions();
    private final List<Subscriber> told = new ArrayList<>();

    private static Instant yekt(String local) {
        return ZonedDateTime.of(LocalDateTime.parse(local), YEKT).toInstant();
    }

    private Subscriber attached(Steps steps, Instant now) {
        Subscriber s = new Subscriber("79139001234");
        s.plan = seed.tariffPlan("limitTP").orElseThrow();
        s.scenario = seed.scenario(s.plan.scenario()).orElseThrow();
        s.zone = YEKT;
        s.quota = new long[s.scenario.steps().size() * 3];
        steps.armAll(s, now);
        return s;
    }

    @Test
    void advance_quotaUsedUp_movesOnAndReArmsTheStepLeft() {
        Steps steps = new Steps(seed, ResetPolicy.RESTART_SCENARIO, told::add);
        Instant monday = yekt("2026-11-23T09:00");
        Subscriber s = attached(steps, monday);
        s.quota[1] = 0;

        Transition t = steps.advance(s, 0, TransitionReason.VOLUME_QUOTA, monday);

        assertThat(t).isEqualTo(new Transition(s.id, monday, 0, 1, TransitionReason.VOLUME_QUOTA));
        assertThat(s.step).isEqualTo(1);
        assertThat(s.remainingOctets(0)).isEqualTo(GIB);
        assertThat(s.nextCron(1)).isEqualTo(yekt("2026-11-24T07:00").getEpochSecond());
        assertThat(told).containsExactly(s);
    }

    @Test
    void fire_clockJumpedTwoDays_firesEachMomentInTurn() {
        Steps steps = new Steps(seed, ResetPolicy.RESTART_SCENARIO, told::add);
        Subscriber s = attached(steps, yekt("2026-11-23T09:00"));
        steps.advance(s, 0, TransitionReason.TIME_QUOTA, yekt("2026-11-23T11:00"));
        told.clear();

        List<Transition> fired = steps.fire(s, yekt("2026-11-25T08:00"));

        assertThat(fired).extracting(Transition::reason, Transition::at).containsExactly(
                org.assertj.core.groups.Tuple.tuple(TransitionReason.CRON, yekt("2026-11-24T07:00")),
                org.assertj.core.groups.Tuple.tuple(TransitionReason.CRON_RESET, yekt("2026-11-25T07:00")));
        assertThat(s.step).isZero();
        assertThat(s.nextCron(1)).as("armed after the last moment fired")
                .isEqualTo(yekt("2026-11-26T07:00").getEpochSecond());
        assertThat(told).hasSize(2);
    }

    @Test
    void fire_nothingDue_changesNothing() {
        Steps steps = new Steps(seed, ResetPolicy.RESTART_SCENARIO, told::add);
        Subscriber s = attached(steps, yekt("2026-11-23T09:00"));

        assertThat(steps.fire(s, yekt("2026-11-23T23:00"))).isEmpty();
        assertThat(told).isEmpty();
    }

    @Test
    void reset_underEachPolicy() {
        Instant now = yekt("2026-11-24T07:00");
        Steps restart = new Steps(seed, ResetPolicy.RESTART_SCENARIO, told::add);
        Subscriber a = attached(restart, yekt("2026-11-23T09:00"));
        a.quota[0] = 10;
        assertThat(restart.reset(a, now).reason()).isEqualTo(TransitionReason.CRON_RESET);
        assertThat(a.step).isZero();
        assertThat(a.remainingSeconds(0)).isEqualTo(7200);

        Steps rearm = new Steps(seed, ResetPolicy.REARM_CURRENT_STEP, told::add);
        Subscriber b = attached(rearm, yekt("2026-11-23T09:00"));
        b.quota[0] = 10;
        rearm.reset(b, now);
        assertThat(b.step).isZero();
        assertThat(b.remainingSeconds(0)).isEqualTo(7200);
    }

    @Test
    void armMissingCron_givesAStoredStepWithoutAMomentOne() {
        Steps steps = new Steps(seed, ResetPolicy.RESTART_SCENARIO, told::add);
        Subscriber s = attached(steps, yekt("2026-11-23T09:00"));
        s.quota[5] = Subscriber.NONE;

        steps.armMissingCron(s, yekt("2026-11-23T09:00"));

        assertThat(s.nextCron(1)).isEqualTo(yekt("2026-11-24T07:00").getEpochSecond());
        assertThat(s.nextCron(0)).isEqualTo(Subscriber.NONE);
    }
}
