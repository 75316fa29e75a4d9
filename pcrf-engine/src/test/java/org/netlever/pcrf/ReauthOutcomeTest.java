package org.netlever.pcrf;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.OptionalInt;
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
 * S3.8 through the whole engine on H2 and PostgreSQL: what a services-reauth that did not succeed leaves behind
 * (RFC 5176 section 3.6) — a session the BRAS no longer has (503) is closed in the store too; a BRAS without a CoA
 * endpoint is shown with the subscriber and counted, and the debt is not retried for ever.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(DatabaseKind.class)
class ReauthOutcomeTest {

    private static final ZoneId YEKT = ZoneId.of("Asia/Yekaterinburg");
    private static final String USER = "79139001234";

    @Parameter
    DatabaseKind kind;

    private DatabaseKind.TestDatabase testDb;
    private final MutableClock clock = new MutableClock(ZonedDateTime.of(LocalDateTime.parse("2026-11-23T09:00"),
            YEKT).toInstant());
    private final List<BrasNotifier.ReauthRequest> told = new CopyOnWriteArrayList<>();
    private PcrfEngine engine;

    @BeforeEach
    void setUp() {
        testDb = kind.open();
    }

    @AfterEach
    void tearDown() {
        if (engine != null) {
            engine.close();
        }
        testDb.close();
    }

    private PcrfEngine engine(ReauthFailure failure, OptionalInt cause) {
        return PcrfEngine.builder(testDb.database(), Seed.definitions()).clock(clock).reauthRate(1000)
                .reauthRetry(new ReauthRetry(2, Duration.ofMillis(10), Duration.ofMillis(10)))
                .notifier(request -> {
                    told.add(request);
                    throw new ReauthRefusedException(request.subscriberId(), List.of(
                            new ReauthRefusedException.Refusal(request.sessions().get(0).sessionId(), failure,
                                    cause, "as the test's BRAS says")));
                }).build();
    }

    private void blocked() {
        engine.attach(USER, "Auto1_test.Sibir.OTT.root", "limitTP");
        engine.account(new AccountingUpdate(AccountingUpdate.Kind.START, "s1", USER, "limit2h1Gb", "esr-9",
                Duration.ZERO, 0, 0, true));
        clock.advance(Duration.ofHours(2));
        assertThat(engine.account(new AccountingUpdate(AccountingUpdate.Kind.INTERIM, "s1", USER, "limit2h1Gb",
                "esr-9", Duration.ofHours(2), 0, 0, true)).transition()).isPresent();
    }

    @Test
    void noEndpoint_isVisibleWithTheSubscriber_countedOnce_andNotRetried() {
        engine = engine(ReauthFailure.NO_ENDPOINT, OptionalInt.empty());
        blocked();

        Await.until("the problem shows with the subscriber", () -> engine.state(USER).orElseThrow().reauthProblem()
                .isPresent());
        ReauthProblem problem = engine.state(USER).orElseThrow().reauthProblem().orElseThrow();
        assertThat(problem.failure()).isEqualTo(ReauthFailure.NO_ENDPOINT);
        assertThat(problem.sessionId()).isEqualTo("s1");
        assertThat(problem.at()).isEqualTo(clock.instant());
        assertThat(engine.reauthFailures()).containsEntry(ReauthFailure.NO_ENDPOINT, 1L);
        Await.until("nothing is owed", () -> engine.reauthQueued() == 0);
        assertThat(told).as("one attempt, not an endless retry").hasSize(1);

        // The debt is stored as settled: a restart does not send it again.
        engine.close();
        engine = engine(ReauthFailure.NO_ENDPOINT, OptionalInt.empty());
        assertThat(engine.reauthQueued()).isZero();
        assertThat(engine.state(USER).orElseThrow().reauthProblem()).as("kept in memory only").isEmpty();
    }

    @Test
    void sessionGone_closesTheSessionInTheStore() {
        engine = engine(ReauthFailure.SESSION_GONE, OptionalInt.of(503));
        blocked();

        Await.until("the session is closed", () -> engine.state(USER).orElseThrow().activeSessions() == 0);
        assertThat(engine.reauthErrorCauses()).containsEntry(503, 1L);
        engine.close();

        engine = engine(ReauthFailure.SESSION_GONE, OptionalInt.of(503));
        assertThat(engine.state(USER).orElseThrow().activeSessions()).as("after a restart too").isZero();
        assertThat(engine.reauthQueued()).isZero();
        assertThat(told).hasSize(1);
    }
}
