package org.netlever.server.billing;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.statement.Query;
import org.netlever.aaa.store.Database;

/**
 * The reference billing's tables for operators (issue 15, {@code docs/api.md}): calls charged, newest first; credit
 * held for calls in progress; an account's balance and what is held of it. Keyset pages: calls by
 * ({@code charged_at}, {@code acct_key}) descending, reservations by call id.
 *
 * <p>Thread-safe: no state besides the database.
 */
public final class BillingReads {

    /**
     * A call charged (S2.7).
     *
     * <p>Immutable and thread-safe.
     *
     * @param key its accounting key
     * @param subscriberId the subscriber charged
     * @param called the called number
     * @param seconds the call's length
     * @param charge what it cost
     * @param chargedAt when it was charged
     */
    public record CallCharge(String key, String subscriberId, String called, long seconds, BigDecimal charge,
            Instant chargedAt) {
        /** Checks that nothing is missing. */
        public CallCharge {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(subscriberId, "subscriberId");
            Objects.requireNonNull(called, "called");
            Objects.requireNonNull(charge, "charge");
            Objects.requireNonNull(chargedAt, "chargedAt");
        }
    }

    /**
     * Credit held for a call in progress (S2.3–S2.7).
     *
     * <p>Immutable and thread-safe.
     *
     * @param callId the call
     * @param subscriberId the account
     * @param called the called number
     * @param perMinute the price per started minute
     * @param minutes the minutes held
     * @param amount the credit held
     * @param answered whether the call was answered (a Start came)
     * @param expiresAt when it holds nothing any more unless the call reports
     */
    public record Reservation(String callId, String subscriberId, String called, BigDecimal perMinute, long minutes,
            BigDecimal amount, boolean answered, Instant expiresAt) {
        /** Checks that nothing is missing. */
        public Reservation {
            Objects.requireNonNull(callId, "callId");
            Objects.requireNonNull(subscriberId, "subscriberId");
            Objects.requireNonNull(called, "called");
            Objects.requireNonNull(perMinute, "perMinute");
            Objects.requireNonNull(amount, "amount");
            Objects.requireNonNull(expiresAt, "expiresAt");
        }
    }

    /**
     * An account: its balance and what calls in progress hold of it (unexpired reservations).
     *
     * <p>Immutable and thread-safe.
     *
     * @param subscriberId the subscriber
     * @param balance the balance
     * @param held what unexpired reservations hold
     * @param available what new calls may spend: balance less held
     * @param calls how many calls hold credit
     */
    public record Account(String subscriberId, BigDecimal balance, BigDecimal held, BigDecimal available, int calls) {
        /** Checks that nothing is missing. */
        public Account {
            Objects.requireNonNull(subscriberId, "subscriberId");
            Objects.requireNonNull(balance, "balance");
            Objects.requireNonNull(held, "held");
            Objects.requireNonNull(available, "available");
        }
    }

    /**
     * Which calls: every filter given must hold; {@code before} is the previous page's last call.
     *
     * <p>Immutable and thread-safe.
     *
     * @param key only this accounting key
     * @param subscriberId only this subscriber's
     * @param from charged at or after
     * @param to charged before
     * @param before older than this call (by charge time, then key)
     */
    public record CallFilter(Optional<String> key, Optional<String> subscriberId, Optional<Instant> from,
            Optional<Instant> to, Optional<CallCharge> before) {
        /** Checks that nothing is missing. */
        public CallFilter {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(subscriberId, "subscriberId");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(before, "before");
        }
    }

    /**
     * A subscriber's billing entry, as the configuration's {@code billing.subscribers} names its fields.
     *
     * <p>Immutable and thread-safe.
     *
     * @param id the subscriber
     * @param device the access device it is bound to
     * @param port the device's port
     * @param poolKind the kind of pool its addresses come from
     * @param phone its phone number (the calling number of its calls)
     * @param domain its PCRF service domain
     * @param tariffPlan its PCRF tariff plan
     * @param rateTariff its rate tariff
     */
    public record SubscriberEntry(String id, Optional<String> device, Optional<Integer> port, String poolKind,
            Optional<String> phone, Optional<String> domain, Optional<String> tariffPlan, Optional<String> rateTariff) {
        /** Checks that nothing is missing. */
        public SubscriberEntry {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(device, "device");
            Objects.requireNonNull(port, "port");
            Objects.requireNonNull(poolKind, "poolKind");
            Objects.requireNonNull(phone, "phone");
            Objects.requireNonNull(domain, "domain");
            Objects.requireNonNull(tariffPlan, "tariffPlan");
            Objects.requireNonNull(rateTariff, "rateTariff");
        }
    }

    private final Database db;
    private final Clock clock;

    /**
     * Reads of the billing's tables (migrated by {@link ReferenceBilling}).
     *
     * @param db the database
     * @param clock what "unexpired" is measured by
     */
    public BillingReads(Database db, Clock clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * A page of calls, newest first.
     *
     * @param filter which
     * @param limit the most rows
     * @return the calls
     */
    public List<CallCharge> calls(CallFilter filter, int limit) {
        StringBuilder sql = new StringBuilder("SELECT acct_key, subscriber_id, called, seconds, charge, charged_at "
                + "FROM billing_call_charge WHERE 1 = 1");
        filter.key().ifPresent(v -> sql.append(" AND acct_key = :key"));
        filter.subscriberId().ifPresent(v -> sql.append(" AND subscriber_id = :subscriber"));
        filter.from().ifPresent(v -> sql.append(" AND charged_at >= :from"));
        filter.to().ifPresent(v -> sql.append(" AND charged_at < :to"));
        filter.before().ifPresent(v -> sql.append(" AND (charged_at < :beforeAt OR (charged_at = :beforeAt"
                + " AND acct_key < :beforeKey))"));
        sql.append(" ORDER BY charged_at DESC, acct_key DESC LIMIT :limit");
        return db.withHandle(h -> {
            Query q = h.createQuery(sql.toString()).bind("limit", limit);
            filter.key().ifPresent(v -> q.bind("key", v));
            filter.subscriberId().ifPresent(v -> q.bind("subscriber", v));
            filter.from().ifPresent(v -> q.bind("from", CallAccounts.utc(v)));
            filter.to().ifPresent(v -> q.bind("to", CallAccounts.utc(v)));
            filter.before().ifPresent(v -> q.bind("beforeAt", CallAccounts.utc(v.chargedAt()))
                    .bind("beforeKey", v.key()));
            return q.map((rs, ctx) -> new CallCharge(rs.getString(1), rs.getString(2), rs.getString(3),
                    rs.getLong(4), rs.getBigDecimal(5), rs.getObject(6, OffsetDateTime.class).toInstant())).list();
        });
    }

    /**
     * A page of reservations, by call id.
     *
     * @param subscriberId only this account's
     * @param after call ids after this one (the previous page's last)
     * @param limit the most rows
     * @return the reservations
     */
    public List<Reservation> reservations(Optional<String> subscriberId, Optional<String> after, int limit) {
        StringBuilder sql = new StringBuilder("SELECT call_id, subscriber_id, called, per_minute, minutes, amount, "
                + "answered, expires_at FROM billing_call_reservation WHERE 1 = 1");
        subscriberId.ifPresent(v -> sql.append(" AND subscriber_id = :subscriber"));
        after.ifPresent(v -> sql.append(" AND call_id > :after"));
        sql.append(" ORDER BY call_id LIMIT :limit");
        return db.withHandle(h -> {
            Query q = h.createQuery(sql.toString()).bind("limit", limit);
            subscriberId.ifPresent(v -> q.bind("subscriber", v));
            after.ifPresent(v -> q.bind("after", v));
            return q.map((rs, ctx) -> new Reservation(rs.getString(1), rs.getString(2), rs.getString(3),
                    rs.getBigDecimal(4), rs.getLong(5), rs.getBigDecimal(6), rs.getBoolean(7),
                    rs.getObject(8, OffsetDateTime.class).toInstant())).list();
        });
    }

    /**
     * How many reservations the table holds (expired ones not yet given back included).
     *
     * @return the count
     */
    public long reservationCount() {
        return db.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM billing_call_reservation").mapTo(Long.class)
                .one());
    }

    /**
     * A subscriber's billing entry.
     *
     * @param subscriberId the subscriber
     * @return the entry, or empty for an unknown subscriber
     */
    public Optional<SubscriberEntry> subscriber(String subscriberId) {
        return db.withHandle(h -> h.createQuery("SELECT id, device_id, port, pool_kind, phone, pcrf_domain, "
                + "tariff_plan, rate_tariff FROM billing_subscriber WHERE id = :id").bind("id", subscriberId)
                .map((rs, ctx) -> new SubscriberEntry(rs.getString(1), Optional.ofNullable(rs.getString(2)),
                        Optional.ofNullable(rs.getObject(3, Integer.class)), rs.getString(4),
                        Optional.ofNullable(rs.getString(5)), Optional.ofNullable(rs.getString(6)),
                        Optional.ofNullable(rs.getString(7)), Optional.ofNullable(rs.getString(8)))).findOne());
    }

    /**
     * An account.
     *
     * @param subscriberId the subscriber
     * @return the account, or empty for an unknown subscriber
     */
    public Optional<Account> account(String subscriberId) {
        return db.withHandle(h -> h.createQuery("SELECT s.balance, COALESCE(SUM(r.amount), 0), COUNT(r.call_id) "
                + "FROM billing_subscriber s LEFT JOIN billing_call_reservation r ON r.subscriber_id = s.id "
                + "AND r.expires_at > :now WHERE s.id = :id GROUP BY s.balance")
                .bind("id", subscriberId).bind("now", CallAccounts.utc(clock.instant()))
                .map((rs, ctx) -> {
                    BigDecimal balance = rs.getBigDecimal(1);
                    BigDecimal held = rs.getBigDecimal(2);
                    return new Account(subscriberId, balance, held, balance.subtract(held), rs.getInt(3));
                }).findOne());
    }
}
