package org.netlever.pcrf;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.netlever.aaa.store.Database;
import org.netlever.pcrf.internal.Engine;
import org.netlever.pcrf.internal.LiveViews;
import org.netlever.pcrf.internal.PcrfStore;
import org.netlever.pcrf.model.PcrfDefinitions;

/**
 * The PCRF scenario engine (S3.7–S3.11): each subscriber's place in its scenario and what is left of every step,
 * moved on by accounting and by cron limits, stored in netlever's database and announced to the BRAS.
 *
 * <ul>
 *   <li><b>Accounting</b> ({@link #account(AccountingUpdate)}): cumulative counters per session become usage —
 *       retransmissions and records out of order add nothing, 32-bit counters that wrap are unwrapped, several
 *       concurrent sessions debit one subscriber. Counters are unsigned 64-bit and the arithmetic saturates; a
 *       counter that goes backwards or grows faster than the {@linkplain Builder#lineRate line rate} adds nothing
 *       and is counted ({@link #accountingProblems()}): a remaining quota never grows from accounting, only when it
 *       is re-armed or reset. Usage is charged to the current step when the session is for that
 *       step's service. A quota used up moves the subscriber on (S3.8); the step it leaves is re-armed; {@code again}
 *       sends it back to step 0 with every step re-armed. A session that ends with quota left leaves the subscriber on
 *       its step (S3.9).</li>
 *   <li><b>Cron limits</b> fire at their moment in the subscriber's zone (S3.5, S3.10) — not up to an hour late:
 *       {@link #start()} runs a timer that wakes for the next moment, and {@link #runDue()} does the same on demand
 *       (tests step a clock and call it). On the cron's own step the subscriber moves on; before it, the
 *       {@link ResetPolicy} applies (S3.11).</li>
 *   <li><b>Durability.</b> Every change is written before the call that made it returns (group commit: concurrent
 *       changes share a transaction). A transition and the flag that a services-reauth is owed are stored together;
 *       after a crash the engine reloads its state, rebuilds the cron schedule and resends the owed requests.</li>
 *   <li><b>Services-reauth</b> goes to the {@link BrasNotifier} from a dispatcher — rate-limited, never inside a
 *       state change — for subscribers with an open session (an idle subscriber simply gets the new step at its next
 *       authorization; a session silent for {@link Builder#sessionIdleTimeout} is closed). What each session's CoA
 *       came to decides what follows ({@link ReauthFailure}, RFC 5176 section 3.6): the session gone closes it, a
 *       transient failure is retried as {@link Builder#reauthRetry} says, anything else is counted
 *       ({@link #reauthFailures()}) and shown with the subscriber ({@link SubscriberState#reauthProblem()}).</li>
 * </ul>
 *
 * <p>Thread-safe. Close it to stop its threads; the database stays open.
 */
public final class PcrfEngine implements AutoCloseable {

    private final Engine engine;
    private final PcrfDefinitions definitions;
    private final StoreFence fence;

    private PcrfEngine(Engine engine, PcrfDefinitions definitions, StoreFence fence) {
        this.engine = engine;
        this.definitions = definitions;
        this.fence = fence;
    }

    /** The services-reauth CoA rate unless told otherwise: 200 per second. */
    public static final int DEFAULT_REAUTH_PER_SECOND = 200;

    /** How long a silent session counts as open unless told otherwise: 30 minutes (S3.9). */
    public static final Duration DEFAULT_SESSION_IDLE_TIMEOUT = Duration.ofMinutes(30);

    /**
     * The fastest line, in one direction, unless told otherwise: 10 Gbit/s. Accounting counters that grow faster
     * than this in the session time between two records are not believed ({@link AccountingProblem}).
     */
    public static final long DEFAULT_LINE_RATE_BITS_PER_SECOND = 10_000_000_000L;

    /** What a period reset does unless told otherwise: {@link ResetPolicy#RESTART_SCENARIO} (S3.11). */
    public static final ResetPolicy DEFAULT_RESET_POLICY = ResetPolicy.RESTART_SCENARIO;

    /**
     * A builder over a database (migrated for the PCRF tables on build) and the definitions.
     *
     * @param db the database
     * @param definitions the services, scenarios and tariff plans
     * @return a new builder
     */
    public static Builder builder(Database db, PcrfDefinitions definitions) {
        return new Builder(db, definitions);
    }

    /**
     * Makes sure a subscriber is known with its domain and tariff plan (at session authorization, S3.6). A new
     * subscriber — or one whose plan, scenario or domain changed — starts at step 0 with every limit armed; a known one
     * keeps its state.
     *
     * @param subscriberId the subscriber (the BRAS's User-Name)
     * @param domain its service domain, e.g. {@code Auto1_test.Sibir.OTT.root}
     * @param tariffCode its tariff plan's code
     * @return the state, once stored
     * @throws PcrfException if there is no such tariff plan
     */
    public SubscriberState attach(String subscriberId, String domain, String tariffCode) {
        return engine.attach(Objects.requireNonNull(subscriberId, "subscriberId"),
                Objects.requireNonNull(domain, "domain"), Objects.requireNonNull(tariffCode, "tariffCode"));
    }

    /**
     * Stores a subscriber's state brought from another PCRF (a migration, S3.7), e.g. by
     * {@link org.netlever.pcrf.softwlc.SoftWlcImport}, and returns once it is stored. A subscriber the engine already
     * has keeps its state unless {@code overwrite}; an overwrite is refused while the subscriber has open sessions.
     * Seeding the same state again changes nothing. No services-reauth is sent: the BRAS gets the step at its next
     * authorization.
     *
     * @param seed the state
     * @param overwrite whether to replace the state of a subscriber the engine already has
     * @return {@link SubscriberSeed.Outcome#STORED}, or {@link SubscriberSeed.Outcome#KEPT} for an existing one
     * @throws PcrfException if there is no such tariff plan, the seed does not fit its scenario (a value for a limit
     *     the step's service lacks, more than a fresh quota, a step past the end), or an overwrite meets open sessions
     */
    public SubscriberSeed.Outcome seed(SubscriberSeed seed, boolean overwrite) {
        return engine.seed(Objects.requireNonNull(seed, "seed"), overwrite, true);
    }

    /**
     * What {@link #seed} would do, storing nothing (a dry run).
     *
     * @param seed the state
     * @param overwrite whether to replace the state of a subscriber the engine already has
     * @return what {@link #seed} would return
     * @throws PcrfException for what {@link #seed} would refuse
     */
    public SubscriberSeed.Outcome checkSeed(SubscriberSeed seed, boolean overwrite) {
        return engine.seed(Objects.requireNonNull(seed, "seed"), overwrite, false);
    }

    /**
     * The definitions the engine runs on.
     *
     * @return the definitions
     */
    public PcrfDefinitions definitions() {
        return definitions;
    }

    /**
     * A subscriber's state.
     *
     * @param subscriberId the subscriber
     * @return the state, or empty if the engine does not know it
     */
    public Optional<SubscriberState> state(String subscriberId) {
        return engine.state(subscriberId);
    }

    /**
     * A subscriber's open accounting sessions.
     *
     * @param subscriberId the subscriber
     * @return the sessions that have not stopped; empty if none, or if the engine does not know the subscriber
     */
    public List<PcrfSession> sessions(String subscriberId) {
        return LiveViews.sessions(engine, subscriberId);
    }

    /**
     * Where a subscriber's services-reauth stands: owed or not, the attempts so far, the last that did not succeed
     * (the attempts and the problem are kept in memory: a restart forgets them).
     *
     * @param subscriberId the subscriber
     * @return the status, or empty if the engine does not know the subscriber
     */
    public Optional<ReauthStatus> reauthStatus(String subscriberId) {
        return LiveViews.reauth(engine, subscriberId);
    }

    /**
     * The subscribers whose last services-reauth did not succeed and that owe none now: refused, no CoA endpoint or
     * given up since this engine started (in memory: a restart forgets them). Those still being retried are owed.
     *
     * @return their status, by subscriber id
     */
    public List<ReauthStatus> reauthFailedSubscribers() {
        return LiveViews.failed(engine);
    }

    /**
     * The service the BRAS should apply now (S3.8): the current step's, with what is left of its quotas.
     *
     * @param subscriberId the subscriber
     * @return the grant, or empty if the engine does not know the subscriber
     */
    public Optional<ServiceGrant> currentService(String subscriberId) {
        return engine.currentService(subscriberId);
    }

    /**
     * Applies an accounting record and returns once its effect is stored.
     *
     * @param update the record
     * @return the usage it added and any transition it caused
     * @throws PcrfException if the subscriber is unknown
     */
    public AccountingResult account(AccountingUpdate update) {
        return engine.account(Objects.requireNonNull(update, "update"));
    }

    /**
     * Fires every cron limit due by the clock and returns once the changes are stored.
     *
     * @return the transitions made
     */
    public List<Transition> runDue() {
        return engine.runDue();
    }

    /**
     * The stored transitions of a subscriber, oldest first.
     *
     * @param subscriberId the subscriber
     * @param limit the most to return
     * @return the transitions
     */
    public List<Transition> history(String subscriberId, int limit) {
        return engine.history(subscriberId, limit);
    }

    /**
     * How many subscribers the engine holds.
     *
     * @return the count
     */
    public int subscriberCount() {
        return engine.subscriberCount();
    }

    /**
     * Transitions made since start.
     *
     * @return the count
     */
    public long transitionCount() {
        return engine.counters()[0];
    }

    /**
     * Services-reauth requests the BRAS acknowledged since start.
     *
     * @return the count
     */
    public long reauthSent() {
        return engine.counters()[1];
    }

    /**
     * Services-reauth attempts since start that did not succeed for every session (a CoA-NAK, no answer, no CoA
     * endpoint for the session's BRAS); {@link #reauthFailures()} says what happened.
     *
     * @return the count
     */
    public long reauthFailed() {
        return engine.counters()[4];
    }

    /**
     * Sessions' services-reauth CoA since start that did not succeed, by what happened (RFC 5176 section 3.6): the
     * session gone (closed), transient (retried, see {@link Builder#reauthRetry}), refused, no CoA endpoint, given up.
     * The subscriber's {@link SubscriberState#reauthProblem()} shows its latest.
     *
     * @return every failure with its count, zero included
     */
    public Map<ReauthFailure, Long> reauthFailures() {
        return engine.reauthFailures();
    }

    /**
     * CoA-NAKs to services-reauth since start by their Error-Cause (RFC 5176 section 3.5; 503 is
     * Session-Context-Not-Found), for the causes seen.
     *
     * @return the counts by Error-Cause value
     */
    public Map<Integer, Long> reauthErrorCauses() {
        return engine.reauthErrorCauses();
    }

    /**
     * Accounting records whose octet counters the engine did not believe since start (S3.7): counters that went
     * backwards or grew faster than {@link Builder#lineRate} allows. Their growth was not charged.
     *
     * @return every problem with its count, zero included
     */
    public Map<AccountingProblem, Long> accountingProblems() {
        return engine.accountingProblems();
    }

    /**
     * Services-reauth requests owed and not on the wire: waiting for their turn under the configured rate (or the
     * store's commit), or for a retry.
     *
     * @return the count
     */
    public long reauthQueued() {
        return engine.counters()[2];
    }

    /**
     * The scheduler's lag: how long after its earliest due moment the last round that fired a cron limit ran (zero
     * before any has fired). With the timer this is how late cron limits fire; with
     * {@link Builder#compatibilityPollInterval} it grows up to the interval.
     *
     * @return the lag
     */
    public Duration schedulerLag() {
        return Duration.ofMillis(engine.counters()[3]);
    }

    /** The fence the engine was built with, so {@link PcrfLeadership} can tell that its own is in place. */
    StoreFence fence() {
        return fence;
    }

    /**
     * Starts the timer that fires cron limits at their moment. Without it, cron limits fire only on
     * {@link #runDue()}.
     *
     * @return this engine
     */
    public PcrfEngine start() {
        engine.start();
        return this;
    }

    /**
     * Stops the timer and the dispatcher and writes what is queued; the database stays open.
     */
    @Override
    public void close() {
        engine.close();
    }

    /**
     * Configures a {@link PcrfEngine}. Not thread-safe.
     */
    public static final class Builder {
        private final Database db;
        private final PcrfDefinitions definitions;
        private Clock clock = Clock.systemUTC();
        private ResetPolicy resetPolicy = DEFAULT_RESET_POLICY;
        private BrasNotifier notifier;
        private int reauthPerSecond = DEFAULT_REAUTH_PER_SECOND;
        private Duration sessionIdleTimeout = DEFAULT_SESSION_IDLE_TIMEOUT;
        private Duration pollInterval;
        private long lineRateBitsPerSecond = DEFAULT_LINE_RATE_BITS_PER_SECOND;
        private ReauthRetry reauthRetry = ReauthRetry.DEFAULT;
        private StoreFence fence = StoreFence.NONE;

        private Builder(Database db, PcrfDefinitions definitions) {
            this.db = Objects.requireNonNull(db, "db");
            this.definitions = Objects.requireNonNull(definitions, "definitions");
        }

        /**
         * The clock for quotas, cron limits and timestamps.
         *
         * @param value the clock
         * @return this builder
         */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * What a period reset does before the cron step is reached (S3.11).
         *
         * @param value the policy; {@link ResetPolicy#RESTART_SCENARIO} by default
         * @return this builder
         */
        public Builder resetPolicy(ResetPolicy value) {
            this.resetPolicy = Objects.requireNonNull(value, "resetPolicy");
            return this;
        }

        /**
         * Fencing for an engine that can be replaced by one in another process on the same database (see
         * {@link StoreFence}); none by default.
         *
         * @param value the fence
         * @return this builder
         */
        public Builder fence(StoreFence value) {
            this.fence = Objects.requireNonNull(value, "fence");
            return this;
        }

        /**
         * Where services-reauth requests go; without one, none are sent.
         *
         * @param value the notifier
         * @return this builder
         */
        public Builder notifier(BrasNotifier value) {
            this.notifier = Objects.requireNonNull(value, "notifier");
            return this;
        }

        /**
         * The most services-reauth requests per second, so that a mass reset does not flood the BRAS.
         *
         * @param perSecond 1 or more; 200 by default
         * @return this builder
         */
        public Builder reauthRate(int perSecond) {
            if (perSecond < 1) {
                throw new PcrfException("the services-reauth rate is at least 1 per second, got " + perSecond);
            }
            this.reauthPerSecond = perSecond;
            return this;
        }

        /**
         * How services-reauth that failed transiently (no answer, Error-Cause 506 or 507) is retried: back-off and a
         * bound on the attempts, after which it is given up and counted ({@link ReauthFailure#GAVE_UP}).
         *
         * @param value {@link ReauthRetry#DEFAULT} by default
         * @return this builder
         */
        public Builder reauthRetry(ReauthRetry value) {
            this.reauthRetry = Objects.requireNonNull(value, "reauthRetry");
            return this;
        }

        /**
         * How long a session may go without accounting before the engine counts it as closed (a lost Stop): it gets
         * no services-reauth from then on, and only a Start for it opens it again (an Interim is charged but does not
         * reopen it). Keep it well above the services' interim intervals.
         *
         * @param value 30 minutes by default
         * @return this builder
         */
        public Builder sessionIdleTimeout(Duration value) {
            if (value.isNegative() || value.isZero()) {
                throw new PcrfException("the session idle timeout is positive, got " + value);
            }
            this.sessionIdleTimeout = value;
            return this;
        }

        /**
         * The fastest a subscriber's line carries in one direction (S3.7): an accounting counter that grows by more
         * than this allows in the Acct-Session-Time since the value it is compared with (plus a second) is a problem
         * — counted, logged at a limited rate, and its growth not charged. Set it to the fastest access line the BRAS
         * serves; too low a rate leaves real traffic uncharged (and counted as problems).
         *
         * @param bitsPerSecond at least 8; {@link #DEFAULT_LINE_RATE_BITS_PER_SECOND} by default
         * @return this builder
         */
        public Builder lineRate(long bitsPerSecond) {
            if (bitsPerSecond < 8) {
                throw new PcrfException("the line rate is at least 8 bits per second, got " + bitsPerSecond);
            }
            this.lineRateBitsPerSecond = bitsPerSecond;
            return this;
        }

        /**
         * Compatibility with the original PCRF's {@code bras.cron.update.interval}: fire cron limits only every
         * interval instead of at their moment. Not recommended — a reset comes up to an interval late.
         *
         * @param interval the interval
         * @return this builder
         */
        public Builder compatibilityPollInterval(Duration interval) {
            if (interval.isNegative() || interval.isZero()) {
                throw new PcrfException("the poll interval is positive, got " + interval);
            }
            this.pollInterval = interval;
            return this;
        }

        /**
         * Migrates the tables, loads the stored state and rebuilds the schedule.
         *
         * @return the engine (its timer not started)
         */
        public PcrfEngine build() {
            return new PcrfEngine(new Engine(new Engine.Settings(new PcrfStore(db, fence), definitions, clock,
                    resetPolicy, notifier, reauthPerSecond, sessionIdleTimeout, pollInterval, lineRateBitsPerSecond,
                    reauthRetry)),
                    definitions, fence);
        }
    }
}
