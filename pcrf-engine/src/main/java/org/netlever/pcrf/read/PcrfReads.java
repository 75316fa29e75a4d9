package org.netlever.pcrf.read;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import org.netlever.aaa.store.Database;
import org.netlever.pcrf.PcrfEngine;
import org.netlever.pcrf.ReauthProblem;
import org.netlever.pcrf.ReauthStatus;
import org.netlever.pcrf.SubscriberState;
import org.netlever.pcrf.internal.PcrfStore;
import org.netlever.pcrf.internal.ReadStore;
import org.netlever.pcrf.model.PcrfDefinitions;

/**
 * The PCRF state for operators (issue 15): subscribers with their step, quotas, next resets and open sessions;
 * transitions newest first; services-reauth CoA owed and failed.
 *
 * <p>Which subscribers and transitions there are, and the pages through them, come from the PCRF tables (keyset pages
 * on the indexes of {@code V3__read_indexes.sql}), so a page costs the same at the millionth row. What a subscriber's
 * state is comes from the running engine while this process leads (it is authoritative: it stores every change
 * before it answers, and it alone knows its sessions as it counts them and its services-reauth attempts and
 * failures), else from the stored row. Failed services-reauth are known to the running engine only (they are kept in
 * memory, {@link ReauthProblem}): on a standby, or after a restart, there are none to show.
 *
 * <p>Thread-safe.
 */
public final class PcrfReads {

    private final ReadStore store;
    private final Supplier<Optional<PcrfEngine>> engine;

    /**
     * Reads over a database (migrated for the PCRF tables here) and the engine while there is one.
     *
     * @param db the database
     * @param definitions the definitions the stored scenarios are read with
     * @param engine the running engine: {@code PcrfLeadership::engine}, empty on a standby
     */
    public PcrfReads(Database db, PcrfDefinitions definitions, Supplier<Optional<PcrfEngine>> engine) {
        Objects.requireNonNull(db, "db");
        this.store = new ReadStore(db, Objects.requireNonNull(definitions, "definitions"));
        this.engine = Objects.requireNonNull(engine, "engine");
        PcrfStore.migrate(db);
    }

    /**
     * Whether the state shown comes from a running engine (this process leads the PCRF).
     *
     * @return whether an engine runs here
     */
    public boolean live() {
        return engine.get().isPresent();
    }

    /**
     * A page of subscribers, by position (the order the engine first saw them).
     *
     * @param filter which, and after which position
     * @param limit the most to return ({@code limit + 1} tells whether there is a next page)
     * @return the subscribers
     */
    public List<PcrfSubscriberView> subscribers(SubscriberFilter filter, int limit) {
        Objects.requireNonNull(filter, "filter");
        if (limit < 1) {
            throw new IllegalArgumentException("limit is at least 1, got " + limit);
        }
        Optional<PcrfEngine> running = engine.get();
        List<PcrfSubscriberView> out = new ArrayList<>();
        for (PcrfSubscriberView stored : store.subscribers(filter, limit)) {
            out.add(running.map(e -> live(e, stored)).orElse(stored));
        }
        return out;
    }

    /**
     * One subscriber.
     *
     * @param subscriberId the subscriber
     * @return its state, or empty if the PCRF has not stored it
     */
    public Optional<PcrfSubscriberView> subscriber(String subscriberId) {
        List<PcrfSubscriberView> one = subscribers(SubscriberFilter.ALL.withSubscriber(subscriberId), 1);
        return one.stream().findFirst();
    }

    /**
     * A page of transitions, newest first (by time, then number).
     *
     * @param filter which, and before which position
     * @param limit the most to return
     * @return the transitions
     */
    public List<PcrfTransitionEntry> transitions(TransitionFilter filter, int limit) {
        Objects.requireNonNull(filter, "filter");
        if (limit < 1) {
            throw new IllegalArgumentException("limit is at least 1, got " + limit);
        }
        return store.transitions(filter, limit);
    }

    /**
     * A page of the services-reauth CoA owed (stored: they survive a restart), by position; with the attempts and
     * last error the running engine knows.
     *
     * @param after the previous page's last {@link PcrfCoa#position()}
     * @param limit the most to return
     * @return the owed CoA
     */
    public List<PcrfCoa> owed(OptionalLong after, int limit) {
        Objects.requireNonNull(after, "after");
        SubscriberFilter filter = SubscriberFilter.ALL.reauthPending();
        if (after.isPresent()) {
            filter = filter.after(after.getAsLong());
        }
        Optional<PcrfEngine> running = engine.get();
        List<PcrfSubscriberView> rows = store.subscribers(filter, limit);
        java.util.Map<Long, java.time.Instant> since = store.lastTransitions(rows.stream()
                .map(PcrfSubscriberView::position).toList());
        List<PcrfCoa> out = new ArrayList<>();
        for (PcrfSubscriberView s : rows) {
            Optional<ReauthStatus> status = running.flatMap(e -> e.reauthStatus(s.subscriberId()));
            out.add(new PcrfCoa(s.subscriberId(), PcrfCoa.State.OWED, Optional.ofNullable(since.get(s.position())),
                    status.map(ReauthStatus::attempts).orElse(0),
                    status.flatMap(ReauthStatus::problem).map(PcrfReads::describe), s.position()));
        }
        return out;
    }

    /**
     * A page of the services-reauth CoA that failed and are owed no more (refused, no CoA endpoint, given up), by
     * subscriber id, as the running engine knows them since it started; none on a standby.
     *
     * @param after the previous page's last subscriber id
     * @param limit the most to return
     * @return the failed CoA
     */
    public List<PcrfCoa> failed(Optional<String> after, int limit) {
        Objects.requireNonNull(after, "after");
        List<PcrfCoa> out = new ArrayList<>();
        for (ReauthStatus s : engine.get().map(PcrfEngine::reauthFailedSubscribers).orElse(List.of())) {
            if (after.isPresent() && s.subscriberId().compareTo(after.get()) <= 0) {
                continue;
            }
            if (out.size() == limit) {
                break;
            }
            out.add(new PcrfCoa(s.subscriberId(), PcrfCoa.State.FAILED, s.problem().map(ReauthProblem::at),
                    s.attempts(), s.problem().map(PcrfReads::describe), 0));
        }
        return out;
    }

    /**
     * How many services-reauth CoA are owed (stored).
     *
     * @return the count
     */
    public long owedCount() {
        return store.owedCount();
    }

    /**
     * How many services-reauth CoA failed and are owed no more, as the running engine knows (0 on a standby).
     *
     * @return the count
     */
    public int failedCount() {
        return engine.get().map(e -> e.reauthFailedSubscribers().size()).orElse(0);
    }

    private static String describe(ReauthProblem p) {
        return p.failure().name() + p.errorCause().stream().mapToObj(c -> " (Error-Cause " + c + ")").findFirst()
                .orElse("") + ": " + p.detail() + " [session " + p.sessionId() + "]";
    }

    private static PcrfSubscriberView live(PcrfEngine e, PcrfSubscriberView stored) {
        Optional<SubscriberState> state = e.state(stored.subscriberId());
        if (state.isEmpty()) {
            return stored;   // stored on a plan the definitions dropped: the engine has not loaded it
        }
        SubscriberState s = state.get();
        boolean pending = e.reauthStatus(s.subscriberId()).map(ReauthStatus::pending).orElse(stored.reauthPending());
        return new PcrfSubscriberView(stored.position(), s.subscriberId(), s.domain(), s.zone(), s.tariffPlan(),
                s.scenario(), s.step(), Optional.of(s.current().service()), s.steps(), e.sessions(s.subscriberId()),
                pending);
    }
}
