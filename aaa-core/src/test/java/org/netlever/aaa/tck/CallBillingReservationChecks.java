package org.netlever.aaa.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.netlever.aaa.call.AuthorizationDecision;
import org.netlever.aaa.call.CallNumber;
import org.netlever.aaa.call.CallStop;

/**
 * The checks of {@link CallBillingCompatibilityKit} on charging once and on reservations as authorizations make
 * them: once per key across failover, no overdraw under concurrent authorizations, resent requests, release on Stop
 * and on expiry, confirmation by Start, and the call limit on one server. Extend {@link CallBillingCompatibilityKit},
 * not this class.
 *
 * <p>Not thread-safe; JUnit creates an instance per test.
 */
public abstract class CallBillingReservationChecks extends CallBillingKitSupport {

    /** Only the kit extends this class. */
    CallBillingReservationChecks() {
    }

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
        List<Instance> instances = servers();
        BigDecimal funded = minutes(10);
        CallNumber a = fundedAccount(funded);
        AtOnce<AuthorizationDecision> round = callsAtOnce(instances, (server, call) ->
                server.authorizer().authorize(request(call, a)));
        List<AuthorizationDecision> decisions = round.results();

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
                Instance server = round.servers().get(i);
                server.accounting().start(start(round.calls().get(i), a));
                server.accounting().stop(stop(round.calls().get(i), a, accept.creditTime().orElseThrow()));
            }
        }
        assertThat(balance(a)).as("every call talked its whole credit: the balance is not below zero")
                .isGreaterThanOrEqualTo(BigDecimal.ZERO);
    }

    @Test
    @DisplayName("S2.3: an Access-Request resent, to the same server or the next, is answered as before")
    void authorize_resent_isAnsweredAsBeforeWithoutHoldingMore() throws Exception {
        Instance first = newInstance(clock);
        BigDecimal funded = minutes(10);
        CallNumber a = fundedAccount(funded);
        String call = nextCallId();
        AuthorizationDecision decision = first.authorizer().authorize(request(call, a));
        assertThat(decision).isInstanceOf(AuthorizationDecision.Accept.class);

        assertThat(first.authorizer().authorize(request(call, a))).isEqualTo(decision);
        for (Instance next : secondInstance(clock).stream().toList()) {
            assertThat(next.authorizer().authorize(request(call, a))).as("resent to the next server")
                    .isEqualTo(decision);
        }

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

        assertAccountInUse(billing.authorizer().authorize(request(nextCallId(), a)), "one call over the limit");
        billing.accounting().stop(unansweredStop(inProgress.get(0), a));
        assertNewCall(billing, a, true, "one call ended: room for one");
    }
}
