package org.netlever.pcrf.internal;

import java.time.ZoneId;
import org.netlever.pcrf.model.Scenario;
import org.netlever.pcrf.model.TariffPlan;

/**
 * A subscriber's live state, kept compact because the engine holds every subscriber in memory (about 200 bytes for
 * an idle one). Every field is guarded by the object's own monitor. Not thread-safe on its own.
 */
public final class Subscriber {

    /** No limit of this kind on the step. */
    public static final long NONE = Long.MIN_VALUE;

    final String id;
    String domain;
    ZoneId zone;
    TariffPlan plan;
    Scenario scenario;
    int step;
    /** Per step: remaining seconds, remaining octets, next cron epoch second; {@link #NONE} where not limited. */
    long[] quota;
    int sessions;
    boolean reauthPending;
    boolean reauthQueued;
    int reauthAttempts;
    long scheduledAt = Long.MAX_VALUE;

    Subscriber(String id) {
        this.id = id;
    }

    long remainingSeconds(int s) {
        return quota[3 * s];
    }

    long remainingOctets(int s) {
        return quota[3 * s + 1];
    }

    long nextCron(int s) {
        return quota[3 * s + 2];
    }

    /** The earliest cron moment of any step, or {@link Long#MAX_VALUE}. */
    long earliestCron() {
        long earliest = Long.MAX_VALUE;
        for (int s = 2; s < quota.length; s += 3) {
            if (quota[s] != NONE && quota[s] < earliest) {
                earliest = quota[s];
            }
        }
        return earliest;
    }

    /** The quotas column: per step "seconds:octets:cron", '|' between steps, empty where not limited. */
    String encodeQuotas() {
        StringBuilder text = new StringBuilder(quota.length * 8);
        for (int i = 0; i < quota.length; i++) {
            if (i > 0) {
                text.append(i % 3 == 0 ? '|' : ':');
            }
            if (quota[i] != NONE) {
                text.append(quota[i]);
            }
        }
        return text.toString();
    }

    static long[] decodeQuotas(String text, int steps) {
        long[] values = new long[steps * 3];
        java.util.Arrays.fill(values, NONE);
        String[] groups = text.split("\\|", -1);
        for (int s = 0; s < Math.min(steps, groups.length); s++) {
            String[] fields = groups[s].split(":", -1);
            for (int f = 0; f < Math.min(3, fields.length); f++) {
                if (!fields[f].isEmpty()) {
                    values[3 * s + f] = Long.parseLong(fields[f]);
                }
            }
        }
        return values;
    }
}
