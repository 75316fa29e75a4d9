package org.netlever.aaa.radius.attr;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.netlever.aaa.radius.RadiusFormatException;

/**
 * A time in the textual form of Cisco's voice VSAs ({@code h323-setup-time}, {@code h323-connect-time},
 * {@code h323-disconnect-time}; S2.8): {@code [mark]hh:mm:ss.mmm ZONE Ddd Mmm d yyyy}, e.g.
 * {@code 14:30:25.429 UTC Wed Jan 23 2002} or {@code *09:05:00.000 MSK Sat Nov 21 2026}.
 *
 * <p>The zone is written as an abbreviation ({@code MSK}, {@code IST}, ambiguous in general: {@code CST}) or, as
 * current tzdata prints it for many zones, as a numeric offset ({@code +05}); {@link #toInstant(Map, ZoneId)} says
 * how each form is resolved. Parsing accepts the clock with or without milliseconds (and with one to nine fraction
 * digits), the hour with or without a leading zero, the day with or without a leading zero and runs of spaces, as
 * different vendors write it.
 * The day of the week is redundant: it must be an English day name, but it is not checked against the date (Cisco's
 * own documentation shows examples where it does not match); {@link #toString()} writes the right one.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param time the local date and time, millisecond precision
 * @param zone the zone abbreviation as written, e.g. {@code UTC}
 * @param status the clock-quality mark
 */
public record H323Time(LocalDateTime time, String zone, ClockStatus status) {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT);
    private static final DateTimeFormatter LENIENT_CLOCK = new java.time.format.DateTimeFormatterBuilder()
            .appendPattern("H:mm:ss").optionalStart()
            .appendFraction(java.time.temporal.ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .toFormatter(Locale.ROOT);
    private static final Map<String, ZoneId> KNOWN_ZONES = knownZones();

    private static Map<String, ZoneId> knownZones() {
        Map<String, ZoneId> zones = new HashMap<>();
        zones.put("UTC", ZoneOffset.UTC);
        zones.put("GMT", ZoneOffset.UTC);
        zones.put("UT", ZoneOffset.UTC);
        zones.put("Z", ZoneOffset.UTC);
        zones.putAll(ZoneAbbreviations.russian());
        zones.put("CET", ZoneOffset.ofHours(1));
        zones.put("CEST", ZoneOffset.ofHours(2));
        zones.put("EET", ZoneOffset.ofHours(2));
        zones.put("EEST", ZoneOffset.ofHours(3));
        return Map.copyOf(zones);
    }

    /**
     * Checks the fields.
     *
     * @throws RadiusFormatException if the zone is blank or contains spaces
     */
    public H323Time {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(status, "status");
        if (zone.isBlank() || zone.chars().anyMatch(Character::isWhitespace)) {
            throw new RadiusFormatException("an h323 time zone is one word, got '" + zone + "'");
        }
        time = time.withNano(time.getNano() / 1_000_000 * 1_000_000);
    }

    /**
     * An instant as a gateway with an authoritative clock in the given zone writes it.
     *
     * @param instant the instant
     * @param zone the zone; its short English name for that instant becomes the abbreviation ({@code UTC},
     *     {@code MSK})
     * @return the time
     */
    public static H323Time of(Instant instant, ZoneId zone) {
        ZonedDateTime local = instant.atZone(zone);
        String abbreviation = zone.normalized().equals(ZoneOffset.UTC) ? "UTC"
                : local.format(DateTimeFormatter.ofPattern("zzz", Locale.ENGLISH)).replace(" ", "");
        return new H323Time(local.toLocalDateTime(), abbreviation, ClockStatus.AUTHORITATIVE);
    }

    /**
     * An instant in UTC.
     *
     * @param instant the instant
     * @return the time
     */
    public static H323Time utc(Instant instant) {
        return of(instant, ZoneOffset.UTC);
    }

    /**
     * Parses the textual form, with or without the attribute-name prefix ({@code h323-setup-time=…}).
     *
     * @param text the value
     * @return the time
     * @throws RadiusFormatException naming the part that does not parse
     */
    public static H323Time parse(String text) {
        Objects.requireNonNull(text, "text");
        String value = text.trim();
        int eq = value.indexOf('=');
        if (eq >= 0 && value.startsWith("h323-")) {
            value = value.substring(eq + 1).trim();
        }
        ClockStatus status = ClockStatus.AUTHORITATIVE;
        if (value.startsWith("*")) {
            status = ClockStatus.NOT_AUTHORITATIVE;
            value = value.substring(1);
        } else if (value.startsWith(".")) {
            status = ClockStatus.NOT_SYNCHRONIZED;
            value = value.substring(1);
        }
        String[] parts = value.trim().split("\\s+");
        if (parts.length != 6) {
            throw new RadiusFormatException("an h323 time is 'hh:mm:ss.mmm ZONE Ddd Mmm d yyyy', got '" + text
                    + "' (" + parts.length + " fields)");
        }
        try {
            LocalTime clock = LocalTime.parse(parts[0], LENIENT_CLOCK);
            int month = monthOf(parts[3], text);
            int day = Integer.parseInt(parts[4]);
            int year = Integer.parseInt(parts[5]);
            LocalDate date = LocalDate.of(year, month, day);
            if (!isWeekday(parts[2])) {
                throw new RadiusFormatException("h323 time '" + text + "': '" + parts[2]
                        + "' is not an English day of the week");
            }
            return new H323Time(LocalDateTime.of(date, clock), parts[1], status);
        } catch (DateTimeException | NumberFormatException e) {
            throw new RadiusFormatException("h323 time '" + text + "' does not parse: " + e.getMessage());
        }
    }

    private static boolean isWeekday(String name) {
        for (java.time.DayOfWeek day : java.time.DayOfWeek.values()) {
            if (day.getDisplayName(TextStyle.SHORT, Locale.ENGLISH).equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    private static int monthOf(String name, String text) {
        for (java.time.Month month : java.time.Month.values()) {
            if (month.getDisplayName(TextStyle.SHORT, Locale.ENGLISH).equalsIgnoreCase(name)) {
                return month.getValue();
            }
        }
        throw new RadiusFormatException("h323 time '" + text + "': '" + name + "' is not an English month");
    }

    /**
     * The instant, resolving the zone without an installation table (see {@link #toInstant(Map, ZoneId)}).
     *
     * @return the instant
     * @throws RadiusFormatException if the zone cannot be resolved
     */
    public Instant toInstant() {
        return toInstant(Map.of(), null);
    }

    /**
     * The instant, resolving the zone with the given table first (see {@link #toInstant(Map, ZoneId)}).
     *
     * @param zones abbreviations the installation uses, e.g. {@code IST -> Asia/Kolkata}
     * @return the instant
     * @throws RadiusFormatException if the zone cannot be resolved
     */
    public Instant toInstant(Map<String, ZoneId> zones) {
        return toInstant(zones, null);
    }

    /**
     * The instant. The zone as written is resolved, in this order, by:
     * <ol>
     *   <li>the installation's table {@code zones} (exact spelling);</li>
     *   <li>a numeric offset: {@code +05}, {@code +0500}, {@code +05:00}, {@code -0330}, optionally after
     *       {@code UTC}, {@code GMT} or {@code UT} ({@code UTC+5}, {@code GMT+05:00}); tzdata's {@code -00} is
     *       UTC;</li>
     *   <li>{@code gatewayZone}, when the JDK names that zone so at that date and time (this settles abbreviations
     *       that mean different offsets in different zones, {@code CST}: China or US Central);</li>
     *   <li>netlever's table (UTC, GMT, the Russian zones MSK, YEKT … of {@link ZoneAbbreviations#russian()} by their
     *       regions, CET, CEST, EET, EEST as fixed offsets);</li>
     *   <li>the abbreviations of the JDK's zone database ({@code PKT}, {@code AEST}, {@code NZDT} …), checked
     *       against the date so that standard and summer names are told apart, when all zones that use the
     *       abbreviation then agree on the offset; an abbreviation that does not is refused as ambiguous.</li>
     * </ol>
     * Letters no JDK zone uses at that date (tzdata's {@code HDT} for America/Adak) are refused as not known: only
     * the installation's table gives them a meaning; guessing would record a wrong time.
     *
     * @param zones abbreviations the installation uses, e.g. {@code IST -> Asia/Kolkata}
     * @param gatewayZone the zone the gateway is known to run in, to settle ambiguous abbreviations; may be null
     * @return the instant
     * @throws RadiusFormatException naming the zone if none of the above resolves it
     */
    public Instant toInstant(Map<String, ZoneId> zones, ZoneId gatewayZone) {
        ZoneId id = zones.get(zone);
        if (id == null) {
            id = offset(zone);
        }
        if (id == null && gatewayZone != null && names(time, gatewayZone, zone)) {
            id = gatewayZone;
        }
        if (id == null) {
            id = KNOWN_ZONES.get(zone.toUpperCase(Locale.ROOT));
        }
        if (id != null) {
            return time.atZone(id).toInstant();
        }
        return JdkAbbreviations.resolve(time, zone, gatewayZone);
    }

    private static final java.util.regex.Pattern OFFSET = java.util.regex.Pattern.compile(
            "(?:UTC|GMT|UT)?([+-])(\\d{1,2})(?::?(\\d{2}))?", java.util.regex.Pattern.CASE_INSENSITIVE);

    private static ZoneOffset offset(String zone) {
        java.util.regex.Matcher m = OFFSET.matcher(zone);
        if (!m.matches()) {
            return null;
        }
        int hours = Integer.parseInt(m.group(2));
        int minutes = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
        if (hours > 18 || minutes > 59) {
            return null;
        }
        int sign = m.group(1).equals("-") ? -1 : 1;
        return ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
    }

    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("zzz", Locale.ENGLISH);

    /**
     * Builds the index of the JDK zone database's abbreviations now rather than when a time first needs it (about a
     * second on a cold JVM), e.g. on a background thread when a server starts. Idempotent and thread-safe.
     *
     * @return how many abbreviations the JDK knows
     */
    public static int indexZoneAbbreviations() {
        return JdkAbbreviations.BY_NAME.size();
    }

    /** Whether the JDK calls the zone so at that local time. */
    private static boolean names(LocalDateTime time, ZoneId id, String zone) {
        return time.atZone(id).format(NAME).equalsIgnoreCase(zone);
    }

    /**
     * The JDK's short zone names, indexed on first use (a few hundred milliseconds: only a time whose zone nothing
     * else resolves pays for it). Thread-safe (immutable after class initialization).
     */
    private static final class JdkAbbreviations {
        private static final Map<String, java.util.List<ZoneId>> BY_NAME = index();

        private static Map<String, java.util.List<ZoneId>> index() {
            Map<String, java.util.List<ZoneId>> index = new HashMap<>();
            for (String id : new java.util.TreeSet<>(ZoneId.getAvailableZoneIds())) {
                java.util.TimeZone zone = java.util.TimeZone.getTimeZone(id);
                for (boolean daylight : new boolean[] {false, true}) {
                    String name = zone.getDisplayName(daylight, java.util.TimeZone.SHORT, Locale.ENGLISH);
                    if (!name.startsWith("GMT+") && !name.startsWith("GMT-")) {
                        java.util.List<ZoneId> ids = index.computeIfAbsent(name.toUpperCase(Locale.ROOT),
                                n -> new java.util.ArrayList<>());
                        ZoneId zoneId = ZoneId.of(id);
                        if (!ids.contains(zoneId)) {
                            ids.add(zoneId);
                        }
                    }
                }
            }
            Map<String, java.util.List<ZoneId>> frozen = new HashMap<>();
            index.forEach((name, ids) -> frozen.put(name, java.util.List.copyOf(ids)));
            return Map.copyOf(frozen);
        }

        static Instant resolve(LocalDateTime time, String zone, ZoneId gatewayZone) {
            java.util.List<ZoneId> candidates = BY_NAME.getOrDefault(zone.toUpperCase(Locale.ROOT),
                    java.util.List.of());
            java.util.Set<Instant> instants = new java.util.LinkedHashSet<>();
            for (ZoneId id : candidates) {
                if (names(time, id, zone)) {
                    instants.add(time.atZone(id).toInstant());
                }
            }
            if (instants.size() == 1) {
                return instants.iterator().next();
            }
            if (instants.isEmpty()) {
                throw new RadiusFormatException("h323 time zone '" + zone + "' is not known: not an offset, not in "
                        + "the installation's table, not a zone abbreviation of the JDK for " + time.toLocalDate()
                        + "; map it in the call attribute mapping's zone abbreviations");
            }
            throw new RadiusFormatException("h323 time zone '" + zone + "' is ambiguous on " + time.toLocalDate()
                    + " (" + instants.size() + " different offsets, e.g. in " + candidates.get(0) + " and "
                    + candidates.get(candidates.size() - 1) + "); map it in the call attribute mapping's zone "
                    + "abbreviations or set the gateway's time zone");
        }
    }

    /**
     * The textual form without the attribute-name prefix, the day not padded (Cisco's way).
     *
     * @return e.g. {@code 14:30:25.429 UTC Wed Jan 23 2002}
     */
    @Override
    public String toString() {
        return status.mark() + time.format(CLOCK) + " " + zone + " "
                + time.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH) + " "
                + time.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH) + " " + time.getDayOfMonth() + " "
                + time.getYear();
    }
}
