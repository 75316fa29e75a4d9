package org.netlever.pcrf;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
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

/**
 * S3.9 on H2 and PostgreSQL, stepping the engine's clock: a session silent for longer than
 * {@code sessionIdleTimeout} is closed by the cron round's housekeeping, a closed session gets no services-reauth
 * (S3.8), an Interim does not reopen it (only a Start does), and the closing survives a restart.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(DatabaseKind.class)
class IdleSessionTest {

    private static final ZoneId YEKT = ZoneId.of("Asia/Yekaterinburg");
    private static final String DOMAIN = "Auto1_test.Sibir.OTT.root";
    private static final String SILENT = "79139000010";
    private static final String TALKING = "79139000011";
    private static final Duration IDLE = Duration.ofMinutes(10);

    @Parameter
    DatabaseKind kind;

    private DatabaseKind.TestDatabase testDb;
    private final MutableClock clock = new MutableClock(yekt("2026-11-23T09:00:00"));
    private final List<BrasNotifier.ReauthRequest> reauths = new CopyOnWriteArrayList<>();
    private PcrfEngine engine;

    private static Instant yekt(String local) {
        return ZonedDateTime.of(LocalDateTime.parse(local), YEKT).toInstant();
    }

    @BeforeEach
    void setUp() {
        testDb = kind.open();
        engine = engine();
    }

    @AfterEach
    void tearDown() {
        engine.close();
        testDb.close();
    }

    private PcrfEngine engine() {
        return PcrfEngine.builder(testDb.database(), Seed.definitions()).clock(clock).notifier(reauths::add)
                .reauthRate(1000).sessionIdleTimeout(IDLE).build();
    }

    private AccountingResult account(AccountingUpdate.Kind kind, String subscriber, long seconds) {
        return engine.account(new AccountingUpdate(kind, "s-" + subscriber, subscriber, "limit2h1Gb", "bras-1",
                Duration.ofSeconds(seconds), 0, 0, true));
    }

    /** Both subscribers use their two hours up: blocked, each told once. */
    private void bothBlocked() {
        for (String subscriber : List.of(SILENT, TALKING)) {
            engine.attach(subscriber, DOMAIN, "limitTP");
            account(AccountingUpdate.Kind.START, subscriber, 0);
        }
        clock.advance(Duration.ofHours(2));
        for (String subscriber : List.of(SILENT, TALKING)) {
            assertThat(account(AccountingUpdate.Kind.INTERIM, subscriber, 7200).transition()).isPresent();
        }
        Await.until("both are told they are blocked", () -> reauths.size() == 2);
    }

    @Test
    void silentSession_closedAfterTheIdleTimeout_getsNoCoaAtTheReset() {
        bothBlocked();
        // Only TALKING's BRAS goes on accounting.
        clock.set(yekt("2026-11-24T06:55:00"));
        account(AccountingUpdate.Kind.INTERIM, TALKING, 79_500);
        clock.set(yekt("2026-11-24T07:00:00"));

        assertThat(engine.runDue()).as("both are reset").hasSize(2);

        assertThat(engine.state(SILENT).orElseThrow().activeSessions()).as("silent 20 h").isZero();
        assertThat(engine.state(TALKING).orElseThrow().activeSessions()).as("accounted 5 minutes ago").isOne();
        assertThat(engine.state(SILENT).orElseThrow().step()).as("back to step 0 all the same").isZero();
        Await.until("the talking subscriber is told of the reset, and nothing more is owed",
                () -> reauths.size() >= 3 && engine.reauthQueued() == 0);
        assertThat(reauths.subList(2, reauths.size())).extracting(BrasNotifier.ReauthRequest::subscriberId)
                .as("a closed session gets no CoA").containsExactly(TALKING);
    }

    @Test
    void sessionSilentForLessThanTheTimeout_staysOpen() {
        engine.attach(SILENT, DOMAIN, "limitTP");
        account(AccountingUpdate.Kind.START, SILENT, 0);
        clock.advance(IDLE);
        engine.runDue();
        assertThat(engine.state(SILENT).orElseThrow().activeSessions()).isOne();
        clock.advance(Duration.ofSeconds(1));
        engine.runDue();
        assertThat(engine.state(SILENT).orElseThrow().activeSessions()).as("the sweep runs at most once a minute")
                .isOne();
        clock.advance(Duration.ofMinutes(1));
        engine.runDue();
        assertThat(engine.state(SILENT).orElseThrow().activeSessions()).isZero();
    }

    @Test
    void interimAfterTheIdleClose_isChargedButDoesNotReopen_aStartDoes() {
        engine.attach(SILENT, DOMAIN, "limitTP");
        account(AccountingUpdate.Kind.START, SILENT, 0);
        clock.advance(IDLE.plusMinutes(1));
        engine.runDue();
        assertThat(engine.state(SILENT).orElseThrow().activeSessions()).isZero();

        AccountingResult late = account(AccountingUpdate.Kind.INTERIM, SILENT, 600);
        assertThat(late.usedTime()).as("the usage happened: it is charged").isEqualTo(Duration.ofSeconds(600));
        assertThat(engine.state(SILENT).orElseThrow().activeSessions()).as("an Interim does not reopen").isZero();

        account(AccountingUpdate.Kind.START, SILENT, 0);
        assertThat(engine.state(SILENT).orElseThrow().activeSessions()).as("a Start does").isOne();
    }

    @Test
    void idleClose_isStored_andSurvivesARestart() {
        engine.attach(SILENT, DOMAIN, "limitTP");
        account(AccountingUpdate.Kind.START, SILENT, 0);
        clock.advance(IDLE.plusMinutes(1));
        engine.runDue();
        engine.close();

        engine = engine();

        assertThat(engine.state(SILENT).orElseThrow().activeSessions()).isZero();
    }
}
