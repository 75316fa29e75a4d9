package org.netlever.server.billing;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.netlever.aaa.store.Database;
import org.netlever.server.ServeConfig;

/**
 * The reference billing's entries written one at a time — by the operations API (issue 15) — each change in one
 * transaction with its record in {@link BillingChanges}. The billing reads its tables on every lookup (nothing is
 * cached), so a change counts from its commit on: the next DHCP event finds the new device and subscriber, the next
 * authorization prices by the new tariff.
 *
 * <p>A write that conflicts with what is stored throws {@link Conflict}: a phone another subscriber has; deleting a
 * device subscribers are on, a rate tariff subscribers name, or a subscriber with calls in progress. A subscriber's
 * balance is never overwritten by a {@code PUT}: the entry's balance is the opening balance of a new subscriber, as
 * when the configuration is loaded; after that only calls and {@link #topUp} change it.
 *
 * <p>Thread-safe: every method is one transaction.
 */
public final class BillingAdmin {

    private final Database db;
    private final Clock clock;
    private final BillingJson json;

    /**
     * A write that conflicts with what is stored: the API answers it {@code 409}. Immutable and thread-safe.
     */
    public static final class Conflict extends RuntimeException {

        private static final long serialVersionUID = 1L;

        /**
         * A conflict.
         *
         * @param message what conflicts, and what to do instead
         */
        public Conflict(String message) {
            super(message);
        }
    }

    /**
     * Writes to a database whose billing schema is migrated ({@link ReferenceBilling} does).
     *
     * @param db the database
     * @param clock the clock changes are stamped with
     * @param json how entries are recorded
     */
    public BillingAdmin(Database db, Clock clock, BillingJson json) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.json = Objects.requireNonNull(json, "json");
    }

    // ------------------------------------------------------------------------------------------------ reads

    /**
     * Devices by id, a page of them.
     *
     * @param after only ids after this (the previous page's last)
     * @param limit at most this many
     * @return the devices
     */
    public List<ServeConfig.Device> devices(Optional<String> after, int limit) {
        return db.withHandle(h -> BillingRows.devices(h, after, limit));
    }

    /**
     * One device.
     *
     * @param id its id
     * @return the device, or empty
     */
    public Optional<ServeConfig.Device> device(String id) {
        return db.withHandle(h -> BillingRows.device(h, id));
    }

    /**
     * Subscribers by id, a page of them, with their balances as they stand.
     *
     * @param after only ids after this
     * @param limit at most this many
     * @return the subscribers
     */
    public List<ServeConfig.Subscriber> subscribers(Optional<String> after, int limit) {
        return db.withHandle(h -> BillingRows.subscribers(h, after, limit));
    }

    /**
     * One subscriber, with its balance as it stands.
     *
     * @param id its id
     * @return the subscriber, or empty
     */
    public Optional<ServeConfig.Subscriber> subscriber(String id) {
        return db.withHandle(h -> BillingRows.subscriber(h, id));
    }

    /**
     * Call tariffs by prefix, a page of them.
     *
     * @param after only prefixes after this
     * @param limit at most this many
     * @return the tariffs
     */
    public List<ServeConfig.CallTariff> callTariffs(Optional<String> after, int limit) {
        return db.withHandle(h -> BillingRows.callTariffs(h, after, limit));
    }

    /**
     * One call tariff.
     *
     * @param prefix its prefix
     * @return the tariff, or empty
     */
    public Optional<ServeConfig.CallTariff> callTariff(String prefix) {
        return db.withHandle(h -> BillingRows.callTariff(h, prefix));
    }

    /**
     * Rate tariffs by id, a page of them.
     *
     * @param after only ids after this
     * @param limit at most this many
     * @return the tariffs
     */
    public List<ServeConfig.RateTariff> rateTariffs(Optional<String> after, int limit) {
        return db.withHandle(h -> BillingRows.rateTariffs(h, after, limit));
    }

    /**
     * One rate tariff.
     *
     * @param id its id
     * @return the tariff, or empty
     */
    public Optional<ServeConfig.RateTariff> rateTariff(String id) {
        return db.withHandle(h -> BillingRows.rateTariff(h, id));
    }

    // ------------------------------------------------------------------------------------------------ writes

    /**
     * Creates or replaces a device.
     *
     * @param d the device
     * @param token the name of the token writing
     * @return the device as stored
     */
    public ServeConfig.Device putDevice(ServeConfig.Device d, String token) {
        return put("device", d.id(), token, h -> BillingRows.device(h, d.id()), h -> BillingDevices.upsert(h, d),
                json::device);
    }

    /**
     * Deletes a device no subscriber is on.
     *
     * @param id the device
     * @param token the name of the token writing
     * @return whether there was one
     * @throws Conflict if subscribers are on it
     */
    public boolean deleteDevice(String id, String token) {
        return delete("device", id, token, h -> BillingRows.device(h, id), h -> {
            refuseWhileNamed(h, "device_id", id, "device " + id + " has subscribers on it");
            BillingRows.deleteDevice(h, id);
        }, json::device);
    }

    /**
     * Creates or replaces a subscriber; an existing one keeps its balance.
     *
     * @param s the subscriber (its balance counts only when it is new)
     * @param token the name of the token writing
     * @return the subscriber as stored, with its balance
     * @throws Conflict if another subscriber has its phone
     */
    public ServeConfig.Subscriber putSubscriber(ServeConfig.Subscriber s, String token) {
        return put("subscriber", s.id(), token, h -> BillingRows.subscriber(h, s.id()), h -> {
            BillingRows.lockSubscriber(h, s.id());
            if (s.phone().isPresent()) {
                List<String> owners = BillingRows.subscribersWith(h, "phone", s.phone().get(), 2);
                owners.stream().filter(o -> !o.equals(s.id())).findFirst().ifPresent(o -> {
                    throw new Conflict("phone " + s.phone().get() + " is subscriber " + o + "'s");
                });
            }
            BillingRows.upsertSubscriber(h, s);
        }, json::subscriber);
    }

    /**
     * Deletes a subscriber without calls in progress (the caller checks its leases: they are another module's).
     *
     * @param id the subscriber
     * @param token the name of the token writing
     * @return whether there was one
     * @throws Conflict if calls of the subscriber hold credit
     */
    public boolean deleteSubscriber(String id, String token) {
        return delete("subscriber", id, token, h -> BillingRows.lockSubscriber(h, id), h -> {
            long calls = h.createQuery("SELECT COUNT(*) FROM billing_call_reservation WHERE subscriber_id = :id"
                    + " AND expires_at > :now").bind("id", id).bind("now", CallAccounts.utc(clock.instant()))
                    .mapTo(Long.class).one();
            if (calls > 0) {
                throw new Conflict("subscriber " + id + " has " + calls + " call(s) in progress; delete it once"
                        + " they end");
            }
            // What expired calls still hold goes with the account.
            h.createUpdate("DELETE FROM billing_call_reservation WHERE subscriber_id = :id").bind("id", id).execute();
            BillingRows.deleteSubscriber(h, id);
        }, json::subscriber);
    }

    /**
     * Adds a payment to a subscriber's balance, recorded as a {@code top-up} of the subscriber.
     *
     * @param id the subscriber
     * @param amount what was paid, positive
     * @param token the name of the token writing
     * @return the subscriber with its new balance, or empty for an unknown one
     * @throws IllegalArgumentException if the amount is not positive
     */
    public Optional<ServeConfig.Subscriber> topUp(String id, BigDecimal amount, String token) {
        if (amount.signum() <= 0) {
            throw new IllegalArgumentException("a top-up is positive, got " + amount.toPlainString());
        }
        return db.inTransaction(h -> {
            Optional<ServeConfig.Subscriber> before = BillingRows.lockSubscriber(h, id);
            if (before.isEmpty()) {
                return before;
            }
            BillingRows.topUp(h, id, amount);
            ServeConfig.Subscriber after = BillingRows.subscriber(h, id).orElseThrow();
            BillingChanges.record(h, clock.instant(), token, "subscriber", id, "top-up",
                    json.subscriber(before.get()), json.subscriber(after));
            return Optional.of(after);
        });
    }

    /**
     * Creates or replaces a call tariff: the next authorization of a number it matches is priced by it.
     *
     * @param t the tariff
     * @param token the name of the token writing
     * @return the tariff as stored
     */
    public ServeConfig.CallTariff putCallTariff(ServeConfig.CallTariff t, String token) {
        return put("call-tariff", t.prefix(), token, h -> BillingRows.callTariff(h, t.prefix()),
                h -> BillingRows.upsertCallTariff(h, t), json::callTariff);
    }

    /**
     * Deletes a call tariff (calls it priced keep their reservations' prices).
     *
     * @param prefix its prefix
     * @param token the name of the token writing
     * @return whether there was one
     */
    public boolean deleteCallTariff(String prefix, String token) {
        return delete("call-tariff", prefix, token, h -> BillingRows.callTariff(h, prefix),
                h -> BillingRows.deleteCallTariff(h, prefix), json::callTariff);
    }

    /**
     * Creates or replaces a rate tariff: the NAS gets its attributes with each lease synced from then on (S1.8).
     *
     * @param t the tariff
     * @param token the name of the token writing
     * @return the tariff as stored
     */
    public ServeConfig.RateTariff putRateTariff(ServeConfig.RateTariff t, String token) {
        return put("rate-tariff", t.id(), token, h -> BillingRows.rateTariff(h, t.id()),
                h -> BillingRows.putRateTariff(h, t), json::rateTariff);
    }

    /**
     * Deletes a rate tariff no subscriber names.
     *
     * @param id the tariff
     * @param token the name of the token writing
     * @return whether there was one
     * @throws Conflict if subscribers name it
     */
    public boolean deleteRateTariff(String id, String token) {
        return delete("rate-tariff", id, token, h -> BillingRows.rateTariff(h, id), h -> {
            refuseWhileNamed(h, "rate_tariff", id, "rate tariff " + id + " is the tariff of subscribers");
            BillingRows.deleteRateTariff(h, id);
        }, json::rateTariff);
    }

    private static void refuseWhileNamed(Handle h, String column, String value, String what) {
        List<String> named = BillingRows.subscribersWith(h, column, value, 4);
        if (!named.isEmpty()) {
            throw new Conflict(what + " (" + String.join(", ", named.subList(0, Math.min(3, named.size())))
                    + (named.size() > 3 ? ", …" : "") + "); change them first");
        }
    }

    private <T> T put(String kind, String key, String token, Function<Handle, Optional<T>> read,
            Consumer<Handle> write, Function<T, JsonNode> toJson) {
        return db.inTransaction(h -> {
            Optional<T> before = read.apply(h);
            write.accept(h);
            T after = read.apply(h).orElseThrow();
            BillingChanges.record(h, clock.instant(), token, kind, key, "put", before.map(toJson).orElse(null),
                    toJson.apply(after));
            return after;
        });
    }

    private <T> boolean delete(String kind, String key, String token, Function<Handle, Optional<T>> read,
            Consumer<Handle> delete, Function<T, JsonNode> toJson) {
        return db.inTransaction(h -> {
            Optional<T> before = read.apply(h);
            if (before.isEmpty()) {
                return false;
            }
            delete.accept(h);
            BillingChanges.record(h, clock.instant(), token, kind, key, "delete", toJson.apply(before.get()), null);
            return true;
        });
    }
}
