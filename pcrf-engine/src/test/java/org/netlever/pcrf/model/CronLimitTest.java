package org.netlever.pcrf.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;
import org.quartz.CronExpression;

/**
 * S3.3, S3.5, S3.10: cron limits, evaluated by cron-utils in the subscriber's zone, checked against Quartz's own
 * CronExpression as the oracle on random expressions and zones, with the daylight-saving cases asserted explicitly.
 */
class CronLimitTest {

    private static final ZoneId YEKATERINBURG = ZoneId.of("Asia/Yekaterinburg");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private static Instant at(String zoned) {
        return ZonedDateTime.parse(zoned).toInstant();
    }

    @Test
    void seedReset_isSevenOClockYekaterinburgOnWeekdays() {
        CronLimit reset = new CronLimit("0 0 7 ? * MON-FRI");

        // Friday 2026-11-20 15:00 in Yekaterinburg: next weekday 07:00 is Monday the 23rd.
        assertThat(reset.nextAfter(at("2026-11-20T15:00:00+05:00[Asia/Yekaterinburg]"), YEKATERINBURG))
                .hasValue(at("2026-11-23T07:00:00+05:00[Asia/Yekaterinburg]"));
        // Exactly at 07:00 the next one is tomorrow's, not now: moments are strictly after.
        assertThat(reset.nextAfter(at("2026-11-23T07:00:00+05:00[Asia/Yekaterinburg]"), YEKATERINBURG))
                .hasValue(at("2026-11-24T07:00:00+05:00[Asia/Yekaterinburg]"));
        // The same expression in UTC is five hours later in absolute time.
        assertThat(reset.nextAfter(at("2026-11-23T00:00:00Z"), ZoneId.of("UTC")))
                .hasValue(at("2026-11-23T07:00:00Z"));
    }

    @Test
    void springForwardGap_firesAtTheFirstValidInstantAfterIt_andOnlyOnce() {
        // Europe/Berlin 2026-03-29: 02:00 CET jumps to 03:00 CEST. 02:30 does not exist that night.
        CronLimit halfPastTwo = new CronLimit("0 30 2 * * ?");
        Instant gapEnd = at("2026-03-29T03:00:00+02:00[Europe/Berlin]");

        assertThat(halfPastTwo.nextAfter(at("2026-03-29T00:00:00+01:00[Europe/Berlin]"), BERLIN)).hasValue(gapEnd);
        assertThat(halfPastTwo.nextAfter(gapEnd, BERLIN))
                .hasValue(at("2026-03-30T02:30:00+02:00[Europe/Berlin]"));

        // Every minute of the missing hour: one firing at the end of the gap, none lost, none repeated.
        CronLimit everyMinuteAtTwo = new CronLimit("0 * 2 * * ?");
        assertThat(everyMinuteAtTwo.nextAfter(at("2026-03-29T01:59:30+01:00[Europe/Berlin]"), BERLIN))
                .hasValue(gapEnd);
        assertThat(everyMinuteAtTwo.nextAfter(gapEnd, BERLIN))
                .hasValue(at("2026-03-30T02:00:00+02:00[Europe/Berlin]"));

        // New York 2026-03-08 02:00 EST -> 03:00 EDT.
        assertThat(halfPastTwo.nextAfter(at("2026-03-08T00:00:00-05:00[America/New_York]"), NEW_YORK))
                .hasValue(at("2026-03-08T03:00:00-04:00[America/New_York]"));
    }

    @Test
    void fallBackOverlap_firesOnceAtTheFirstOccurrence() {
        // Europe/Berlin 2026-10-25: 03:00 CEST falls back to 02:00 CET; 02:30 happens twice.
        CronLimit halfPastTwo = new CronLimit("0 30 2 * * ?");
        Instant first = at("2026-10-25T02:30:00+02:00[Europe/Berlin]");

        assertThat(halfPastTwo.nextAfter(at("2026-10-25T00:00:00+02:00[Europe/Berlin]"), BERLIN)).hasValue(first);
        assertThat(halfPastTwo.nextAfter(first, BERLIN)).hasValue(at("2026-10-26T02:30:00+01:00[Europe/Berlin]"));
        // Starting inside the second pass (02:10 CET), the first 02:30 has passed: no second firing that night.
        assertThat(halfPastTwo.nextAfter(at("2026-10-25T02:10:00+01:00"), BERLIN))
                .hasValue(at("2026-10-26T02:30:00+01:00[Europe/Berlin]"));
    }

    @Test
    void malformedExpression_isRejectedWithTheReason() {
        assertThatThrownBy(() -> new CronLimit("0 0 7 * * MON-FRI"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not a Quartz cron expression");
        assertThatThrownBy(() -> new CronLimit("every morning")).isInstanceOf(IllegalArgumentException.class);
        assertThat(new CronLimit("0 0 7 ? * MON-FRI 2020").nextAfter(Instant.parse("2026-01-01T00:00:00Z"),
                YEKATERINBURG)).isEmpty();
    }

    // ------------------------------------------------------------------------------------------------ oracle

    private static final String[] SECONDS = {"0", "30", "*/15", "5,10"};
    private static final String[] MINUTES = {"0", "5", "*/10", "0-30/5", "15,45", "*"};
    private static final String[] HOURS = {"*", "7", "0-23/3", "9-17", "0,12", "23"};
    private static final String[] DAYS_OF_MONTH = {"*", "1", "15", "L", "1-10", "1/5", "28-31"};
    private static final String[] MONTHS = {"*", "JAN", "1-6", "*/2", "FEB,MAR", "DEC"};
    private static final String[] DAYS_OF_WEEK = {"MON-FRI", "2", "SAT,SUN", "*", "1-3"};
    private static final String[] ZONES = {"UTC", "Asia/Yekaterinburg", "Asia/Tokyo", "Asia/Kolkata",
        "Europe/Moscow", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Pacific/Chatham"};

    private static String randomExpression(Random random) {
        boolean byMonthDay = random.nextBoolean();
        String dayOfMonth = byMonthDay ? DAYS_OF_MONTH[random.nextInt(DAYS_OF_MONTH.length)] : "?";
        String dayOfWeek = byMonthDay ? "?" : DAYS_OF_WEEK[random.nextInt(DAYS_OF_WEEK.length)];
        return SECONDS[random.nextInt(SECONDS.length)] + " " + MINUTES[random.nextInt(MINUTES.length)] + " "
                + HOURS[random.nextInt(HOURS.length)] + " " + dayOfMonth + " " + MONTHS[random.nextInt(MONTHS.length)]
                + " " + dayOfWeek;
    }

    /** Whether an instant is within a day of a daylight-saving transition of the zone (where the policies differ). */
    private static boolean nearTransition(Instant instant, ZoneId zone) {
        ZoneOffsetTransition next = zone.getRules().nextTransition(instant.minus(Duration.ofDays(1)));
        return next != null && Duration.between(instant, next.getInstant()).abs().compareTo(Duration.ofDays(1)) < 0;
    }

    @Test
    void nextAfter_agreesWithQuartzCronExpression_onRandomExpressionsAndZones() throws ParseException {
        Random random = new Random(20261121);
        List<String> disagreements = new ArrayList<>();
        int compared = 0;
        for (int i = 0; i < 3000; i++) {
            String expression = randomExpression(random);
            ZoneId zone = ZoneId.of(ZONES[random.nextInt(ZONES.length)]);
            Instant from = Instant.parse("2026-01-01T00:00:00Z")
                    .plusSeconds((long) (random.nextDouble() * Duration.ofDays(3 * 365).toSeconds()));
            CronExpression quartz = new CronExpression(expression);
            quartz.setTimeZone(TimeZone.getTimeZone(zone));
            Date expected = quartz.getNextValidTimeAfter(Date.from(from));
            Optional<Instant> actual = new CronLimit(expression).nextAfter(from, zone);
            if (expected == null || actual.isEmpty()) {
                if (expected != null || actual.isPresent()) {
                    disagreements.add(expression + " in " + zone + " after " + from + ": quartz " + expected
                            + ", netlever " + actual);
                }
                continue;
            }
            if (nearTransition(expected.toInstant(), zone) || nearTransition(actual.get(), zone)) {
                continue;
            }
            compared++;
            if (!expected.toInstant().equals(actual.get())) {
                disagreements.add(expression + " in " + zone + " after " + from + ": quartz " + expected.toInstant()
                        + ", netlever " + actual.get());
            }
        }
        assertThat(disagreements).as("disagreements with Quartz").isEmpty();
        assertThat(compared).as("cases compared away from daylight-saving transitions").isGreaterThan(2500);
    }
}
