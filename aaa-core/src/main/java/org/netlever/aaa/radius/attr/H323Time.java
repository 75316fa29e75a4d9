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
 * <p>The zone is an abbreviation, which is ambiguous in general ({@code IST}, {@code CST}); {@link #toInstant()}
 * knows UTC, GMT and the common Russian and European ones, and {@link #toInstant(Map)} takes the installation's own
 * table. Parsing accepts the day with or without a leading zero and runs of spaces, as different vendors write it.
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
    private static final Map<String, ZoneId> KNOWN_ZONES = knownZones();

    private static Map<String, ZoneId> knownZones() {
        Map<String, ZoneId> zones = new HashMap<>();
        zones.put("UTC", ZoneOffset.UTC);
        zones.put("GMT", ZoneOffset.UTC);
        zones.put("UT", ZoneOffset.UTC);
        zones.put("Z", ZoneOffset.UTC);
        zones.put("KALT", ZoneId.of("Europe/Kaliningrad"));
        zones.put("MSK", ZoneId.of("Europe/Moscow"));
        zones.put("SAMT", ZoneId.of("Europe/Samara"));
        zones.put("YEKT", ZoneId.of("Asia/Yekaterinburg"));
        zones.put("OMST", ZoneId.of("Asia/Omsk"));
        zones.put("NOVT", ZoneId.of("Asia/Novosibirsk"));
        zones.put("KRAT", ZoneId.of("Asia/Krasnoyarsk"));
        zones.put("IRKT", ZoneId.of("Asia/Irkutsk"));
        zones.put("YAKT", ZoneId.of("Asia/Yakutsk"));
        zones.put("VLAT", ZoneId.of("Asia/Vladivostok"));
        zones.put("MAGT", ZoneId.of("Asia/Magadan"));
        zones.put("PETT", ZoneId.of("Asia/Kamchatka"));
        zones.put("CET", ZoneId.of("CET"));
        zones.put("CEST", ZoneId.of("CET"));
        zones.put("EET", ZoneId.of("EET"));
        zones.put("EEST", ZoneId.of("EET"));
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
            LocalTime clock = LocalTime.parse(parts[0].contains(".") ? parts[0] : parts[0] + ".000", CLOCK);
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
     * The instant, resolving the zone abbreviation with netlever's table (UTC, GMT, the Russian zones MSK, YEKT …,
     * CET, EET).
     *
     * @return the instant
     * @throws RadiusFormatException if the abbreviation is not in the table
     */
    public Instant toInstant() {
        return toInstant(Map.of());
    }

    /**
     * The instant, resolving the zone abbreviation with the given table first, then netlever's.
     *
     * @param zones abbreviations the installation uses, e.g. {@code IST -> Asia/Kolkata}
     * @return the instant
     * @throws RadiusFormatException if the abbreviation is in neither table
     */
    public Instant toInstant(Map<String, ZoneId> zones) {
        ZoneId id = zones.getOrDefault(zone, KNOWN_ZONES.get(zone.toUpperCase(Locale.ROOT)));
        if (id == null) {
            throw new RadiusFormatException("h323 time zone '" + zone + "' is not known; pass a table that maps it");
        }
        return time.atZone(id).toInstant();
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
