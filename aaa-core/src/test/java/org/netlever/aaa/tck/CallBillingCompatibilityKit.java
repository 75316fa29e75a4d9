package org.netlever.aaa.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.netlever.aaa.call.AuthorizationDecision;
import org.netlever.aaa.call.CallAccounting;
import org.netlever.aaa.call.CallAuthorizer;
import org.netlever.aaa.call.CallNumber;
import org.netlever.aaa.call.StartReply;

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
 *     // Optional hooks, with their defaults:
 *     // protected Optional<Instance> secondInstance(Clock clock) { return Optional.of(newInstance(clock)); }
 *     // protected boolean topUp(CallNumber account, BigDecimal amount) { return false; }
 *     // protected OptionalInt maxConcurrentCalls() { return OptionalInt.empty(); }
 * }
 * }</pre>
 *
 * <p>The kit checks, through the SPIs only:
 * <ul>
 *   <li>a Stop charged once per {@link org.netlever.aaa.call.AccountingKey} across resending and failover (two
 *       instances on one storage, also at the same moment);</li>
 *   <li>authorizations at once, on two instances, never granting more credit than the balance pays for, and the
 *       calls they let through never taking the balance below zero; an Access-Request resent for a call answered as
 *       before, without holding more;</li>
 *   <li>credit released by the Stop (answered or not) and by expiry, but not before the TTL and, once Start
 *       confirmed it, not while the credit lasts;</li>
 *   <li>an Interim-Update that extends the call when money came in, holding the new credit so that no other call
 *       gets it too, and that cuts it when other charges took the balance — down to a prohibition when nothing is
 *       left (S2.5, {@link CallAccounting#answerInterim});</li>
 *   <li>with the softswitch's authorization stage off (S2.1), Starts of calls nobody authorized, at once on two
 *       instances, each limited or prohibited so that the balance never goes below zero (S2.4);</li>
 *   <li>if the billing limits calls at once, the call over the limit refused with return code 3 (account in use) —
 *       on one instance, and across two where the calls in progress are on the other server.</li>
 * </ul>
 *
 * <p>The hooks: {@link #newInstance}, {@link #fundedAccount}, {@link #balance}, {@link #tariff} and
 * {@link #reservationTtl} are required. {@link #secondInstance} gives the other server on the same storage (default:
 * {@code newInstance} again; empty skips the checks across two servers, saying so). {@link #topUp} pays into an
 * account (default: none, which skips the extension check). {@link #maxConcurrentCalls} is the call limit (default:
 * none, which skips the return-code-3 checks). A check that a hook skips is reported as aborted with the reason.
 *
 * <p>Time is the kit's {@link #clock}, a {@link org.netlever.aaa.testing.MutableClock}: pass it to your billing.
 * Each test funds its own accounts. Shipped in the {@code netlever-aaa-core} test-jar (classifier {@code tests}).
 * Not thread-safe; JUnit creates an instance per test.
 */
public abstract class CallBillingCompatibilityKit extends CallBillingReservationChecks {

    /** For your billing's test to extend. */
    protected CallBillingCompatibilityKit() {
    }

    @Test
    @DisplayName("S2.5: an Interim-Update after a top-up extends the call, and the new credit is held for it")
    void answerInterim_afterATopUp_extendsTheCall_andHoldsTheNewCredit() throws Exception {
        Answered answered = answeredCall();
        Instance billing = answered.billing();
        CallNumber a = answered.account();
        String call = answered.call();
        Duration limit = answered.limit();
        assumeThat(topUp(a, minutes(5))).as("%s takes no payments (topUp): extending a call is not checked",
                getClass().getSimpleName()).isTrue();

        clock.advance(Duration.ofMinutes(1));
        StartReply extended = billing.accounting().answerInterim(interim(call, a, Duration.ofMinutes(1), 1));
        assertThat(extended.prohibited()).as("the call may go on: %s", extended).isFalse();
        assertThat(extended.maxDuration()).as("five minutes more paid in: the interim answer extends the call from %s",
                limit).hasValueSatisfying(longer -> assertThat(longer).isGreaterThan(limit));

        // The extension is the call's: a call that starts now does not get the same money.
        talkAnother(billing, a);
        billing.accounting().stop(stop(call, a, extended.maxDuration().get()));
        assertThat(balance(a)).as("the call talked to its extended limit (%s) beside a new one: not below zero",
                extended.maxDuration().get()).isGreaterThanOrEqualTo(BigDecimal.ZERO);
    }

    @Test
    @DisplayName("S2.5: an Interim-Update after other charges took the balance cuts the call to what is left")
    void answerInterim_afterOtherCharges_cutsTheCall() throws Exception {
        Answered answered = answeredCall();
        Instance billing = answered.billing();
        CallNumber a = answered.account();
        String call = answered.call();
        Duration limit = answered.limit();
        BigDecimal before = balance(a);
        chargeBypassedCall(billing, a, Duration.ofMinutes(4));
        assertThat(balance(a)).as("a call nobody authorized is charged at its Stop").isLessThan(before);

        clock.advance(Duration.ofMinutes(1));
        StartReply cut = billing.accounting().answerInterim(interim(call, a, Duration.ofMinutes(1), 1));
        assertThat(cut.prohibited()).as("six minutes' balance is left: the call may go on, %s", cut).isFalse();
        assertThat(cut.maxDuration()).as("four of ten minutes' balance spent elsewhere: the interim answer cuts the"
                + " call from %s", limit).hasValueSatisfying(shorter -> assertThat(shorter).isLessThan(limit));

        billing.accounting().stop(stop(call, a, cut.maxDuration().get()));
        assertThat(balance(a)).as("the call talked to its cut limit (%s): not below zero", cut.maxDuration().get())
                .isGreaterThanOrEqualTo(BigDecimal.ZERO);
    }

    @Test
    @DisplayName("S2.5: an Interim-Update when other charges took all of the balance ends the call")
    void answerInterim_whenNothingIsLeft_endsTheCall() throws Exception {
        Answered answered = answeredCall();
        chargeBypassedCall(answered.billing(), answered.account(), Duration.ofMinutes(10));

        clock.advance(Duration.ofMinutes(2));
        Duration talked = Duration.ofMinutes(2);
        StartReply answer = answered.billing().accounting().answerInterim(interim(answered.call(),
                answered.account(), talked, 1));
        assertThat(answer.prohibited() || answer.maxDuration().filter(max -> max.compareTo(talked) <= 0).isPresent())
                .as("nothing is left after %s of talk: the answer releases the call (prohibits it, or limits it to"
                        + " what it has lasted), got %s", talked, answer).isTrue();
    }

    @Test
    @DisplayName("S2.1 S2.4: Starts of calls nobody authorized, at once on two servers, never overdraw")
    void start_withoutAuthorization_concurrentlyOnTwoInstances_neverOverdraws() throws Exception {
        List<Instance> instances = servers();
        BigDecimal funded = minutes(10);
        CallNumber a = fundedAccount(funded);
        AtOnce<StartReply> round = callsAtOnce(instances, (server, call) -> server.accounting().start(start(call, a)));
        List<StartReply> replies = round.results();

        Duration granted = Duration.ZERO;
        for (StartReply reply : replies) {
            if (!reply.prohibited()) {
                assertThat(reply.maxDuration()).as("a paid call nobody authorized is limited at its Start, or"
                        + " prohibited: none goes unlimited").isPresent();
                granted = granted.plus(reply.maxDuration().get());
            }
        }
        assertThat(replies).as("the balance pays for a call").anyMatch(reply -> !reply.prohibited());
        assertThat(cost(granted)).as("talk time granted at once (%s) at %s a minute", granted, tariff().perMinute())
                .isLessThanOrEqualTo(funded);

        for (int i = 0; i < CALLS_AT_ONCE; i++) {
            StartReply reply = replies.get(i);
            // A prohibited call is released at once; the others talk to their limit.
            Duration talked = reply.prohibited() ? Duration.ZERO : reply.maxDuration().get();
            round.servers().get(i).accounting().stop(stop(round.calls().get(i), a, talked));
        }
        assertThat(balance(a)).as("every call talked to its limit: the balance is not below zero")
                .isGreaterThanOrEqualTo(BigDecimal.ZERO);
    }

    @Test
    @DisplayName("S2.3: the call limit holds across two servers on one storage, one after another and at once")
    void authorize_overTheCallLimitAcrossTwoInstances_isAccountInUse() throws Exception {
        OptionalInt limit = maxConcurrentCalls();
        assumeThat(limit).as("the billing limits calls at once").isPresent();
        Instance[] two = {newInstance(clock), secondServer()};
        CallNumber a = fundedAccount(minutes(10_000));

        List<String> inProgress = new ArrayList<>();
        for (int i = 0; i < limit.getAsInt(); i++) {
            inProgress.add(authorizeAccepted(two[i % 2], a));
        }
        assertAccountInUse(two[0].authorizer().authorize(request(nextCallId(), a)),
                "a call over the limit on the first server");
        assertAccountInUse(two[1].authorizer().authorize(request(nextCallId(), a)),
                "a call over the limit on the second server, where fewer of the calls in progress are");
        for (int i = 0; i < inProgress.size(); i++) {
            two[(i + 1) % 2].accounting().stop(unansweredStop(inProgress.get(i), a));
        }

        List<AuthorizationDecision> decisions = callsAtOnce(List.of(two), (server, call) ->
                server.authorizer().authorize(request(call, a))).results();
        assertThat(decisions).as("%d calls at once on two servers, a limit of %d", CALLS_AT_ONCE, limit.getAsInt())
                .filteredOn(AuthorizationDecision.Accept.class::isInstance).hasSize(limit.getAsInt());
        for (AuthorizationDecision d : decisions) {
            if (d instanceof AuthorizationDecision.Reject) {
                assertAccountInUse(d, "a call over the limit, at once on two servers");
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /**
     * A call in progress on an account funded with ten minutes.
     *
     * @param billing the server
     * @param account the account
     * @param call its id
     * @param limit how long it may last: Start's maximum duration, or else the authorization's credit
     */
    private record Answered(Instance billing, CallNumber account, String call, Duration limit) {
    }

    /** Authorizes and answers a call from a new account with ten minutes' balance. */
    private Answered answeredCall() throws Exception {
        Instance billing = newInstance(clock);
        CallNumber a = fundedAccount(minutes(10));
        String call = nextCallId();
        AuthorizationDecision decision = billing.authorizer().authorize(request(call, a));
        assertThat(decision).as("authorizing %s", call).isInstanceOf(AuthorizationDecision.Accept.class);
        Duration credit = ((AuthorizationDecision.Accept) decision).creditTime().orElseThrow(() ->
                new AssertionError("a paid prepaid call has a credit time"));
        StartReply started = billing.accounting().start(start(call, a));
        assertThat(started.prohibited()).as("the authorized call is answered: %s", started).isFalse();
        return new Answered(billing, a, call, started.maxDuration().orElse(credit));
    }

    /**
     * A call billing never authorized — its B on the softswitch's bypass list while no server answered (S2.3) —
     * that reports only its Stop: charged all the same, from the balance other calls hold credit in.
     */
    private void chargeBypassedCall(Instance billing, CallNumber a, Duration talked) throws Exception {
        billing.accounting().stop(stop(nextCallId(), a, talked));
    }

    /** A new call, if the billing lets it through, talked to its whole credit. */
    private void talkAnother(Instance billing, CallNumber a) throws Exception {
        String other = nextCallId();
        if (billing.authorizer().authorize(request(other, a)) instanceof AuthorizationDecision.Accept accept) {
            StartReply started = billing.accounting().start(start(other, a));
            Duration talked = started.prohibited() ? Duration.ZERO
                    : started.maxDuration().orElse(accept.creditTime().orElseThrow());
            billing.accounting().stop(stop(other, a, talked));
        }
    }
}
