package org.netlever.server.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.netlever.server.billing.CallRecords.interim;
import static org.netlever.server.billing.CallRecords.start;
import static org.netlever.server.billing.CallRecords.stop;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.netlever.aaa.call.AuthorizationDecision;
import org.netlever.aaa.call.CallStop;
import org.netlever.aaa.call.StartReply;
import org.netlever.aaa.radius.RadiusAttribute;
import org.netlever.aaa.radius.RadiusDictionary;
import org.netlever.aaa.radius.attr.H323ReturnCode;
import org.netlever.aaa.testing.DatabaseKind;
import org.netlever.aaa.testing.MutableClock;
import org.netlever.device.Device;
import org.netlever.option82.MacAddress;
import org.netlever.pcrf.bras.PlanDirectory;
import org.netlever.server.ServeConfig;

/** The reference billing behind {@code netlever serve}, on H2 and a real PostgreSQL. */
@ParameterizedClass(name = "{0}")
@EnumSource(DatabaseKind.class)
class ReferenceBillingTest {

    @Parameter
    DatabaseKind kind;

    private DatabaseKind.TestDatabase testDb;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T09:00:00Z"));
    private ReferenceBilling billing;

    private static final ServeConfig.Billing DATA = new ServeConfig.Billing(List.of(),
            List.of(new ServeConfig.Device("sw-17", "dlink-switch", Optional.of(MacAddress.parse("f8:e9:03:e7:55:a6")),
                            Optional.empty()),
                    new ServeConfig.Device("onu-9", "zte-onu", Optional.empty(), Optional.of("ZTEGC0288E70"))),
            List.of(subscriber("alice", "sw-17", 5, "74951234567", "100.00", null),
                    subscriber("bob", "sw-17", 6, "74951234568", "0", null),
                    subscriber("carol", "onu-9", 0, null, "0", null),
                    subscriber("79139001234", null, 0, null, "0", "limitTP"),
                    subscriber("dave", null, 0, "74951234569", "91.00", null)),
            List.of(new ServeConfig.CallTariff("7", new BigDecimal("1.50")),
                    new ServeConfig.CallTariff("7495", new BigDecimal("0.50")),
                    new ServeConfig.CallTariff("8800", BigDecimal.ZERO)),
            List.of(new ServeConfig.RateTariff("home-100", List.of(
                    RadiusDictionary.standard().parse("Filter-Id", "home-100"),
                    RadiusDictionary.standard().parse("Cisco-AVPair", "ip:rate-limit=100000000"),
                    RadiusDictionary.standard().parse("Session-Timeout", "86400")))));

    private static ServeConfig.Subscriber subscriber(String id, String device, int port, String phone, String balance,
            String plan) {
        return new ServeConfig.Subscriber(id, Optional.ofNullable(device),
                port > 0 ? OptionalInt.of(port) : OptionalInt.empty(), "dynamic", Optional.ofNullable(phone),
                new BigDecimal(balance),
                Optional.ofNullable(plan).map(p -> new ServeConfig.PcrfPlan("Auto1_test.Sibir.OTT.root", p)),
                Optional.of("home-100").filter(t -> id.equals("alice")));
    }

    @BeforeEach
    void setUp() {
        testDb = kind.open();
        billing = new ReferenceBilling(testDb.database(), clock);
        billing.load(DATA);
    }

    @AfterEach
    void tearDown() {
        testDb.close();
    }

    private AuthorizationDecision authorize(String calling, String called) {
        return authorize(billing, "call-1", calling, called);
    }

    private static AuthorizationDecision authorize(ReferenceBilling on, String callId, String calling, String called) {
        return CallRecords.authorize(on, callId, calling, called);
    }

    @Test
    void devicesAndSubscribers_areFoundAsS1Asks() {
        Device sw = billing.findByMac(MacAddress.parse("f8:e9:03:e7:55:a6")).orElseThrow();
        assertThat(sw.id()).isEqualTo("sw-17");
        assertThat(sw.typeCode()).isEqualTo("dlink-switch");
        assertThat(billing.findByDevicePort(sw, 5)).extracting(org.netlever.aaa.lease.Subscriber::id)
                .containsExactly("alice");
        Device onu = billing.findBySerial("ZTEGC0288E70").orElseThrow();
        assertThat(billing.findByDevice(onu)).singleElement().satisfies(s -> {
            assertThat(s.id()).isEqualTo("carol");
            assertThat(s.devicePort()).isEmpty();
        });
        assertThat(billing.findByMac(MacAddress.parse("00:1b:54:c2:a0:80"))).isEmpty();
    }

    @Test
    @DisplayName("S1.8: the NAS gets the subscriber's tariff attributes, in order, exactly as configured")
    void rateLimits_areTheTariffsAttributes_inOrder() {
        assertThat(billing.rateLimits("alice")).containsExactly(DATA.rateTariffs().get(0).attributes().toArray(
                RadiusAttribute[]::new));
        assertThat(billing.rateLimits("bob")).as("no rate tariff").isEmpty();
        assertThat(billing.rateLimits("nobody")).isEmpty();
    }

    @Test
    void rateLimits_afterTheTariffChanges_areTheNewOnes() {
        RadiusAttribute slower = RadiusDictionary.standard().parse("Filter-Id", "home-50");
        billing.load(new ServeConfig.Billing(DATA.pools(), DATA.devices(), DATA.subscribers(), DATA.callTariffs(),
                List.of(new ServeConfig.RateTariff("home-100", List.of(slower)))));
        assertThat(billing.rateLimits("alice")).containsExactly(slower);
    }

    @Test
    void lookup_givesThePcrfPlan() {
        assertThat(billing.lookup("79139001234")).hasValue(new PlanDirectory.Assignment(
                "Auto1_test.Sibir.OTT.root", "limitTP"));
        assertThat(billing.lookup("alice")).isEmpty();
    }

    @Test
    void authorize_pricesByLongestPrefix_andBalance() {
        assertThat(authorize("74951234567", "74957654321"))
                .as("100.00 at 0.50 a minute").isEqualTo(AuthorizationDecision.acceptFor(Duration.ofMinutes(200)));
        assertThat(authorize("74951234567", "73832000000"))
                .as("the same call re-routed to another B: reserved anew, 100.00 at 1.50 a minute")
                .isEqualTo(AuthorizationDecision.acceptFor(Duration.ofMinutes(66)));
        assertThat(authorize("74951234568", "88001234567"))
                .as("free even at zero balance").isEqualTo(AuthorizationDecision.acceptFor(ReferenceBilling.MAX_CREDIT));
        assertThat(authorize("74951234568", "74957654321"))
                .isEqualTo(AuthorizationDecision.reject("balance 0.0000 of bob", H323ReturnCode.ZERO_BALANCE));
        assertThat(authorize("70000000000", "74957654321"))
                .isEqualTo(AuthorizationDecision.reject("no account has phone 70000000000",
                        H323ReturnCode.INVALID_ACCOUNT));
        assertThat(authorize("74951234567", "4420000000"))
                .isEqualTo(AuthorizationDecision.reject("no tariff for 4420000000",
                        H323ReturnCode.CALLED_NUMBER_BLOCKED));
    }

    @Test
    void stop_chargesStartedMinutesOncePerAccountingKey() {
        billing.stop(stop("call-a", "74951234567", "74957654321", Duration.ofSeconds(61)));   // 2 minutes at 0.50
        billing.stop(stop("call-a", "74951234567", "74957654321", Duration.ofSeconds(61)));   // resent after failover
        assertThat(billing.balance("alice")).hasValueSatisfying(b -> assertThat(b).isEqualByComparingTo("99.00"));

        billing.stop(stop("call-b", "74951234567", "73832000000", Duration.ofSeconds(60)));   // 1 minute at 1.50
        assertThat(billing.balance("alice")).hasValueSatisfying(b -> assertThat(b).isEqualByComparingTo("97.50"));
    }

    @Test
    void stop_onTwoBillingsAtOnce_isChargedOnce() throws Exception {
        ReferenceBilling other = new ReferenceBilling(testDb.database(), clock);   // a second serve process
        for (int round = 0; round < 10; round++) {
            CallStop stop = stop("race-" + round, "74951234567", "74957654321", Duration.ofSeconds(60));
            java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
            java.util.concurrent.ExecutorService two = java.util.concurrent.Executors.newFixedThreadPool(2);
            try {
                var a = two.submit(() -> {
                    start.await();
                    billing.stop(stop);
                    return null;
                });
                var b = two.submit(() -> {
                    start.await();
                    other.stop(stop);
                    return null;
                });
                a.get();
                b.get();
            } finally {
                two.shutdown();
            }
        }
        assertThat(billing.balance("alice")).as("ten one-minute calls at 0.50, each charged once")
                .hasValueSatisfying(b -> assertThat(b).isEqualByComparingTo("95.00"));
    }

    @Test
    void stops_arrivingTogether_shareTransactions_andEachIsChargedOnce() throws Exception {
        // One group at a time, as in a process whose other writers are busy: the Stops that wait share the next.
        ReferenceBilling grouped = new ReferenceBilling(testDb.database(), clock, Optional.empty(),
                ReferenceBilling.DEFAULT_RESERVATION_TTL, OptionalInt.empty(), 1);
        grouped.stop(stop("dup-0", "74951234567", "74957654321", Duration.ofSeconds(60)));   // 0.50, stored before
        int threads = 48;
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(threads);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        long[] before = grouped.chargeGroups();
        try {
            List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (int i = 0; i < threads; i++) {
                // Every 8th Stop repeats dup-0 (already charged), every 12th comes from a phone no account has: the
                // groups holding them fail and are written again Stop by Stop.
                String session = i % 8 == 0 ? "dup-0" : "call-" + i;
                String calling = i % 12 == 11 ? "70000000000" : "74951234567";
                done.add(pool.submit(() -> {
                    start.await();
                    grouped.stop(stop(session, calling, "74957654321", Duration.ofSeconds(60)));
                    return null;
                }));
            }
            for (var f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        long[] after = grouped.chargeGroups();
        // 48 Stops: 6 repeat dup-0, 4 have no account (i = 11, 23, 35, 47; none a multiple of 8): 38 new charges.
        assertThat(billing.balance("alice")).hasValueSatisfying(b -> assertThat(b).isEqualByComparingTo("80.50"));
        assertThat(after[1] - before[1]).isEqualTo(threads);
        assertThat(after[0] - before[0]).as("transactions for %d Stops at once", threads).isLessThan(threads);
    }

    @Test
    void load_again_keepsTheBalanceCallsLeft() {
        billing.stop(stop("call-a", "74951234567", "74957654321", Duration.ofSeconds(600)));   // 10 minutes: 5.00
        billing.load(DATA);
        assertThat(billing.balance("alice")).hasValueSatisfying(b -> assertThat(b).isEqualByComparingTo("95.00"));
    }

    @Test
    @DisplayName("issue 12, S2.3: two calls at once share the balance - the second gets what the first left, not all")
    void authorize_twoCallsAtOnce_shareTheBalance() {
        assertThat(authorize(billing, "c-1", "74951234569", "73832000000"))
                .as("91.00 at 1.50 a minute").isEqualTo(AuthorizationDecision.acceptFor(Duration.ofMinutes(60)));
        assertThat(billing.available("dave")).hasValueSatisfying(a -> assertThat(a).isEqualByComparingTo("1.00"));
        assertThat(authorize(billing, "c-2", "74951234569", "73832000000")).isEqualTo(AuthorizationDecision.reject(
                "balance 91.0000, 90.0000 of it held by 1 calls in progress, pays for less than a minute",
                H323ReturnCode.INSUFFICIENT_BALANCE));

        billing.start(start("c-1", "74951234569", "73832000000"));
        billing.stop(stop("c-1", "74951234569", "73832000000", Duration.ofMinutes(60)));
        assertThat(billing.balance("dave")).as("the call talked its whole credit")
                .hasValueSatisfying(b -> assertThat(b).isEqualByComparingTo("1.00"));
    }

    @Test
    @DisplayName("S2.4: Start confirms the reservation and answers its credit time as the maximum duration")
    void start_answersTheCreditTimeAndTheInterimInterval() {
        ReferenceBilling withInterim = new ReferenceBilling(testDb.database(), clock, Optional.of(Duration.ofMinutes(1)));
        authorize(withInterim, "c-1", "74951234569", "73832000000");
        assertThat(withInterim.start(start("c-1", "74951234569", "73832000000"))).isEqualTo(StartReply.proceed()
                .withMaxDuration(Duration.ofMinutes(60)).withInterimInterval(Duration.ofMinutes(1)));
        assertThat(withInterim.start(start("c-9", "74951234569", "73832000000")))
                .as("not authorized, and c-1 holds all but 1.00 of the 91.00: no call goes unlimited")
                .isEqualTo(StartReply.prohibit("balance 91.0000, 90.0000 of it held by 1 calls in progress, pays for"
                        + " less than a minute"));
    }

    @Test
    @DisplayName("issue 12, S2.1 S2.4: with the authorization stage off, Start reserves the credit and limits the call")
    void start_withoutAuthorization_reservesAndLimits_soConcurrentCallsCannotOverdraw() {
        assertThat(billing.start(start("s-1", "74951234569", "73832000000")))
                .as("91.00 at 1.50 a minute").isEqualTo(StartReply.proceed().withMaxDuration(Duration.ofMinutes(60)));
        assertThat(billing.available("dave")).hasValueSatisfying(a -> assertThat(a).isEqualByComparingTo("1.00"));
        assertThat(billing.start(start("s-2", "74951234569", "73832000000")).prohibited())
                .as("a second call at once finds the balance held").isTrue();
        billing.stop(stop("s-1", "74951234569", "73832000000", Duration.ofMinutes(60)));
        assertThat(billing.balance("dave")).hasValueSatisfying(b -> assertThat(b).isEqualByComparingTo("1.00"));
        assertThat(billing.available("dave")).hasValueSatisfying(a -> assertThat(a).isEqualByComparingTo("1.00"));
    }

    @Test
    @DisplayName("S2.5: an Interim-Update extends a call when money came in")
    void answerInterim_afterATopUp_extendsTheCall() {
        authorize(billing, "c-1", "74951234569", "73832000000");
        billing.start(start("c-1", "74951234569", "73832000000"));
        billing.topUp("dave", new BigDecimal("30.00"));

        assertThat(billing.answerInterim(interim("c-1", "74951234569", "73832000000", Duration.ofMinutes(1))))
                .as("121.00 at 1.50").isEqualTo(StartReply.proceed().withMaxDuration(Duration.ofMinutes(80)));
        assertThat(billing.available("dave")).hasValueSatisfying(a -> assertThat(a).isEqualByComparingTo("1.00"));
    }

    @Test
    @DisplayName("S2.5: an Interim-Update cuts a call when other charges took the balance, and ends it when none is left")
    void answerInterim_afterOtherCharges_cutsTheCall_andProhibitsItWhenNothingIsLeft() {
        authorize(billing, "c-1", "74951234569", "73832000000");
        billing.start(start("c-1", "74951234569", "73832000000"));
        // A call that was never authorized (bypassed, say) is charged at its Stop all the same: 30 minutes, 45.00.
        billing.stop(stop("c-bypassed", "74951234569", "73832000000", Duration.ofMinutes(30)));

        assertThat(billing.answerInterim(interim("c-1", "74951234569", "73832000000", Duration.ofMinutes(1))))
                .as("46.00 at 1.50").isEqualTo(StartReply.proceed().withMaxDuration(Duration.ofMinutes(30)));

        billing.stop(stop("c-bypassed-2", "74951234569", "73832000000", Duration.ofMinutes(30)));
        assertThat(billing.answerInterim(interim("c-1", "74951234569", "73832000000", Duration.ofMinutes(2))))
                .isEqualTo(StartReply.prohibit("the balance of dave is used up"));
        assertThat(billing.answerInterim(interim("c-9", "74951234569", "73832000000", Duration.ofMinutes(2))))
                .as("no reservation: left as it is").isEqualTo(StartReply.proceed());
    }

    @Test
    @DisplayName("issue 12, S2.3-S2.7: many calls at once on two servers never overdraw, and the ledger replays")
    void calls_manyThreadsOnTwoInstances_neverOverdraw_andTheLedgerReplaysToTheBalance() throws Exception {
        ReferenceBilling[] instances = {billing, new ReferenceBilling(testDb.database(), clock)};
        int threads = 8;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        java.util.concurrent.atomic.AtomicInteger ids = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger accepted = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(threads);
        List<java.util.concurrent.Future<?>> workers = new java.util.ArrayList<>();
        for (int t = 0; t < threads; t++) {
            ReferenceBilling on = instances[t % 2];
            java.util.Random random = new java.util.Random(t);
            workers.add(pool.submit(() -> {
                together.await();
                for (int i = 0; i < 12; i++) {
                    String call = "m-" + ids.incrementAndGet();
                    if (authorize(on, call, "74951234569", "73832000000")
                            instanceof AuthorizationDecision.Accept accept) {
                        accepted.incrementAndGet();
                        on.start(start(call, "74951234569", "73832000000"));
                        long credit = accept.creditTime().orElseThrow().toSeconds();
                        Duration talked = Duration.ofSeconds(1 + random.nextInt((int) Math.min(credit, 150)));
                        instances[random.nextInt(2)].stop(stop(call, "74951234569", "73832000000", talked));
                        assertThat(on.available("dave").orElseThrow()).isGreaterThanOrEqualTo(BigDecimal.ZERO);
                    }
                }
                return null;
            }));
        }
        try {
            for (java.util.concurrent.Future<?> w : workers) {
                w.get(120, java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(billing.balance("dave").orElseThrow()).as("never below zero").isGreaterThanOrEqualTo(BigDecimal.ZERO);
        // And a few calls still in progress, holding credit (paid for by a top-up, however little the calls left).
        billing.topUp("dave", new BigDecimal("10.00"));
        for (int i = 0; i < 3; i++) {
            authorize(billing, "open-" + i, "74951234569", "73832000000");
        }

        assertThat(accepted.get()).as("calls went through").isGreaterThan(1);
        BigDecimal balance = billing.balance("dave").orElseThrow();
        BigDecimal charged = testDb.database().withHandle(h -> h.createQuery("SELECT COALESCE(SUM(charge), 0)"
                + " FROM billing_call_charge WHERE subscriber_id = 'dave'").mapTo(BigDecimal.class).one());
        BigDecimal held = testDb.database().withHandle(h -> h.createQuery("SELECT COALESCE(SUM(amount), 0)"
                + " FROM billing_call_reservation WHERE subscriber_id = 'dave'").mapTo(BigDecimal.class).one());
        assertThat(balance).as("opening balance less every charge").isEqualByComparingTo(
                new BigDecimal("101.00").subtract(charged));
        assertThat(held).as("the open calls hold credit").isPositive();
        assertThat(balance.subtract(held)).as("what is left after the open calls").isGreaterThanOrEqualTo(
                BigDecimal.ZERO).isEqualByComparingTo(billing.available("dave").orElseThrow());
        CallRecords.Held account = CallRecords.held(testDb.database(), "dave");
        assertThat(account.held()).as("what the account row holds is what its reservations hold")
                .isEqualByComparingTo(account.reserved()).isEqualByComparingTo(held);
        assertThat(account.calls()).as("and as many").isEqualTo(account.reservations()).isPositive();
    }

    @Test
    void constructor_refusesANonPositiveTtlOrLimit() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ReferenceBilling(testDb.database(), clock,
                Optional.empty(), Duration.ZERO, OptionalInt.empty())).isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ReferenceBilling(testDb.database(), clock,
                Optional.empty(), Duration.ofMinutes(1), OptionalInt.of(0)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
