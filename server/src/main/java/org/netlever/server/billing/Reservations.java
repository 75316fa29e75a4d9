package org.netlever.server.billing;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeSet;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.netlever.aaa.call.AuthorizationDecision;
import org.netlever.aaa.radius.attr.H323ReturnCode;
import org.netlever.aaa.store.Database;
import org.netlever.server.billing.CallAccounts.Account;
import org.netlever.server.billing.CallAccounts.Reserved;

/**
 * The reference billing's credit reservations (S2.3–S2.5): authorizations and Starts, written in groups
 * ({@link GroupWriter}), and Interim-Updates.
 *
 * <p>A group is one transaction: one query for the calls' reservations and the prices, one that locks their accounts in
 * phone order, then a batched update of the accounts' {@code held} and {@code calls}, a batched insert of the
 * new reservations and a batched confirmation of the answered ones. The common cases are decided there: a call that
 * has no reservation yet and that the account pays for (reserved), a Start whose call holds an unexpired reservation
 * (confirmed), an unknown account, number or an empty balance (refused, nothing written). A call the group would
 * refuse for want of credit or over the call limit, an Access-Request resent, or a call id that holds an expired or
 * another account's reservation is left to {@link #single}, which first gives the account's expired reservations
 * back: so an expired reservation never refuses a call.
 *
 * <p>Thread-safe.
 */
final class Reservations implements GroupWriter.Group<Reservations.Reserve, AuthorizationDecision> {

    /**
     * A call to reserve credit for.
     *
     * @param start a Start (the reservation is confirmed at once) rather than an authorization
     * @param callId the call, as stored
     * @param calling number A, the account's phone
     * @param called number B
     * @param now when it arrived, by the billing's clock
     */
    record Reserve(boolean start, String callId, String calling, String called, OffsetDateTime now) {
    }

    private final Database db;
    private final Duration ttl;
    private final OptionalInt maxCalls;

    Reservations(Database db, Duration ttl, OptionalInt maxCalls) {
        this.db = Objects.requireNonNull(db, "db");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        this.maxCalls = Objects.requireNonNull(maxCalls, "maxCalls");
    }

    /** When a reservation of so many minutes expires, made or confirmed at {@code now}. */
    private OffsetDateTime expiry(boolean answered, long minutes, OffsetDateTime now) {
        return answered ? now.plusMinutes(minutes).plus(ttl) : now.plus(ttl);
    }

    @Override
    public List<Optional<AuthorizationDecision>> write(List<Reserve> group) {
        return db.inTransaction(h -> writeGroup(h, group));
    }

    private List<Optional<AuthorizationDecision>> writeGroup(Handle h, List<Reserve> group) {
        TreeSet<String> callIds = new TreeSet<>();
        TreeSet<String> phones = new TreeSet<>();
        TreeSet<String> called = new TreeSet<>();
        for (Reserve r : group) {
            callIds.add(r.callId());
            phones.add(r.calling());
            called.add(r.called());
        }
        CallAccounts.Lookup lookup = CallAccounts.reservationsAndPrices(h, callIds, called);
        Map<String, Reserved> rows = lookup.reservations();
        Map<String, Account> accounts = CallAccounts.lockByPhones(h, phones);
        Map<String, BigDecimal> prices = lookup.prices();

        List<Optional<AuthorizationDecision>> out = new ArrayList<>(group.size());
        Map<String, Account> changed = new LinkedHashMap<>();
        PreparedBatch insert = h.prepareBatch("INSERT INTO billing_call_reservation (call_id, subscriber_id, called,"
                + " per_minute, minutes, amount, answered, expires_at) VALUES (:call, :id, :called, :price, :minutes,"
                + " :amount, :answered, :expires)");
        List<Reserve> confirmed = new ArrayList<>();
        List<Long> confirmedMinutes = new ArrayList<>();
        for (Reserve r : group) {
            Reserved row = rows.get(r.callId());
            if (row != null) {
                if (r.start() && row.liveAt(r.now())) {
                    confirmed.add(r);
                    confirmedMinutes.add(row.minutes());
                    out.add(Optional.of(AuthorizationDecision.acceptFor(Duration.ofMinutes(row.minutes()))));
                } else {
                    out.add(Optional.empty());   // resent, re-routed or expired: alone
                }
                continue;
            }
            Account account = changed.getOrDefault(r.calling(), accounts.get(r.calling()));
            if (account == null) {
                out.add(Optional.of(noAccount(r.calling())));
                continue;
            }
            BigDecimal price = prices.get(r.called());
            if (price == null) {
                out.add(Optional.of(noTariff(r.called())));
                continue;
            }
            if (maxCalls.isPresent() && account.calls() >= maxCalls.getAsInt()) {
                out.add(Optional.empty());   // over the limit unless some expired: alone
                continue;
            }
            if (price.signum() != 0 && account.balance().signum() <= 0) {
                out.add(Optional.of(zeroBalance(account)));
                continue;
            }
            long minutes = CallAccounts.payableMinutes(account.left(), price);
            if (minutes == 0) {
                out.add(Optional.empty());   // refused unless some expired: alone
                continue;
            }
            BigDecimal amount = price.multiply(BigDecimal.valueOf(minutes));
            changed.put(r.calling(), account.withHeld(account.held().add(amount), account.calls() + 1));
            insert.bind("call", r.callId()).bind("id", account.id()).bind("called", r.called()).bind("price", price)
                    .bind("minutes", minutes).bind("amount", amount).bind("answered", r.start())
                    .bind("expires", expiry(r.start(), minutes, r.now())).add();
            // A second request for the same call in this group finds this reservation.
            rows.put(r.callId(), new Reserved(account.id(), r.called(), minutes, amount,
                    expiry(r.start(), minutes, r.now())));
            out.add(Optional.of(AuthorizationDecision.acceptFor(Duration.ofMinutes(minutes))));
        }
        if (!changed.isEmpty()) {
            PreparedBatch held = h.prepareBatch("UPDATE billing_subscriber SET held = :held, calls = :calls"
                    + " WHERE id = :id");
            for (Account a : new java.util.TreeMap<>(changed).values()) {
                held.bind("held", a.held()).bind("calls", a.calls()).bind("id", a.id()).add();
            }
            held.execute();
            insert.execute();
        }
        if (!confirmed.isEmpty()) {
            PreparedBatch confirm = h.prepareBatch("UPDATE billing_call_reservation SET answered = TRUE,"
                    + " expires_at = :expires WHERE call_id = :call AND expires_at > :now");
            for (int i = 0; i < confirmed.size(); i++) {
                Reserve r = confirmed.get(i);
                confirm.bind("expires", expiry(true, confirmedMinutes.get(i), r.now())).bind("call", r.callId())
                        .bind("now", r.now()).add();
            }
            int[] updated = confirm.execute();
            for (int i = 0, c = 0; i < group.size(); i++) {
                if (c < confirmed.size() && group.get(i) == confirmed.get(c)) {
                    if (updated[c] == 0) {
                        out.set(i, Optional.empty());   // deleted or expired meanwhile: alone
                    }
                    c++;
                }
            }
        }
        return out;
    }

    /**
     * One call in its own transaction: the account's expired reservations are given back first, then the call is
     * answered as before (resent), confirmed (a Start of a reserved call) or reserved anew.
     */
    @Override
    public AuthorizationDecision single(Reserve r) {
        return db.inTransaction(h -> reserve(h, r));
    }

    private AuthorizationDecision reserve(Handle h, Reserve r) {
        Optional<Account> found = CallAccounts.lockByPhone(h, r.calling());
        if (found.isEmpty()) {
            return noAccount(r.calling());
        }
        Optional<BigDecimal> price = CallAccounts.price(h, r.called());
        if (price.isEmpty()) {
            return noTariff(r.called());
        }
        Account account = CallAccounts.sweep(h, found.get(), r.now());
        Optional<Reserved> row = h.createQuery("SELECT subscriber_id, called, minutes, amount, expires_at"
                + " FROM billing_call_reservation WHERE call_id = :call").bind("call", r.callId())
                .map((rs, ctx) -> new Reserved(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getBigDecimal(4),
                        rs.getObject(5, OffsetDateTime.class))).findOne();
        if (row.isPresent() && row.get().liveAt(r.now())) {
            if (r.start()) {
                h.createUpdate("UPDATE billing_call_reservation SET answered = TRUE, expires_at = :expires"
                        + " WHERE call_id = :call").bind("call", r.callId())
                        .bind("expires", expiry(true, row.get().minutes(), r.now())).execute();
                return AuthorizationDecision.acceptFor(Duration.ofMinutes(row.get().minutes()));
            }
            if (row.get().subscriberId().equals(account.id()) && row.get().called().equals(r.called())) {
                return AuthorizationDecision.acceptFor(Duration.ofMinutes(row.get().minutes()));   // resent
            }
        }
        if (row.isPresent()) {
            // The call re-routed to another B, or a call id the softswitch reused: what was held for it goes back.
            account = CallAccounts.release(h, r.callId(), Optional.of(account)).orElseThrow();
        }
        if (maxCalls.isPresent() && account.calls() >= maxCalls.getAsInt()) {
            return AuthorizationDecision.reject(account.calls() + " calls of " + account.id() + " in progress, the"
                    + " most it may have", H323ReturnCode.ACCOUNT_IN_USE);
        }
        if (price.get().signum() != 0 && account.balance().signum() <= 0) {
            return zeroBalance(account);
        }
        long minutes = CallAccounts.payableMinutes(account.left(), price.get());
        if (minutes == 0) {
            String inFlight = account.calls() == 0 ? "" : ", " + account.held().toPlainString() + " of it held by "
                    + account.calls() + " calls in progress,";
            return AuthorizationDecision.reject("balance " + account.balance().toPlainString() + inFlight
                    + " pays for less than a minute", H323ReturnCode.INSUFFICIENT_BALANCE);
        }
        BigDecimal amount = price.get().multiply(BigDecimal.valueOf(minutes));
        h.createUpdate("INSERT INTO billing_call_reservation (call_id, subscriber_id, called, per_minute, minutes,"
                + " amount, answered, expires_at) VALUES (:call, :id, :called, :price, :minutes, :amount, :answered,"
                + " :expires)").bind("call", r.callId()).bind("id", account.id()).bind("called", r.called())
                .bind("price", price.get()).bind("minutes", minutes).bind("amount", amount)
                .bind("answered", r.start()).bind("expires", expiry(r.start(), minutes, r.now())).execute();
        CallAccounts.storeHeld(h, account.withHeld(account.held().add(amount), account.calls() + 1));
        return AuthorizationDecision.acceptFor(Duration.ofMinutes(minutes));
    }

    /**
     * An Interim-Update: resizes the call's reservation to what the balance, less the account's other calls, pays
     * for; when that is no more than the call has lasted, it keeps what the call used.
     *
     * @return the new credit in minutes and whether it is used up; empty for a call without an unexpired reservation
     */
    Optional<Resized> resize(String callId, long talkedSeconds, OffsetDateTime now) {
        return db.inTransaction(h -> {
            Optional<String> owner = h.createQuery("SELECT subscriber_id FROM billing_call_reservation"
                    + " WHERE call_id = :call AND expires_at > :now").bind("call", callId).bind("now", now)
                    .mapTo(String.class).findOne();
            Optional<Account> locked = owner.flatMap(id -> CallAccounts.lockById(h, id));
            if (locked.isEmpty()) {
                return Optional.<Resized>empty();
            }
            Account account = CallAccounts.sweep(h, locked.get(), now);
            // Read again under the account's lock: what the call holds now.
            Optional<Map.Entry<BigDecimal, BigDecimal>> mine = h.createQuery("SELECT per_minute, amount"
                    + " FROM billing_call_reservation WHERE call_id = :call AND subscriber_id = :id")
                    .bind("call", callId).bind("id", account.id())
                    .map((rs, ctx) -> Map.entry(rs.getBigDecimal(1), rs.getBigDecimal(2))).findOne();
            if (mine.isEmpty()) {
                return Optional.<Resized>empty();
            }
            BigDecimal perMinute = mine.get().getKey();
            BigDecimal others = account.held().subtract(mine.get().getValue());
            long minutes = CallAccounts.payableMinutes(account.balance().subtract(others), perMinute);
            boolean exhausted = minutes * 60 <= talkedSeconds;
            if (exhausted) {
                minutes = (talkedSeconds + 59) / 60;
            }
            BigDecimal amount = perMinute.multiply(BigDecimal.valueOf(minutes));
            h.createUpdate("UPDATE billing_call_reservation SET minutes = :minutes, amount = :amount,"
                    + " answered = TRUE, expires_at = :expires WHERE call_id = :call").bind("call", callId)
                    .bind("minutes", minutes).bind("amount", amount)
                    .bind("expires", now.plusSeconds(Math.max(0, minutes * 60 - talkedSeconds)).plus(ttl))
                    .execute();
            CallAccounts.storeHeld(h, account.withHeld(others.add(amount), account.calls()));
            return Optional.of(new Resized(account.id(), minutes, exhausted));
        });
    }

    /**
     * What an Interim-Update left a call.
     *
     * @param subscriberId its account
     * @param minutes its credit time
     * @param exhausted whether the balance is used up
     */
    record Resized(String subscriberId, long minutes, boolean exhausted) {
    }

    /** Releases a call's reservation, if it has one, in its own transaction. */
    void release(String callId) {
        db.inTransaction(h -> CallAccounts.release(h, callId, Optional.empty()));
    }

    /**
     * Gives back the reservations that expired by {@code now}, of every account: one transaction per account.
     *
     * @return how many were given back
     */
    int sweep(OffsetDateTime now) {
        List<String> ids = db.withHandle(h -> h.createQuery("SELECT DISTINCT subscriber_id FROM"
                + " billing_call_reservation WHERE expires_at <= :now").bind("now", now).mapTo(String.class).list());
        int swept = 0;
        for (String id : ids) {
            swept += db.inTransaction(h -> CallAccounts.lockById(h, id)
                    .map(a -> (int) (a.calls() - CallAccounts.sweep(h, a, now).calls())).orElse(0));
        }
        return swept;
    }

    private static AuthorizationDecision noAccount(String calling) {
        return AuthorizationDecision.reject("no account has phone " + calling, H323ReturnCode.INVALID_ACCOUNT);
    }

    private static AuthorizationDecision noTariff(String called) {
        return AuthorizationDecision.reject("no tariff for " + called, H323ReturnCode.CALLED_NUMBER_BLOCKED);
    }

    private static AuthorizationDecision zeroBalance(Account account) {
        return AuthorizationDecision.reject("balance " + account.balance().toPlainString() + " of " + account.id(),
                H323ReturnCode.ZERO_BALANCE);
    }
}
