package org.netlever.pcrf.internal;

import java.time.Instant;
import java.time.ZoneId;
import org.netlever.pcrf.PcrfException;
import org.netlever.pcrf.SubscriberSeed;
import org.netlever.pcrf.model.Scenario;

/**
 * Turns a {@link SubscriberSeed} into a subscriber's quotas (S3.7): every step armed afresh, then the seed's values in
 * their place, each checked against its step's service — a value for a limit the service does not have, or more than
 * a fresh quota, is refused. Stateless and thread-safe.
 */
final class Seeding {

    private Seeding() {
    }

    /**
     * The quotas column's values for a seed.
     *
     * @throws PcrfException saying which step and value do not fit the scenario
     */
    static long[] quotas(SubscriberSeed seed, Scenario scenario, ZoneId zone, Steps steps, Instant now) {
        String who = "subscriber '" + seed.subscriberId() + "'";
        int count = scenario.steps().size();
        if (seed.steps().size() != count) {
            throw new PcrfException(who + ": scenario '" + scenario.name() + "' has " + count + " steps, the seed "
                    + seed.steps().size());
        }
        if (seed.step() >= count) {
            throw new PcrfException(who + ": step " + seed.step() + " is past scenario '" + scenario.name()
                    + "', whose steps are 0 to " + (count - 1));
        }
        Subscriber draft = new Subscriber(seed.subscriberId());
        draft.scenario = scenario;
        draft.zone = zone;
        draft.quota = new long[count * 3];
        steps.armAll(draft, now);
        for (int k = 0; k < count; k++) {
            SubscriberSeed.StepSeed given = seed.steps().get(k);
            String step = who + ", step " + k + " (" + scenario.steps().get(k) + ")";
            if (given.remainingSeconds().isPresent()) {
                draft.quota[3 * k] = within(step, "time quota", draft.quota[3 * k],
                        given.remainingSeconds().getAsLong());
            }
            if (given.remainingOctets().isPresent()) {
                draft.quota[3 * k + 1] = within(step, "volume quota", draft.quota[3 * k + 1],
                        given.remainingOctets().getAsLong());
            }
            if (given.nextCron().isPresent()) {
                if (draft.quota[3 * k + 2] == Subscriber.NONE) {
                    throw new PcrfException(step + ": the service has no cron limit, the seed has a next moment");
                }
                draft.quota[3 * k + 2] = given.nextCron().get().getEpochSecond();
            }
        }
        return draft.quota;
    }

    private static long within(String step, String what, long fresh, long given) {
        if (fresh == Subscriber.NONE) {
            throw new PcrfException(step + ": the service has no " + what + ", the seed has " + given + " left");
        }
        if (given > fresh) {
            throw new PcrfException(step + ": " + given + " left is more than the service's " + what + " of " + fresh);
        }
        return given;
    }

    /** Whether a seed replaces a subscriber's state. Call with its monitor held. */
    static SubscriberSeed.Outcome over(Subscriber s, boolean overwrite) {
        if (s.plan == null) {
            return SubscriberSeed.Outcome.STORED;
        }
        if (!overwrite) {
            return SubscriberSeed.Outcome.KEPT;
        }
        if (s.sessionCount() > 0) {
            throw new PcrfException("subscriber '" + s.id + "' has " + s.sessionCount() + " open sessions; its "
                    + "state is not overwritten while the BRAS applies its step");
        }
        return SubscriberSeed.Outcome.STORED;
    }
}
