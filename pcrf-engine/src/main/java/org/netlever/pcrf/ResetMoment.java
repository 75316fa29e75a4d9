package org.netlever.pcrf;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.netlever.aaa.radius.attr.ZoneAbbreviations;

/**
 * A service's stored reset moment (S3.7 {@code quota_cron}: the next moment its cron limit fires, with its zone), read
 * from either of the forms operators have it in:
 *
 * <ul>
 *   <li><b>ISO-8601</b> with an offset, optionally with the region, as netlever's BRAS front writes it:
 *       {@code 2019-06-24T07:00:00+05:00[Asia/Yekaterinburg]}, {@code 2019-06-24T07:00+05:00},
 *       {@code 2019-06-24T02:00:00Z}. An offset the region did not have at that moment is refused, never
 *       silently moved.</li>
 *   <li><b>Eltex SoftWLC's stored form</b>, {@code MM/dd/yyyy - HH:mm:ss ZONE}, as SoftWLC's PCRF keeps it in its
 *       {@code service} collection: {@code 06/24/2019 - 07:00:00 YEKT} or, as its log prints it,
 *       {@code 06/21/2019 - 14:09:00 +0500}. ZONE is resolved, in this order, by the caller's table (exact
 *       spelling: an installation's override), as a numeric offset ({@code +0500}, {@code +05}, {@code +05:00},
 *       {@code UTC}, {@code Z}), or by {@link ZoneAbbreviations#russian()} (upper case: KALT, MSK, SAMT, YEKT,
 *       OMST, NOVT, KRAT, IRKT, YAKT, VLAT, MAGT, PETT, each its region). Any other abbreviation is refused, naming
 *       it: abbreviations are ambiguous in general ({@code IST}, {@code CST}) and a guess would move the reset.
 *       A local time the region skipped or had twice is refused too.</li>
 * </ul>
 * {@link org.netlever.pcrf.softwlc.SoftWlcImport} reads SoftWLC's stored {@code quota_cron} with it (netlever keeps
 * the moment as an instant and a zone id, {@link StepQuota}).
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param moment the moment, in the zone it was given in (a region when the text named one, else an offset)
 */
public record ResetMoment(ZonedDateTime moment) {

    private static final Pattern SOFTWLC = Pattern.compile(
            "(\\d{2})/(\\d{2})/(\\d{4}) - (\\d{2}):(\\d{2}):(\\d{2}) (\\S+)");
    private static final Pattern OFFSET = Pattern.compile("([+-])(\\d{2})(?::?(\\d{2}))?");
    private static final List<String> UTC = List.of("UTC", "GMT", "Z");

    /** Checks that the moment is there. */
    public ResetMoment {
        Objects.requireNonNull(moment, "moment");
    }

    /**
     * Parses either form with netlever's own zone table.
     *
     * @param text the stored moment
     * @return the moment
     * @throws PcrfException saying what in the text does not parse
     */
    public static ResetMoment parse(String text) {
        return parse(text, Map.of());
    }

    /**
     * Parses either form; the installation's table is consulted first for SoftWLC's zone abbreviations.
     *
     * @param text the stored moment
     * @param abbreviations the installation's abbreviations, e.g. {@code NOVT -> Asia/Novosibirsk}, exact spelling
     * @return the moment
     * @throws PcrfException saying what in the text does not parse, naming an unknown abbreviation
     */
    public static ResetMoment parse(String text, Map<String, ZoneId> abbreviations) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(abbreviations, "abbreviations");
        String value = text.strip();
        Matcher m = SOFTWLC.matcher(value);
        if (m.matches()) {
            return softWlc(text, m, abbreviations);
        }
        if (value.length() >= 10 && value.charAt(4) == '-') {
            return iso(text, value);
        }
        throw new PcrfException("reset moment '" + text + "' is neither ISO-8601 (2019-06-24T07:00:00+05:00"
                + "[Asia/Yekaterinburg]) nor SoftWLC's MM/dd/yyyy - HH:mm:ss ZONE (06/24/2019 - 07:00:00 YEKT)");
    }

    private static ResetMoment iso(String text, String value) {
        TemporalAccessor parsed;
        try {
            parsed = DateTimeFormatter.ISO_ZONED_DATE_TIME.parse(value);
        } catch (DateTimeParseException e) {
            throw new PcrfException("reset moment '" + text + "' is not ISO-8601 with an offset (e.g. "
                    + "2019-06-24T07:00:00+05:00[Asia/Yekaterinburg]): " + e.getMessage(), e);
        }
        OffsetDateTime at = OffsetDateTime.from(parsed);
        ZoneId zone = parsed.query(TemporalQueries.zoneId());
        if (zone == null || zone instanceof ZoneOffset) {
            return new ResetMoment(at.toZonedDateTime());
        }
        ZoneOffset real = zone.getRules().getOffset(at.toInstant());
        if (!real.equals(at.getOffset())) {
            throw new PcrfException("reset moment '" + text + "': " + zone + " had offset " + real + ", not "
                    + at.getOffset() + ", at " + at.toLocalDateTime());
        }
        return new ResetMoment(at.atZoneSameInstant(zone));
    }

    private static ResetMoment softWlc(String text, Matcher m, Map<String, ZoneId> abbreviations) {
        LocalDateTime local;
        try {
            local = LocalDateTime.of(Integer.parseInt(m.group(3)), Integer.parseInt(m.group(1)),
                    Integer.parseInt(m.group(2)), Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)),
                    Integer.parseInt(m.group(6)));
        } catch (DateTimeException e) {
            throw new PcrfException("reset moment '" + text + "' has no such date or time: " + e.getMessage(), e);
        }
        String name = m.group(7);
        ZoneId zone = zone(name, abbreviations);
        if (zone == null) {
            throw new PcrfException("reset moment '" + text + "': zone abbreviation '" + name + "' is not known; "
                    + "netlever reads an offset (+0500) or " + String.join(", ",
                            new java.util.TreeSet<>(ZoneAbbreviations.russian().keySet()))
                    + ", and abbreviations are ambiguous in general: map '" + name + "' to its region in the "
                    + "installation's table");
        }
        List<ZoneOffset> offsets = zone.getRules().getValidOffsets(local);
        if (offsets.size() != 1) {
            throw new PcrfException("reset moment '" + text + "': " + local + " " + (offsets.isEmpty()
                    ? "did not exist" : "happened twice") + " in " + zone + " (" + name + ")");
        }
        return new ResetMoment(ZonedDateTime.ofLocal(local, zone, offsets.get(0)));
    }

    private static ZoneId zone(String name, Map<String, ZoneId> abbreviations) {
        ZoneId own = abbreviations.get(name);
        if (own != null) {
            return own;
        }
        if (UTC.contains(name.toUpperCase(Locale.ROOT))) {
            return ZoneOffset.UTC;
        }
        Matcher m = OFFSET.matcher(name);
        if (m.matches()) {
            int hours = Integer.parseInt(m.group(2));
            int minutes = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
            int sign = m.group(1).equals("-") ? -1 : 1;
            try {
                return ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
            } catch (DateTimeException e) {
                return null;
            }
        }
        return ZoneAbbreviations.russian().get(name);
    }

    /**
     * The moment on the timeline.
     *
     * @return the instant
     */
    public Instant instant() {
        return moment.toInstant();
    }
}
