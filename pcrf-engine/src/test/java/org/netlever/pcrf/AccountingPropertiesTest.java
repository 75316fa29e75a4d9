package org.netlever.pcrf;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.netlever.aaa.store.Database;
import org.netlever.aaa.testing.MutableClock;

/**
 * S3.7 / S3.8 through the whole engine (H2): whatever accounting a BRAS sends, interleaved with the clock moving on
 * and cron rounds, a remaining quota grows only in a call that made a transition (a re-arm or a reset), and the
 * records the engine did not believe are exactly the ones it counts as problems.
 */
class AccountingPropertiesTest {

    private static final ZoneId YEKT = ZoneId.of("Asia/Yekaterinburg");
    private static final String USER = "79139001234";
    private static final long[] EXTREMES = {0, 1 << 20, 1L << 30, (1L << 32) - 1, 1L << 32, 0x7FFFFFFFL << 32,
        Long.MAX_VALUE, Long.MIN_VALUE, -1};

    /** One thing that happens: a record ({@code code} 0–2: Start, Interim, Stop) or, for 3, hours pass. */
    record Event(int code, int session, int seconds, long input, long output, boolean gigawords) {
    }

    @Provide
    Arbitrary<List<Event>> events() {
        Arbitrary<Long> counter = Arbitraries.oneOf(Arbitraries.longs().between(0, 1L << 31),
                Arbitraries.of(EXTREMES[0], EXTREMES[1], EXTREMES[2], EXTREMES[3], EXTREMES[4], EXTREMES[5],
                        EXTREMES[6], EXTREMES[7], EXTREMES[8]));
        return Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 1),
                Arbitraries.integers().between(0, 9000), counter, counter, Arbitraries.of(true, false))
                .as(Event::new).list().ofMaxSize(30);
    }

    @Property(tries = 25)
    void remainingQuota_growsOnlyWithATransition(@ForAll("events") List<Event> events) {
        MutableClock clock = new MutableClock(ZonedDateTime.of(LocalDateTime.parse("2026-11-23T09:00"), YEKT)
                .toInstant());
        try (Database db = Database.h2InMemory();
                PcrfEngine engine = PcrfEngine.builder(db, Seed.definitions()).clock(clock).build()) {
            engine.attach(USER, "Auto1_test.Sibir.OTT.root", "limitTP");
            SubscriberState before = engine.state(USER).orElseThrow();
            long problems = 0;
            for (Event e : events) {
                boolean transition;
                if (e.code() == 3) {
                    clock.advance(Duration.ofSeconds(e.seconds() * 10L));
                    transition = !engine.runDue().isEmpty();
                } else {
                    clock.advance(Duration.ofSeconds(1));
                    AccountingResult result = engine.account(new AccountingUpdate(
                            AccountingUpdate.Kind.values()[e.code()], "s" + e.session(), USER, "limit2h1Gb", "bras-1",
                            Duration.ofSeconds(e.seconds()), e.input(), e.output(), e.gigawords()));
                    assertThat(result.usedOctets()).isNotNegative();
                    assertThat(result.usedTime().isNegative()).isFalse();
                    transition = result.transition().isPresent();
                    problems += result.problems().isEmpty() ? 0 : 1;
                }
                SubscriberState after = engine.state(USER).orElseThrow();
                if (!transition) {
                    assertThat(after.step()).as("no transition, same step after %s", e).isEqualTo(before.step());
                    assertThat(volume(after)).as("remaining volume after %s", e).isLessThanOrEqualTo(volume(before));
                    assertThat(time(after)).as("remaining time after %s", e).isLessThanOrEqualTo(time(before));
                }
                before = after;
            }
            assertThat(engine.accountingProblems().values().stream().mapToLong(Long::longValue).sum())
                    .as("each record not believed is counted under each of its problems")
                    .isBetween(problems, 2 * problems);
        }
    }

    private static long volume(SubscriberState state) {
        return state.current().remainingVolume().orElse(Long.MAX_VALUE);
    }

    private static long time(SubscriberState state) {
        Optional<Duration> time = state.current().remainingTime();
        return time.map(Duration::toSeconds).orElse(Long.MAX_VALUE);
    }
}
