package org.netlever.pcrf.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.netlever.pcrf.AccountingProblem;
import org.netlever.pcrf.AccountingResult;
import org.netlever.pcrf.AccountingUpdate;
import org.netlever.pcrf.BrasNotifier;
import org.netlever.pcrf.PcrfException;
import org.netlever.pcrf.ReauthFailure;
import org.netlever.pcrf.ReauthRetry;
import org.netlever.pcrf.ResetPolicy;
import org.netlever.pcrf.ServiceGrant;
import org.netlever.pcrf.SubscriberSeed;
import org.netlever.pcrf.SubscriberState;
import org.netlever.pcrf.Transition;
import org.netlever.pcrf.TransitionReason;
import org.netlever.pcrf.model.PcrfDefinitions;
import org.netlever.pcrf.model.PcrfService;
import org.netlever.pcrf.model.UrlList;
import org.netlever.pcrf.model.UrlRule;

/**
 * The PCRF engine's machinery behind {@code PcrfEngine} (S3.7–S3.11): subscribers in memory, rebuilt from the store,
 * attached and seeded (the {@link SubscriberTable}); queries; accounting (through the {@link AccountingReducer});
 * transitions; cron rounds over the {@link Schedule} (woken by the {@link CronTimer}, with
 * {@link SessionHousekeeping}); group-committed persistence ({@link Flusher}); services-reauth through the
 * {@link ReauthDispatcher}. Thread-safe: each subscriber's state is guarded by its own monitor; writes are queued in
 * order under it.
 */
public final class Engine implements AutoCloseable {

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
     * @param lineRateBitsPerSecond the fastest a subscriber's line carries in one direction (accounting counters that
     *     grow faster are not believed)
     * @param reauthRetry how services-reauth that failed transiently is retried
     */
    public record Settings(PcrfStore store, PcrfDefinitions definitions, Clock clock, ResetPolicy resetPolicy,
            BrasNotifier notifier, int reauthPerSecond, Duration sessionIdleTimeout, Duration pollInterval,
            long lineRateBitsPerSecond, ReauthRetry reauthRetry) {
    }

    private final Settings settings;
    private final PcrfDefinitions definitions;
    private final Clock clock;
    private final Schedule schedule = new Schedule();
    private final Flusher flusher;
    private final ReauthDispatcher dispatcher;
    private final AccountingReducer reducer;
    private final SessionHousekeeping housekeeping;
    private final CronTimer timer;
    private final Steps steps;
    private final SubscriberTable table;
    private final AtomicLong transitions = new AtomicLong();
    /** How late the last round that fired anything was after its earliest due moment, in milliseconds. */
    private volatile long lastLagMillis;
    private final AccountingProblems problems;
    private long lastHousekeeping;
    /** Whether housekeeping ran once ({@link #lastHousekeeping} is meaningful). */
    private boolean swept;

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
                : new ReauthDispatcher(settings.notifier(), new ReauthDispatcher.Stored() {
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

                    @Override
                    public boolean fenced() {
                        return flusher.fenced() != null;
                    }

                    @Override
                    public void changed(Subscriber s) {
                        flusher.submit(new Flusher.Change(s.row(), null, null));
                    }
                }, settings.reauthPerSecond(), settings.reauthRetry(), clock);
        this.steps = new Steps(definitions, settings.resetPolicy(), s -> {
            transitions.incrementAndGet();
            schedule.reschedule(s);
            if (s.sessionCount() > 0 && dispatcher != null) {
                dispatcher.owe(s);
            }
        });
        this.reducer = new AccountingReducer(settings.lineRateBitsPerSecond());
        this.housekeeping = new SessionHousekeeping(settings.sessionIdleTimeout());
        this.timer = new CronTimer(this::runDue, schedule::earliest, clock, settings.pollInterval());
        this.problems = new AccountingProblems(clock);
        this.table = new SubscriberTable(settings.store(), definitions, clock, flusher, schedule, steps, timer,
                dispatcher);
        table.load();
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
        return table.attach(id, domain, tariffCode);
    }

    /**
     * Stores a subscriber's state brought from elsewhere (a migration, S3.7), or says what it would do.
     *
     * @param seed the state
     * @param overwrite whether to replace the state of a subscriber the engine already has
     * @param store whether to store it; without, only checks
     * @return whether it was (or would be) stored or the existing state kept
     * @throws PcrfException if the seed does not fit the definitions, or would overwrite a subscriber with open
     *     sessions
     */
    public SubscriberSeed.Outcome seed(SubscriberSeed seed, boolean overwrite, boolean store) {
        return table.seed(seed, overwrite, store);
    }

    // ------------------------------------------------------------------------------------------------ reads

    /** The live subscriber, or {@code null}; for {@link LiveViews}. */
    Subscriber live(String id) {
        return table.get(id);
    }

    /** The live subscribers whose last services-reauth did not succeed; for {@link LiveViews}. */
    java.util.Collection<Subscriber> withReauthProblem() {
        return dispatcher == null ? List.of() : dispatcher.withProblem();
    }

    /**
     * A subscriber's state.
     *
     * @param id the subscriber
     * @return the state, or empty if unknown
     */
    public Optional<SubscriberState> state(String id) {
        Subscriber s = table.get(id);
        if (s == null) {
            return Optional.empty();
        }
        synchronized (s) {
            return s.plan == null ? Optional.empty() : Optional.of(s.state());
        }
    }

    /**
     * The current step's service for the BRAS.
     *
     * @param id the subscriber
     * @return the grant, or empty if the subscriber is unknown
     */
    public Optional<ServiceGrant> currentService(String id) {
        Subscriber s = table.get(id);
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
            grant = new ServiceGrant(s.id, service, s.quota(s.step), lists);
        }
        // The grant is an answer to the BRAS: it may not rest on a change a crash could still undo.
        flusher.awaitStored(mark);
        return Optional.of(grant);
    }

    /**
     * How many subscribers the engine holds.
     *
     * @return the count
     */
    public int subscriberCount() {
        return table.size();
    }

    /**
     * The transitions stored for a subscriber, oldest first.
     *
     * @param id the subscriber
     * @param limit the most to return
     * @return the transitions
     */
    public List<Transition> history(String id, int limit) {
        Flusher.awaitStored(flusher.barrier());
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
        return new long[] {transitions.get(), dispatcher == null ? 0 : dispatcher.sent(),
            dispatcher == null ? 0 : dispatcher.queued(), lastLagMillis, dispatcher == null ? 0 : dispatcher.failed()};
    }

    /**
     * The sessions' services-reauth CoA that did not succeed since start, by what happened.
     *
     * @return every failure with its count, zero included
     */
    public Map<ReauthFailure, Long> reauthFailures() {
        if (dispatcher == null) {
            Map<ReauthFailure, Long> none = new java.util.EnumMap<>(ReauthFailure.class);
            for (ReauthFailure failure : ReauthFailure.values()) {
                none.put(failure, 0L);
            }
            return none;
        }
        return dispatcher.failures();
    }

    /**
     * The CoA-NAKs since start by Error-Cause (RFC 5176 section 3.5), for the causes seen.
     *
     * @return the counts by cause
     */
    public Map<Integer, Long> reauthErrorCauses() {
        return dispatcher == null ? Map.of() : dispatcher.errorCauses();
    }

    /**
     * The accounting records whose counters were not believed since start, by problem.
     *
     * @return every problem with its count, zero included
     */
    public Map<AccountingProblem, Long> accountingProblems() {
        return problems.counts();
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
        Subscriber s = table.get(u.subscriberId());
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
            // Tombstones outlive their Stop by the idle timeout, whether or not housekeeping runs.
            s.dropTombstones(now.toEpochMilli() - settings.sessionIdleTimeout().toMillis());
            Session session = AccountingReducer.sessionFor(s, u, table::intern);
            AccountingReducer.Usage usage = reducer.reduce(session, u);
            session.lastSeenMillis = now.toEpochMilli();
            if (!usage.problems().isEmpty()) {
                problems.record(u, session, usage);
            }
            Optional<Transition> transition = Optional.empty();
            PcrfService current = definitions.serviceAt(s.scenario, s.step);
            boolean charged = current.name().equals(session.service);
            if (charged && (usage.seconds() > 0 || usage.octets() > 0)) {
                int k = s.step;
                s.quota[3 * k] = AccountingReducer.debit(s.quota[3 * k], usage.seconds());
                s.quota[3 * k + 1] = AccountingReducer.debit(s.quota[3 * k + 1], usage.octets());
                if (s.quota[3 * k] != Subscriber.NONE && s.quota[3 * k] <= 0) {
                    transition = Optional.of(steps.advance(s, k, TransitionReason.TIME_QUOTA, now));
                } else if (s.quota[3 * k + 1] != Subscriber.NONE && s.quota[3 * k + 1] <= 0) {
                    transition = Optional.of(steps.advance(s, k, TransitionReason.VOLUME_QUOTA, now));
                }
            }
            if (u.kind() == AccountingUpdate.Kind.STOP) {
                s.stop(session, now.toEpochMilli());
            }
            Subscriber owner = s;
            flusher.submit(new Flusher.Change(s.row(), transition.map(t -> owner.transitionRow(t)).orElse(null),
                    stored));
            result = new AccountingResult(Duration.ofSeconds(usage.seconds()), usage.octets(), charged, transition,
                    usage.problems());
        }
        Flusher.awaitStored(stored);
        return result;
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
        // Idle sessions close first (S3.9): a limit that fires in this round owes no CoA to a session gone silent.
        housekeeping(now);
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
        Flusher.awaitStored(flusher.barrier());
        return made;
    }

    /** Fires the due cron limits of one subscriber and queues what changed. Call with the monitor held. */
    private void fire(Subscriber s, Instant now, List<Transition> made) {
        List<Transition> fired = steps.fire(s, now);
        for (Transition t : fired) {
            flusher.submit(new Flusher.Change(null, s.transitionRow(t), null));
        }
        made.addAll(fired);
        schedule.reschedule(s);
        if (!fired.isEmpty() || s.scheduledAt != Long.MAX_VALUE) {
            flusher.submit(new Flusher.Change(s.row(), null, null));
        }
    }

    /** Sweeps the sessions at most once a minute (S3.9); the first round always sweeps. */
    private synchronized void housekeeping(Instant now) {
        long millis = now.toEpochMilli();
        if (swept && millis - lastHousekeeping < 60_000 && millis >= lastHousekeeping) {
            return;
        }
        swept = true;
        lastHousekeeping = millis;
        housekeeping.sweep(now, table.all(), s -> flusher.submit(new Flusher.Change(s.row(), null, null)));
    }

    // ------------------------------------------------------------------------------------------------ timer

    /** Starts the timer thread that fires cron limits at their moment (or every poll interval, if configured). */
    public void start() {
        timer.start();
    }

    @Override
    public void close() {
        timer.close();
        if (dispatcher != null) {
            dispatcher.close();
        }
        flusher.close();
    }
}
