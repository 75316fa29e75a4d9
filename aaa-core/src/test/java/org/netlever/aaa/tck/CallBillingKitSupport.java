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
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.netlever.aaa.call.AccountingKey;
import org.netlever.aaa.call.AuthorizationDecision;
import org.netlever.aaa.call.AuthorizationRequest;
import org.netlever.aaa.call.CallAccounting;
import org.netlever.aaa.call.CallAuthorizer;
import org.netlever.aaa.call.CallInterim;
import org.netlever.aaa.call.CallNumber;
import org.netlever.aaa.call.CallStart;
import org.netlever.aaa.call.CallStop;
import org.netlever.aaa.radius.attr.AcctStatusType;
import org.netlever.aaa.radius.attr.ConfId;
import org.netlever.aaa.radius.attr.H323ReturnCode;
import org.netlever.aaa.radius.attr.Q850Cause;
import org.netlever.aaa.testing.MutableClock;

/**
 * What {@link CallBillingCompatibilityKit} asks of the billing under test — the hooks you implement or override —
 * and the records its checks send. Extend {@link CallBillingCompatibilityKit}, not this class.
 *
 * <p>Not thread-safe; JUnit creates an instance per test.
 */
public abstract class CallBillingKitSupport {

    static final int CALLS_AT_ONCE = 12;
    private static final Instant SETUP = Instant.parse("2026-12-01T09:00:00Z");

    /** The clock the billing under test must use; the kit steps it. */
    protected final MutableClock clock = new MutableClock(SETUP);

    private final AtomicInteger calls = new AtomicInteger();

    /** Only the kit's own classes extend this one directly. */
    CallBillingKitSupport() {
    }

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

    // ------------------------------------------------------------------------------------------------ the hooks

    /**
     * A new instance of the billing under test, on the test's storage. The kit calls this after your
     * {@code @BeforeEach} methods, and may call it more than once in a test: every instance it returns in one test
     * shares that test's storage.
     *
     * @param clock the clock to use
     * @return the instance
     */
    protected abstract Instance newInstance(Clock clock);

    /**
     * Another instance of the billing, on the same storage as those {@link #newInstance} returns in this test: the
     * second server of the softswitch's failover list, or a second serve process behind it, sharing reservations,
     * charges and call counts with the first through that storage and nothing else. The kit uses it for failover
     * and for limits that must hold across servers.
     *
     * <p>The default is {@link #newInstance(Clock)} again. Return empty if your billing cannot run as two instances
     * over one storage (it keeps its state in the process, say): the kit then skips the checks that need two
     * servers, saying so, and runs its concurrency checks on one instance.
     *
     * @param clock the clock to use
     * @return the instance, or empty if the billing runs as one instance only
     */
    protected Optional<Instance> secondInstance(Clock clock) {
        return Optional.of(newInstance(clock));
    }

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
     * Pays money into an account while its calls are in progress, as a top-up would. Override it if your billing
     * takes payments; the default takes none and answers {@code false}, which skips the check that an
     * Interim-Update extends a call when money came in (the check that it cuts one runs regardless).
     *
     * @param account the account
     * @param amount what is paid, positive
     * @return whether the payment was made
     */
    protected boolean topUp(CallNumber account, BigDecimal amount) {
        return false;
    }

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
     * skips the checks of return code 3.
     *
     * @return the limit
     */
    protected OptionalInt maxConcurrentCalls() {
        return OptionalInt.empty();
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** The second server, or the check is skipped with the reason. */
    Instance secondServer() {
        Optional<Instance> second = secondInstance(clock);
        assumeThat(second).as("%s runs as one instance only (secondInstance is empty): a check across two servers"
                + " on one storage does not apply", getClass().getSimpleName()).isPresent();
        return second.get();
    }

    /** Two servers on one storage for a concurrency check, or one if the billing runs as one instance only. */
    List<Instance> servers() {
        List<Instance> servers = new ArrayList<>();
        servers.add(newInstance(clock));
        secondInstance(clock).ifPresent(servers::add);
        return servers;
    }

    /** The price of so many minutes at the tariff. */
    BigDecimal minutes(long count) {
        return tariff().perMinute().multiply(BigDecimal.valueOf(count));
    }

    /** What credit time costs at the tariff, by the second. */
    BigDecimal cost(Duration credit) {
        return tariff().perMinute().multiply(BigDecimal.valueOf(credit.toSeconds()))
                .divide(BigDecimal.valueOf(60), 6, RoundingMode.HALF_UP);
    }

    String nextCallId() {
        return "tck-" + getClass().getSimpleName() + "-" + calls.incrementAndGet();
    }

    AuthorizationRequest request(String call, CallNumber a) {
        return new AuthorizationRequest(call, Optional.empty(), a, tariff().called(), Optional.empty(),
                Optional.empty(), List.of());
    }

    /** Authorizes a new call from an account, expecting it accepted or refused. */
    void assertNewCall(Instance billing, CallNumber a, boolean accepted, String why) throws Exception {
        assertThat(billing.authorizer().authorize(request(nextCallId(), a))).as(why)
                .isInstanceOf(accepted ? AuthorizationDecision.Accept.class : AuthorizationDecision.Reject.class);
    }

    String authorizeAccepted(Instance billing, CallNumber a) throws Exception {
        String call = nextCallId();
        assertThat(billing.authorizer().authorize(request(call, a))).as("authorizing %s", call)
                .isInstanceOf(AuthorizationDecision.Accept.class);
        return call;
    }

    /** Asserts a decision refuses the call as over the account's limit of calls at once. */
    static void assertAccountInUse(AuthorizationDecision decision, String why) {
        assertThat(decision).as(why).isInstanceOfSatisfying(AuthorizationDecision.Reject.class, r -> assertThat(
                r.returnCode()).as("%s: %s", why, r.reason()).isEqualTo(H323ReturnCode.ACCOUNT_IN_USE));
    }

    /**
     * The calls authorized one after another until the billing refuses for want of credit, and their credit. A
     * billing with a call limit must grant ten minutes' balance to fewer calls than the limit.
     */
    record Exhausted(List<String> calls, List<Duration> credits) {
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
    record Spent(CallNumber account, Exhausted exhausted) {
        List<String> calls() {
            return exhausted.calls();
        }
    }

    Spent spentAccount(Instance billing) throws Exception {
        CallNumber a = fundedAccount(minutes(10));
        Exhausted exhausted = exhaust(billing, a);
        assertThat(exhausted.calls()).as("ten minutes' balance pays for a call").isNotEmpty();
        return new Spent(a, exhausted);
    }

    Exhausted exhaust(Instance billing, CallNumber a) throws Exception {
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
    record Failover(Instance first, Instance second, CallNumber account, BigDecimal before, BigDecimal once,
            CallBillingKitSupport kit) {
        BigDecimal spent() {
            return before.subtract(kit.balance(account));
        }
    }

    Failover failoverAfterACall(Duration talked) throws Exception {
        Instance first = newInstance(clock);
        Instance second = secondServer();
        CallNumber a = fundedAccount(minutes(100));
        BigDecimal before = balance(a);
        return new Failover(first, second, a, before, costOfACall(first, a, talked), this);
    }

    /** What a call from an account that talked {@code talked} costs: authorized, answered, stopped, measured. */
    BigDecimal costOfACall(Instance billing, CallNumber a, Duration talked) throws Exception {
        BigDecimal before = balance(a);
        String call = authorizeAccepted(billing, a);
        billing.accounting().start(start(call, a));
        billing.accounting().stop(stop(call, a, talked));
        return before.subtract(balance(a));
    }

    private static ConfId confId(String call) {
        return new ConfId(call.hashCode(), 0x7c11_0000_0000L);
    }

    CallStart start(String call, CallNumber a) {
        return new CallStart(new AccountingKey(call, AcctStatusType.START, Optional.of(confId(call)),
                AccountingKey.RecordKind.START, 0), call, Optional.of(confId(call)), a, tariff().called(),
                clock.instant(), clock.instant(), List.of());
    }

    /** The {@code sequence}-th Interim-Update of a call that has lasted {@code talked}. */
    CallInterim interim(String call, CallNumber a, Duration talked, int sequence) {
        return new CallInterim(new AccountingKey(call, AcctStatusType.INTERIM_UPDATE, Optional.of(confId(call)),
                AccountingKey.RecordKind.INTERIM, sequence), call, Optional.of(confId(call)), a, tariff().called(),
                talked, clock.instant());
    }

    CallStop stop(String call, CallNumber a, Duration talked) {
        Instant answer = clock.instant();
        return new CallStop(new AccountingKey(call, AcctStatusType.STOP, Optional.of(confId(call)),
                AccountingKey.RecordKind.STOP, 0), call, Optional.of(confId(call)), a, tariff().called(), answer,
                Optional.of(answer), answer.plus(talked), Q850Cause.NORMAL_CLEARING, talked);
    }

    CallStop unansweredStop(String call, CallNumber a) {
        Instant setup = clock.instant();
        return new CallStop(new AccountingKey(call, AcctStatusType.STOP, Optional.of(confId(call)),
                AccountingKey.RecordKind.STOP, 0), call, Optional.of(confId(call)), a, tariff().called(), setup,
                Optional.empty(), setup.plusSeconds(20), Q850Cause.NORMAL_CLEARING, Duration.ZERO);
    }

    /** What one server does for one call, in a round of calls at once. */
    @FunctionalInterface
    interface Step<T> {
        T on(Instance server, String call) throws Exception;
    }

    /**
     * New calls sent at the same moment, {@link #CALLS_AT_ONCE} of them, spread over the servers in turn.
     *
     * @param calls their ids
     * @param results what each step gave, in the same order
     * @param servers the server each call went to, in the same order
     */
    record AtOnce<T>(List<String> calls, List<T> results, List<Instance> servers) {
    }

    <T> AtOnce<T> callsAtOnce(List<Instance> on, Step<T> step) throws Exception {
        List<String> ids = new ArrayList<>();
        List<Instance> servers = new ArrayList<>();
        List<Callable<T>> tasks = new ArrayList<>();
        for (int i = 0; i < CALLS_AT_ONCE; i++) {
            String call = nextCallId();
            Instance server = on.get(i % on.size());
            ids.add(call);
            servers.add(server);
            tasks.add(() -> step.on(server, call));
        }
        return new AtOnce<>(ids, together(tasks), servers);
    }

    /** Runs the tasks at the same moment, one thread each, and gives their results in order. */
    static <T> List<T> together(List<Callable<T>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            CyclicBarrier barrier = new CyclicBarrier(tasks.size());
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> task : tasks) {
                futures.add(pool.submit(() -> {
                    barrier.await();
                    return task.call();
                }));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
