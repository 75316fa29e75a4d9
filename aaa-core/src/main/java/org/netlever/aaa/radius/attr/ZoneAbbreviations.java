package org.netlever.aaa.radius.attr;

import java.time.ZoneId;
import java.util.Map;

/**
 * The zone abbreviations netlever resolves without an installation's table: Russia's zones, as Java programs write
 * them (the JDK's short English names, pattern letter {@code z}; Eltex SoftWLC stores reset moments so, S3.7) and as
 * Russian operators name them. An abbreviation in general is ambiguous ({@code CST}, {@code IST}); these are not, and
 * each maps to its IANA region, not to a fixed offset, so that a moment is read with the offset the region had then
 * ({@code MSK} was UTC+4 from March 2011 to October 2014).
 *
 * <table>
 *   <caption>The table</caption>
 *   <tr><th>Abbreviation</th><th>Zone</th><th>Offset since 2016</th></tr>
 *   <tr><td>KALT</td><td>Europe/Kaliningrad</td><td>+02 (the JDK writes EET)</td></tr>
 *   <tr><td>MSK</td><td>Europe/Moscow</td><td>+03</td></tr>
 *   <tr><td>SAMT</td><td>Europe/Samara</td><td>+04</td></tr>
 *   <tr><td>YEKT</td><td>Asia/Yekaterinburg</td><td>+05</td></tr>
 *   <tr><td>OMST</td><td>Asia/Omsk</td><td>+06</td></tr>
 *   <tr><td>NOVT</td><td>Asia/Novosibirsk</td><td>+07</td></tr>
 *   <tr><td>KRAT</td><td>Asia/Krasnoyarsk</td><td>+07</td></tr>
 *   <tr><td>IRKT</td><td>Asia/Irkutsk</td><td>+08</td></tr>
 *   <tr><td>YAKT</td><td>Asia/Yakutsk</td><td>+09</td></tr>
 *   <tr><td>VLAT</td><td>Asia/Vladivostok</td><td>+10</td></tr>
 *   <tr><td>MAGT</td><td>Asia/Magadan</td><td>+11</td></tr>
 *   <tr><td>PETT</td><td>Asia/Kamchatka</td><td>+12</td></tr>
 * </table>
 * Current tzdata itself prints numeric abbreviations ({@code +05}) for most of these zones; readers accept those as
 * offsets. Anything else needs the installation's own table, which readers consult first.
 *
 * <p>Not instantiable; the table is immutable and thread-safe.
 */
public final class ZoneAbbreviations {

    private static final Map<String, ZoneId> RUSSIAN = Map.ofEntries(
            Map.entry("KALT", ZoneId.of("Europe/Kaliningrad")),
            Map.entry("MSK", ZoneId.of("Europe/Moscow")),
            Map.entry("SAMT", ZoneId.of("Europe/Samara")),
            Map.entry("YEKT", ZoneId.of("Asia/Yekaterinburg")),
            Map.entry("OMST", ZoneId.of("Asia/Omsk")),
            Map.entry("NOVT", ZoneId.of("Asia/Novosibirsk")),
            Map.entry("KRAT", ZoneId.of("Asia/Krasnoyarsk")),
            Map.entry("IRKT", ZoneId.of("Asia/Irkutsk")),
            Map.entry("YAKT", ZoneId.of("Asia/Yakutsk")),
            Map.entry("VLAT", ZoneId.of("Asia/Vladivostok")),
            Map.entry("MAGT", ZoneId.of("Asia/Magadan")),
            Map.entry("PETT", ZoneId.of("Asia/Kamchatka")));

    private ZoneAbbreviations() {
    }

    /**
     * The Russian zones' abbreviations described above.
     *
     * @return abbreviation (upper case) to region, immutable
     */
    public static Map<String, ZoneId> russian() {
        return RUSSIAN;
    }
}
