package org.netlever.pcrf.model;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A cron limit (S3.3, S3.10): a Quartz cron expression — seconds, minutes, hours, day of month, month, day of week,
 * optional year; {@code ?}, {@code L}, {@code W}, {@code #} — naming the moments a subscriber moves on, read in the
 * subscriber's time zone (S3.5).
 *
 * <p>Expressions are parsed with cron-utils' Quartz definition directly (never its {@code @Cron} bean-validation
 * annotation, which must not see user input). The next moment is found on the local clock of the zone, then turned
 * into an instant by an explicit daylight-saving policy:
 * <ul>
 *   <li>a moment that falls in a spring-forward gap (say 02:30 on the night clocks jump from 02:00 to 03:00) fires at
 *       the first valid instant after the gap — 03:00 — and is never lost; several moments in one gap fire once;</li>
 *   <li>a moment that occurs twice in a fall-back overlap fires once, at its first occurrence.</li>
 * </ul>
 *
 * <p>Instances are immutable and thread-safe. The next moment after a given instant is memoised per zone, so a million
 * subscribers reset at the same 07:00 compute their next reset once.
 *
 * @param expression the Quartz expression as written, e.g. {@code 0 0 7 ? * MON-FRI}
 */
public record CronLimit(String expression) {

    private static final CronParser QUARTZ = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ));
    /** Parsed expressions, shared by equal limits, with their memoised next moments. */
    private static final ConcurrentHashMap<String, Compiled> PARSED = new ConcurrentHashMap<>();

    private record Key(ZoneId zone, Instant after) {
    }

    private static final class Compiled {
        final ExecutionTime execution;
        final ConcurrentHashMap<Key, Optional<Instant>> next = new ConcurrentHashMap<>();

        Compiled(Cron cron) {
            this.execution = ExecutionTime.forCron(cron);
        }
    }

    /**
     * Parses and checks the expression.
     *
     * @throws IllegalArgumentException saying what is wrong with the expression
     */
    public CronLimit {
        Objects.requireNonNull(expression, "expression");
        compile(expression);
    }

    private static Compiled compile(String expression) {
        Compiled compiled = PARSED.get(expression);
        if (compiled != null) {
            return compiled;
        }
        Cron cron;
        try {
            cron = QUARTZ.parse(expression).validate();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + expression + "' is not a Quartz cron expression: "
                    + e.getMessage(), e);
        }
        Compiled fresh = new Compiled(cron);
        Compiled raced = PARSED.putIfAbsent(expression, fresh);
        return raced != null ? raced : fresh;
    }

    /**
     * The first moment strictly after an instant, in a zone, with the daylight-saving policy above.
     *
     * @param after the instant
     * @param zone the subscriber's zone
     * @return the moment, or empty if the expression never fires again (a year in the past)
     */
    public Optional<Instant> nextAfter(Instant after, ZoneId zone) {
        Compiled compiled = compile(expression);
        Key key = new Key(zone, after);
        Optional<Instant> known = compiled.next.get(key);
        if (known != null) {
            return known;
        }
        Optional<Instant> next = compute(compiled.execution, after, zone);
        if (compiled.next.size() > 4096) {
            compiled.next.clear();
        }
        compiled.next.put(key, next);
        return next;
    }

    private static Optional<Instant> compute(ExecutionTime execution, Instant after, ZoneId zone) {
        ZoneRules rules = zone.getRules();
        // Cron fields are matched on the zone's local clock: walk local date-times (in UTC, which has no gaps).
        ZonedDateTime cursor = LocalDateTime.ofInstant(after, zone).atZone(ZoneOffset.UTC);
        for (int guard = 0; guard < 10_000; guard++) {
            Optional<ZonedDateTime> candidate = execution.nextExecution(cursor);
            if (candidate.isEmpty()) {
                return Optional.empty();
            }
            LocalDateTime local = candidate.get().toLocalDateTime();
            Instant instant = toInstant(local, rules);
            if (instant.isAfter(after)) {
                return Optional.of(instant);
            }
            cursor = candidate.get();
        }
        throw new IllegalStateException("no next moment found for a cron limit after " + after + " in " + zone);
    }

    /** A local date-time on the zone's clock as an instant: a gap moves to its end, an overlap takes its first. */
    static Instant toInstant(LocalDateTime local, ZoneRules rules) {
        List<ZoneOffset> offsets = rules.getValidOffsets(local);
        if (offsets.isEmpty()) {
            ZoneOffsetTransition gap = rules.getTransition(local);
            return gap.getInstant();
        }
        return local.toInstant(offsets.get(0));
    }
}
