package org.netlever.pcrf.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.netlever.aaa.testing.Await;
import org.netlever.aaa.testing.DatabaseKind;
import org.netlever.aaa.testing.MutableClock;
import org.netlever.pcrf.AccountingUpdate;
import org.netlever.pcrf.PcrfEngine;
import org.netlever.pcrf.ReauthFailure;
import org.netlever.pcrf.ReauthRefusedException;
import org.netlever.pcrf.ReauthRetry;
import org.netlever.pcrf.Seed;
import org.netlever.pcrf.StepQuota;
import org.netlever.pcrf.SubscriberState;

/**
 * The PCRF read API (issue 15) on H2 and PostgreSQL, against the engine that wrote the state: keyset pages of
 * subscribers by position with every filter, nothing skipped or repeated; a subscriber's quotas with the next reset
 * in its zone (S3.5, S3.7) and its open sessions, alike from the running engine and from the tables (a standby);
 * transitions newest first across a mass reset's ties (S3.10, S3.11); services-reauth owed (stored) and failed (the
 * running engine's memory only, S3.8).
 */
@ParameterizedClass(name = "{0}")
@EnumSource(DatabaseKind.class)
class PcrfReadsTest {

    private static final ZoneId YEKT = ZoneId.of("Asia/Yekaterinburg");
    private static final String SIBIR = "Auto1_test.Sibir.OTT.root";
    private static final String OTHER = "Other.Sibir.OTT.root";

    @Parameter
    DatabaseKind kind;

    private DatabaseKind.TestDatabase db;
    private final MutableClock clock = new MutableClock(ZonedDateTime.of(LocalDateTime.parse("2026-11-23T09:00"),
            YEKT).toInstant());
    private PcrfEngine engine;
    private PcrfReads reads;
    private PcrfReads standby;

    @BeforeEach
    void setUp() {
        db = kind.open();
    }

    @AfterEach
    void tearDown() {
        if (engine != null) {
            engine.close();
        }
        db.close();
    }

    private void start(PcrfEngine.Builder builder) {
        engine = builder.clock(clock).build();
        reads = new PcrfReads(db.database(), Seed.definitions(), () -> Optional.of(engine));
        standby = new PcrfReads(db.database(), Seed.definitions(), Optional::empty);
    }

    private void start() {
        start(PcrfEngine.builder(db.database(), Seed.definitions()));
    }

    private void session(String user, String session, long seconds, long octets) {
        engine.account(new AccountingUpdate(seconds == 0 ? AccountingUpdate.Kind.START
                : AccountingUpdate.Kind.INTERIM, session, user, "limit2h1Gb", "esr-9", Duration.ofSeconds(seconds),
                octets, octets / 2, true));
    }

    /** The user used its two hours up: step 1 (S3.8). */
    private void block(String user) {
        session(user, user + "-s", 0, 0);
        clock.advance(Duration.ofHours(2));
        session(user, user + "-s", 7200, 0);
    }

    private static List<PcrfSubscriberView> all(PcrfReads reads, SubscriberFilter filter, int limit) {
        List<PcrfSubscriberView> out = new ArrayList<>();
        SubscriberFilter next = filter;
        while (true) {
            List<PcrfSubscriberView> page = reads.subscribers(next, limit);
            out.addAll(page);
            if (page.size() < limit) {
                return out;
            }
            next = next.after(page.get(limit - 1).position());
        }
    }

    private static List<String> ids(List<PcrfSubscriberView> views) {
        return views.stream().map(PcrfSubscriberView::subscriberId).toList();
    }

    @Test
    @DisplayName("issue 15: subscribers are paged by position with each filter, none skipped or repeated")
    void subscribers_pagedByPosition_withEachFilter() {
        start();
        for (int i = 0; i < 7; i++) {
            engine.attach("u" + i, i % 2 == 0 ? SIBIR : OTHER, "limitTP");
        }
        block("u3");
        block("u4");

        List<PcrfSubscriberView> every = all(reads, SubscriberFilter.ALL, 3);
        assertThat(ids(every)).containsExactly("u0", "u1", "u2", "u3", "u4", "u5", "u6");
        assertThat(every).extracting(PcrfSubscriberView::position).isSorted().doesNotHaveDuplicates();
        assertThat(ids(all(reads, SubscriberFilter.ALL.withDomain(OTHER), 2))).containsExactly("u1", "u3", "u5");
        assertThat(ids(all(reads, SubscriberFilter.ALL.withStep(1), 1))).containsExactly("u3", "u4");
        assertThat(ids(all(reads, SubscriberFilter.ALL.withStep(0), 2))).containsExactly("u0", "u1", "u2", "u5", "u6");
        assertThat(ids(all(reads, SubscriberFilter.ALL.withStep(1).withDomain(SIBIR), 2))).containsExactly("u4");
        assertThat(ids(all(reads, SubscriberFilter.ALL.withSubscriber("u5"), 2))).containsExactly("u5");
        assertThat(ids(reads.subscribers(SubscriberFilter.ALL.after(every.get(4).position()), 10)))
                .containsExactly("u5", "u6");
        assertThat(reads.subscriber("nobody")).isEmpty();
        assertThat(ids(all(standby, SubscriberFilter.ALL, 4))).as("a standby pages the same tables")
                .isEqualTo(ids(every));
    }

    @Test
    @DisplayName("S3.5, S3.7: quotas with the next reset in the subscriber's zone and the open session, live and stored")
    void subscriber_showsQuotasNextResetInItsZoneAndSessions_alikeLiveAndStored() {
        start();
        engine.attach("u1", SIBIR, "limitTP");
        session("u1", "s1", 0, 0);
        clock.advance(Duration.ofMinutes(10));
        session("u1", "s1", 600, 5000);

        PcrfSubscriberView live = reads.subscriber("u1").orElseThrow();
        SubscriberState state = engine.state("u1").orElseThrow();
        assertThat(live.zone()).isEqualTo(YEKT).isEqualTo(state.zone());
        assertThat(live.step()).isZero();
        assertThat(live.service()).hasValue("limit2h1Gb");
        assertThat(live.quotas()).isEqualTo(state.steps());
        StepQuota first = live.quotas().get(0);
        assertThat(first.remainingTime()).hasValue(Duration.ofHours(2).minusSeconds(600));
        assertThat(first.remainingVolume()).hasValue(1073741824L - 5000 - 2500);
        assertThat(first.nextCronLocal()).isEmpty();
        ZonedDateTime reset = live.quotas().get(1).nextCronLocal().orElseThrow();
        assertThat(reset.getZone()).isEqualTo(YEKT);
        assertThat(reset.toLocalTime()).as("07:00 on the subscriber's clock (S3.10)").isEqualTo(LocalTime.of(7, 0));
        assertThat(reset.toLocalDate()).isEqualTo(java.time.LocalDate.parse("2026-11-24"));
        assertThat(live.sessions()).singleElement().satisfies(s -> {
            assertThat(s.id()).isEqualTo("s1");
            assertThat(s.nas()).isEqualTo("esr-9");
            assertThat(s.seconds()).isEqualTo(600);
            assertThat(s.inputOctets()).isEqualTo(5000);
            assertThat(s.outputOctets()).isEqualTo(2500);
        });
        assertThat(standby.subscriber("u1")).as("the stored row says the same").hasValue(live);

        session("u1", "s1", 600, 5000);
        engine.account(new AccountingUpdate(AccountingUpdate.Kind.STOP, "s1", "u1", "limit2h1Gb", "esr-9",
                Duration.ofSeconds(700), 6000, 3000, true));
        assertThat(reads.subscriber("u1").orElseThrow().sessions()).as("a stopped session is not open").isEmpty();
        assertThat(standby.subscriber("u1").orElseThrow().sessions()).isEmpty();
    }

    @Test
    @DisplayName("S3.10, S3.11: transitions newest first, paged through a mass reset's ties, by subscriber and time")
    void transitions_newestFirst_pagedThroughTies_andFiltered() {
        start();
        for (int i = 0; i < 5; i++) {
            engine.attach("u" + i, SIBIR, "limitTP");
        }
        block("u2");
        clock.set(ZonedDateTime.of(LocalDateTime.parse("2026-11-24T07:00"), YEKT).toInstant());
        assertThat(engine.runDue()).hasSize(5);
        clock.set(ZonedDateTime.of(LocalDateTime.parse("2026-11-25T07:00"), YEKT).toInstant());
        assertThat(engine.runDue()).hasSize(5);

        List<PcrfTransitionEntry> paged = new ArrayList<>();
        TransitionFilter filter = TransitionFilter.ALL;
        while (true) {
            List<PcrfTransitionEntry> page = reads.transitions(filter, 3);
            paged.addAll(page);
            if (page.size() < 3) {
                break;
            }
            PcrfTransitionEntry last = page.get(2);
            filter = new TransitionFilter(Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.of(new TransitionFilter.Position(last.at(), last.id())));
        }
        assertThat(paged).hasSize(11).doesNotHaveDuplicates()
                .isSortedAccordingTo(Comparator.comparing(PcrfTransitionEntry::at)
                        .thenComparing(PcrfTransitionEntry::id).reversed());
        assertThat(paged.get(10).subscriberId()).as("the oldest: u2 blocked").isEqualTo("u2");
        assertThat(paged.get(10).fromStep()).isZero();
        assertThat(paged.get(10).toStep()).isEqualTo(1);
        assertThat(paged.get(10).reason()).isEqualTo(engine.history("u2", 1).get(0).reason().name());

        List<PcrfTransitionEntry> u2 = reads.transitions(new TransitionFilter(Optional.of("u2"), Optional.empty(),
                Optional.empty(), Optional.empty()), 10);
        assertThat(u2).hasSize(3).allMatch(t -> t.subscriberId().equals("u2"));
        assertThat(u2.get(0).at()).isEqualTo(clock.instant());
        var firstReset = ZonedDateTime.of(LocalDateTime.parse("2026-11-24T07:00"), YEKT).toInstant();
        assertThat(reads.transitions(new TransitionFilter(Optional.empty(), Optional.of(firstReset),
                Optional.of(firstReset.plusSeconds(1)), Optional.empty()), 10)).hasSize(5)
                .allMatch(t -> t.at().equals(firstReset));
        assertThat(reads.transitions(new TransitionFilter(Optional.of("nobody"), Optional.empty(), Optional.empty(),
                Optional.empty()), 10)).isEmpty();
    }

    @Test
    @DisplayName("S3.8: a services-reauth being retried is owed, with its attempts; one refused is failed, in memory")
    void coa_owedIsStored_failedIsTheRunningEnginesOnly() {
        start(PcrfEngine.builder(db.database(), Seed.definitions()).reauthRate(1000)
                .reauthRetry(new ReauthRetry(5, Duration.ofHours(1), Duration.ofHours(1)))
                .notifier(request -> {
                    if (request.subscriberId().equals("refused")) {
                        throw new ReauthRefusedException(request.subscriberId(), List.of(
                                new ReauthRefusedException.Refusal(request.sessions().get(0).sessionId(),
                                        ReauthFailure.NO_ENDPOINT, OptionalInt.empty(), "no CoA endpoint for esr-9")));
                    }
                    throw new IllegalStateException("the BRAS does not answer");
                }));
        engine.attach("retried", SIBIR, "limitTP");
        engine.attach("refused", SIBIR, "limitTP");
        engine.attach("idle", SIBIR, "limitTP");
        block("retried");
        var blockedAt = clock.instant();
        block("refused");
        Await.until("both attempted", () -> engine.reauthStatus("retried").orElseThrow().attempts() == 1
                && engine.reauthStatus("refused").orElseThrow().problem().isPresent()
                && !engine.reauthStatus("refused").orElseThrow().pending());

        List<PcrfCoa> owed = reads.owed(OptionalLong.empty(), 10);
        assertThat(owed).singleElement().satisfies(c -> {
            assertThat(c.subscriberId()).isEqualTo("retried");
            assertThat(c.state()).isEqualTo(PcrfCoa.State.OWED);
            assertThat(c.since()).hasValue(blockedAt);
            assertThat(c.attempts()).isEqualTo(1);
            assertThat(c.lastError()).hasValueSatisfying(e -> assertThat(e).startsWith("TRANSIENT"));
        });
        assertThat(reads.owed(OptionalLong.of(owed.get(0).position()), 10)).isEmpty();
        assertThat(reads.owedCount()).isEqualTo(1);
        assertThat(ids(reads.subscribers(SubscriberFilter.ALL.reauthPending(), 10))).containsExactly("retried");

        assertThat(reads.failed(Optional.empty(), 10)).singleElement().satisfies(c -> {
            assertThat(c.subscriberId()).isEqualTo("refused");
            assertThat(c.state()).isEqualTo(PcrfCoa.State.FAILED);
            assertThat(c.since()).hasValue(clock.instant());
            assertThat(c.lastError()).hasValueSatisfying(e -> assertThat(e).startsWith("NO_ENDPOINT")
                    .contains("no CoA endpoint for esr-9"));
        });
        assertThat(reads.failed(Optional.of("refused"), 10)).isEmpty();
        assertThat(reads.failedCount()).isEqualTo(1);

        assertThat(standby.owed(OptionalLong.empty(), 10)).as("a standby knows what is stored")
                .singleElement().satisfies(c -> {
                    assertThat(c.subscriberId()).isEqualTo("retried");
                    assertThat(c.attempts()).isZero();
                    assertThat(c.lastError()).isEmpty();
                });
        assertThat(standby.failed(Optional.empty(), 10)).as("failures are in the running engine's memory").isEmpty();
        assertThat(standby.failedCount()).isZero();
    }
}
