package org.netlever.pcrf.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.netlever.pcrf.NasIdentity;
import org.netlever.pcrf.PcrfException;
import org.netlever.pcrf.SubscriberSeed;
import org.netlever.pcrf.SubscriberState;
import org.netlever.pcrf.model.PcrfDefinitions;
import org.netlever.pcrf.model.Scenario;
import org.netlever.pcrf.model.TariffPlan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Engine}'s subscribers in memory and how they get there (S3.7): rebuilt from the store at start (with the
 * services-reauth a crash left unsent queued again), attached when the BRAS authorizes them, or seeded with state
 * brought from elsewhere. It hands out row ids, keeps the rows of stored subscribers it could not load, and interns
 * domains and NAS identities so that subscribers and sessions share one instance of each. Thread-safe: the maps are
 * concurrent, and each subscriber is changed under its own monitor, its change queued before the monitor is released.
 */
final class SubscriberTable {

    private static final Logger LOG = LoggerFactory.getLogger("org.netlever.pcrf");

    private final PcrfStore pcrfStore;
    private final PcrfDefinitions definitions;
    private final Clock clock;
    private final Flusher flusher;
    private final Schedule schedule;
    private final Steps steps;
    private final CronTimer timer;
    private final ReauthDispatcher dispatcher;
    private final ConcurrentHashMap<String, Subscriber> subscribers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, String> domains = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<NasIdentity, NasIdentity> nasIdentities = new ConcurrentHashMap<>();
    private final AtomicLong nextRowId = new AtomicLong(1);
    /**
     * Row ids of stored subscribers the engine did not load (their plan or scenario left the definitions): attaching
     * one updates its row instead of inserting a second, which the store would refuse for ever.
     */
    private final Map<String, Long> unloadedRows = new ConcurrentHashMap<>();

    /**
     * An empty table; {@link #load()} fills it from the store.
     *
     * @param store the tables
     * @param definitions the services and scenarios
     * @param clock the clock
     * @param flusher where changes are queued to be stored
     * @param schedule the cron moments, rescheduled as subscribers change
     * @param steps arms a subscriber's limits
     * @param timer woken when a subscriber's cron moments are new
     * @param dispatcher the services-reauth dispatcher, or {@code null} if no CoA is sent
     */
    SubscriberTable(PcrfStore store, PcrfDefinitions definitions, Clock clock, Flusher flusher, Schedule schedule,
            Steps steps, CronTimer timer, ReauthDispatcher dispatcher) {
        this.pcrfStore = store;
        this.definitions = definitions;
        this.clock = clock;
        this.flusher = flusher;
        this.schedule = schedule;
        this.steps = steps;
        this.timer = timer;
        this.dispatcher = dispatcher;
    }

    // ------------------------------------------------------------------------------------------------ recovery

    /** Loads the state from the store, rebuilds the schedule and queues the services-reauth requests left unsent. */
    void load() {
        Instant now = clock.instant();
        List<Subscriber> pending = new ArrayList<>();
        pcrfStore.eachSubscriber(row -> {
            Optional<TariffPlan> plan = definitions.tariffPlan(row.tariffCode());
            Optional<Scenario> scenario = definitions.scenario(row.scenario());
            if (plan.isEmpty() || scenario.isEmpty()) {
                LOG.warn("Subscriber {} refers to tariff plan {} / scenario {} that the definitions no longer have; "
                        + "it is kept in the store and re-attached when the BRAS authorizes it", row.id(),
                        row.tariffCode(), row.scenario());
                unloadedRows.put(row.id(), row.rowId());
                nextRowId.accumulateAndGet(row.rowId() + 1, Math::max);
                return;
            }
            Subscriber s = new Subscriber(row.id());
            s.domain = intern(row.domain());
            s.zone = ZoneId.of(row.zoneId());
            s.plan = plan.get();
            s.scenario = scenario.get();
            int steps = s.scenario.steps().size();
            s.step = Math.min(row.step(), steps - 1);
            s.quota = Subscriber.decodeQuotas(row.quotas(), steps);
            s.reauthPending = row.reauthPending();
            s.stored = true;
            s.rowId = row.rowId();
            nextRowId.accumulateAndGet(row.rowId() + 1, Math::max);
            s.decodeSessions(row.sessions(), now.toEpochMilli(), this::intern);
            synchronized (s) {
                this.steps.armMissingCron(s, now);
                schedule.reschedule(s);
            }
            subscribers.put(s.id, s);
            if (s.reauthPending && dispatcher != null) {
                pending.add(s);
            }
        });
        for (Subscriber s : pending) {
            dispatcher.queue(s);
        }
        if (!subscribers.isEmpty()) {
            LOG.info("PCRF state loaded: {} subscribers, {} services-reauth to resend", subscribers.size(),
                    pending.size());
        }
    }

    /** The instance of a NAS identity that sessions share. */
    NasIdentity intern(NasIdentity nas) {
        NasIdentity known = nasIdentities.putIfAbsent(nas, nas);
        return known != null ? known : nas;
    }

    private String intern(String domain) {
        String known = domains.putIfAbsent(domain, domain);
        return known != null ? known : domain;
    }

    // ------------------------------------------------------------------------------------------------ lookups

    /** The subscriber, or {@code null} if unknown. */
    Subscriber get(String id) {
        return subscribers.get(id);
    }

    /** Every subscriber, a live view. */
    Collection<Subscriber> all() {
        return subscribers.values();
    }

    /** How many subscribers there are. */
    int size() {
        return subscribers.size();
    }

    // ------------------------------------------------------------------------------------------------ attach

    /** As {@link Engine#attach}. */
    SubscriberState attach(String id, String domain, String tariffCode) {
        TariffPlan plan = definitions.tariffPlan(tariffCode)
                .orElseThrow(() -> new PcrfException("no tariff plan with code '" + tariffCode + "'"));
        Scenario scenario = definitions.scenario(plan.scenario()).orElseThrow();
        Instant now = clock.instant();
        Subscriber s = subscribers.computeIfAbsent(id, Subscriber::new);
        CompletableFuture<Void> stored = null;
        SubscriberState state;
        long mark;
        synchronized (s) {
            // Whoever changed s last submitted the change before releasing its monitor: answering only once
            // everything queued up to here is stored means the BRAS never acts on a state a crash could undo.
            mark = flusher.mark();
            boolean fresh = s.plan == null || !s.plan.equals(plan) || !s.scenario.equals(scenario)
                    || !s.domain.equals(domain);
            if (fresh) {
                if (s.rowId == 0) {
                    Long kept = unloadedRows.remove(id);
                    s.rowId = kept == null ? nextRowId.getAndIncrement() : kept;
                    s.stored = kept != null;
                }
                s.planDirty = true;
                s.domain = intern(domain);
                s.zone = definitions.domains().zoneOf(domain);
                s.plan = plan;
                s.scenario = scenario;
                s.step = 0;
                s.quota = new long[scenario.steps().size() * 3];
                steps.armAll(s, now);
                schedule.reschedule(s);
                stored = new CompletableFuture<>();
                flusher.submit(new Flusher.Change(s.row(), null, stored));
            }
            state = s.state();
        }
        if (stored != null) {
            Flusher.awaitStored(stored);
            timer.wake();
        } else {
            flusher.awaitStored(mark);
        }
        return state;
    }

    /** As {@link Engine#seed}. */
    SubscriberSeed.Outcome seed(SubscriberSeed seed, boolean overwrite, boolean store) {
        TariffPlan plan = definitions.tariffPlan(seed.tariffCode())
                .orElseThrow(() -> new PcrfException("no tariff plan with code '" + seed.tariffCode() + "'"));
        Scenario scenario = definitions.scenario(plan.scenario()).orElseThrow();
        ZoneId zone = definitions.domains().zoneOf(seed.domain());
        long[] quota = Seeding.quotas(seed, scenario, zone, steps, clock.instant());
        Subscriber existing = subscribers.get(seed.subscriberId());
        if (existing == null) {
            // A row the engine did not load (its plan or scenario left the definitions) is not to be inserted again.
            pcrfStore.storedPlan(seed.subscriberId()).ifPresent(code -> {
                throw new PcrfException("subscriber '" + seed.subscriberId() + "' is stored on tariff plan '" + code
                        + "', which the definitions no longer have (or whose scenario they lack); its row is kept");
            });
        }
        if (!store) {
            if (existing == null) {
                return SubscriberSeed.Outcome.STORED;
            }
            synchronized (existing) {
                return Seeding.over(existing, overwrite);
            }
        }
        Subscriber s = subscribers.computeIfAbsent(seed.subscriberId(), Subscriber::new);
        CompletableFuture<Void> stored = new CompletableFuture<>();
        synchronized (s) {
            if (Seeding.over(s, overwrite) == SubscriberSeed.Outcome.KEPT) {
                return SubscriberSeed.Outcome.KEPT;
            }
            if (s.rowId == 0) {
                s.rowId = nextRowId.getAndIncrement();
            }
            s.planDirty = true;
            s.domain = intern(seed.domain());
            s.zone = zone;
            s.plan = plan;
            s.scenario = scenario;
            s.step = seed.step();
            s.quota = quota;
            schedule.reschedule(s);
            flusher.submit(new Flusher.Change(s.row(), null, stored));
        }
        Flusher.awaitStored(stored);
        timer.wake();
        return SubscriberSeed.Outcome.STORED;
    }
}
