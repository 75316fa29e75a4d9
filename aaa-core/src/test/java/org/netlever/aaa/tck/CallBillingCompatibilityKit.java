package org.netlever.aaa.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.netlever.aaa.call.AccountingKey;
import org.netlever.aaa.call.AuthorizationDecision;
import org.netlever.aaa.call.AuthorizationRequest;
import org.netlever.aaa.call.CallAccounting;
import org.netlever.aaa.call.CallAuthorizer;
import org.netlever.aaa.call.CallNumber;
import org.netlever.aaa.call.CallStart;
import org.netlever.aaa.call.CallStop;
import org.netlever.aaa.radius.attr.AcctStatusType;
import org.netlever.aaa.radius.attr.ConfId;
import org.netlever.aaa.radius.attr.H323ReturnCode;
import org.netlever.aaa.radius.attr.Q850Cause;
import org.netlever.aaa.testing.MutableClock;

/**
 * The compatibility kit a prepaid call billing — a {@link CallAuthorizer} and {@link CallAccounting} that limit calls
 * by a balance — must pass: the contract {@link CallAuthorizer} states, checked through the SPIs alone.
 *
 * <p>Extend it in a JUnit 5 test, give it instances of your billing on one storage and a way to fund an account:
 * <pre>{@code
 * class AcmeBillingTest extends CallBillingCompatibilityKit {
 *     private final AcmeDatabase db = AcmeDatabase.fresh();            // one storage per test
 *     protected Instance newInstance(Clock clock) { return Instance.of(new AcmeBilling(db, clock)); }
 *     protected CallNumber fundedAccount(BigDecimal balance) { return CallNumber.of(db.newAccount(balance)); }
 *     protected BigDecimal balance(CallNumber account) { return db.balance(account.digits()); }
 *     protected Tariff tariff() { return new Tariff(CallNumber.of("74957654321"), new BigDecimal("1.00")); }
 *     protected Duration reservationTtl() { return AcmeBilling.RESERVATION_TTL; }
 * }
 * }</pre>
 * The kit checks: a Stop charged once per {@link AccountingKey} across resending and failover (two instances on one
 * storage, also at the same moment); authorizations at once, on two instances, never granting more credit than the
 * balance pays for, and the calls they let through never taking the balance below zero; an Access-Request resent for
 * a call answered as before, without holding more; credit released by the Stop (answered or not) and by expiry, but
 * not before the TTL and, once Start confirmed it, not while the credit lasts; and, if the billing limits calls at
 * once, the call over the limit refused with return code 3 (account in use).
 *
 * <p>Time is the kit's {@link #clock}, a {@link MutableClock}: pass it to your billing. Each test funds its own
 * accounts. Shipped in the {@code netlever-aaa-core} test-jar (classifier {@code tests}). Not thread-safe; JUnit
 * creates an instance per test.
 */
public abstract class CallBillingCompatibilityKit {

    private static final int CALLS_AT_ONCE = 12;
    private static final Instant SETUP = Instant.parse("2026-12-01T09:00:00Z");

    /** The clock the billing under test must use; the kit steps it. */
    protected final MutableClock clock = new MutableClock(SETUP);

    private final AtomicInteger calls = new AtomicInteger();

    /**
     * One instance of the billing under test: what a serve process would plug into the RADIUS handler.
     *
     * <p>Immutable; thread-safe if the billing is.
     *
     * @param authorizer its authorization
     * @param accounting its accounting
     */
    public record Instance(CallAuthorizer authorizer, CallAccounting accounting) {
        /** Checks that nothing is missing. */
        public Instance {
            Objects.requireNonNull(authorizer, "authorizer");
            Objects.requireNonNull(accounting, "accounting");
        }

        /**
         * A billing that implements both SPIs.
         *
         * @param billing the billing
         * @param <B> its type
         * @return the instance
         */
        public static <B extends CallAuthorizer & CallAccounting> Instance of(B billing) {
            return new Instance(billing, billing);
        }
    }

    /**
     * A destination and what calls to it cost.
     *
     * <p>Immutable and thread-safe.
     *
     * @param called a number B whose calls are paid
     * @param perMinute their price per minute, positive
     */
    public record Tariff(CallNumber called, BigDecimal perMinute) {
        /** Checks the price. */
        public Tariff {
            Objects.requireNonNull(called, "called");
            if (perMinute.signum() <= 0) {
                throw new IllegalArgumentException("the kit needs a paid destination, got " + perMinute);
            }
        }
    }

    /**
     * A new instance of the billing under test, on the test's storage: each call is another server sharing it (the
     * kit takes two to check failover). The kit calls this after your {@code @BeforeEach} methods.
     *
     * @param clock the clock to use
     * @return the instance
     */
    protected abstract Instance newInstance(Clock clock);

    /**
     * A new account, without calls, holding a balance.
     *
     * @param balance what it holds
     * @return its number, as calls from it carry it as number A
     */
    protected abstract CallNumber fundedAccount(BigDecimal balance);

    /**
     * An account's balance now: what it had, less what its ended calls cost (credit held for calls in progress may
     * be in it or not).
     *
     * @param account the account
     * @return the balance
     */
    protected abstract BigDecimal balance(CallNumber account);

    /**
     * A paid destination every account may call.
     *
     * @return it and its price
     */
    protected abstract Tariff tariff();

    /**
     * How long the billing under test holds credit for a call that neither answers nor stops.
     *
     * @return the TTL it was given
     */
    protected abstract Duration reservationTtl();

    /**
     * How many calls at once one account may have in the billing under test; empty (the default) for any, which
     * skips the check of return code 3.
     *
     * @return the limit
     */
    protected OptionalInt maxConcurrentCalls() {
        return OptionalInt.empty();
    }

    // ------------------------------------------------------------------------------------------------ the checks

    @Test
    @DisplayName("S2.7: a Stop resent, and resent to another server after failover, is charged once")
    void stop_resentAndAfterFailover_isChargedOnce() throws Exception {
        Failover f = failoverAfterACall(Duration.ofSeconds(90));
        assertThat(f.once()).as("a call of 90 s costs something").isPositive();

        String call = authorizeAccepted(f.first(), f.account());
        f.first().accounting().start(start(call, f.account()));
        CallStop stop = stop(call, f.account(), Duration.ofSeconds(90));
        f.first().accounting().stop(stop);
        f.first().accounting().stop(stop);
        f.second().accounting().stop(stop);

        assertThat(f.spent()).as("two calls, each charged once")
                .isEqualByComparingTo(f.once().multiply(BigDecimal.valueOf(2)));
    }

    @Test
    @DisplayName("S2.7: the same Stop on two servers at the same moment is charged once")
    void stop_onTwoInstancesAtOnce_isChargedOnce() throws Exception {
        Failover f = failoverAfterACall(Duration.ofSeconds(60));
        Instance first = f.first();
        Instance second = f.second();
        CallNumber a = f.account();
        int rounds = 5;
        ExecutorService two = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < rounds; round++) {
                String call = authorizeAccepted(first, a);
                first.accounting().start(start(call, a));
                CallStop stop = stop(call, a, Duration.ofSeconds(60));
                CyclicBarrier together = new CyclicBarrier(2);
                Future<?> x = two.submit(() -> {
                    together.await();
                    first.accounting().stop(stop);
                    return null;
                });
                Future<?> y = two.submit(() -> {
                    together.await();
                    second.accounting().stop(stop);
                    return null;
                });
                x.get(30, TimeUnit.SECONDS);
                y.get(30, TimeUnit.SECONDS);
            }
        } finally {
            two.shutdownNow();
        }
        assertThat(f.spent()).as("%d calls of a minute, each charged once", rounds + 1)
                .isEqualByComparingTo(f.once().multiply(BigDecimal.valueOf(rounds + 1)));
    }

    @Test
    @DisplayName("S2.3: authorizations at once on two servers never grant more credit than the balance pays for")
    void authorize_concurrentlyOnTwoInstances_neverGrantsMoreThanTheBalance() throws Exception {
        Instance[] instances = {newInstance(clock), newInstance(clock)};
        BigDecimal funded = minutes(10);
        CallNumber a = fundedAccount(funded);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < CALLS_AT_ONCE; i++) {
            ids.add(nextCallId());
        }
        ExecutorService pool = Executors.newFixedThreadPool(CALLS_AT_ONCE);
        List<AuthorizationDecision> decisions = new ArrayList<>();
        try {
            CyclicBarrier together = new CyclicBarrier(CALLS_AT_ONCE);
            List<Future<AuthorizationDecision>> futures = new ArrayList<>();
            for (int i = 0; i < CALLS_AT_ONCE; i++) {
                Instance instance = instances[i % 2];
                String call = ids.get(i);
                futures.add(pool.submit(() -> {
                    together.await();
                    return instance.authorizer().authorize(request(call, a));
                }));
            }
            for (Future<AuthorizationDecision> f : futures) {
                decisions.add(f.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }

        Duration granted = Duration.ZERO;
        for (AuthorizationDecision d : decisions) {
            if (d instanceof AuthorizationDecision.Accept accept) {
                assertThat(accept.creditTime()).as("a paid prepaid call has a credit time").isPresent();
                granted = granted.plus(accept.creditTime().get());
            }
        }
        assertThat(decisions).as("someone gets the money").anyMatch(AuthorizationDecision.Accept.class::isInstance);
        assertThat(cost(granted)).as("credit granted in flight (%s) at %s a minute", granted, tariff().perMinute())
                .isLessThanOrEqualTo(funded);

        for (int i = 0; i < CALLS_AT_ONCE; i++) {
            if (decisions.get(i) instanceof AuthorizationDecision.Accept accept) {
                Instance instance = instances[i % 2];
                instance.accounting().start(start(ids.get(i), a));
                instance.accounting().stop(stop(ids.get(i), a, accept.creditTime().orElseThrow()));
            }
        }
        assertThat(balance(a)).as("every call talked its whole credit: the balance is not below zero")
                .isGreaterThanOrEqualTo(BigDecimal.ZERO);
    }

    @Test
    @DisplayName("S2.3: an Access-Request resent, to the same server or the next, is answered as before")
    void authorize_resent_isAnsweredAsBeforeWithoutHoldingMore() throws Exception {
        Instance first = newInstance(clock);
        Instance second = newInstance(clock);
        BigDecimal funded = minutes(10);
        CallNumber a = fundedAccount(funded);
        String call = nextCallId();
        AuthorizationDecision decision = first.authorizer().authorize(request(call, a));
        assertThat(decision).isInstanceOf(AuthorizationDecision.Accept.class);

        assertThat(first.authorizer().authorize(request(call, a))).isEqualTo(decision);
        assertThat(second.authorizer().authorize(request(call, a))).isEqualTo(decision);

        Duration granted = ((AuthorizationDecision.Accept) decision).creditTime().orElseThrow()
                .plus(exhaust(first, a).granted());
        assertThat(cost(granted)).as("credit held after the resent requests and every call that fits")
                .isLessThanOrEqualTo(funded);
    }

    @Test
    @DisplayName("S2.7: the Stop returns what the call did not use, answered or not")
    void stop_releasesTheReservation() throws Exception {
        Instance billing = newInstance(clock);
        Spent unanswered = spentAccount(billing);
        billing.accounting().stop(unansweredStop(unanswered.calls().get(0), unanswered.account()));
        assertNewCall(billing, unanswered.account(), true, "credit back after an unanswered call's Stop");

        Spent answered = spentAccount(billing);
        CallNumber b = answered.account();
        String call = answered.calls().get(0);
        billing.accounting().start(start(call, b));
        billing.accounting().stop(stop(call, b, Duration.ofSeconds(60)));
        assertNewCall(billing, b, true, "what a one-minute call did not use is back");
    }

    @Test
    @DisplayName("S2.3: credit held for a call that never reports is released after the TTL, not before")
    void reservation_whoseCallNeverReports_expiresAfterTheTtl() throws Exception {
        Instance billing = newInstance(clock);
        CallNumber a = spentAccount(billing).account();
        clock.advance(reservationTtl().minusSeconds(1));
        assertNewCall(billing, a, false, "still held just before the TTL");
        clock.advance(Duration.ofSeconds(2));
        assertNewCall(billing, a, true, "released after the TTL");
    }

    @Test
    @DisplayName("S2.4: once Start confirms a call, its credit stays held past the TTL while the credit lasts")
    void start_confirmsTheReservation_pastTheTtl() throws Exception {
        Instance billing = newInstance(clock);
        Spent full = spentAccount(billing);
        CallNumber a = full.account();
        for (String call : full.calls()) {
            billing.accounting().start(start(call, a));
        }
        Duration shortest = full.exhausted().credits().stream().min(Duration::compareTo).orElseThrow();
        assertThat(shortest).as("this check needs a credit longer than the TTL").isGreaterThan(reservationTtl());

        clock.advance(reservationTtl().plusSeconds(1));
        assertNewCall(billing, a, false, "the answered calls still hold their credit");
    }

    @Test
    @DisplayName("S2.3: a call over the account's limit of calls at once is refused with return code 3")
    void authorize_overTheCallLimit_isAccountInUse() throws Exception {
        OptionalInt limit = maxConcurrentCalls();
        assumeThat(limit).as("the billing limits calls at once").isPresent();
        Instance billing = newInstance(clock);
        CallNumber a = fundedAccount(minutes(10_000));
        List<String> inProgress = new ArrayList<>();
        for (int i = 0; i < limit.getAsInt(); i++) {
            inProgress.add(authorizeAccepted(billing, a));
        }

        assertThat(billing.authorizer().authorize(request(nextCallId(), a))).isInstanceOfSatisfying(
                AuthorizationDecision.Reject.class, r -> assertThat(r.returnCode())
                        .isEqualTo(H323ReturnCode.ACCOUNT_IN_USE));
        billing.accounting().stop(unansweredStop(inProgress.get(0), a));
        assertNewCall(billing, a, true, "one call ended: room for one");
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** The price of so many minutes at the tariff. */
    private BigDecimal minutes(long count) {
        return tariff().perMinute().multiply(BigDecimal.valueOf(count));
    }

    /** What credit time costs at the tariff, by the second. */
    private BigDecimal cost(Duration credit) {
        return tariff().perMinute().multiply(BigDecimal.valueOf(credit.toSeconds()))
                .divide(BigDecimal.valueOf(60), 6, RoundingMode.HALF_UP);
    }

    private String nextCallId() {
        return "tck-" + getClass().getSimpleName() + "-" + calls.incrementAndGet();
    }

    private AuthorizationRequest request(String call, CallNumber a) {
        return new AuthorizationRequest(call, Optional.empty(), a, tariff().called(), Optional.empty(),
                Optional.empty(), List.of());
    }

    /** Authorizes a new call from an account, expecting it accepted or refused. */
    private void assertNewCall(Instance billing, CallNumber a, boolean accepted, String why) throws Exception {
        assertThat(billing.authorizer().authorize(request(nextCallId(), a))).as(why)
                .isInstanceOf(accepted ? AuthorizationDecision.Accept.class : AuthorizationDecision.Reject.class);
    }

    private String authorizeAccepted(Instance billing, CallNumber a) throws Exception {
        String call = nextCallId();
        assertThat(billing.authorizer().authorize(request(call, a))).as("authorizing %s", call)
                .isInstanceOf(AuthorizationDecision.Accept.class);
        return call;
    }

    /**
     * The calls authorized one after another until the billing refuses for want of credit, and their credit. A
     * billing with a call limit must grant ten minutes' balance to fewer calls than the limit.
     */
    private record Exhausted(List<String> calls, List<Duration> credits) {
        Duration granted() {
            return credits.stream().reduce(Duration.ZERO, Duration::plus);
        }
    }

    /**
     * An account with ten minutes' balance, and the calls that took all of it.
     *
     * @param account the account
     * @param exhausted the calls
     */
    private record Spent(CallNumber account, Exhausted exhausted) {
        List<String> calls() {
            return exhausted.calls();
        }
    }

    private Spent spentAccount(Instance billing) throws Exception {
        CallNumber a = fundedAccount(minutes(10));
        Exhausted exhausted = exhaust(billing, a);
        assertThat(exhausted.calls()).as("ten minutes' balance pays for a call").isNotEmpty();
        return new Spent(a, exhausted);
    }

    private Exhausted exhaust(Instance billing, CallNumber a) throws Exception {
        List<String> ids = new ArrayList<>();
        List<Duration> credits = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            String call = nextCallId();
            AuthorizationDecision d = billing.authorizer().authorize(request(call, a));
            if (d instanceof AuthorizationDecision.Reject reject) {
                assertThat(reject.returnCode()).as("%d calls in: refused for the balance, not the call limit (%s)",
                        ids.size(), reject.reason()).isNotEqualTo(H323ReturnCode.ACCOUNT_IN_USE);
                return new Exhausted(ids, credits);
            }
            AuthorizationDecision.Accept accept = (AuthorizationDecision.Accept) d;
            assertThat(accept.creditTime()).as("a paid prepaid call has a credit time").isPresent();
            ids.add(call);
            credits.add(accept.creditTime().get());
        }
        throw new AssertionError("1000 calls at once on a balance of ten minutes");
    }

    /**
     * Two servers on one storage, an account funded with 100 minutes, and what one call on the first cost it.
     *
     * @param first the server calls go to first
     * @param second the server they fail over to
     * @param account the account
     * @param before its balance before the call
     * @param once what the call cost
     * @param kit the kit, which reads balances
     */
    private record Failover(Instance first, Instance second, CallNumber account, BigDecimal before, BigDecimal once,
            CallBillingCompatibilityKit kit) {
        BigDecimal spent() {
            return before.subtract(kit.balance(account));
        }
    }

    private Failover failoverAfterACall(Duration talked) throws Exception {
        Instance first = newInstance(clock);
        CallNumber a = fundedAccount(minutes(100));
        BigDecimal before = balance(a);
        return new Failover(first, newInstance(clock), a, before, costOfACall(first, a, talked), this);
    }

    /** What a call from an account that talked {@code talked} costs: authorized, answered, stopped, measured. */
    private BigDecimal costOfACall(Instance billing, CallNumber a, Duration talked) throws Exception {
        BigDecimal before = balance(a);
        String call = authorizeAccepted(billing, a);
        billing.accounting().start(start(call, a));
        billing.accounting().stop(stop(call, a, talked));
        return before.subtract(balance(a));
    }

    private static ConfId confId(String call) {
        return new ConfId(call.hashCode(), 0x7c11_0000_0000L);
    }

    private CallStart start(String call, CallNumber a) {
        return new CallStart(new AccountingKey(call, AcctStatusType.START, Optional.of(confId(call)),
                AccountingKey.RecordKind.START, 0), call, Optional.of(confId(call)), a, tariff().called(),
                clock.instant(), clock.instant(), List.of());
    }

    private CallStop stop(String call, CallNumber a, Duration talked) {
        Instant answer = clock.instant();
        return new CallStop(new AccountingKey(call, AcctStatusType.STOP, Optional.of(confId(call)),
                AccountingKey.RecordKind.STOP, 0), call, Optional.of(confId(call)), a, tariff().called(), answer,
                Optional.of(answer), answer.plus(talked), Q850Cause.NORMAL_CLEARING, talked);
    }

    private CallStop unansweredStop(String call, CallNumber a) {
        Instant setup = clock.instant();
        return new CallStop(new AccountingKey(call, AcctStatusType.STOP, Optional.of(confId(call)),
                AccountingKey.RecordKind.STOP, 0), call, Optional.of(confId(call)), a, tariff().called(), setup,
                Optional.empty(), setup.plusSeconds(20), Q850Cause.NORMAL_CLEARING, Duration.ZERO);
    }
}
