package org.netlever.server.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.netlever.server.billing.CallRecords.authorize;
import static org.netlever.server.billing.CallRecords.held;
import static org.netlever.server.billing.CallRecords.start;
import static org.netlever.server.billing.CallRecords.stop;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.netlever.aaa.call.AuthorizationDecision;
import org.netlever.aaa.call.StartReply;
import org.netlever.aaa.store.Database;
import org.netlever.aaa.testing.Await;
import org.netlever.aaa.testing.DatabaseKind;
import org.netlever.aaa.testing.MutableClock;
import org.netlever.server.ServeConfig;
import org.netlever.server.billing.CallRecords.Held;

/**
 * The reference billing's reservations as the account row keeps them (V6), Starts written in groups, and expired
 * credit given back by the sweeper; on H2 and a real PostgreSQL.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(DatabaseKind.class)
class ReferenceBillingReservationTest {

    private static final String MIGRATIONS = "org/netlever/server/billing/migrations/";
    private static final Duration TTL = Duration.ofMinutes(5);
    /** 1.50 a minute: four hours, the most one call is given, cost 360.00. */
    private static final String PAID = "73832000000";

    @Parameter
    DatabaseKind kind;

    private DatabaseKind.TestDatabase testDb;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T09:00:00Z"));

    @BeforeEach
    void openDatabase() {
        testDb = kind.open();
    }

    @AfterEach
    void closeDatabase() {
        testDb.close();
    }

    private Database db() {
        return testDb.database();
    }

    private ReferenceBilling billing(OptionalInt maxCalls) {
        return new ReferenceBilling(db(), clock, Optional.empty(), TTL, maxCalls);
    }

    private static ServeConfig.Billing accounts(String... idPhoneBalance) {
        List<ServeConfig.Subscriber> subscribers = new ArrayList<>();
        for (int i = 0; i < idPhoneBalance.length; i += 3) {
            subscribers.add(new ServeConfig.Subscriber(idPhoneBalance[i], Optional.empty(), OptionalInt.empty(),
                    "dynamic", Optional.of(idPhoneBalance[i + 1]), new BigDecimal(idPhoneBalance[i + 2]),
                    Optional.empty(), Optional.empty()));
        }
        return new ServeConfig.Billing(List.of(), List.of(), subscribers,
                List.of(new ServeConfig.CallTariff("7383", new BigDecimal("1.50"))), List.of());
    }

    /** A class loader whose billing migration index stops at V5: the schema an existing installation has. */
    private static ClassLoader upToV5() {
        ClassLoader real = ReferenceBilling.class.getClassLoader();
        return new ClassLoader(real) {
            @Override
            public InputStream getResourceAsStream(String name) {
                if (!name.equals(MIGRATIONS + "index")) {
                    return super.getResourceAsStream(name);
                }
                try (InputStream in = super.getResourceAsStream(name)) {
                    String index = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                            .takeWhile(l -> !l.startsWith("V6__")).collect(Collectors.joining("\n"));
                    return new ByteArrayInputStream(index.getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }

    @Test
    @DisplayName("issue 12: V6 folds the reservations an installation already holds into its accounts' held credit")
    void migrationV6_foldsExistingReservationsIntoTheAccounts() {
        db().migrate("billing", upToV5(), MIGRATIONS);
        OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
        db().inTransaction(h -> {
            h.execute("INSERT INTO billing_subscriber (id, pool_kind, phone, balance) VALUES ('erin', 'dynamic',"
                    + " '74951230001', 100.00), ('frank', 'dynamic', '74951230002', 50.00)");
            h.execute("INSERT INTO billing_call_tariff (prefix, per_minute) VALUES ('7383', 1.50)");
            String reservation = "INSERT INTO billing_call_reservation (call_id, subscriber_id, called, per_minute,"
                    + " minutes, amount, answered, expires_at) VALUES (?, 'erin', '" + PAID + "', 1.50, ?, ?, ?, ?)";
            h.execute(reservation, "v5-live", 20, new BigDecimal("30.00"), true, now.plusMinutes(25));
            h.execute(reservation, "v5-expired", 40, new BigDecimal("60.00"), false, now.minusMinutes(1));
            return null;
        });

        ReferenceBilling billing = billing(OptionalInt.empty());

        assertThat(held(db(), "erin")).isEqualTo(new Held(new BigDecimal("90.0000"), 2, new BigDecimal("90.0000"),
                2));
        assertThat(held(db(), "frank")).as("no reservations").isEqualTo(new Held(new BigDecimal("0.0000"), 0,
                new BigDecimal("0.0000"), 0));
        assertThat(billing.available("erin")).as("the expired one holds nothing")
                .hasValueSatisfying(a -> assertThat(a).isEqualByComparingTo("70.00"));
        assertThat(billing.start(start("v5-live", "74951230001", PAID)))
                .as("the folded reservation is confirmed, not reserved again")
                .isEqualTo(StartReply.proceed().withMaxDuration(Duration.ofMinutes(20)));
        assertThat(billing.sweepExpired()).isEqualTo(1);
        assertThat(held(db(), "erin")).isEqualTo(new Held(new BigDecimal("30.0000"), 1, new BigDecimal("30.0000"),
                1));
    }

    @Test
    @DisplayName("S2.3, issue 12: the sweeper gives back, by the billing's clock, expired credit of an account that"
            + " calls no more")
    void sweeper_givesBackExpiredCredit_ofAnAccountThatCallsNoMore() {
        ReferenceBilling billing = billing(OptionalInt.empty());
        billing.load(accounts("gina", "74951230003", "91.00"));
        assertThat(authorize(billing, "never-reported", "74951230003", PAID))
                .isEqualTo(AuthorizationDecision.acceptFor(Duration.ofMinutes(60)));
        assertThat(held(db(), "gina").held()).isEqualByComparingTo("90.00");

        ReservationSweeper sweeper = ReservationSweeper.start(billing, Duration.ofMillis(5));
        try {
            clock.advance(TTL.minusSeconds(1));
            assertThat(billing.sweepExpired()).as("not yet expired").isZero();
            assertThat(held(db(), "gina")).isEqualTo(new Held(new BigDecimal("90.0000"), 1,
                    new BigDecimal("90.0000"), 1));

            clock.advance(Duration.ofSeconds(2));
            Await.until("the sweeper gives gina's credit back", () -> held(db(), "gina").calls() == 0);
        } finally {
            sweeper.close();
        }
        assertThat(held(db(), "gina")).isEqualTo(new Held(new BigDecimal("0.0000"), 0, new BigDecimal("0.0000"),
                0));
        assertThat(billing.balance("gina")).as("nothing charged").hasValueSatisfying(b -> assertThat(b)
                .isEqualByComparingTo("91.00"));
    }

    @Test
    void sweeper_refusesANonPositiveInterval() {
        ReferenceBilling billing = billing(OptionalInt.empty());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ReservationSweeper.start(billing, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
    }

    @Test
    @DisplayName("S2.3, S2.4: a Start over the call limit is prohibited; once the other calls' reservations expire"
            + " it proceeds, without a sweep")
    void start_overTheCallLimit_isProhibited_untilTheOthersExpire() {
        ReferenceBilling billing = billing(OptionalInt.of(2));
        billing.load(accounts("hank", "74951230004", "1000.00"));
        assertThat(authorize(billing, "l-1", "74951230004", PAID)).isInstanceOf(AuthorizationDecision.Accept.class);
        assertThat(authorize(billing, "l-2", "74951230004", PAID)).isInstanceOf(AuthorizationDecision.Accept.class);

        assertThat(billing.start(start("l-3", "74951230004", PAID))).isEqualTo(StartReply.prohibit(
                "2 calls of hank in progress, the most it may have"));

        clock.advance(TTL.plusSeconds(1));   // l-1 and l-2 never started
        assertThat(billing.start(start("l-3", "74951230004", PAID)))
                .isEqualTo(StartReply.proceed().withMaxDuration(Duration.ofHours(4)));
        assertThat(held(db(), "hank")).isEqualTo(new Held(new BigDecimal("360.0000"), 1, new BigDecimal("360.0000"),
                1));
    }

    @Test
    @DisplayName("issue 12 S2.3: Starts at once on two servers, several accounts, in groups: none overdraws, held"
            + " agrees with the reservations, and the ledger replays to the balance")
    void starts_manyAtOnceOnTwoInstances_shareGroups_neverOverdraw_andHeldAgrees() throws Exception {
        // One group at a time on the first instance, as when its other writers are busy: the Starts that wait share
        // the next; the second writes as serve does.
        ReferenceBilling[] instances = {new ReferenceBilling(db(), clock, Optional.empty(), TTL, OptionalInt.empty(),
                1), billing(OptionalInt.empty())};
        // Each account pays for two calls of four hours (360.00 each) and one of 186 minutes (279.00), 1.00 left.
        String[] ids = {"acc-0", "acc-1", "acc-2", "acc-3"};
        String[] phones = {"74951230010", "74951230011", "74951230012", "74951230013"};
        List<String> data = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            data.addAll(List.of(ids[i], phones[i], "1000.00"));
        }
        instances[0].load(accounts(data.toArray(String[]::new)));
        int threads = 48;
        long[] before = instances[0].reservationGroups();
        List<StartReply> replies = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CyclicBarrier together = new CyclicBarrier(threads);
            List<Future<StartReply>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                ReferenceBilling on = instances[t % 2];
                String phone = phones[(t / 2) % phones.length];
                String call = "g-" + t;
                futures.add(pool.submit(() -> {
                    together.await();
                    return on.start(start(call, phone, PAID));
                }));
            }
            for (Future<StartReply> f : futures) {
                replies.add(f.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        long[] after = instances[0].reservationGroups();
        assertThat(after[0] - before[0]).as("transactions for the Starts this instance took").isLessThan(
                after[1] - before[1]);

        for (int a = 0; a < ids.length; a++) {
            Duration granted = Duration.ZERO;
            for (int t = 0; t < threads; t++) {
                if ((t / 2) % phones.length == a && !replies.get(t).prohibited()) {
                    granted = granted.plus(replies.get(t).maxDuration().orElseThrow());
                }
            }
            assertThat(granted).as("credit granted to %s", ids[a]).isEqualTo(Duration.ofMinutes(240 + 240 + 186));
            assertThat(held(db(), ids[a])).isEqualTo(new Held(new BigDecimal("999.0000"), 3,
                    new BigDecimal("999.0000"), 3));
        }

        for (int t = 0; t < threads; t++) {
            if (!replies.get(t).prohibited()) {
                Duration talked = replies.get(t).maxDuration().orElseThrow();
                instances[t % 2].stop(stop("g-" + t, phones[(t / 2) % phones.length], PAID, talked));
            }
        }
        for (String id : ids) {
            assertThat(held(db(), id)).as("every call stopped").isEqualTo(new Held(new BigDecimal("0.0000"), 0,
                    new BigDecimal("0.0000"), 0));
            BigDecimal charged = db().withHandle(h -> h.createQuery("SELECT SUM(charge) FROM billing_call_charge"
                    + " WHERE subscriber_id = :id").bind("id", id).mapTo(BigDecimal.class).one());
            assertThat(instances[1].balance(id)).as("the ledger replays: %s", id).hasValueSatisfying(b -> assertThat(b)
                    .isEqualByComparingTo(new BigDecimal("1000.00").subtract(charged)).isEqualByComparingTo("1.00"));
        }
    }
}
