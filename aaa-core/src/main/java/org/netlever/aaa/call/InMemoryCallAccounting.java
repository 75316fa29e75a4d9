package org.netlever.aaa.call;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A {@link CallAccounting} that keeps records in memory and honours the idempotency contract: a key seen before is
 * acknowledged without being recorded again (a repeated Start gets the same reply). For tests, demos and as a model
 * for a persistent implementation; records are lost on restart.
 *
 * <p>Thread-safe.
 */
public final class InMemoryCallAccounting implements CallAccounting {

    private final Function<CallStart, StartReply> startPolicy;
    private final Map<AccountingKey, StartReply> startReplies = new HashMap<>();
    private final Map<AccountingKey, Boolean> seen = new HashMap<>();
    private final List<CallStart> starts = new ArrayList<>();
    private final List<CallInterim> interims = new ArrayList<>();
    private final List<SupplementaryUpdate> updates = new ArrayList<>();
    private final List<CallStop> stops = new ArrayList<>();
    private long duplicates;

    /**
     * Accounting that answers every Start with {@link StartReply#proceed()}.
     */
    public InMemoryCallAccounting() {
        this(start -> StartReply.proceed());
    }

    /**
     * Accounting that answers Starts with a policy (a duration limit from the balance, a prohibition …).
     *
     * @param startPolicy billing's answer to a new Start
     */
    public InMemoryCallAccounting(Function<CallStart, StartReply> startPolicy) {
        this.startPolicy = Objects.requireNonNull(startPolicy, "startPolicy");
    }

    @Override
    public synchronized StartReply start(CallStart start) {
        StartReply earlier = startReplies.get(start.key());
        if (earlier != null) {
            duplicates++;
            return earlier;
        }
        StartReply reply = startPolicy.apply(start);
        startReplies.put(start.key(), reply);
        starts.add(start);
        return reply;
    }

    @Override
    public synchronized void interim(CallInterim interim) {
        if (first(interim.key())) {
            interims.add(interim);
        }
    }

    @Override
    public synchronized void supplementaryUpdate(SupplementaryUpdate update) {
        if (first(update.key())) {
            updates.add(update);
        }
    }

    @Override
    public synchronized void stop(CallStop stop) {
        if (first(stop.key())) {
            stops.add(stop);
        }
    }

    private boolean first(AccountingKey key) {
        if (seen.putIfAbsent(key, Boolean.TRUE) != null) {
            duplicates++;
            return false;
        }
        return true;
    }

    /**
     * The Starts recorded, in arrival order.
     *
     * @return a copy
     */
    public synchronized List<CallStart> starts() {
        return List.copyOf(starts);
    }

    /**
     * The Interim-Updates recorded, in arrival order.
     *
     * @return a copy
     */
    public synchronized List<CallInterim> interims() {
        return List.copyOf(interims);
    }

    /**
     * The supplementary-service Updates recorded, in arrival order.
     *
     * @return a copy
     */
    public synchronized List<SupplementaryUpdate> supplementaryUpdates() {
        return List.copyOf(updates);
    }

    /**
     * The Stops recorded, in arrival order.
     *
     * @return a copy
     */
    public synchronized List<CallStop> stops() {
        return List.copyOf(stops);
    }

    /**
     * How many records arrived again and were not recorded twice.
     *
     * @return the count
     */
    public synchronized long duplicatesIgnored() {
        return duplicates;
    }
}
