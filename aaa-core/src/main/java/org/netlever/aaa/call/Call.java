package org.netlever.aaa.call;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.netlever.aaa.radius.attr.AcctStatusType;
import org.netlever.aaa.radius.attr.ConfId;
import org.netlever.aaa.radius.attr.Q850Cause;
import org.netlever.aaa.radius.RadiusException;
import org.netlever.aaa.radius.client.RadiusOutcome;

/**
 * One call on the softswitch side, made by {@link CallControl#newCall(CallSetup)} and driven through the stages of
 * S2.2–S2.7: {@link #route()} (and {@link #reroute(ReleaseCause)}), {@link #authorize()}, {@link #answer()},
 * {@link #supplementaryService(SupplementaryService)}, {@link #release(Q850Cause)}.
 *
 * <p>Thread-safe: each step holds the call's lock while it talks to RADIUS.
 */
public final class Call {

    /**
     * Where a call is.
     *
     * <p>Thread-safe (an enum).
     */
    public enum State {
        /** Set up, not answered. */
        SETUP,
        /** B answered. */
        ANSWERED,
        /** Released. */
        RELEASED
    }

    private final CallControl control;
    private final String id;
    private final ConfId confId;
    private final CallSetup setup;
    private final Instant setupTime;
    private CallNumber calling;
    private CallNumber called;
    private Optional<String> tag;
    private int attempt;
    private State state = State.SETUP;
    private Instant answerTime;
    private Instant maxDurationAt;
    private Duration interimInterval;
    private Instant nextInterimAt;

    Call(CallControl control, CallSetup setup, Instant setupTime) {
        this.control = control;
        this.id = UUID.randomUUID().toString();
        this.confId = ConfId.random();
        this.setup = setup;
        this.setupTime = setupTime;
        this.calling = setup.calling();
        this.called = setup.called();
        this.tag = setup.tag();
    }

    /**
     * The Acct-Session-Id of every request about this call.
     *
     * @return the id
     */
    public String id() {
        return id;
    }

    /**
     * The {@code h323-conf-id} of every accounting record of this call.
     *
     * @return the id
     */
    public ConfId confId() {
        return confId;
    }

    /**
     * Number A as routing left it.
     *
     * @return number A
     */
    public synchronized CallNumber calling() {
        return calling;
    }

    /**
     * Number B as routing left it.
     *
     * @return number B
     */
    public synchronized CallNumber called() {
        return called;
    }

    /**
     * The tag as routing left it.
     *
     * @return the tag, or empty
     */
    public synchronized Optional<String> tag() {
        return tag;
    }

    /**
     * Where the call is.
     *
     * @return the state
     */
    public synchronized State state() {
        return state;
    }

    /**
     * When the call will be released for reaching its maximum duration.
     *
     * @return the time, or empty without a limit
     */
    public synchronized Optional<Instant> maxDurationAt() {
        return Optional.ofNullable(maxDurationAt);
    }

    /**
     * When the next Interim-Update is due.
     *
     * @return the time, or empty when none is scheduled
     */
    public synchronized Optional<Instant> nextInterimAt() {
        return Optional.ofNullable(nextInterimAt);
    }

    /**
     * The routing attempt last sent.
     *
     * @return 0 before routing, then 1, 2 …
     */
    public synchronized int attempt() {
        return attempt;
    }

    private String userName() {
        return setup.calling().digits();
    }

    private void requireState(State expected, String step) {
        if (state != expected) {
            throw new RadiusException("call " + id + " is " + state + "; " + step + " needs " + expected);
        }
    }

    /**
     * Asks the routing server where the call goes (S2.2), attempt 1.
     *
     * @return the outcome; on {@link RoutingOutcome.Routed} the call takes the new numbers and tag
     */
    public synchronized RoutingOutcome route() {
        requireState(State.SETUP, "routing");
        if (attempt != 0) {
            throw new RadiusException("call " + id + " is routed already; use reroute()");
        }
        return sendRoute(Optional.empty());
    }

    /**
     * Routes the call again after an attempt failed (S2.2): the attempt number grows and the previous release cause
     * is sent.
     *
     * @param previous why the previous attempt failed
     * @return the outcome
     */
    public synchronized RoutingOutcome reroute(ReleaseCause previous) {
        requireState(State.SETUP, "re-routing");
        return sendRoute(Optional.of(previous));
    }

    private RoutingOutcome sendRoute(Optional<ReleaseCause> previous) {
        if (!control.policy().routing()) {
            return new RoutingOutcome.Skipped();
        }
        attempt++;
        RouteRequest request = new RouteRequest(id, calling, called, setup.routingContext(), tag, setup.domain(),
                setup.incomingInterface(), attempt, previous, List.of());
        RadiusOutcome outcome = control.sendAccess(control.codec().encode(request, userName()));
        if (outcome instanceof RadiusOutcome.Answered answered) {
            RouteReply reply = control.read(answered, "routing reply for call " + id,
                    reading -> control.codec().decodeRouteReply(answered.reply().code(), answered.reply(), request,
                            reading));
            if (reply instanceof RouteReply.Refuse refuse) {
                return new RoutingOutcome.Refused(refuse.reason());
            }
            RouteReply.Route route = (RouteReply.Route) reply;
            calling = route.calling().orElse(calling);
            called = route.called().orElse(called);
            tag = route.tag().or(() -> tag);
            return new RoutingOutcome.Routed(calling, called, tag, answered.server());
        }
        return new RoutingOutcome.NoAnswer(tried(outcome));
    }

    private static List<String> tried(RadiusOutcome outcome) {
        return outcome instanceof RadiusOutcome.NoAnswer none ? none.tried() : List.of();
    }

    /**
     * Asks whether A may call B (S2.3). A rejection or no answer releases the call — unless B is on the bypass
     * list, when the call goes through anyway.
     *
     * @return the outcome; if it does not {@link AuthorizationOutcome#proceeds() proceed}, the call is released
     *     (with a Stop only under {@code unsuccessful_call_info})
     */
    public synchronized AuthorizationOutcome authorize() {
        requireState(State.SETUP, "authorization");
        if (!control.policy().authorization()) {
            return new AuthorizationOutcome.Skipped();
        }
        AuthorizationRequest request = new AuthorizationRequest(id, Optional.of(confId), calling, called,
                Optional.empty(), setup.domain(), List.of());
        RadiusOutcome outcome = control.sendAccess(control.codec().encode(request, userName()));
        boolean bypass = control.policy().bypass().matches(called);
        AuthorizationOutcome result;
        if (outcome instanceof RadiusOutcome.Answered answered) {
            AuthorizationDecision decision = control.read(answered, "authorization reply for call " + id,
                    reading -> control.codec().decodeAuthorization(answered.reply().code(), answered.reply(),
                            reading));
            if (decision instanceof AuthorizationDecision.Accept accept) {
                return new AuthorizationOutcome.Authorized(accept.creditTime());
            }
            AuthorizationDecision.Reject reject = (AuthorizationDecision.Reject) decision;
            result = bypass ? new AuthorizationOutcome.Bypassed("rejected: " + reject.reason())
                    : new AuthorizationOutcome.Denied(reject.reason(), reject.returnCode());
        } else if (outcome instanceof RadiusOutcome.Disabled) {
            return new AuthorizationOutcome.Skipped();
        } else {
            result = bypass ? new AuthorizationOutcome.Bypassed("no RADIUS server answered")
                    : new AuthorizationOutcome.Unreachable(tried(outcome));
        }
        if (!result.proceeds()) {
            releaseLocked(Q850Cause.CALL_REJECTED);
        }
        return result;
    }

    /**
     * B answered: sends accounting Start with the setup and answer times (S2.4) and applies the reply — a maximum
     * duration, a prohibition (the call is released at once unless B is on the bypass list), an interim interval.
     *
     * @return the outcome
     */
    public synchronized AnswerOutcome answer() {
        requireState(State.SETUP, "answering");
        Instant now = control.clock().instant();
        state = State.ANSWERED;
        answerTime = now;
        CallPolicy policy = control.policy();
        if (!policy.accounting()) {
            return new AnswerOutcome.Skipped();
        }
        CallStart start = new CallStart(key(AcctStatusType.START, AccountingKey.RecordKind.START, 0), id,
                Optional.of(confId), calling, called, setupTime, answerTime, List.of());
        RadiusOutcome outcome = control.sendAccounting(id, AccountingKey.RecordKind.START,
                control.accountingCodec().encode(start, userName()));
        if (!(outcome instanceof RadiusOutcome.Answered answered)) {
            scheduleInterim(policy.fixedInterimInterval(), now);
            return outcome instanceof RadiusOutcome.Disabled ? new AnswerOutcome.Skipped()
                    : new AnswerOutcome.Undelivered(tried(outcome));
        }
        StartReply reply = control.read(answered, "Start reply for call " + id,
                reading -> control.accountingCodec().decodeStartReply(answered.reply(), reading));
        if (reply.prohibited()) {
            if (!policy.bypass().matches(called)) {
                releaseLocked(Q850Cause.CALL_REJECTED);
                return new AnswerOutcome.Prohibited(reply.prohibition().get());
            }
            scheduleInterim(policy.fixedInterimInterval().or(reply::interimInterval), now);
            return new AnswerOutcome.Bypassed(reply.prohibition().get());
        }
        reply.maxDuration().ifPresent(max -> maxDurationAt = answerTime.plus(max));
        scheduleInterim(policy.fixedInterimInterval().or(reply::interimInterval), now);
        return new AnswerOutcome.Proceed(reply.maxDuration(), Optional.ofNullable(interimInterval));
    }

    private void scheduleInterim(Optional<Duration> interval, Instant now) {
        if (control.policy().interimEnabled() && interval.isPresent()) {
            interimInterval = interval.get();
            nextInterimAt = now.plus(interimInterval);
        }
    }

    /**
     * Reports a supplementary service (S2.6): an accounting Update, sent only when {@code send_ss_notification} is
     * on and the call is answered.
     *
     * @param service the service and who used it
     * @return whether an Update was sent (delivered or queued)
     */
    public synchronized boolean supplementaryService(SupplementaryService service) {
        CallPolicy policy = control.policy();
        if (!policy.accounting() || !policy.sendSsNotification() || state != State.ANSWERED) {
            return false;
        }
        Instant now = control.clock().instant();
        SupplementaryUpdate update = new SupplementaryUpdate(key(AcctStatusType.INTERIM_UPDATE,
                AccountingKey.RecordKind.SUPPLEMENTARY_UPDATE, now.getEpochSecond()), id, Optional.of(confId),
                calling, called, List.of(service), now);
        control.sendAccounting(id, AccountingKey.RecordKind.SUPPLEMENTARY_UPDATE,
                control.accountingCodec().encode(update, userName()));
        return true;
    }

    /**
     * Releases the call with a Q.850 cause (S2.7): sends the Stop for an answered call, and for an unanswered one
     * only under {@code unsuccessful_call_info}.
     *
     * @param cause why
     * @return what happened to the Stop
     */
    public synchronized ReleaseOutcome release(Q850Cause cause) {
        if (state == State.RELEASED) {
            throw new RadiusException("call " + id + " is released already");
        }
        return releaseLocked(cause);
    }

    private ReleaseOutcome releaseLocked(Q850Cause cause) {
        boolean answered = state == State.ANSWERED;
        state = State.RELEASED;
        nextInterimAt = null;
        maxDurationAt = null;
        control.released(this);
        CallPolicy policy = control.policy();
        if (!policy.accounting()) {
            return new ReleaseOutcome.NoStop("accounting is off");
        }
        if (!answered && !policy.unsuccessfulCallInfo()) {
            return new ReleaseOutcome.NoStop("the call was not answered and unsuccessful_call_info is off");
        }
        Instant end = control.clock().instant();
        CallStop stop = new CallStop(key(AcctStatusType.STOP, AccountingKey.RecordKind.STOP, 0), id,
                Optional.of(confId), calling, called, setupTime, Optional.ofNullable(answerTime), end, cause,
                answered ? Duration.between(answerTime, end) : Duration.ZERO);
        RadiusOutcome outcome = control.sendAccounting(id, AccountingKey.RecordKind.STOP,
                control.accountingCodec().encode(stop, userName()));
        return outcome instanceof RadiusOutcome.Answered ? new ReleaseOutcome.StopSent()
                : outcome instanceof RadiusOutcome.Disabled ? new ReleaseOutcome.NoStop("accounting is disabled")
                : new ReleaseOutcome.StopQueued();
    }

    private AccountingKey key(AcctStatusType type, AccountingKey.RecordKind kind, long sequence) {
        return new AccountingKey(id, type, Optional.of(confId), kind, sequence);
    }

    synchronized void runTimers(Instant now, List<CallEvent> events) {
        if (state != State.ANSWERED) {
            return;
        }
        if (maxDurationAt != null && !now.isBefore(maxDurationAt)) {
            Duration lasted = Duration.between(answerTime, now);
            releaseLocked(CallControl.maxDurationCause());
            events.add(new CallEvent.MaxDurationReached(id, lasted));
            return;
        }
        if (nextInterimAt != null && !now.isBefore(nextInterimAt)) {
            Duration sessionTime = Duration.between(answerTime, now);
            CallInterim interim = new CallInterim(key(AcctStatusType.INTERIM_UPDATE, AccountingKey.RecordKind.INTERIM,
                    sessionTime.toSeconds()), id, Optional.of(confId), calling, called, sessionTime, now);
            RadiusOutcome outcome = control.sendAccounting(id, AccountingKey.RecordKind.INTERIM,
                    control.accountingCodec().encode(interim, userName()));
            nextInterimAt = now.plus(interimInterval);
            events.add(new CallEvent.InterimSent(id, sessionTime, outcome instanceof RadiusOutcome.Answered));
            if (outcome instanceof RadiusOutcome.Answered answered) {
                applyInterimReply(control.read(answered, "Interim-Update reply for call " + id,
                        reading -> control.accountingCodec().decodeStartReply(answered.reply(), reading)), now, events);
            }
        }
    }

    /**
     * Billing's answer to an Interim-Update (S2.5, with S2.4's limits): a new maximum duration from the answer
     * extends or cuts the call; a prohibition ends it now, unless B is on the bypass list. A call past its new
     * maximum is released as if the maximum were reached.
     */
    private void applyInterimReply(StartReply reply, Instant now, List<CallEvent> events) {
        if (reply.prohibited() && !control.policy().bypass().matches(called)) {
            maxDurationAt = now;
        } else {
            reply.maxDuration().ifPresent(max -> maxDurationAt = answerTime.plus(max));
        }
        if (maxDurationAt != null && !now.isBefore(maxDurationAt)) {
            Duration lasted = Duration.between(answerTime, now);
            releaseLocked(CallControl.maxDurationCause());
            events.add(new CallEvent.MaxDurationReached(id, lasted));
        }
    }

    @Override
    public synchronized String toString() {
        return "Call[" + id + " " + calling + " -> " + called + " " + state + "]";
    }
}
