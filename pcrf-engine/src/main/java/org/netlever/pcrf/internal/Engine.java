package org.netlever.pcrf.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.netlever.pcrf.AccountingResult;
import org.netlever.pcrf.AccountingUpdate;
import org.netlever.pcrf.BrasNotifier;
import org.netlever.pcrf.PcrfException;
import org.netlever.pcrf.PcrfFencedException;
import org.netlever.pcrf.ResetPolicy;
import org.netlever.pcrf.ServiceGrant;
import org.netlever.pcrf.StepQuota;
import org.netlever.pcrf.SubscriberState;
import org.netlever.pcrf.Transition;
import org.netlever.pcrf.TransitionReason;
import org.netlever.pcrf.model.CronLimit;
import org.netlever.pcrf.model.PcrfDefinitions;
import org.netlever.pcrf.model.PcrfService;
import org.netlever.pcrf.model.Scenario;
import org.netlever.pcrf.model.TariffPlan;
import org.netlever.pcrf.model.UrlList;
import org.netlever.pcrf.model.UrlRule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PCRF engine's machinery behind {@code PcrfEngine} (S3.7–S3.11): subscribers in memory, the accounting reducer,
 * transitions, the cron schedule, group-committed persistence and the services-reauth dispatcher. Thread-safe: each
 * subscriber's state is guarded by its own monitor; writes are queued in order under it.
 */
public final class Engine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("org.netlever.pcrf");
    private static final long WRAP = 1L << 32;

    /**
     * What the engine is built from. Immutable and thread-safe.
     *
     * @param store the tables
     * @param definitions the services and scenarios
     * @param clock the clock
     * @param resetPolicy what a period reset does before the cron step is reached
     * @param notifier the BRAS notifier, or {@code null} to send no CoA
     * @param reauthPerSecond the most services-reauth requests per second
     * @param sessionIdleTimeout how long a session may go without accounting before it counts as closed
     * @param pollInterval the original PCRF's cron check interval, or {@code null} to fire at the due moment
     */
    public record Settings(PcrfStore store, PcrfDefinitions definitions, Clock clock, ResetPolicy resetPolicy,
            BrasNotifier notifier, int reauthPerSecond, Duration sessionIdleTimeout, Duration pollInterval) {
    }

    private final Settings settings;
    private final PcrfDefinitions definitions;
    private final Clock clock;
    private final ConcurrentHashMap<String, Subscriber> subscribers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, String> domains = new ConcurrentHashMap<>();
    private final Schedule schedule = new Schedule();
    private final Flusher flusher;
    private final ReauthDispatcher dispatcher;
    private final AtomicLong transitions = new AtomicLong();
    /** How late the last round that fired anything was after its earliest due moment, in milliseconds. */
    private volatile long lastLagMillis;
    private final AtomicLong nextRowId = new AtomicLong(1);
    private final AtomicLong reauthSent = new AtomicLong();
    private final AtomicLong reauthFailed = new AtomicLong();
    private final Object wakeup = new Object();
    private volatile Thread timer;
    private volatile boolean closed;
    private long lastHousekeeping = Long.MIN_VALUE;

    /**
     * Loads the state from the store, rebuilds the schedule and queues the services-reauth requests a crash left
     * unsent.
     *
     * @param settings the settings
     */
    public Engine(Settings settings) {
        this.settings = settings;
        this.definitions = settings.definitions();
        this.clock = settings.clock();
        this.flusher = new Flusher(settings.store(), clock);
        this.dispatcher = settings.notifier() == null ? null
                : new ReauthDispatcher(this::sendReauth, this::queueReauth, new ReauthDispatcher.Stored() {
                    @Override
                    public long mark(Subscriber s) {
                        synchronized (s) {
                            // Whoever changed s submitted the change before releasing its monitor.
                            return flusher.mark();
                        }
                    }

                    @Override
                    public void await(long mark) throws InterruptedException {
                        flusher.awaitCommitted(mark);
                    }
                }, settings.reauthPerSecond());
        load();
    }

    // ------------------------------------------------------------------------------------------------ recovery

    private void load() {
        Instant now = clock.instant();
        List<Subscriber> pending = new ArrayList<>();
        settings.store().eachSubscriber(row -> {
            Optional<TariffPlan> plan = definitions.tariffPlan(row.tariffCode());
            Optional<Scenario> scenario = definitions.scenario(row.scenario());
            if (plan.isEmpty() || scenario.isEmpty()) {
                LOG.warn("Subscriber {} refers to tariff plan {} / scenario {} that the definitions no longer have; "
                        + "it is kept in the store and re-attached when the BRAS authorizes it", row.id(),
                        row.tariffCode(), row.scenario());
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
            s.decodeSessions(row.sessions(), now.toEpochMilli());
            synchronized (s) {
                for (int k = 0; k < steps; k++) {
                    PcrfService service = definitions.serviceAt(s.scenario, k);
                    if (service.cronLimit().isPresent() && s.quota[3 * k + 2] == Subscriber.NONE) {
                        s.quota[3 * k + 2] = nextCron(service, s.zone, now);
                    }
                }
                schedule.reschedule(s);
            }
            subscribers.put(s.id, s);
            if (s.reauthPending) {
                pending.add(s);
            }
        });
        for (Subscriber s : pending) {
            queueReauth(s);
        }
        if (!subscribers.isEmpty()) {
            LOG.info("PCRF state loaded: {} subscribers, {} services-reauth to resend", subscribers.size(),
                    pending.size());
        }
    }

    private String intern(String domain) {
        String known = domains.putIfAbsent(domain, domain);
        return known != null ? known : domain;
    }

    // ------------------------------------------------------------------------------------------------ arming

    private static long nextCron(PcrfService service, ZoneId zone, Instant after) {
        CronLimit cron = service.cronLimit().orElseThrow();
        return cron.nextAfter(after, zone).map(Instant::getEpochSecond).orElse(Subscriber.NONE);
    }

    /** Fresh limits for step k; a cron limit's next moment after now. Call with the monitor held. */
    private void arm(Subscriber s, int k, Instant now) {
        PcrfService service = definitions.serviceAt(s.scenario, k);
        s.quota[3 * k] = service.timeQuota().map(Duration::toSeconds).orElse(Subscriber.NONE);
        s.quota[3 * k + 1] = service.volumeQuota().isPresent() ? service.volumeQuota().getAsLong() : Subscriber.NONE;
        s.quota[3 * k + 2] = service.cronLimit().isPresent() ? nextCron(service, s.zone, now) : Subscriber.NONE;
    }

    private void armAll(Subscriber s, Instant now) {
        for (int k = 0; k < s.scenario.steps().size(); k++) {
            arm(s, k, now);
        }
    }

    // ------------------------------------------------------------------------------------------------ attach

    /**
     * Makes sure a subscriber is known with its domain and tariff plan; a new one (or one whose plan or scenario
     * changed) starts at step 0 with every limit armed.
     *
     * @param id the subscriber
     * @param domain its service domain
     * @param tariffCode its tariff plan's code
     * @return the state, once stored
     */
    public SubscriberState attach(String id, String domain, String tariffCode) {
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
                    s.rowId = nextRowId.getAndIncrement();
                }
                s.planDirty = true;
                s.domain = intern(domain);
                s.zone = definitions.domains().zoneOf(domain);
                s.plan = plan;
                s.scenario = scenario;
                s.step = 0;
                s.quota = new long[scenario.steps().size() * 3];
                armAll(s, now);
                schedule.reschedule(s);
                stored = new CompletableFuture<>();
                flusher.submit(new Flusher.Change(row(s), null, stored));
            }
            state = snapshot(s);
        }
        if (stored != null) {
            stored(stored);
            wake();
        } else {
            awaitStored(mark);
        }
        return state;
    }

    // ------------------------------------------------------------------------------------------------ reads

    /**
     * A subscriber's state.
     *
     * @param id the subscriber
     * @return the state, or empty if unknown
     */
    public Optional<SubscriberState> state(String id) {
        Subscriber s = subscribers.get(id);
        if (s == null) {
            return Optional.empty();
        }
        synchronized (s) {
            return s.plan == null ? Optional.empty() : Optional.of(snapshot(s));
        }
    }

    /**
     * The current step's service for the BRAS.
     *
     * @param id the subscriber
     * @return the grant, or empty if the subscriber is unknown
     */
    public Optional<ServiceGrant> currentService(String id) {
        Subscriber s = subscribers.get(id);
        if (s == null) {
            return Optional.empty();
        }
        ServiceGrant grant;
        long mark;
        synchronized (s) {
            if (s.plan == null) {
                return Optional.empty();
            }
            mark = flusher.mark();
            PcrfService service = definitions.serviceAt(s.scenario, s.step);
            List<UrlList> lists = new ArrayList<>();
            for (UrlRule rule : service.rules()) {
                definitions.urlList(rule.list()).ifPresent(lists::add);
            }
            grant = new ServiceGrant(s.id, service, quota(s, s.step), lists);
        }
        // The grant is an answer to the BRAS: it may not rest on a change a crash could still undo.
        awaitStored(mark);
        return Optional.of(grant);
    }

    /** Waits until every change queued before {@code mark} was taken is stored (durably). */
    private void awaitStored(long mark) {
        try {
            flusher.awaitCommitted(mark);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PcrfException("interrupted while waiting for the PCRF store", e);
        }
        PcrfFencedException fenced = flusher.fenced();
        if (fenced != null) {
            throw fenced;
        }
    }

    private StepQuota quota(Subscriber s, int k) {
        long seconds = s.remainingSeconds(k);
        long octets = s.remainingOctets(k);
        long cron = s.nextCron(k);
        return new StepQuota(k, s.scenario.steps().get(k),
                seconds == Subscriber.NONE ? Optional.empty() : Optional.of(Duration.ofSeconds(Math.max(0, seconds))),
                octets == Subscriber.NONE ? OptionalLong.empty() : OptionalLong.of(Math.max(0, octets)),
                cron == Subscriber.NONE ? Optional.empty() : Optional.of(Instant.ofEpochSecond(cron)), s.zone);
    }

    private SubscriberState snapshot(Subscriber s) {
        List<StepQuota> steps = new ArrayList<>();
        for (int k = 0; k < s.scenario.steps().size(); k++) {
            steps.add(quota(s, k));
        }
        return new SubscriberState(s.id, s.domain, s.zone, s.plan.code(), s.scenario.name(), s.step, steps,
                s.sessionCount());
    }

    /**
     * How many subscribers the engine holds.
     *
     * @return the count
     */
    public int subscriberCount() {
        return subscribers.size();
    }

    /**
     * The transitions stored for a subscriber, oldest first.
     *
     * @param id the subscriber
     * @param limit the most to return
     * @return the transitions
     */
    public List<Transition> history(String id, int limit) {
        stored(flusher.barrier());
        List<Transition> out = new ArrayList<>();
        for (PcrfStore.TransitionRow row : settings.store().transitions(id, limit)) {
            out.add(new Transition(row.subscriberId(), row.at(), row.fromStep(), row.toStep(),
                    TransitionReason.valueOf(row.reason())));
        }
        return out;
    }

    /**
     * Counters: transitions made and services-reauth requests delivered since start, and requests waiting.
     *
     * @return {@code [transitions, reauthSent, reauthQueued, schedulerLagMillis, reauthFailed]}
     */
    public long[] counters() {
        return new long[] {transitions.get(), reauthSent.get(), dispatcher == null ? 0 : dispatcher.queued(),
            lastLagMillis, reauthFailed.get()};
    }

    // ------------------------------------------------------------------------------------------------ accounting

    /**
     * Applies one accounting record (S3.7–S3.9) and returns once its effect is stored.
     *
     * @param u the record
     * @return what it did
     * @throws PcrfException if the subscriber is unknown
     */
    public AccountingResult account(AccountingUpdate u) {
        Subscriber s = subscribers.get(u.subscriberId());
        if (s == null) {
            throw new PcrfException("accounting for unknown subscriber '" + u.subscriberId() + "' (session "
                    + u.sessionId() + "); the BRAS authorizes a subscriber before accounting for it");
        }
        Instant now = clock.instant();
        CompletableFuture<Void> stored = new CompletableFuture<>();
        AccountingResult result;
        synchronized (s) {
            if (s.plan == null) {
                throw new PcrfException("subscriber '" + u.subscriberId() + "' is not attached to a tariff plan");
            }
            Session session = s.session(u.sessionId());
            boolean opened = false;
            if (session == null) {
                session = new Session(u.sessionId(), s, u.service(), u.nas());
                s.addSession(session);
                opened = true;
            }
            long seconds = u.sessionTime().toSeconds();
            long usedSeconds = 0;
            long usedOctets = 0;
            if (opened || seconds >= session.seconds) {
                usedSeconds = seconds - session.seconds;
                usedOctets = delta(session.input, u.inputOctets(), u.gigawords())
                        + delta(session.output, u.outputOctets(), u.gigawords());
                session.seconds = seconds;
                session.input = u.inputOctets();
                session.output = u.outputOctets();
                session.gigawords = u.gigawords();
            }
            session.lastSeenMillis = now.toEpochMilli();
            Optional<Transition> transition = Optional.empty();
            PcrfService current = definitions.serviceAt(s.scenario, s.step);
            boolean charged = current.name().equals(session.service);
            if (charged && (usedSeconds > 0 || usedOctets > 0)) {
                int k = s.step;
                if (s.quota[3 * k] != Subscriber.NONE) {
                    s.quota[3 * k] -= usedSeconds;
                }
                if (s.quota[3 * k + 1] != Subscriber.NONE) {
                    s.quota[3 * k + 1] -= usedOctets;
                }
                if (s.quota[3 * k] != Subscriber.NONE && s.quota[3 * k] <= 0) {
                    transition = Optional.of(advance(s, k, TransitionReason.TIME_QUOTA, now));
                } else if (s.quota[3 * k + 1] != Subscriber.NONE && s.quota[3 * k + 1] <= 0) {
                    transition = Optional.of(advance(s, k, TransitionReason.VOLUME_QUOTA, now));
                }
            }
            if (u.kind() == AccountingUpdate.Kind.STOP) {
                s.removeSession(session);
            }
            Subscriber owner = s;
            flusher.submit(new Flusher.Change(row(s), transition.map(t -> transitionRow(owner, t)).orElse(null),
                    stored));
            result = new AccountingResult(Duration.ofSeconds(usedSeconds), usedOctets, charged, transition);
        }
        stored(stored);
        return result;
    }

    /** Usage between two cumulative counter values; a 32-bit counter that went down without Gigawords wrapped. */
    private static long delta(long before, long now, boolean gigawords) {
        if (now >= before) {
            return now - before;
        }
        return gigawords || before >= WRAP ? 0 : now + WRAP - before;
    }

    // ------------------------------------------------------------------------------------------------ transitions

    /** Step k's own limit ran out (quota or cron): re-arm it and move on (S3.8). Call with the monitor held. */
    private Transition advance(Subscriber s, int k, TransitionReason reason, Instant now) {
        int next = s.scenario.next(k);
        arm(s, k, now);
        if (next == 0 && s.scenario.again() && k == s.scenario.steps().size() - 1) {
            armAll(s, now);
        }
        s.step = next;
        return changed(s, k, next, reason, now);
    }

    /** A later step's cron fired while the subscriber is before it: a period reset under the policy. */
    private Transition reset(Subscriber s, Instant now) {
        int from = s.step;
        if (settings.resetPolicy() == ResetPolicy.RESTART_SCENARIO) {
            armAll(s, now);
            s.step = 0;
        } else {
            arm(s, from, now);
        }
        return changed(s, from, s.step, TransitionReason.CRON_RESET, now);
    }

    private Transition changed(Subscriber s, int from, int to, TransitionReason reason, Instant now) {
        transitions.incrementAndGet();
        schedule.reschedule(s);
        if (s.sessionCount() > 0 && dispatcher != null) {
            s.reauthPending = true;
            s.reauthAttempts = 0;
            s.reauthGeneration++;
            queueReauth(s);
        }
        return new Transition(s.id, now, from, to, reason);
    }

    private static PcrfStore.TransitionRow transitionRow(Subscriber s, Transition t) {
        return new PcrfStore.TransitionRow(s.rowId, t.subscriberId(), t.at(), t.fromStep(), t.toStep(),
                t.reason().name());
    }

    /** The subscriber's row as it is now; the first one is an INSERT. Call with the monitor held. */
    private static PcrfStore.SubscriberRow row(Subscriber s) {
        boolean insert = !s.stored;
        boolean planChanged = s.planDirty;
        s.stored = true;
        s.planDirty = false;
        return new PcrfStore.SubscriberRow(s.rowId, s.id, s.domain, s.zone.getId(), s.plan.code(), s.scenario.name(),
                s.step, s.encodeQuotas(), s.encodeSessions(), s.reauthPending, insert, planChanged && !insert);
    }

    /** Waits for a change to be stored; a refusal by the store fence surfaces as itself. */
    private static void stored(java.util.concurrent.CompletableFuture<Void> done) {
        try {
            done.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof PcrfException p) {
                throw p;
            }
            throw e;
        }
    }

    // ------------------------------------------------------------------------------------------------ cron

    /**
     * Fires every cron limit due by the clock and returns once the changes are stored.
     *
     * @return the transitions made
     */
    public List<Transition> runDue() {
        Instant now = clock.instant();
        long second = now.getEpochSecond();
        List<Transition> made = new ArrayList<>();
        Map.Entry<Long, Schedule.Bucket> bucket;
        boolean first = true;
        while ((bucket = schedule.pollDue(second)) != null) {
            if (first) {
                // The earliest due moment fired in this round: how late the scheduler is.
                lastLagMillis = Math.max(0, now.toEpochMilli() - bucket.getKey() * 1000);
                first = false;
            }
            for (Subscriber s : bucket.getValue().drain()) {
                synchronized (s) {
                    if (s.scheduledAt != bucket.getKey()) {
                        continue;
                    }
                    s.scheduledAt = Long.MAX_VALUE;
                    fire(s, now, made);
                }
            }
        }
        housekeeping(now);
        stored(flusher.barrier());
        return made;
    }

    /** Fires the due cron limits of one subscriber, earliest first. Call with the monitor held. */
    private void fire(Subscriber s, Instant now, List<Transition> made) {
        long second = now.getEpochSecond();
        boolean changed = false;
        for (int guard = 0; guard < 64; guard++) {
            int due = -1;
            long earliest = Long.MAX_VALUE;
            for (int k = 0; k < s.scenario.steps().size(); k++) {
                long at = s.nextCron(k);
                if (at != Subscriber.NONE && at <= second && at < earliest) {
                    earliest = at;
                    due = k;
                }
            }
            if (due < 0) {
                break;
            }
            Instant moment = Instant.ofEpochSecond(earliest);
            Transition t;
            if (s.step == due) {
                t = advance(s, due, TransitionReason.CRON, moment);
            } else if (s.step < due) {
                t = reset(s, moment);
            } else {
                s.quota[3 * due + 2] = nextCron(definitions.serviceAt(s.scenario, due), s.zone, moment);
                continue;
            }
            if (s.nextCron(due) != Subscriber.NONE && s.nextCron(due) <= earliest) {
                s.quota[3 * due + 2] = nextCron(definitions.serviceAt(s.scenario, due), s.zone, moment);
            }
            made.add(t);
            flusher.submit(new Flusher.Change(null, transitionRow(s, t), null));
            changed = true;
        }
        schedule.reschedule(s);
        if (changed || s.scheduledAt != Long.MAX_VALUE) {
            flusher.submit(new Flusher.Change(row(s), null, null));
        }
    }

    /** Closes sessions that went silent for longer than the idle timeout (S3.9): the subscriber keeps its step. */
    private void housekeeping(Instant now) {
        long millis = now.toEpochMilli();
        if (millis - lastHousekeeping < 60_000) {
            return;
        }
        lastHousekeeping = millis;
        long limit = millis - settings.sessionIdleTimeout().toMillis();
        for (Subscriber s : subscribers.values()) {
            if (s.open == null) {
                continue;
            }
            synchronized (s) {
                boolean closedAny = false;
                for (Session session : s.open == null ? new Session[0] : s.open.clone()) {
                    if (session.lastSeenMillis < limit) {
                        s.removeSession(session);
                        closedAny = true;
                        LOG.debug("Session {} of {} closed after {} without accounting", session.id, s.id,
                                settings.sessionIdleTimeout());
                    }
                }
                if (closedAny) {
                    flusher.submit(new Flusher.Change(row(s), null, null));
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ timer

    /** Starts the timer thread that fires cron limits at their moment (or every poll interval, if configured). */
    public synchronized void start() {
        if (timer != null) {
            return;
        }
        timer = new Thread(this::timerLoop, "netlever-pcrf-timer");
        timer.setDaemon(true);
        timer.start();
    }

    private void wake() {
        synchronized (wakeup) {
            wakeup.notifyAll();
        }
    }

    private void timerLoop() {
        Duration poll = settings.pollInterval();
        while (!closed) {
            try {
                runDue();
            } catch (RuntimeException e) {
                LOG.error("PCRF timer failed; retrying in a second", e);
            }
            long waitMillis;
            if (poll != null) {
                waitMillis = poll.toMillis();
            } else {
                long next = schedule.earliest();
                long now = clock.millis();
                waitMillis = next == Long.MAX_VALUE ? 60_000 : Math.max(0, next * 1000 - now);
                waitMillis = Math.min(waitMillis, 60_000);
            }
            if (waitMillis > 0) {
                synchronized (wakeup) {
                    try {
                        wakeup.wait(waitMillis);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ reauth

    private void queueReauth(Subscriber s) {
        if (dispatcher == null) {
            return;
        }
        synchronized (s) {
            if (!s.reauthPending || s.reauthQueued) {
                return;
            }
            s.reauthQueued = true;
        }
        dispatcher.enqueue(s);
    }

    private boolean sendReauth(Subscriber s) {
        if (flusher.fenced() != null) {
            // Another engine owns the state; it re-sends what the store says is owed.
            return true;
        }
        // The CoA goes out only once the change it announces is stored: the dispatcher waited for that.
        BrasNotifier.ReauthRequest request;
        int generation;
        synchronized (s) {
            generation = s.reauthGeneration;
            s.reauthQueued = false;
            if (!s.reauthPending) {
                return true;
            }
            List<BrasNotifier.OpenSession> open = new ArrayList<>();
            if (s.open != null) {
                for (Session session : s.open) {
                    open.add(new BrasNotifier.OpenSession(session.id, session.nas));
                }
            }
            if (open.isEmpty()) {
                s.reauthPending = false;
                flusher.submit(new Flusher.Change(row(s), null, null));
                return true;
            }
            s.reauthAttempts++;
            request = new BrasNotifier.ReauthRequest(s.id, open, s.reauthAttempts);
        }
        try {
            settings.notifier().servicesReauth(request);
        } catch (Exception e) {
            LOG.warn("services-reauth for {} (attempt {}) failed: {}", s.id, request.attempt(), e.getMessage());
            reauthFailed.incrementAndGet();
            return false;
        }
        reauthSent.incrementAndGet();
        synchronized (s) {
            // A change made while this request was on the wire owes the BRAS its own request (queued behind this
            // one): only the request for the latest change clears the debt.
            if (s.reauthGeneration == generation) {
                s.reauthPending = false;
                s.reauthAttempts = 0;
                flusher.submit(new Flusher.Change(row(s), null, null));
            }
        }
        return true;
    }

    @Override
    public void close() {
        closed = true;
        Thread t = timer;
        if (t != null) {
            t.interrupt();
        }
        if (dispatcher != null) {
            dispatcher.close();
        }
        flusher.close();
    }
}
