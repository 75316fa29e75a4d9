package org.netlever.pcrf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.netlever.aaa.testing.Await;
import org.netlever.aaa.testing.DatabaseKind;
import org.netlever.aaa.testing.MutableClock;
import org.netlever.pcrf.model.DefaultAction;
import org.netlever.pcrf.model.PcrfDefinitions;
import org.netlever.pcrf.model.PcrfService;
import org.netlever.pcrf.model.Scenario;
import org.netlever.pcrf.model.TariffPlan;

/**
 * The seed's worked example (S3) with a manual clock, on H2 and on PostgreSQL: 2 hours or 1 GiB on weekdays, then
 * the blocking service until 07:00 Yekaterinburg time, then {@code again}; idle sessions; accounting that is
 * retransmitted, out of order, wrapping and concurrent; the S3.11 reset both ways; and a restart.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(DatabaseKind.class)
class SeedStoryTest {

    private static final ZoneId YEKT = ZoneId.of("Asia/Yekaterinburg");
    private static final String DOMAIN = "Auto1_test.Sibir.OTT.root";
    private static final long GIB = 1L << 30;
    private static final long MIB = 1L << 20;

    @Parameter
    DatabaseKind kind;

    private DatabaseKind.TestDatabase testDb;
    private MutableClock clock;
    private final List<BrasNotifier.ReauthRequest> reauths = new CopyOnWriteArrayList<>();
    private PcrfEngine engine;

    private static Instant yekt(String local) {
        return ZonedDateTime.of(java.time.LocalDateTime.parse(local), YEKT).toInstant();
    }

    @BeforeEach
    void setUp() {
        testDb = kind.open();
        clock = new MutableClock(yekt("2026-11-23T09:00:00"));   // Monday 09:00 in Yekaterinburg
        engine = engine(Seed.definitions(), ResetPolicy.RESTART_SCENARIO);
    }

    @AfterEach
    void tearDown() {
        engine.close();
        testDb.close();
    }

    private PcrfEngine engine(PcrfDefinitions definitions, ResetPolicy policy) {
        return PcrfEngine.builder(testDb.database(), definitions).clock(clock).resetPolicy(policy)
                .notifier(reauths::add).reauthRate(1000).build();
    }

    private AccountingResult account(AccountingUpdate.Kind kind, String session, String subscriber, String service,
            long seconds, long octets) {
        return engine.account(new AccountingUpdate(kind, session, subscriber, service, "bras-1",
                Duration.ofSeconds(seconds), octets / 3, octets - octets / 3, true));
    }

    @Test
    void timeQuota_blocksUntilSevenOClockYekaterinburg_thenAgain() {
        SubscriberState attached = engine.attach("79139001234", DOMAIN, "limitTP");
        assertThat(attached.step()).isZero();
        assertThat(attached.zone()).isEqualTo(YEKT);
        assertThat(attached.current().remainingTime()).hasValue(Duration.ofHours(2));
        assertThat(attached.current().remainingVolume()).hasValue(GIB);
        assertThat(attached.steps().get(1).nextCronLocal()).hasValue(
                ZonedDateTime.of(2026, 11, 24, 7, 0, 0, 0, YEKT));   // Monday's 07:00 has passed: Tuesday's

        account(AccountingUpdate.Kind.START, "s1", "79139001234", "limit2h1Gb", 0, 0);
        AccountingResult last = null;
        for (int i = 1; i <= 24; i++) {                    // an interim every 300 s, 10 MiB each
            clock.advance(Duration.ofSeconds(300));
            last = account(AccountingUpdate.Kind.INTERIM, "s1", "79139001234", "limit2h1Gb", 300L * i, 10 * MIB * i);
            if (i < 24) {
                assertThat(last.transition()).as("interim %d", i).isEmpty();
            }
        }
        assertThat(last.transition()).hasValueSatisfying(t -> {
            assertThat(t.reason()).isEqualTo(TransitionReason.TIME_QUOTA);
            assertThat(t.fromStep()).isZero();
            assertThat(t.toStep()).isEqualTo(1);
        });

        ServiceGrant blocked = engine.currentService("79139001234").orElseThrow();
        assertThat(blocked.service().name()).isEqualTo("blocking");
        assertThat(blocked.service().trafficClass()).isEqualTo("WELCOME");
        assertThat(blocked.service().defaultAction()).isEqualTo(DefaultAction.redirect(
                "http://10.10.5.50:9000/eltex_portal/access-denied.jsp"));
        assertThat(blocked.urlLists()).anySatisfy(list -> assertThat(list.matches("https://eltex-co.ru/")).isTrue());
        assertThat(blocked.urlLists()).noneSatisfy(list -> assertThat(list.matches("https://example.com/")).isTrue());
        assertThat(engine.state("79139001234").orElseThrow().steps().get(0).remainingTime())
                .as("S3.8: the quota step is re-armed on leaving it").hasValue(Duration.ofHours(2));
        Await.until("the BRAS is told (services-reauth)", () -> reauths.size() == 1);
        assertThat(reauths.get(0).sessions()).containsExactly(new BrasNotifier.OpenSession("s1", "bras-1"));

        // Still on the old service, the BRAS keeps accounting: nothing is charged to the blocking step.
        clock.advance(Duration.ofSeconds(300));
        assertThat(account(AccountingUpdate.Kind.INTERIM, "s1", "79139001234", "limit2h1Gb", 7500, 300 * MIB)
                .charged()).isFalse();

        // The BRAS goes on accounting through the night (S3.9: a silent session would be closed and told nothing).
        clock.set(yekt("2026-11-24T06:59:59"));
        assertThat(account(AccountingUpdate.Kind.INTERIM, "s1", "79139001234", "limit2h1Gb", 7500 + 71_000,
                300 * MIB).charged()).isFalse();
        assertThat(engine.runDue()).isEmpty();
        clock.set(yekt("2026-11-24T07:00:00"));
        assertThat(engine.runDue()).singleElement().satisfies(t -> {
            assertThat(t.reason()).isEqualTo(TransitionReason.CRON);
            assertThat(t.fromStep()).isEqualTo(1);
            assertThat(t.toStep()).as("again: back to step 0").isZero();
            assertThat(t.at()).isEqualTo(yekt("2026-11-24T07:00:00"));
        });
        SubscriberState unblocked = engine.state("79139001234").orElseThrow();
        assertThat(unblocked.current().service()).isEqualTo("limit2h1Gb");
        assertThat(unblocked.current().remainingTime()).hasValue(Duration.ofHours(2));
        assertThat(unblocked.current().remainingVolume()).hasValue(GIB);
        assertThat(unblocked.steps().get(1).nextCronLocal()).hasValue(
                ZonedDateTime.of(2026, 11, 25, 7, 0, 0, 0, YEKT));
        Await.until("the BRAS is told again", () -> reauths.size() == 2);
        assertThat(engine.history("79139001234", 10)).extracting(Transition::reason)
                .containsExactly(TransitionReason.TIME_QUOTA, TransitionReason.CRON);
    }

    @Test
    void volumeQuota_blocksFirst_andAFridayBlockLastsUntilMonday() {
        clock.set(yekt("2026-11-27T10:00:00"));            // Friday
        engine.attach("79139005678", DOMAIN, "limitTP");
        account(AccountingUpdate.Kind.START, "s2", "79139005678", "limit2h1Gb", 0, 0);
        clock.advance(Duration.ofMinutes(30));
        AccountingResult result = account(AccountingUpdate.Kind.INTERIM, "s2", "79139005678", "limit2h1Gb", 1800,
                GIB + 5);

        assertThat(result.transition()).hasValueSatisfying(t ->
                assertThat(t.reason()).isEqualTo(TransitionReason.VOLUME_QUOTA));
        assertThat(result.usedOctets()).isEqualTo(GIB + 5);
        clock.set(yekt("2026-11-28T07:00:00"));            // Saturday: no reset on weekends
        assertThat(engine.runDue()).isEmpty();
        clock.set(yekt("2026-11-29T12:00:00"));
        assertThat(engine.runDue()).isEmpty();
        assertThat(engine.state("79139005678").orElseThrow().step()).isEqualTo(1);
        clock.set(yekt("2026-11-30T07:00:01"));            // Monday, a second after the moment
        assertThat(engine.runDue()).singleElement().extracting(Transition::at)
                .isEqualTo(yekt("2026-11-30T07:00:00"));
        assertThat(engine.state("79139005678").orElseThrow().step()).isZero();
    }

    @Test
    void idleSession_closedWithQuotaLeft_keepsTheStep_andTheMorningResetRearmsIt() {
        engine.attach("79139000001", DOMAIN, "limitTP");
        account(AccountingUpdate.Kind.START, "s3", "79139000001", "limit2h1Gb", 0, 0);
        clock.advance(Duration.ofMinutes(30));
        account(AccountingUpdate.Kind.INTERIM, "s3", "79139000001", "limit2h1Gb", 1800, 100 * MIB);
        clock.advance(Duration.ofMinutes(10));
        AccountingResult stop = account(AccountingUpdate.Kind.STOP, "s3", "79139000001", "limit2h1Gb", 1800,
                100 * MIB);

        assertThat(stop.transition()).isEmpty();
        SubscriberState idle = engine.state("79139000001").orElseThrow();
        assertThat(idle.step()).isZero();
        assertThat(idle.activeSessions()).isZero();
        assertThat(idle.current().remainingTime()).hasValue(Duration.ofMinutes(90));
        assertThat(idle.current().remainingVolume()).hasValue(GIB - 100 * MIB);

        clock.set(yekt("2026-11-24T07:00:00"));
        assertThat(engine.runDue()).singleElement().extracting(Transition::reason)
                .isEqualTo(TransitionReason.CRON_RESET);
        assertThat(engine.state("79139000001").orElseThrow().current().remainingTime())
                .hasValue(Duration.ofHours(2));
        assertThat(reauths).as("no session is open: nothing to tell the BRAS").isEmpty();
    }

    @Test
    void accounting_retransmittedOutOfOrderWrappingAndConcurrent_countsEachOctetOnce() {
        engine.attach("79139000002", DOMAIN, "limitTP");
        account(AccountingUpdate.Kind.START, "a", "79139000002", "limit2h1Gb", 0, 0);
        account(AccountingUpdate.Kind.START, "b", "79139000002", "limit2h1Gb", 0, 0);

        assertThat(account(AccountingUpdate.Kind.INTERIM, "a", "79139000002", "limit2h1Gb", 600, 60 * MIB)
                .usedOctets()).isEqualTo(60 * MIB);
        assertThat(account(AccountingUpdate.Kind.INTERIM, "a", "79139000002", "limit2h1Gb", 600, 60 * MIB)
                .usedOctets()).as("retransmission").isZero();
        assertThat(account(AccountingUpdate.Kind.INTERIM, "a", "79139000002", "limit2h1Gb", 900, 70 * MIB)
                .usedOctets()).isEqualTo(10 * MIB);
        assertThat(account(AccountingUpdate.Kind.INTERIM, "a", "79139000002", "limit2h1Gb", 300, 30 * MIB)
                .usedOctets()).as("an older interim arriving late").isZero();
        assertThat(account(AccountingUpdate.Kind.INTERIM, "b", "79139000002", "limit2h1Gb", 900, 5 * MIB)
                .usedTime()).as("a concurrent session adds its own time").isEqualTo(Duration.ofSeconds(900));

        SubscriberState state = engine.state("79139000002").orElseThrow();
        assertThat(state.activeSessions()).isEqualTo(2);
        assertThat(state.current().remainingTime()).hasValue(Duration.ofHours(2).minusSeconds(900 + 900));
        assertThat(state.current().remainingVolume()).hasValue(GIB - 70 * MIB - 5 * MIB);

        // A NAS without Gigawords: its 32-bit input counter wraps past 4 GiB.
        engine.attach("79139000012", DOMAIN, "limitTP");
        engine.account(new AccountingUpdate(AccountingUpdate.Kind.START, "c", "79139000012", "limit2h1Gb", "bras-1",
                Duration.ZERO, 0, 0, false));
        engine.account(new AccountingUpdate(AccountingUpdate.Kind.INTERIM, "c", "79139000012", "limit2h1Gb",
                "bras-1", Duration.ofSeconds(60), 4_294_000_000L, 0, false));
        AccountingResult wrapped = engine.account(new AccountingUpdate(AccountingUpdate.Kind.INTERIM, "c",
                "79139000012", "limit2h1Gb", "bras-1", Duration.ofSeconds(120), 1_000_000L, 0, false));
        assertThat(wrapped.usedOctets()).isEqualTo(1_000_000L + (1L << 32) - 4_294_000_000L);
        assertThatThrownBy(() -> account(AccountingUpdate.Kind.INTERIM, "z", "nobody", "limit2h1Gb", 1, 1))
                .isInstanceOf(PcrfException.class).hasMessageContaining("unknown subscriber 'nobody'");
    }

    @Test
    void accounting_stopSentAgainAndALateInterim_evenAfterARestart_countNothingTwice() {
        engine.attach("79139000022", DOMAIN, "limitTP");
        account(AccountingUpdate.Kind.START, "d", "79139000022", "limit2h1Gb", 0, 0);
        account(AccountingUpdate.Kind.INTERIM, "d", "79139000022", "limit2h1Gb", 300, 30 * MIB);
        assertThat(account(AccountingUpdate.Kind.STOP, "d", "79139000022", "limit2h1Gb", 600, 50 * MIB).usedOctets())
                .isEqualTo(20 * MIB);
        assertThat(engine.state("79139000022").orElseThrow().activeSessions()).isZero();

        AccountingResult again = account(AccountingUpdate.Kind.STOP, "d", "79139000022", "limit2h1Gb", 600,
                50 * MIB);
        assertThat(again.usedOctets()).as("the Stop retransmitted after its answer was lost").isZero();
        assertThat(again.usedTime()).isZero();
        engine.close();
        engine = engine(Seed.definitions(), ResetPolicy.RESTART_SCENARIO);
        assertThat(account(AccountingUpdate.Kind.INTERIM, "d", "79139000022", "limit2h1Gb", 300, 30 * MIB)
                .usedOctets()).as("an Interim delayed past the Stop and a restart").isZero();

        SubscriberState state = engine.state("79139000022").orElseThrow();
        assertThat(state.current().remainingVolume()).hasValue(GIB - 50 * MIB);
        assertThat(state.current().remainingTime()).hasValue(Duration.ofHours(2).minusSeconds(600));
        assertThat(state.activeSessions()).as("a late Interim does not reopen a stopped session").isZero();
        assertThat(engine.accountingProblems()).as("late records are no problem")
                .containsOnly(java.util.Map.entry(AccountingProblem.COUNTER_BACKWARDS, 0L),
                        java.util.Map.entry(AccountingProblem.FASTER_THAN_LINE_RATE, 0L));

        // The tombstone outlives the Stop by the idle timeout; then the Acct-Session-Id is a new session's.
        clock.advance(PcrfEngine.DEFAULT_SESSION_IDLE_TIMEOUT.plusMinutes(1));
        account(AccountingUpdate.Kind.START, "d", "79139000022", "limit2h1Gb", 0, 0);
        assertThat(account(AccountingUpdate.Kind.INTERIM, "d", "79139000022", "limit2h1Gb", 300, 10 * MIB)
                .usedOctets()).isEqualTo(10 * MIB);
    }

    private PcrfDefinitions twoQuotaSteps() {
        PcrfDefinitions seed = Seed.definitions();
        PcrfDefinitions.Builder builder = PcrfDefinitions.builder();
        seed.urlLists().values().forEach(builder::urlList);
        seed.services().values().forEach(builder::service);
        seed.domains().zones().forEach(builder::domainZone);
        return builder
                .service(PcrfService.builder("day1h").timeQuota(Duration.ofHours(1)).build())
                .service(PcrfService.builder("extra1h").timeQuota(Duration.ofHours(1)).build())
                .scenario(new Scenario("twoQuotas", List.of("day1h", "extra1h", "blocking"), true))
                .tariffPlan(new TariffPlan("twoTP", "twoTP", "root", "twoQuotas", Duration.ofHours(24)))
                .build();
    }

    private void useFirstQuota(String subscriber) {
        engine.attach(subscriber, DOMAIN, "twoTP");
        engine.account(new AccountingUpdate(AccountingUpdate.Kind.START, subscriber + "-s", subscriber, "day1h",
                "bras-1", Duration.ZERO, 0, 0, true));
        clock.advance(Duration.ofHours(1));
        engine.account(new AccountingUpdate(AccountingUpdate.Kind.STOP, subscriber + "-s", subscriber, "day1h",
                "bras-1", Duration.ofHours(1), 0, 0, true));
        assertThat(engine.state(subscriber).orElseThrow().step()).isEqualTo(1);
    }

    @Test
    void knownLimitation_S3_11_defaultRestartsTheScenario() {
        engine.close();
        engine = engine(twoQuotaSteps(), ResetPolicy.RESTART_SCENARIO);
        useFirstQuota("79139000003");

        clock.set(yekt("2026-11-24T07:00:00"));
        engine.runDue();

        SubscriberState state = engine.state("79139000003").orElseThrow();
        assertThat(state.step()).as("netlever: the new period starts at step 0").isZero();
        assertThat(state.current().remainingTime()).hasValue(Duration.ofHours(1));
    }

    @Test
    void knownLimitation_S3_11_compatibilityPolicyKeepsTheMiddleStep() {
        engine.close();
        engine = engine(twoQuotaSteps(), ResetPolicy.REARM_CURRENT_STEP);
        useFirstQuota("79139000004");
        engine.account(new AccountingUpdate(AccountingUpdate.Kind.START, "x", "79139000004", "extra1h", "bras-1",
                Duration.ZERO, 0, 0, true));
        clock.advance(Duration.ofMinutes(20));
        engine.account(new AccountingUpdate(AccountingUpdate.Kind.STOP, "x", "79139000004", "extra1h", "bras-1",
                Duration.ofMinutes(20), 0, 0, true));

        clock.set(yekt("2026-11-24T07:00:00"));
        engine.runDue();

        SubscriberState state = engine.state("79139000004").orElseThrow();
        assertThat(state.step()).as("the original PCRF: stays on the middle step").isEqualTo(1);
        assertThat(state.current().remainingTime()).as("with its quota re-armed").hasValue(Duration.ofHours(1));
    }

    @Test
    void restart_reloadsStateAndSessions_andResendsAnOwedServicesReauth() {
        engine.close();
        BrasNotifier[] failing = {request -> {
            throw new IllegalStateException("BRAS unreachable");
        }};
        engine = PcrfEngine.builder(testDb.database(), Seed.definitions()).clock(clock)
                .notifier(request -> failing[0].servicesReauth(request)).build();
        engine.attach("79139000005", DOMAIN, "limitTP");
        account(AccountingUpdate.Kind.START, "r", "79139000005", "limit2h1Gb", 0, 0);
        clock.advance(Duration.ofHours(1));
        account(AccountingUpdate.Kind.INTERIM, "r", "79139000005", "limit2h1Gb", 3600, GIB);   // volume used up
        SubscriberState before = engine.state("79139000005").orElseThrow();
        engine.close();

        engine = engine(Seed.definitions(), ResetPolicy.RESTART_SCENARIO);

        SubscriberState after = engine.state("79139000005").orElseThrow();
        // The failed CoA's problem (if it was tried before the close) is kept in memory only; the debt is stored.
        assertThat(after).usingRecursiveComparison().ignoringFields("reauthProblem").isEqualTo(before);
        assertThat(after.reauthProblem()).isEmpty();
        assertThat(after.step()).isEqualTo(1);
        Await.until("the owed services-reauth is resent after the restart", () -> reauths.size() == 1);
        assertThat(reauths.get(0).subscriberId()).isEqualTo("79139000005");
        clock.advance(Duration.ofMinutes(5));
        AccountingResult next = account(AccountingUpdate.Kind.INTERIM, "r", "79139000005", "limit2h1Gb", 3900,
                GIB + MIB);
        assertThat(next.usedOctets()).as("the session's counters survived the restart").isEqualTo(MIB);
        assertThat(next.usedTime()).isEqualTo(Duration.ofSeconds(300));
    }

    @Test
    void unknownTariffPlan_isRefused() {
        assertThatThrownBy(() -> engine.attach("x", DOMAIN, "noSuchPlan")).isInstanceOf(PcrfException.class)
                .hasMessageContaining("noSuchPlan");
        assertThat(engine.state("x")).isEmpty();
        assertThat(engine.currentService("x")).isEqualTo(Optional.empty());
        assertThat(OptionalLong.empty()).isEmpty();
    }
}
