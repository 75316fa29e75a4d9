package org.netlever.pcrf.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;
import org.netlever.pcrf.NasIdentity;
import org.netlever.pcrf.ReauthProblem;
import org.netlever.pcrf.StepQuota;
import org.netlever.pcrf.SubscriberState;
import org.netlever.pcrf.Transition;
import org.netlever.pcrf.model.Scenario;
import org.netlever.pcrf.model.TariffPlan;

/**
 * A subscriber's live state, kept compact because the engine holds every subscriber in memory (about 200 bytes for
 * an idle one). Every field is guarded by the object's own monitor. Not thread-safe on its own.
 */
public final class Subscriber {

    /** No limit of this kind on the step. */
    public static final long NONE = Long.MIN_VALUE;

    /** The most stopped sessions a subscriber remembers (they keep the sessions column and the heap bounded). */
    static final int MAX_TOMBSTONES = 8;

    final String id;
    /** The row's number in the store, assigned once. */
    long rowId;
    String domain;
    ZoneId zone;
    TariffPlan plan;
    Scenario scenario;
    int step;
    /** Per step: remaining seconds, remaining octets, next cron epoch second; {@link #NONE} where not limited. */
    long[] quota;
    /**
     * Sessions, open and recently stopped (tombstones, see {@link Session#closedAtMillis}), or {@code null} when there
     * is none (most subscribers, most of the time).
     */
    Session[] open;
    /** Whether the rows exist in the store (the next write is an UPDATE, not an INSERT). */
    boolean stored;
    /** Whether the domain, zone, plan or scenario changed since they were last written. */
    boolean planDirty;
    boolean reauthPending;
    boolean reauthQueued;
    int reauthAttempts;
    /** Counts the changes that owe the BRAS a services-reauth, so an acknowledged older request clears no newer one. */
    int reauthGeneration;
    long scheduledAt = Long.MAX_VALUE;
    /** The last services-reauth that did not succeed, until one is acknowledged; {@code null} if none. */
    ReauthProblem reauthProblem;

    Subscriber(String id) {
        this.id = id;
    }

    /** The sessions that have not stopped. */
    int sessionCount() {
        int count = 0;
        if (open != null) {
            for (Session session : open) {
                if (session.isOpen()) {
                    count++;
                }
            }
        }
        return count;
    }

    Session session(String sessionId) {
        if (open != null) {
            for (Session session : open) {
                if (session.id.equals(sessionId)) {
                    return session;
                }
            }
        }
        return null;
    }

    void addSession(Session session) {
        open = open == null ? new Session[] {session} : java.util.Arrays.copyOf(open, open.length + 1);
        open[open.length - 1] = session;
    }

    /**
     * Closes a session, keeping it as a tombstone so that a late record of it counts nothing twice; beyond
     * {@link #MAX_TOMBSTONES} the oldest tombstone goes.
     */
    void stop(Session session, long millis) {
        if (!session.isOpen()) {
            return;
        }
        session.closedAtMillis = millis;
        int closed = 0;
        Session oldest = null;
        for (Session other : open) {
            if (!other.isOpen()) {
                closed++;
                if (oldest == null || other.closedAtMillis < oldest.closedAtMillis) {
                    oldest = other;
                }
            }
        }
        if (closed > MAX_TOMBSTONES) {
            removeSession(oldest);
        }
    }

    /**
     * Forgets the sessions that stopped before the given moment.
     *
     * @return whether any was forgotten
     */
    boolean dropTombstones(long closedBeforeMillis) {
        if (open == null) {
            return false;
        }
        boolean dropped = false;
        for (Session session : open.clone()) {
            if (!session.isOpen() && session.closedAtMillis < closedBeforeMillis) {
                removeSession(session);
                dropped = true;
            }
        }
        return dropped;
    }

    void removeSession(Session session) {
        if (open == null) {
            return;
        }
        Session[] kept = java.util.Arrays.stream(open).filter(s -> s != session).toArray(Session[]::new);
        open = kept.length == 0 ? null : kept;
    }

    /**
     * The sessions column: a line per session, tab-separated fields, backslash escapes: id, service, NAS-Identifier
     * (empty if none), seconds, input, output (unsigned), Gigawords flag, when the session stopped (epoch
     * milliseconds, -1 while open), NAS-IP-Address and source address (each empty if none). Older rows stay
     * readable: without the stop field a session reads as open; without the last two, the third field is the one
     * name the session's NAS was stored by, and it is looked up as the NAS-Identifier is.
     */
    String encodeSessions() {
        if (open == null) {
            return "";
        }
        StringBuilder text = new StringBuilder();
        for (Session session : open) {
            if (text.length() > 0) {
                text.append('\n');
            }
            text.append(escape(session.id)).append('\t').append(escape(session.service)).append('\t')
                    .append(escape(session.nas.identifier().orElse(""))).append('\t').append(session.seconds)
                    .append('\t')
                    .append(Long.toUnsignedString(session.input)).append('\t')
                    .append(Long.toUnsignedString(session.output)).append('\t')
                    .append(session.gigawords ? '1' : '0').append('\t').append(session.closedAtMillis).append('\t')
                    .append(escape(session.nas.ipAddress().orElse(""))).append('\t')
                    .append(escape(session.nas.source().orElse("")));
        }
        return text.toString();
    }

    void decodeSessions(String text, long nowMillis, UnaryOperator<NasIdentity> intern) {
        if (text == null || text.isEmpty()) {
            return;
        }
        for (String line : text.split("\n")) {
            String[] f = splitTabs(line);
            NasIdentity nas = f.length > 9
                    ? new NasIdentity(present(f[2]), present(f[8]), present(f[9]))
                    : NasIdentity.identifier(f[2]);
            Session session = new Session(f[0], this, f[1], intern.apply(nas));
            session.seconds = Long.parseLong(f[3]);
            session.input = Long.parseUnsignedLong(f[4]);
            session.output = Long.parseUnsignedLong(f[5]);
            session.gigawords = f[6].equals("1");
            session.closedAtMillis = f.length > 7 ? Long.parseLong(f[7]) : Session.OPEN;
            session.lastSeenMillis = nowMillis;
            addSession(session);
        }
    }

    private static Optional<String> present(String field) {
        return field.isEmpty() ? Optional.empty() : Optional.of(field);
    }

    private static String escape(String value) {
        if (value.indexOf('\\') < 0 && value.indexOf('\t') < 0 && value.indexOf('\n') < 0) {
            return value;
        }
        return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n");
    }

    private static String[] splitTabs(String line) {
        java.util.List<String> fields = new java.util.ArrayList<>(8);
        StringBuilder field = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                char n = line.charAt(++i);
                field.append(n == 't' ? '\t' : n == 'n' ? '\n' : n);
            } else if (c == '\t') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields.toArray(String[]::new);
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

    /** What is left of step k. */
    StepQuota quota(int k) {
        return stepQuota(k, scenario.steps().get(k), quota, zone);
    }

    /** What is left of step k in a quotas array ({@link #decodeQuotas}). */
    static StepQuota stepQuota(int k, String service, long[] quota, ZoneId zone) {
        long seconds = quota[3 * k];
        long octets = quota[3 * k + 1];
        long cron = quota[3 * k + 2];
        return new StepQuota(k, service,
                seconds == NONE ? Optional.empty() : Optional.of(Duration.ofSeconds(Math.max(0, seconds))),
                octets == NONE ? OptionalLong.empty() : OptionalLong.of(Math.max(0, octets)),
                cron == NONE ? Optional.empty() : Optional.of(Instant.ofEpochSecond(cron)), zone);
    }

    /** The state as the engine's callers see it. */
    SubscriberState state() {
        List<StepQuota> steps = new ArrayList<>();
        for (int k = 0; k < scenario.steps().size(); k++) {
            steps.add(quota(k));
        }
        return new SubscriberState(id, domain, zone, plan.code(), scenario.name(), step, steps, sessionCount(),
                Optional.ofNullable(reauthProblem));
    }

    /** The subscriber's row as it is now; the first one is an INSERT. */
    PcrfStore.SubscriberRow row() {
        boolean insert = !stored;
        boolean planChanged = planDirty;
        stored = true;
        planDirty = false;
        return new PcrfStore.SubscriberRow(rowId, id, domain, zone.getId(), plan.code(), scenario.name(), step,
                encodeQuotas(), encodeSessions(), reauthPending, insert, planChanged && !insert);
    }

    /** A transition's row. */
    PcrfStore.TransitionRow transitionRow(Transition t) {
        return new PcrfStore.TransitionRow(rowId, t.subscriberId(), t.at(), t.fromStep(), t.toStep(),
                t.reason().name());
    }
}
