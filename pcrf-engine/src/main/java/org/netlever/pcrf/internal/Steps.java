package org.netlever.pcrf.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.netlever.pcrf.ResetPolicy;
import org.netlever.pcrf.Transition;
import org.netlever.pcrf.TransitionReason;
import org.netlever.pcrf.model.CronLimit;
import org.netlever.pcrf.model.PcrfDefinitions;
import org.netlever.pcrf.model.PcrfService;

/**
 * Transitions (S3.4, S3.8, S3.10, S3.11): arming a step's limits, moving on when a step's own limit runs out,
 * {@code again} back to step 0 with every step re-armed, a later step's cron as a period reset under the
 * {@link ResetPolicy}, and firing a subscriber's due cron limits earliest first. Every method is called with the
 * subscriber's monitor held; each transition is told to a listener (the engine counts it, reschedules the subscriber
 * and owes the BRAS a services-reauth). Thread-safe as far as its own state goes (it has none that changes).
 */
final class Steps {

    /** The most cron moments one subscriber fires in one round (a clock that jumped far ahead). */
    private static final int MAX_FIRED_PER_ROUND = 64;

    private final PcrfDefinitions definitions;
    private final ResetPolicy resetPolicy;
    private final Consumer<Subscriber> changed;

    /**
     * @param definitions the services and scenarios
     * @param resetPolicy what a period reset does
     * @param changed told each subscriber a transition changed, after its step and limits changed
     */
    Steps(PcrfDefinitions definitions, ResetPolicy resetPolicy, Consumer<Subscriber> changed) {
        this.definitions = definitions;
        this.resetPolicy = resetPolicy;
        this.changed = changed;
    }

    /** The cron limit's next moment strictly after {@code after} in the zone, or {@link Subscriber#NONE}. */
    static long nextCron(PcrfService service, ZoneId zone, Instant after) {
        CronLimit cron = service.cronLimit().orElseThrow();
        return cron.nextAfter(after, zone).map(Instant::getEpochSecond).orElse(Subscriber.NONE);
    }

    /** Fresh limits for step k; a cron limit's next moment after now. */
    void arm(Subscriber s, int k, Instant now) {
        PcrfService service = definitions.serviceAt(s.scenario, k);
        s.quota[3 * k] = service.timeQuota().map(Duration::toSeconds).orElse(Subscriber.NONE);
        s.quota[3 * k + 1] = service.volumeQuota().isPresent() ? service.volumeQuota().getAsLong() : Subscriber.NONE;
        s.quota[3 * k + 2] = service.cronLimit().isPresent() ? nextCron(service, s.zone, now) : Subscriber.NONE;
    }

    /** Fresh limits for every step. */
    void armAll(Subscriber s, Instant now) {
        for (int k = 0; k < s.scenario.steps().size(); k++) {
            arm(s, k, now);
        }
    }

    /** Gives every cron step without a next moment (stored before its service had a cron limit) one after now. */
    void armMissingCron(Subscriber s, Instant now) {
        for (int k = 0; k < s.scenario.steps().size(); k++) {
            PcrfService service = definitions.serviceAt(s.scenario, k);
            if (service.cronLimit().isPresent() && s.quota[3 * k + 2] == Subscriber.NONE) {
                s.quota[3 * k + 2] = nextCron(service, s.zone, now);
            }
        }
    }

    /** Step k's own limit ran out (quota or cron): re-arm it and move on (S3.8). */
    Transition advance(Subscriber s, int k, TransitionReason reason, Instant now) {
        int next = s.scenario.next(k);
        arm(s, k, now);
        if (next == 0 && s.scenario.again() && k == s.scenario.steps().size() - 1) {
            armAll(s, now);
        }
        s.step = next;
        return changed(s, k, next, reason, now);
    }

    /** A later step's cron fired while the subscriber is before it: a period reset under the policy (S3.11). */
    Transition reset(Subscriber s, Instant now) {
        int from = s.step;
        if (resetPolicy == ResetPolicy.RESTART_SCENARIO) {
            armAll(s, now);
            s.step = 0;
        } else {
            arm(s, from, now);
        }
        return changed(s, from, s.step, TransitionReason.CRON_RESET, now);
    }

    /**
     * Fires the subscriber's cron limits due by {@code now}, earliest first, each at its own moment: on the current
     * step it moves on, on a later step it is a reset, on an earlier step it is only moved to its next moment.
     *
     * @return the transitions made, in order
     */
    List<Transition> fire(Subscriber s, Instant now) {
        long second = now.getEpochSecond();
        List<Transition> made = new ArrayList<>(1);
        for (int guard = 0; guard < MAX_FIRED_PER_ROUND; guard++) {
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
            PcrfService service = definitions.serviceAt(s.scenario, due);
            Transition t;
            if (s.step == due) {
                t = advance(s, due, TransitionReason.CRON, moment);
            } else if (s.step < due) {
                t = reset(s, moment);
            } else {
                s.quota[3 * due + 2] = nextCron(service, s.zone, moment);
                continue;
            }
            if (s.nextCron(due) != Subscriber.NONE && s.nextCron(due) <= earliest) {
                s.quota[3 * due + 2] = nextCron(service, s.zone, moment);
            }
            made.add(t);
        }
        return made;
    }

    private Transition changed(Subscriber s, int from, int to, TransitionReason reason, Instant now) {
        changed.accept(s);
        return new Transition(s.id, now, from, to, reason);
    }
}
