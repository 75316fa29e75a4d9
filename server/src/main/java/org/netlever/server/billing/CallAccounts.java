package org.netlever.server.billing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.jdbi.v3.core.Handle;

/**
 * What the reference billing's call paths share: accounts locked in one order, prices by the longest tariff prefix,
 * and an account's expired reservations given back.
 *
 * <p>The account row ({@code billing_subscriber}) carries {@code held}, the sum of its reservations'
 * {@code amount}, and {@code calls}, their count (V6). Every transaction that inserts, deletes or resizes a
 * reservation holds its account's row lock and moves {@code held} and {@code calls} with it, so the two always agree
 * with the reservation rows; confirming a reservation (its expiry, not its amount) needs no lock. Transactions that
 * lock several accounts lock them in the order of their phone numbers, so two of them never wait for each other.
 *
 * <p>Stateless and thread-safe.
 */
final class CallAccounts {

    /** The longest credit time a call is authorized for, in minutes. */
    static final long MAX_CREDIT_MINUTES = ReferenceBilling.MAX_CREDIT.toMinutes();

    private static final HexFormat HEX = HexFormat.of();
    private static final String ACCOUNT = "SELECT id, phone, balance, held, calls FROM billing_subscriber";

    private CallAccounts() {
    }

    /**
     * An account as locked: balance, and what its reservations hold and how many there are.
     *
     * @param id the subscriber
     * @param phone its phone
     * @param balance its balance
     * @param held the credit its reservations hold, expired or not
     * @param calls how many reservations it has, expired or not
     */
    record Account(String id, String phone, BigDecimal balance, BigDecimal held, long calls) {
        Account withHeld(BigDecimal newHeld, long newCalls) {
            return new Account(id, phone, balance, newHeld, newCalls);
        }

        /** What the balance still pays for, less what the reservations hold. */
        BigDecimal left() {
            return balance.subtract(held);
        }
    }

    /** One account by its phone, its row locked until the transaction ends. */
    static Optional<Account> lockByPhone(Handle h, String phone) {
        return h.createQuery(ACCOUNT + " WHERE phone = :value FOR UPDATE").bind("value", phone)
                .map((rs, ctx) -> account(rs)).findOne();
    }

    /** One account by its id, its row locked until the transaction ends. */
    static Optional<Account> lockById(Handle h, String id) {
        return h.createQuery(ACCOUNT + " WHERE id = :value FOR UPDATE").bind("value", id)
                .map((rs, ctx) -> account(rs)).findOne();
    }

    /**
     * The accounts with these phones, their rows locked in phone order until the transaction ends.
     *
     * @return by phone; a phone no account has is absent
     */
    static Map<String, Account> lockByPhones(Handle h, Collection<String> phones) {
        Map<String, Account> out = new HashMap<>();
        if (phones.isEmpty()) {
            return out;
        }
        h.createQuery(ACCOUNT + " WHERE phone = ANY(:phones) ORDER BY phone FOR UPDATE")
                .bindArray("phones", String.class, new TreeSet<>(phones))
                .map((rs, ctx) -> account(rs)).forEach(a -> out.put(a.phone(), a));
        return out;
    }

    private static Account account(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Account(rs.getString("id"), rs.getString("phone"), rs.getBigDecimal("balance"),
                rs.getBigDecimal("held"), rs.getLong("calls"));
    }

    /** Writes what an account's reservations hold, its row locked by this transaction. */
    static void storeHeld(Handle h, Account a) {
        h.createUpdate("UPDATE billing_subscriber SET held = :held, calls = :calls WHERE id = :id")
                .bind("held", a.held()).bind("calls", a.calls()).bind("id", a.id()).execute();
    }

    /**
     * A reservation as read.
     *
     * @param subscriberId its account
     * @param called number B
     * @param minutes its credit time
     * @param amount what it holds
     * @param expiresAt when it expires
     */
    record Reserved(String subscriberId, String called, long minutes, BigDecimal amount, OffsetDateTime expiresAt) {
        boolean liveAt(OffsetDateTime now) {
            return expiresAt.isAfter(now);
        }
    }

    /**
     * What a group reads besides its accounts, in one round trip.
     *
     * @param reservations the calls' reservations, by call id
     * @param prices the called numbers' prices per minute, by number; a number no tariff covers is absent
     */
    record Lookup(Map<String, Reserved> reservations, Map<String, BigDecimal> prices) {
    }

    /**
     * The reservations of some calls and the prices of some called numbers (see {@link #prices}), in one query: a
     * group's round trips, not its rows, are what it waits for.
     */
    static Lookup reservationsAndPrices(Handle h, Collection<String> calls, Collection<String> called) {
        Map<String, Reserved> reservations = new HashMap<>();
        Map<String, BigDecimal> tariffs = new HashMap<>();
        h.createQuery("SELECT 'r', call_id, subscriber_id, called, minutes, amount, expires_at"
                + " FROM billing_call_reservation WHERE call_id = ANY(:calls)"
                + " UNION ALL SELECT 't', prefix, NULL, NULL, NULL, per_minute, NULL FROM billing_call_tariff"
                + " WHERE prefix = ANY(:prefixes)")
                .bindArray("calls", String.class, new TreeSet<>(calls))
                .bindArray("prefixes", String.class, prefixes(called))
                .map((rs, ctx) -> {
                    if (rs.getString(1).equals("r")) {
                        reservations.put(rs.getString(2), new Reserved(rs.getString(3), rs.getString(4),
                                rs.getLong(5), rs.getBigDecimal(6), rs.getObject(7, OffsetDateTime.class)));
                    } else {
                        tariffs.put(rs.getString(2), rs.getBigDecimal(6));
                    }
                    return 0;
                }).list();
        return new Lookup(reservations, longestPrefix(called, tariffs));
    }

    /**
     * The price per minute of each called number by its longest tariff prefix (prefixes are digits, the empty one
     * matches every number): one indexed query for all of them.
     *
     * @return by called number; a number no tariff covers is absent
     */
    static Map<String, BigDecimal> prices(Handle h, Collection<String> called) {
        Map<String, BigDecimal> tariffs = new HashMap<>();
        h.createQuery("SELECT prefix, per_minute FROM billing_call_tariff WHERE prefix = ANY(:prefixes)")
                .bindArray("prefixes", String.class, prefixes(called))
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getBigDecimal(2)))
                .forEach(e -> tariffs.put(e.getKey(), e.getValue()));
        return longestPrefix(called, tariffs);
    }

    /** Every prefix of the numbers, the empty one included. */
    private static TreeSet<String> prefixes(Collection<String> numbers) {
        TreeSet<String> prefixes = new TreeSet<>();
        for (String number : numbers) {
            for (int i = 0; i <= number.length(); i++) {
                prefixes.add(number.substring(0, i));
            }
        }
        return prefixes;
    }

    /** Each number's price by the longest of its prefixes that has one. */
    private static Map<String, BigDecimal> longestPrefix(Collection<String> numbers, Map<String, BigDecimal> tariffs) {
        Map<String, BigDecimal> out = new HashMap<>();
        for (String number : numbers) {
            for (int i = number.length(); i >= 0; i--) {
                BigDecimal price = tariffs.get(number.substring(0, i));
                if (price != null) {
                    out.put(number, price);
                    break;
                }
            }
        }
        return out;
    }

    /** The price per minute of one called number, empty if no tariff covers it. */
    static Optional<BigDecimal> price(Handle h, String called) {
        return Optional.ofNullable(prices(h, List.of(called)).get(called));
    }

    /**
     * Deletes an account's expired reservations and gives back what they held, the account's row locked by this
     * transaction.
     *
     * @return the account after
     */
    static Account sweep(Handle h, Account a, OffsetDateTime now) {
        List<String> calls = new ArrayList<>();
        BigDecimal[] amount = {BigDecimal.ZERO};
        // FOR UPDATE: a Start confirming one of them at this moment keeps it (its new expiry is re-read here).
        h.createQuery("SELECT call_id, amount FROM billing_call_reservation WHERE subscriber_id = :id"
                + " AND expires_at <= :now FOR UPDATE").bind("id", a.id()).bind("now", now)
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getBigDecimal(2))).forEach(e -> {
                    calls.add(e.getKey());
                    amount[0] = amount[0].add(e.getValue());
                });
        if (calls.isEmpty()) {
            return a;
        }
        h.createUpdate("DELETE FROM billing_call_reservation WHERE call_id = ANY(:calls)")
                .bindArray("calls", String.class, calls).execute();
        Account after = a.withHeld(a.held().subtract(amount[0]), a.calls() - calls.size());
        storeHeld(h, after);
        return after;
    }

    /**
     * Deletes one call's reservation, if it has one, and gives back what it held; its account is locked here if the
     * transaction has not locked it yet ({@code locked}, may be empty).
     *
     * @return the locked account after, when it is {@code locked}'s; else {@code locked} as it was
     */
    static Optional<Account> release(Handle h, String callId, Optional<Account> locked) {
        Optional<String> owner = h.createQuery("SELECT subscriber_id FROM billing_call_reservation"
                + " WHERE call_id = :call").bind("call", callId).mapTo(String.class).findOne();
        if (owner.isEmpty()) {
            return locked;
        }
        boolean mine = locked.isPresent() && locked.get().id().equals(owner.get());
        Optional<Account> account = mine ? locked : lockById(h, owner.get());
        if (account.isEmpty()) {
            return locked;
        }
        // Read again under the lock: what it holds now.
        Optional<BigDecimal> amount = h.createQuery("SELECT amount FROM billing_call_reservation WHERE call_id = :call"
                + " AND subscriber_id = :id").bind("call", callId).bind("id", account.get().id())
                .mapTo(BigDecimal.class).findOne();
        if (amount.isEmpty()) {
            return locked;
        }
        h.createUpdate("DELETE FROM billing_call_reservation WHERE call_id = :call").bind("call", callId).execute();
        Account after = account.get().withHeld(account.get().held().subtract(amount.get()), account.get().calls() - 1);
        storeHeld(h, after);
        return mine ? Optional.of(after) : locked;
    }

    /** The whole minutes what is left pays for at a price, at most {@link #MAX_CREDIT_MINUTES}; 0 if none. */
    static long payableMinutes(BigDecimal left, BigDecimal perMinute) {
        if (perMinute.signum() == 0) {
            return MAX_CREDIT_MINUTES;
        }
        if (left.signum() <= 0) {
            return 0;
        }
        return Math.min(left.divide(perMinute, 0, RoundingMode.FLOOR).longValue(), MAX_CREDIT_MINUTES);
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    /** Whether a write was refused by a unique key (SQL state 23505 on H2 and PostgreSQL). */
    static boolean uniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** A key or call id as stored: itself up to 400 characters, a SHA-256 of it beyond. */
    static String bounded(String k) {
        if (k.length() <= 400) {
            return k;
        }
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(k.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "sha256:" + HEX.formatHex(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
