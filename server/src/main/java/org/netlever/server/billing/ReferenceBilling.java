package org.netlever.server.billing;

import java.math.BigDecimal;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.netlever.aaa.call.AuthorizationDecision;
import org.netlever.aaa.call.AuthorizationRequest;
import org.netlever.aaa.call.CallAccounting;
import org.netlever.aaa.call.CallAuthorizer;
import org.netlever.aaa.call.CallInterim;
import org.netlever.aaa.call.CallStart;
import org.netlever.aaa.call.CallStop;
import org.netlever.aaa.call.StartReply;
import org.netlever.aaa.lease.Subscriber;
import org.netlever.aaa.lease.SubscriberDirectory;
import org.netlever.aaa.radius.RadiusAttribute;
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
 * database, implementing the SPIs the three capabilities ask billing through — {@link DeviceDirectory} (by MAC,
 * serial, host name, relay address and relay interface: every key a device is found by) and
 * {@link SubscriberDirectory} (S1.5–S1.6), {@link CallAuthorizer} and {@link CallAccounting} (S2.3–S2.7), and
 * {@link PlanDirectory} (S3). An integrator replaces it with their own billing by implementing the same interfaces.
 *
 * <p>Calls, prepaid as {@link CallAuthorizer} describes: the called number's longest matching tariff prefix sets the
 * price per started minute; no tariff refuses the call; a paid call needs a positive balance and gets the whole
 * minutes that the balance, less what the account's other calls in progress hold, pays for as its credit time (at
 * most {@link #MAX_CREDIT}), and that credit is reserved for it — so calls at once never spend more than the balance.
 * An account over its limit of calls at once is refused with return code 3 (account in use). Start confirms the
 * reservation, an Interim-Update extends or cuts it, the Stop charges the started minutes, once per accounting key
 * (a Stop resent after failover is not charged twice), and returns the rest; a reservation whose call never reports
 * expires after the reservation TTL, by this billing's clock, and gives its credit back when its account next needs
 * it or {@link #sweepExpired} runs ({@link ReservationSweeper}). Every instance on one database shares the
 * reservations: an account's row lock orders them, and the account row keeps what they hold (V6).
 *
 * <p>Thread-safe: every method is one short transaction; authorizations and Starts arriving together share one, and
 * so do Stops ({@link GroupWriter}), each answered after the commit holding it.
 */
public final class ReferenceBilling implements DeviceDirectory, SubscriberDirectory, CallAuthorizer, CallAccounting,
        PlanDirectory {

    /** The longest credit time a call is authorized for. */
    public static final Duration MAX_CREDIT = Duration.ofHours(4);
    /**
     * How long an authorization's reservation holds credit for a call that is neither answered nor stopped, unless
     * configured ({@code billing.reservationTtl}): longer than a call rings, short enough that a call the softswitch
     * never reports gives the balance back soon.
     */
    public static final Duration DEFAULT_RESERVATION_TTL = Duration.ofMinutes(5);
    /** How many calls an account may have at once, unless configured ({@code billing.maxConcurrentCalls}): any. */
    public static final OptionalInt DEFAULT_MAX_CONCURRENT_CALLS = OptionalInt.empty();

    /**
     * How many groups of each kind (reservations; charges) are written at once by default: while one waits for its
     * round trips and commit, the next collects and is written. More writers hide a slower database; fewer make larger
     * groups, which cost the database less per record (issue 12, see BENCHMARKS.md).
     */
    public static final int DEFAULT_WRITERS = 4;

    /** Groups of reservations, and of charges, written at once: each holds a connection while it writes. */
    private static final Logger LOG = LoggerFactory.getLogger(ReferenceBilling.class);
    /** The advisory lock that serialises loading: "netlever billing load". */
    private static final long LOAD_LOCK_KEY = 0x6e6c_6269_6c6c_0001L;

    private final Database db;
    private final Clock clock;
    private final Optional<Duration> interimInterval;
    private final BillingDevices devices;
    private final Reservations reservations;
    private final GroupWriter<Reservations.Reserve, AuthorizationDecision> reserving;
    private final GroupWriter<Charges.Charge, Boolean> charging;

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
        this(db, clock, interimInterval, DEFAULT_RESERVATION_TTL, DEFAULT_MAX_CONCURRENT_CALLS);
    }

    /**
     * The billing on a database, its schema migrated.
     *
     * @param db the database
     * @param clock the clock charges are stamped with and reservations expire by
     * @param interimInterval the Acct-Interim-Interval answered to every call's Start (S2.5); empty for none
     * @param reservationTtl how long a reservation holds credit for a call that does not report (see
     *     {@link #DEFAULT_RESERVATION_TTL})
     * @param maxConcurrentCalls how many calls an account may have at once; empty for any
     * @throws IllegalArgumentException if the TTL or the limit is not positive
     */
    public ReferenceBilling(Database db, Clock clock, Optional<Duration> interimInterval, Duration reservationTtl,
            OptionalInt maxConcurrentCalls) {
        this(db, clock, interimInterval, reservationTtl, maxConcurrentCalls, DEFAULT_WRITERS);
    }

    /**
     * As above, with how many groups of each kind may be written at once.
     *
     * @param db the database
     * @param clock the clock charges are stamped with and reservations expire by
     * @param interimInterval the Acct-Interim-Interval answered to every call's Start (S2.5); empty for none
     * @param reservationTtl how long a reservation holds credit for a call that does not report
     * @param maxConcurrentCalls how many calls an account may have at once; empty for any
     * @param writers groups of each kind written at once, 1–64 (see {@link #DEFAULT_WRITERS})
     * @throws IllegalArgumentException if the TTL, the limit or the writers are out of range
     */
    public ReferenceBilling(Database db, Clock clock, Optional<Duration> interimInterval, Duration reservationTtl,
            OptionalInt maxConcurrentCalls, int writers) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.interimInterval = Objects.requireNonNull(interimInterval, "interimInterval");
        Objects.requireNonNull(reservationTtl, "reservationTtl");
        Objects.requireNonNull(maxConcurrentCalls, "maxConcurrentCalls");
        if (reservationTtl.isNegative() || reservationTtl.isZero()) {
            throw new IllegalArgumentException("a reservation TTL is positive, got " + reservationTtl);
        }
        if (maxConcurrentCalls.isPresent() && maxConcurrentCalls.getAsInt() < 1) {
            throw new IllegalArgumentException("an account may have at least one call, got "
                    + maxConcurrentCalls.getAsInt());
        }
        if (writers < 1 || writers > 64) {
            throw new IllegalArgumentException("the reference billing writes 1 to 64 groups at once, got " + writers);
        }
        this.devices = new BillingDevices(db);
        this.reservations = new Reservations(db, reservationTtl, maxConcurrentCalls);
        this.reserving = new GroupWriter<>("reservations", writers, reservations);
        this.charging = new GroupWriter<>("charges", writers, new Charges(db));
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
                BillingDevices.upsert(h, d);
            }
            for (ServeConfig.CallTariff t : billing.callTariffs()) {
                BillingRows.upsertCallTariff(h, t);
            }
            for (ServeConfig.RateTariff t : billing.rateTariffs()) {
                BillingRows.putRateTariff(h, t);
            }
            for (ServeConfig.Subscriber s : billing.subscribers()) {
                BillingRows.upsertSubscriber(h, s);
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
                .map((rs, ctx) -> BillingRows.attribute(rs)).list());
    }

    /**
     * A subscriber's balance: the opening balance, plus top-ups, less the charges of calls that ended. Credit held for
     * calls in progress is still in it; see {@link #available}.
     *
     * @param subscriberId the subscriber
     * @return the balance, empty for an unknown subscriber
     */
    public Optional<BigDecimal> balance(String subscriberId) {
        return db.withHandle(h -> h.createQuery("SELECT balance FROM billing_subscriber WHERE id = :id")
                .bind("id", subscriberId).mapTo(BigDecimal.class).findOne());
    }

    /**
     * What a subscriber may still spend on new calls: the balance less what calls in progress hold (reservations
     * that expired hold nothing, given back or not yet).
     *
     * @param subscriberId the subscriber
     * @return the amount, empty for an unknown subscriber
     */
    public Optional<BigDecimal> available(String subscriberId) {
        return db.withHandle(h -> h.createQuery("SELECT s.balance - COALESCE((SELECT SUM(r.amount)"
                + " FROM billing_call_reservation r WHERE r.subscriber_id = s.id AND r.expires_at > :now), 0)"
                + " FROM billing_subscriber s WHERE s.id = :id").bind("id", subscriberId)
                .bind("now", CallAccounts.utc(clock.instant())).mapTo(BigDecimal.class).findOne());
    }

    /**
     * Adds a payment to a subscriber's balance; calls in progress can be extended by it at their next Interim-Update.
     *
     * @param subscriberId the subscriber
     * @param amount what was paid, positive
     * @throws IllegalArgumentException if the subscriber is unknown or the amount not positive
     */
    public void topUp(String subscriberId, BigDecimal amount) {
        if (amount.signum() <= 0) {
            throw new IllegalArgumentException("a top-up is positive, got " + amount.toPlainString());
        }
        if (!db.inTransaction(h -> BillingRows.topUp(h, subscriberId, amount))) {
            throw new IllegalArgumentException("no subscriber " + subscriberId);
        }
    }

    /**
     * Gives back the credit of every reservation that expired by this billing's clock, of every account, also of
     * accounts that make no more calls (a call that does give back its own account's first). What
     * {@link ReservationSweeper} runs; one short transaction per account.
     *
     * @return how many reservations expired and were deleted
     */
    public int sweepExpired() {
        return reservations.sweep(CallAccounts.utc(clock.instant()));
    }

    // ------------------------------------------------------------------------------------------------ S1

    @Override
    public Optional<Device> findByMac(MacAddress mac) {
        return devices.byMac(mac);
    }

    @Override
    public Optional<Device> findBySerial(String serial) {
        return devices.bySerial(serial);
    }

    @Override
    public List<Device> findByHostName(String hostName) {
        return devices.byHostName(hostName);
    }

    @Override
    public List<Device> findByRelayAddress(InetAddress relayAddress) {
        return devices.byRelayAddress(relayAddress);
    }

    @Override
    public List<Device> findByRelayInterface(InetAddress relayAddress, String relayInterface) {
        return devices.byRelayInterface(relayAddress, relayInterface);
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

    /**
     * {@inheritDoc}
     *
     * <p>Reserves the credit time's price for the call against the balance less what the account's other calls hold
     * (a free call reserves nothing but counts towards the call limit); a request resent for a call already holding
     * credit, to the same B, is answered as before (to another B, the call was re-routed: it is reserved anew). The
     * reservation expires after the reservation TTL unless a Start confirms it. Authorizations and Starts arriving
     * together share one transaction.
     */
    @Override
    public AuthorizationDecision authorize(AuthorizationRequest request) {
        return reserving.submit(reserveOf(request));
    }

    /**
     * {@inheritDoc}
     *
     * <p>As {@link #authorize}, without a thread: the decision is completed by the thread that commits its group.
     */
    @Override
    public CompletionStage<AuthorizationDecision> authorizeAsync(AuthorizationRequest request, Executor blocking) {
        return reserving.submitAsync(reserveOf(request));
    }

    private Reservations.Reserve reserveOf(AuthorizationRequest request) {
        return new Reservations.Reserve(false, CallAccounts.bounded(request.callId()), request.calling().digits(),
                request.called().digits(), CallAccounts.utc(clock.instant()));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Confirms the call's reservation until its credit time has run out (plus the reservation TTL, for the Stop to
     * arrive) and answers that credit time as the maximum duration. A call without an unexpired reservation — the
     * softswitch's authorization stage is off (S2.1), or the Start came after the TTL — is reserved now, as an
     * authorization would be, and prohibited (S2.4) when the account cannot pay for it: no call goes unlimited.
     * Starts and authorizations arriving together share one transaction; each is answered after it commits.
     */
    @Override
    public StartReply start(CallStart start) {
        return startReply(reserving.submit(reserveOf(start)));
    }

    /**
     * {@inheritDoc}
     *
     * <p>As {@link #start}, without a thread: the reply is completed by the thread that commits the Start's group.
     */
    @Override
    public CompletionStage<StartReply> startAsync(CallStart start, Executor blocking) {
        return reserving.submitAsync(reserveOf(start)).thenApply(this::startReply);
    }

    private Reservations.Reserve reserveOf(CallStart start) {
        return new Reservations.Reserve(true, CallAccounts.bounded(start.callId()), start.calling().digits(),
                start.called().digits(), CallAccounts.utc(clock.instant()));
    }

    private StartReply startReply(AuthorizationDecision decision) {
        if (decision instanceof AuthorizationDecision.Reject reject) {
            return StartReply.prohibit(reject.reason());
        }
        StartReply reply = ((AuthorizationDecision.Accept) decision).creditTime()
                .map(credit -> StartReply.proceed().withMaxDuration(credit)).orElse(StartReply.proceed());
        return interimInterval.map(reply::withInterimInterval).orElse(reply);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Resizes the call's reservation to what the balance, less the account's other calls, pays for: longer when
     * money came in or other calls ended, shorter when other charges took it. When that is no more than the call has
     * lasted, the reservation keeps what the call used and the answer prohibits the call (the softswitch releases
     * it). A call without an unexpired reservation is left as it is.
     */
    @Override
    public StartReply answerInterim(CallInterim interim) {
        return reservations.resize(CallAccounts.bounded(interim.callId()), interim.sessionTime().toSeconds(),
                CallAccounts.utc(clock.instant())).map(r -> r.exhausted()
                        ? StartReply.prohibit("the balance of " + r.subscriberId() + " is used up")
                        : StartReply.proceed().withMaxDuration(Duration.ofMinutes(r.minutes())))
                .orElse(StartReply.proceed());
    }

    /**
     * {@inheritDoc}
     *
     * <p>Charges the started minutes once per accounting key, and deletes the call's reservation, answered or not.
     * Stops arriving together share one transaction; each is answered after it commits.
     */
    @Override
    public void stop(CallStop stop) {
        try {
            stopAsync(stop, Runnable::run).toCompletableFuture().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>As {@link #stop}, without a thread for an answered call: its future is completed by the thread that commits
     * the Stop's group. An unanswered call's release runs on {@code blocking}.
     */
    @Override
    public CompletionStage<Void> stopAsync(CallStop stop, Executor blocking) {
        String callId = CallAccounts.bounded(stop.callId());
        if (stop.answerTime().isEmpty() || stop.sessionTime().isZero()) {
            return CompletableFuture.runAsync(() -> reservations.release(callId), blocking);
        }
        long seconds = stop.sessionTime().toSeconds();
        String key = CallAccounts.bounded(stop.key().sessionId() + "|" + stop.key().confId().map(Object::toString)
                .orElse("") + "|" + stop.key().kind() + "|" + stop.key().sequence());
        return charging.submitAsync(new Charges.Charge(key, callId, stop.calling().digits(), stop.called().digits(),
                seconds, (seconds + 59) / 60, CallAccounts.utc(clock.instant()))).thenAccept(charged -> {
                    if (!charged) {
                        LOG.warn("Stop for call {} from {}: no account has that phone; not charged", key,
                                stop.calling().digits());
                    }
                });
    }

    /**
     * How Stops have been charged: transactions written as groups and the charges they held (their ratio is the
     * average group).
     *
     * @return {transactions, charges}
     */
    public long[] chargeGroups() {
        return charging.counts();
    }

    /**
     * How authorizations and Starts have been reserved: transactions written as groups and the requests they held.
     *
     * @return {transactions, requests}
     */
    public long[] reservationGroups() {
        return reserving.counts();
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
