package org.netlever.server.billing;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.netlever.aaa.store.Database;
import org.netlever.server.billing.CallAccounts.Account;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reference billing's call charges (S2.7), written in groups ({@link GroupWriter}): one transaction locks the
 * Stops' accounts in phone order, reads their calls' reservations and the prices in one query, then a batched INSERT of the
 * charge rows, a batched UPDATE per account of its balance and of what its reservations hold, a batched DELETE of
 * the reservations, one commit. A charge already stored under its accounting key fails the group, which is then written
 * Stop by Stop ({@link #single}): a duplicate is acknowledged without a second charge. A Stop whose call holds a
 * reservation of another account is written alone.
 *
 * <p>Thread-safe.
 */
final class Charges implements GroupWriter.Group<Charges.Charge, Boolean> {

    private static final Logger LOG = LoggerFactory.getLogger(ReferenceBilling.class);

    /**
     * One Stop to charge: the started minutes of {@code seconds} at the called number's price, to the account with
     * phone {@code calling}; the call's credit reservation ({@code callId}) is released in the same transaction.
     */
    record Charge(String key, String callId, String calling, String called, long seconds, long minutes,
            OffsetDateTime at) {
    }

    private final Database db;

    Charges(Database db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    /** @return per Stop, whether it was charged (false: no account has its phone), or empty to write it alone */
    @Override
    public List<Optional<Boolean>> write(List<Charge> group) {
        return db.inTransaction(h -> writeGroup(h, group));
    }

    private List<Optional<Boolean>> writeGroup(Handle h, List<Charge> group) {
        TreeSet<String> phones = new TreeSet<>();
        TreeSet<String> calls = new TreeSet<>();
        TreeSet<String> called = new TreeSet<>();
        for (Charge c : group) {
            phones.add(c.calling());
            calls.add(c.callId());
            called.add(c.called());
        }
        Map<String, Account> accounts = CallAccounts.lockByPhones(h, phones);
        // Read under the accounts' locks: what their reservations hold now.
        CallAccounts.Lookup lookup = CallAccounts.reservationsAndPrices(h, calls, called);
        Map<String, CallAccounts.Reserved> reserved = lookup.reservations();
        Map<String, BigDecimal> prices = lookup.prices();

        List<Optional<Boolean>> out = new ArrayList<>(group.size());
        // One order for every group's writes: the rows are locked already, this keeps the batches deterministic.
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < group.size(); i++) {
            order.add(i);
            out.add(Optional.empty());
        }
        order.sort(Comparator.comparing((Integer i) -> group.get(i).calling()).thenComparing(i -> group.get(i).key()));
        PreparedBatch insert = h.prepareBatch("INSERT INTO billing_call_charge (acct_key, subscriber_id, called,"
                + " seconds, charge, charged_at) VALUES (:key, :subscriber, :called, :seconds, :charge, :at)");
        PreparedBatch update = h.prepareBatch("UPDATE billing_subscriber SET balance = balance - :charge,"
                + " held = held - :released, calls = calls - :count WHERE id = :id");
        // Per account (in phone order, as locked): its charges, the credit its released reservations held, how many.
        Map<String, BigDecimal[]> perAccount = new LinkedHashMap<>();
        List<String> released = new ArrayList<>();
        Set<String> releasedSet = new HashSet<>();
        boolean any = false;
        for (int i : order) {
            Charge c = group.get(i);
            Account account = accounts.get(c.calling());
            CallAccounts.Reserved reservation = releasedSet.contains(c.callId()) ? null
                    : reserved.get(c.callId());
            if (reservation != null && (account == null || !reservation.subscriberId().equals(account.id()))) {
                continue;   // held by another account: alone, which locks it
            }
            if (account == null) {
                out.set(i, Optional.of(false));
                continue;
            }
            BigDecimal charge = prices.getOrDefault(c.called(), BigDecimal.ZERO)
                    .multiply(BigDecimal.valueOf(c.minutes()));
            insert.bind("key", c.key()).bind("subscriber", account.id()).bind("called", c.called())
                    .bind("seconds", c.seconds()).bind("charge", charge).bind("at", c.at()).add();
            BigDecimal[] moved = perAccount.computeIfAbsent(account.id(),
                    id -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO});
            moved[0] = moved[0].add(charge);
            if (reservation != null) {
                moved[1] = moved[1].add(reservation.amount());
                moved[2] = moved[2].add(BigDecimal.ONE);
            }
            if (reservation != null) {
                released.add(c.callId());
                releasedSet.add(c.callId());
            }
            any = true;
            out.set(i, Optional.of(true));
        }
        if (any) {
            insert.execute();
            perAccount.forEach((id, moved) -> update.bind("charge", moved[0]).bind("released", moved[1])
                    .bind("count", moved[2].longValueExact()).bind("id", id).add());
            update.execute();
        }
        if (!released.isEmpty()) {
            // The calls' reservations go with their charges (S2.4): credit held and spent never count twice.
            // One statement for the group, not one per call: the database parses and plans it once.
            h.createUpdate("DELETE FROM billing_call_reservation WHERE call_id = ANY(:calls)")
                    .bindArray("calls", String.class, released).execute();
        }
        return out;
    }

    /** One charge in its own transaction: what a group that failed falls back to, Stop by Stop. */
    @Override
    public Boolean single(Charge c) {
        try {
            return db.inTransaction(h -> {
                Optional<Account> account = CallAccounts.lockByPhone(h, c.calling());
                if (account.isEmpty()) {
                    CallAccounts.release(h, c.callId(), account);
                    return false;
                }
                BigDecimal perMinute = CallAccounts.price(h, c.called()).orElse(BigDecimal.ZERO);
                BigDecimal charge = perMinute.multiply(BigDecimal.valueOf(c.minutes()));
                // The charge row first: a second process handling the same Stop fails here and rolls back.
                h.createUpdate("INSERT INTO billing_call_charge (acct_key, subscriber_id, called, seconds, charge,"
                        + " charged_at) VALUES (:key, :subscriber, :called, :seconds, :charge, :at)")
                        .bind("key", c.key()).bind("subscriber", account.get().id()).bind("called", c.called())
                        .bind("seconds", c.seconds()).bind("charge", charge).bind("at", c.at()).execute();
                h.createUpdate("UPDATE billing_subscriber SET balance = balance - :charge WHERE id = :id")
                        .bind("charge", charge).bind("id", account.get().id()).execute();
                CallAccounts.release(h, c.callId(), account);
                return true;
            });
        } catch (RuntimeException e) {
            if (!CallAccounts.uniqueViolation(e)) {
                throw e;
            }
            // The first charge may belong to a thread still waiting for the disk: acknowledge once it is durable.
            db.awaitDurable();
            LOG.debug("Stop {} already charged", c.key());
            return true;
        }
    }
}
