package org.netlever.server.billing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.jdbi.v3.core.Handle;
import org.netlever.aaa.call.AuthorizationDecision;
import org.netlever.aaa.call.AuthorizationRequest;
import org.netlever.aaa.call.CallAccounting;
import org.netlever.aaa.call.CallAuthorizer;
import org.netlever.aaa.call.CallStart;
import org.netlever.aaa.call.CallStop;
import org.netlever.aaa.call.StartReply;
import org.netlever.aaa.lease.Subscriber;
import org.netlever.aaa.lease.SubscriberDirectory;
import org.netlever.aaa.radius.AttributeType;
import org.netlever.aaa.radius.RadiusAttribute;
import org.netlever.aaa.radius.attr.H323ReturnCode;
import org.netlever.aaa.store.Database;
import org.netlever.aaa.store.Dialect;
import org.netlever.device.Device;
import org.netlever.device.DeviceDirectory;
import org.netlever.option82.MacAddress;
import org.netlever.pcrf.bras.PlanDirectory;
import org.netlever.server.ServeConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reference billing of {@code netlever serve}: devices, subscribers, call tariffs and balances in netlever's own
 * database, implementing the SPIs the three capabilities ask billing through — {@link DeviceDirectory} and
 * {@link SubscriberDirectory} (S1.5–S1.6), {@link CallAuthorizer} and {@link CallAccounting} (S2.3–S2.7), and
 * {@link PlanDirectory} (S3). An integrator replaces it with their own billing by implementing the same interfaces.
 *
 * <p>Calls: the called number's longest matching tariff prefix sets the price per started minute; no tariff refuses
 * the call; a paid call needs a positive balance and gets the minutes the balance pays for as its credit time (at most
 * {@link #MAX_CREDIT}); the Stop charges the started minutes, once per accounting key, so a Stop resent after
 * failover is not charged twice.
 *
 * <p>Thread-safe: every method is one short transaction; Stops arriving together share one ({@link ChargeWriter}).
 */
public final class ReferenceBilling implements DeviceDirectory, SubscriberDirectory, CallAuthorizer, CallAccounting,
        PlanDirectory {

    /** The longest credit time a call is authorized for. */
    public static final Duration MAX_CREDIT = Duration.ofHours(4);

    private static final HexFormat HEX = HexFormat.of();
    private static final Logger LOG = LoggerFactory.getLogger(ReferenceBilling.class);
    /** The advisory lock that serialises loading: "netlever billing load". */
    private static final long LOAD_LOCK_KEY = 0x6e6c_6269_6c6c_0001L;

    private final Database db;
    private final Clock clock;
    private final Optional<Duration> interimInterval;
    private final ChargeWriter charges;

    /**
     * The billing on a database, its schema migrated; calls are not asked for Interim-Updates.
     *
     * @param db the database
     * @param clock the clock charges are stamped with
     */
    public ReferenceBilling(Database db, Clock clock) {
        this(db, clock, Optional.empty());
    }

    /**
     * The billing on a database, its schema migrated.
     *
     * @param db the database
     * @param clock the clock charges are stamped with
     * @param interimInterval the Acct-Interim-Interval answered to every call's Start (S2.5); empty for none
     */
    public ReferenceBilling(Database db, Clock clock, Optional<Duration> interimInterval) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.interimInterval = Objects.requireNonNull(interimInterval, "interimInterval");
        this.charges = new ChargeWriter(db, this::chargeAlone);
        db.migrate("billing", ReferenceBilling.class.getClassLoader(), "org/netlever/server/billing/migrations/");
    }

    /**
     * Loads the configuration's billing data: devices, tariffs and subscribers are inserted or updated by id; an
     * existing subscriber keeps its balance (the configured one is the opening balance).
     *
     * @param billing the data
     */
    public void load(ServeConfig.Billing billing) {
        db.inTransaction(h -> {
            if (db.dialect() == Dialect.POSTGRESQL) {
                // Several serve processes starting together load the same rows: one at a time.
                h.execute("SELECT pg_advisory_xact_lock(?)", LOAD_LOCK_KEY);
            }
            for (ServeConfig.Device d : billing.devices()) {
                int updated = h.createUpdate("UPDATE billing_device SET type_code = :type, mac = :mac, serial = :serial"
                        + " WHERE id = :id").bind("id", d.id()).bind("type", d.type())
                        .bind("mac", d.mac().map(MacAddress::toString).orElse(null))
                        .bind("serial", d.serial().orElse(null)).execute();
                if (updated == 0) {
                    h.createUpdate("INSERT INTO billing_device (id, type_code, mac, serial) VALUES (:id, :type, :mac,"
                            + " :serial)").bind("id", d.id()).bind("type", d.type())
                            .bind("mac", d.mac().map(MacAddress::toString).orElse(null))
                            .bind("serial", d.serial().orElse(null)).execute();
                }
            }
            for (ServeConfig.CallTariff t : billing.callTariffs()) {
                int updated = h.createUpdate("UPDATE billing_call_tariff SET per_minute = :price WHERE prefix = :prefix")
                        .bind("prefix", t.prefix()).bind("price", t.perMinute()).execute();
                if (updated == 0) {
                    h.createUpdate("INSERT INTO billing_call_tariff (prefix, per_minute) VALUES (:prefix, :price)")
                            .bind("prefix", t.prefix()).bind("price", t.perMinute()).execute();
                }
            }
            for (ServeConfig.RateTariff t : billing.rateTariffs()) {
                h.createUpdate("DELETE FROM billing_rate_tariff_attribute WHERE tariff_id = :id").bind("id", t.id())
                        .execute();
                for (int i = 0; i < t.attributes().size(); i++) {
                    RadiusAttribute a = t.attributes().get(i);
                    h.createUpdate("INSERT INTO billing_rate_tariff_attribute (tariff_id, position, vendor_id,"
                            + " type_code, value_hex) VALUES (:id, :position, :vendor, :code, :value)")
                            .bind("id", t.id()).bind("position", i).bind("vendor", a.type().vendorId())
                            .bind("code", a.type().code()).bind("value", HEX.formatHex(a.value())).execute();
                }
            }
            for (ServeConfig.Subscriber s : billing.subscribers()) {
                String domain = s.pcrf().map(ServeConfig.PcrfPlan::domain).orElse(null);
                String plan = s.pcrf().map(ServeConfig.PcrfPlan::tariffPlan).orElse(null);
                int updated = h.createUpdate("UPDATE billing_subscriber SET device_id = :device, port = :port,"
                        + " pool_kind = :poolKind, phone = :phone, pcrf_domain = :domain, tariff_plan = :plan,"
                        + " rate_tariff = :rateTariff WHERE id = :id")
                        .bind("id", s.id()).bind("device", s.device().orElse(null))
                        .bind("port", s.port().isPresent() ? s.port().getAsInt() : null)
                        .bind("poolKind", s.poolKind()).bind("phone", s.phone().orElse(null))
                        .bind("domain", domain).bind("plan", plan)
                        .bind("rateTariff", s.rateTariff().orElse(null)).execute();
                if (updated == 0) {
                    h.createUpdate("INSERT INTO billing_subscriber (id, device_id, port, pool_kind, phone, balance,"
                            + " pcrf_domain, tariff_plan, rate_tariff) VALUES (:id, :device, :port, :poolKind,"
                            + " :phone, :balance, :domain, :plan, :rateTariff)")
                            .bind("id", s.id()).bind("device", s.device().orElse(null))
                            .bind("port", s.port().isPresent() ? s.port().getAsInt() : null)
                            .bind("poolKind", s.poolKind()).bind("phone", s.phone().orElse(null))
                            .bind("balance", s.balance()).bind("domain", domain).bind("plan", plan)
                            .bind("rateTariff", s.rateTariff().orElse(null)).execute();
                }
            }
            return null;
        });
        LOG.info("Reference billing loaded: {} devices, {} subscribers, {} call tariffs, {} rate tariffs",
                billing.devices().size(), billing.subscribers().size(), billing.callTariffs().size(),
                billing.rateTariffs().size());
    }

    /**
     * The attributes a subscriber's rate tariff sets on the NAS (S1.8), for {@code CoaNasSync}: in the configured
     * order, empty for a subscriber without a rate tariff or unknown.
     *
     * @param subscriberId the subscriber
     * @return the attributes
     */
    public List<RadiusAttribute> rateLimits(String subscriberId) {
        return db.withHandle(h -> h.createQuery("SELECT a.vendor_id, a.type_code, a.value_hex"
                + " FROM billing_subscriber s JOIN billing_rate_tariff_attribute a ON a.tariff_id = s.rate_tariff"
                + " WHERE s.id = :id ORDER BY a.position").bind("id", subscriberId)
                .map((rs, ctx) -> {
                    int vendor = rs.getInt("vendor_id");
                    int code = rs.getInt("type_code");
                    AttributeType type = vendor == 0 ? AttributeType.of(code) : AttributeType.vendor(vendor, code);
                    return new RadiusAttribute(type, HEX.parseHex(rs.getString("value_hex")));
                }).list());
    }

    /**
     * A subscriber's balance.
     *
     * @param subscriberId the subscriber
     * @return the balance, empty for an unknown subscriber
     */
    public Optional<BigDecimal> balance(String subscriberId) {
        return db.withHandle(h -> h.createQuery("SELECT balance FROM billing_subscriber WHERE id = :id")
                .bind("id", subscriberId).mapTo(BigDecimal.class).findOne());
    }

    // ------------------------------------------------------------------------------------------------ S1

    @Override
    public Optional<Device> findByMac(MacAddress mac) {
        return findDevice("mac", mac.toString());
    }

    @Override
    public Optional<Device> findBySerial(String serial) {
        return findDevice("serial", serial);
    }

    private Optional<Device> findDevice(String column, String value) {
        return db.withHandle(h -> h.createQuery("SELECT id, type_code, mac, serial FROM billing_device WHERE "
                + column + " = :value").bind("value", value).map((rs, ctx) -> {
                    Device.Builder b = Device.builder(rs.getString("id"), rs.getString("type_code"));
                    String mac = rs.getString("mac");
                    if (mac != null) {
                        b.mac(MacAddress.parse(mac));
                    }
                    String serial = rs.getString("serial");
                    if (serial != null) {
                        b.serial(serial);
                    }
                    return b.build();
                }).findFirst());
    }

    @Override
    public List<Subscriber> findByDevice(Device device) {
        return db.withHandle(h -> h.createQuery("SELECT id, port, pool_kind FROM billing_subscriber"
                + " WHERE device_id = :device ORDER BY id").bind("device", device.id())
                .map((rs, ctx) -> {
                    int port = rs.getInt("port");
                    OptionalInt devicePort = rs.wasNull() ? OptionalInt.empty() : OptionalInt.of(port);
                    return new Subscriber(rs.getString("id"), devicePort, rs.getString("pool_kind"), true, true);
                }).list());
    }

    // ------------------------------------------------------------------------------------------------ S2

    private record Account(String id, BigDecimal balance) {
    }

    private static Optional<Account> account(Handle h, String phone) {
        return h.createQuery("SELECT id, balance FROM billing_subscriber WHERE phone = :phone").bind("phone", phone)
                .map((rs, ctx) -> new Account(rs.getString("id"), rs.getBigDecimal("balance"))).findOne();
    }

    /** The price per minute by the longest tariff prefix of the called number (prefixes are digits only). */
    private static Optional<BigDecimal> price(Handle h, String called) {
        return h.createQuery("SELECT per_minute FROM billing_call_tariff WHERE :called LIKE prefix || '%'"
                + " ORDER BY LENGTH(prefix) DESC FETCH FIRST 1 ROWS ONLY").bind("called", called)
                .mapTo(BigDecimal.class).findOne();
    }

    @Override
    public AuthorizationDecision authorize(AuthorizationRequest request) {
        String calling = request.calling().digits();
        String called = request.called().digits();
        return db.withHandle(h -> {
            Optional<Account> account = account(h, calling);
            if (account.isEmpty()) {
                return AuthorizationDecision.reject("no account has phone " + calling, H323ReturnCode.INVALID_ACCOUNT);
            }
            Optional<BigDecimal> price = price(h, called);
            if (price.isEmpty()) {
                return AuthorizationDecision.reject("no tariff for " + called, H323ReturnCode.CALLED_NUMBER_BLOCKED);
            }
            if (price.get().signum() == 0) {
                return AuthorizationDecision.acceptFor(MAX_CREDIT);
            }
            BigDecimal balance = account.get().balance();
            if (balance.signum() <= 0) {
                return AuthorizationDecision.reject("balance " + balance.toPlainString() + " of "
                        + account.get().id(), H323ReturnCode.ZERO_BALANCE);
            }
            long minutes = balance.divide(price.get(), 0, RoundingMode.FLOOR).longValue();
            if (minutes == 0) {
                return AuthorizationDecision.reject("balance " + balance.toPlainString() + " pays for less than a"
                        + " minute", H323ReturnCode.INSUFFICIENT_BALANCE);
            }
            Duration credit = Duration.ofMinutes(minutes);
            return AuthorizationDecision.acceptFor(credit.compareTo(MAX_CREDIT) > 0 ? MAX_CREDIT : credit);
        });
    }

    @Override
    public StartReply start(CallStart start) {
        StartReply proceed = StartReply.proceed();
        return interimInterval.map(proceed::withInterimInterval).orElse(proceed);
    }

    @Override
    public void stop(CallStop stop) {
        if (stop.answerTime().isEmpty() || stop.sessionTime().isZero()) {
            return;
        }
        long seconds = stop.sessionTime().toSeconds();
        charges.charge(new ChargeWriter.Charge(key(stop), stop.calling().digits(), stop.called().digits(), seconds,
                (seconds + 59) / 60, clock.instant().atOffset(java.time.ZoneOffset.UTC)));
    }

    /**
     * How Stops have been charged: transactions written and the charges they held (their ratio is the average
     * group, see {@link ChargeWriter}).
     *
     * @return {transactions, charges}
     */
    public long[] chargeGroups() {
        return charges.counts();
    }

    /** One charge in its own transaction: what a group that failed falls back to, Stop by Stop. */
    private void chargeAlone(ChargeWriter.Charge c) {
        try {
            db.inTransaction(h -> {
                Optional<Account> account = account(h, c.calling());
                if (account.isEmpty()) {
                    LOG.warn("Stop for call {} from {}: no account has that phone; not charged", c.key(),
                            c.calling());
                    return null;
                }
                BigDecimal perMinute = price(h, c.called()).orElse(BigDecimal.ZERO);
                BigDecimal charge = perMinute.multiply(BigDecimal.valueOf(c.minutes()));
                // The charge row first: a second process handling the same Stop fails here and rolls back.
                h.createUpdate("INSERT INTO billing_call_charge (acct_key, subscriber_id, called, seconds, charge,"
                        + " charged_at) VALUES (:key, :subscriber, :called, :seconds, :charge, :at)")
                        .bind("key", c.key()).bind("subscriber", account.get().id()).bind("called", c.called())
                        .bind("seconds", c.seconds()).bind("charge", charge).bind("at", c.at()).execute();
                h.createUpdate("UPDATE billing_subscriber SET balance = balance - :charge WHERE id = :id")
                        .bind("charge", charge).bind("id", account.get().id()).execute();
                return null;
            });
        } catch (RuntimeException e) {
            if (!uniqueViolation(e)) {
                throw e;
            }
            // The first charge may belong to a thread still waiting for the disk: acknowledge once it is durable.
            db.awaitDurable();
            LOG.debug("Stop {} already charged", c.key());
        }
    }

    /** Whether a write was refused by a unique key (SQL state 23505 on H2 and PostgreSQL). */
    private static boolean uniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private static String key(CallStop stop) {
        String k = stop.key().sessionId() + "|" + stop.key().confId().map(Object::toString).orElse("") + "|"
                + stop.key().kind() + "|" + stop.key().sequence();
        if (k.length() <= 400) {
            return k;
        }
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(k.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "sha256:" + java.util.HexFormat.of().formatHex(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    // ------------------------------------------------------------------------------------------------ S3

    @Override
    public Optional<Assignment> lookup(String subscriberId) {
        return db.withHandle(h -> h.createQuery("SELECT pcrf_domain, tariff_plan FROM billing_subscriber"
                + " WHERE id = :id AND tariff_plan IS NOT NULL").bind("id", subscriberId)
                .map((rs, ctx) -> new Assignment(rs.getString("pcrf_domain"), rs.getString("tariff_plan")))
                .findOne());
    }
}
