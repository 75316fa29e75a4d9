package org.netlever.aaa.call.prepaid;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.netlever.aaa.call.AuthorizationDecision;
import org.netlever.aaa.call.AuthorizationRequest;
import org.netlever.aaa.call.CallAccounting;
import org.netlever.aaa.call.CallAuthorizer;
import org.netlever.aaa.call.CallInterim;
import org.netlever.aaa.call.CallStart;
import org.netlever.aaa.call.CallStop;
import org.netlever.aaa.call.StartReply;
import org.netlever.aaa.radius.attr.H323ReturnCode;

/**
 * A prepaid call billing in memory, as small as the {@link CallAuthorizer} contract allows: balances, one price per
 * called-number prefix, reservations by call id, charges once per accounting key, all in a {@link Store} that
 * several instances share as servers share a database. Credit is granted in whole minutes and charged by the started
 * minute, as the reference billing does. Each {@link Flaw} breaks one rule of the contract, for the kit's self-test.
 *
 * <p>Thread-safe: every method runs under the store's lock.
 */
final class InMemoryPrepaidBilling implements CallAuthorizer, CallAccounting {

    /** The longest credit granted at once. */
    static final Duration MAX_CREDIT = Duration.ofHours(4);

    /** One rule of the contract broken on purpose. */
    enum Flaw {
        /** An Interim-Update never gives a call more than it holds: money paid in does not extend it. */
        INTERIM_NEVER_EXTENDS,
        /** An Interim-Update never gives a call less than it holds, and never ends it. */
        INTERIM_NEVER_CUTS,
        /** An Interim-Update answers the longer limit but leaves the reservation as it was. */
        INTERIM_EXTENDS_WITHOUT_HOLDING,
        /** The call limit counts the calls this instance reserved, not those of every instance on the store. */
        CALL_LIMIT_PER_INSTANCE,
        /** A Start without a reservation (authorization stage off, S2.1) lets the call go on without a limit. */
        START_UNLIMITED_WITHOUT_AUTHORIZATION,
        /** A Start without a reservation gets what the whole balance pays for, ignoring what other calls hold. */
        START_IGNORES_WHAT_OTHERS_HOLD
    }

    /**
     * What instances share: accounts, prices, reservations and the keys charged. Thread-safe (its users lock it).
     */
    static final class Store {
        private final Map<String, BigDecimal> balances = new HashMap<>();
        private final Map<String, BigDecimal> prices = new HashMap<>();
        private final Map<String, Reservation> reservations = new HashMap<>();
        private final Set<String> charged = new HashSet<>();

        synchronized void account(String phone, BigDecimal balance) {
            balances.put(phone, balance);
        }

        synchronized void price(String prefix, BigDecimal perMinute) {
            prices.put(prefix, perMinute);
        }

        synchronized BigDecimal balance(String phone) {
            return Objects.requireNonNull(balances.get(phone), () -> "no account " + phone);
        }

        synchronized void topUp(String phone, BigDecimal amount) {
            balances.merge(phone, amount, BigDecimal::add);
        }
    }

    /** Credit held for a call, by the instance that reserved it. */
    private record Reservation(String account, String called, BigDecimal perMinute, long minutes, Instant expiresAt,
            InMemoryPrepaidBilling owner) {
        BigDecimal amount() {
            return perMinute.multiply(BigDecimal.valueOf(minutes));
        }
    }

    private final Store store;
    private final Clock clock;
    private final Duration ttl;
    private final OptionalInt maxConcurrentCalls;
    private final Set<Flaw> flaws;

    /**
     * An instance on a store.
     *
     * @param store what it shares with the other instances
     * @param clock the clock reservations expire by
     * @param ttl how long an unanswered reservation holds credit
     * @param maxConcurrentCalls calls an account may have at once; empty for any
     * @param flaws the rules it breaks; none for a billing that keeps the contract
     */
    InMemoryPrepaidBilling(Store store, Clock clock, Duration ttl, OptionalInt maxConcurrentCalls, Set<Flaw> flaws) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        this.maxConcurrentCalls = Objects.requireNonNull(maxConcurrentCalls, "maxConcurrentCalls");
        this.flaws = flaws.isEmpty() ? EnumSet.noneOf(Flaw.class) : EnumSet.copyOf(flaws);
    }

    @Override
    public AuthorizationDecision authorize(AuthorizationRequest request) {
        synchronized (store) {
            String account = request.calling().digits();
            String called = request.called().digits();
            Reservation resent = live(request.callId());
            if (resent != null && resent.account().equals(account) && resent.called().equals(called)) {
                return AuthorizationDecision.acceptFor(Duration.ofMinutes(resent.minutes()));
            }
            store.reservations.remove(request.callId());
            return reserve(request.callId(), account, called, true);
        }
    }

    /** Reserves credit for a call under the store's lock; {@code countHeld} false is the flaw of that name. */
    private AuthorizationDecision reserve(String callId, String account, String called, boolean countHeld) {
        BigDecimal balance = store.balances.get(account);
        if (balance == null) {
            return AuthorizationDecision.reject("no account " + account, H323ReturnCode.INVALID_ACCOUNT);
        }
        Optional<BigDecimal> price = price(called);
        if (price.isEmpty()) {
            return AuthorizationDecision.reject("no tariff for " + called, H323ReturnCode.CALLED_NUMBER_BLOCKED);
        }
        long inProgress = 0;
        BigDecimal held = BigDecimal.ZERO;
        for (Map.Entry<String, Reservation> e : store.reservations.entrySet()) {
            Reservation r = e.getValue();
            if (r.account().equals(account) && !e.getKey().equals(callId) && r.expiresAt().isAfter(clock.instant())) {
                if (!flaws.contains(Flaw.CALL_LIMIT_PER_INSTANCE) || r.owner() == this) {
                    inProgress++;
                }
                held = held.add(r.amount());
            }
        }
        if (maxConcurrentCalls.isPresent() && inProgress >= maxConcurrentCalls.getAsInt()) {
            return AuthorizationDecision.reject(inProgress + " calls in progress", H323ReturnCode.ACCOUNT_IN_USE);
        }
        long minutes = payableMinutes(countHeld ? balance.subtract(held) : balance, price.get());
        if (minutes == 0) {
            return AuthorizationDecision.reject("balance " + balance + ", " + held + " of it held",
                    H323ReturnCode.INSUFFICIENT_BALANCE);
        }
        store.reservations.put(callId, new Reservation(account, called, price.get(), minutes,
                clock.instant().plus(ttl), this));
        return AuthorizationDecision.acceptFor(Duration.ofMinutes(minutes));
    }

    @Override
    public StartReply start(CallStart start) {
        synchronized (store) {
            Reservation r = live(start.callId());
            if (r == null) {
                if (flaws.contains(Flaw.START_UNLIMITED_WITHOUT_AUTHORIZATION)) {
                    return StartReply.proceed();
                }
                AuthorizationDecision d = reserve(start.callId(), start.calling().digits(), start.called().digits(),
                        !flaws.contains(Flaw.START_IGNORES_WHAT_OTHERS_HOLD));
                if (d instanceof AuthorizationDecision.Reject reject) {
                    return StartReply.prohibit(reject.reason());
                }
                r = live(start.callId());
            }
            Instant until = clock.instant().plus(Duration.ofMinutes(r.minutes())).plus(ttl);
            store.reservations.put(start.callId(), new Reservation(r.account(), r.called(), r.perMinute(),
                    r.minutes(), until, r.owner()));
            return StartReply.proceed().withMaxDuration(Duration.ofMinutes(r.minutes()));
        }
    }

    @Override
    public StartReply answerInterim(CallInterim interim) {
        synchronized (store) {
            Reservation r = live(interim.callId());
            if (r == null) {
                return StartReply.proceed();
            }
            BigDecimal others = BigDecimal.ZERO;
            for (Map.Entry<String, Reservation> e : store.reservations.entrySet()) {
                Reservation o = e.getValue();
                if (o.account().equals(r.account()) && !e.getKey().equals(interim.callId())
                        && o.expiresAt().isAfter(clock.instant())) {
                    others = others.add(o.amount());
                }
            }
            long minutes = payableMinutes(store.balances.get(r.account()).subtract(others), r.perMinute());
            if (flaws.contains(Flaw.INTERIM_NEVER_EXTENDS)) {
                minutes = Math.min(minutes, r.minutes());
            }
            if (flaws.contains(Flaw.INTERIM_NEVER_CUTS)) {
                minutes = Math.max(minutes, r.minutes());
            }
            long talked = interim.sessionTime().toSeconds();
            boolean exhausted = minutes * 60 <= talked;
            if (exhausted) {
                minutes = (talked + 59) / 60;
            }
            if (!flaws.contains(Flaw.INTERIM_EXTENDS_WITHOUT_HOLDING)) {
                Instant until = clock.instant().plusSeconds(Math.max(0, minutes * 60 - talked)).plus(ttl);
                store.reservations.put(interim.callId(), new Reservation(r.account(), r.called(), r.perMinute(),
                        minutes, until, r.owner()));
            }
            return exhausted ? StartReply.prohibit("the balance is used up")
                    : StartReply.proceed().withMaxDuration(Duration.ofMinutes(minutes));
        }
    }

    @Override
    public void stop(CallStop stop) {
        synchronized (store) {
            store.reservations.remove(stop.callId());
            String key = stop.key().toString();
            if (stop.answerTime().isEmpty() || stop.sessionTime().isZero() || !store.charged.add(key)) {
                return;
            }
            long minutes = (stop.sessionTime().toSeconds() + 59) / 60;
            BigDecimal charge = price(stop.called().digits()).orElse(BigDecimal.ZERO)
                    .multiply(BigDecimal.valueOf(minutes));
            store.balances.computeIfPresent(stop.calling().digits(), (a, b) -> b.subtract(charge));
        }
    }

    /** The call's reservation if it has not expired, else null (and it is gone). */
    private Reservation live(String callId) {
        Reservation r = store.reservations.get(callId);
        if (r != null && !r.expiresAt().isAfter(clock.instant())) {
            store.reservations.remove(callId);
            return null;
        }
        return r;
    }

    private Optional<BigDecimal> price(String called) {
        return store.prices.entrySet().stream().filter(e -> called.startsWith(e.getKey()))
                .max(Map.Entry.comparingByKey((x, y) -> Integer.compare(x.length(), y.length())))
                .map(Map.Entry::getValue);
    }

    private static long payableMinutes(BigDecimal left, BigDecimal perMinute) {
        if (left.signum() <= 0) {
            return 0;
        }
        return Math.min(left.divide(perMinute, 0, RoundingMode.FLOOR).longValue(), MAX_CREDIT.toMinutes());
    }
}
