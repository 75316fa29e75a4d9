package org.netlever.aaa.radius.attr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.netlever.aaa.radius.RadiusFormatException;

/** S2.8: h323 times in every zone form gateways write. */
class H323TimeZonesTest {

    private record Vector(String zone, Instant instant, String text, String linkTarget) {
    }

    /** radius/h323-time/tzdata-vectors.txt, made by generate-tzdata-vectors.sh next to it from the machine's tzdata. */
    private static List<Vector> tzdataVectors() throws IOException {
        List<Vector> vectors = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(H323TimeZonesTest.class
                .getResourceAsStream("/radius/h323-time/tzdata-vectors.txt"), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!line.startsWith("#") && !line.isBlank()) {
                    String[] f = line.split("\\|", 4);
                    vectors.add(new Vector(f[0], Instant.ofEpochSecond(Long.parseLong(f[1])), f[2], f[3]));
                }
            }
        }
        return vectors;
    }

    /** The zone as the JDK knows it: by its name, else by the tzdata file the name links to (ROC, localtime). */
    private static ZoneId gatewayZone(Vector v) {
        for (String name : List.of(v.zone(), v.linkTarget())) {
            try {
                return ZoneId.of(name);
            } catch (DateTimeException e) {
                // try the link target
            }
        }
        return null;
    }

    /** tzdata abbreviations the JDK's zone database does not have: the installation's table maps them. */
    private static final Map<String, ZoneId> NOT_IN_THE_JDK = Map.of("HDT", ZoneId.of("America/Adak"));

    @Test
    @DisplayName("S2.8: every tzdata zone's %Z, winter and summer, resolves to the instant given the gateway's zone")
    void toInstant_everyTzdataZoneWithGatewayZone_isTheInstant() throws IOException {
        List<Vector> vectors = tzdataVectors();
        assertThat(vectors).hasSizeGreaterThan(800);
        List<String> wrong = new ArrayList<>();
        for (Vector v : vectors) {
            try {
                Instant got = H323Time.parse(v.text()).toInstant(NOT_IN_THE_JDK, gatewayZone(v));
                if (!got.equals(v.instant())) {
                    wrong.add(v + " -> " + got);
                }
            } catch (RadiusFormatException e) {
                wrong.add(v + " -> " + e.getMessage());
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    @DisplayName("S2.8: without the gateway's zone a tzdata time resolves to its instant or is refused as "
            + "ambiguous or unknown, never to another instant")
    void toInstant_everyTzdataZoneWithoutGatewayZone_isTheInstantOrRefused() throws IOException {
        List<String> wrong = new ArrayList<>();
        int resolved = 0;
        List<Vector> vectors = tzdataVectors();
        for (Vector v : vectors) {
            try {
                Instant got = H323Time.parse(v.text()).toInstant();
                if (got.equals(v.instant())) {
                    resolved++;
                } else {
                    wrong.add(v + " -> " + got);
                }
            } catch (RadiusFormatException e) {
                if (!e.getMessage().contains("ambiguous") && !e.getMessage().contains("is not known")) {
                    wrong.add(v + " -> " + e.getMessage());
                }
            }
        }
        assertThat(wrong).isEmpty();
        assertThat(resolved).isGreaterThan(vectors.size() * 3 / 4);
        assertThatThrownBy(() -> H323Time.parse("01:00:00.000 HDT Wed Jul 15 2026").toInstant(Map.of(),
                ZoneId.of("America/Adak"))).as("letters the JDK does not know are never guessed")
                .hasMessageContaining("'HDT' is not known");
    }

    @ParameterizedTest(name = "{0}")
    @DisplayName("S2.8: numeric zones, clock-status prefixes, with and without milliseconds")
    @CsvSource(delimiter = '|', value = {
        "14:30:25.429 +05 Wed Jan 23 2002|2002-01-23T09:30:25.429Z",
        "14:30:25.429 +0500 Wed Jan 23 2002|2002-01-23T09:30:25.429Z",
        "14:30:25.429 +05:00 Wed Jan 23 2002|2002-01-23T09:30:25.429Z",
        "14:30:25 UTC+5 Wed Jan 23 2002|2002-01-23T09:30:25Z",
        "*14:30:25 GMT+05:00 Wed Jan 23 2002|2002-01-23T09:30:25Z",
        ".04:30:25.4 -0330 Wed Jan 23 2002|2002-01-23T08:00:25.400Z",
        "9:05:00 +0545 Wed Jan 23 2002|2002-01-23T03:20:00Z",
        "14:30:25.429 -00 Wed Jan 23 2002|2002-01-23T14:30:25.429Z",
        "14:30:25.429 PKT Wed Jan 23 2026|2026-01-23T09:30:25.429Z",
        "14:30:25.429 AEDT Wed Jan 23 2026|2026-01-23T03:30:25.429Z",
        "14:30:25.429 CET Wed Jul 15 2026|2026-07-15T13:30:25.429Z"})
    void toInstant_gatewayZoneForms_isTheInstant(String text, String instant) {
        assertThat(H323Time.parse(text).toInstant()).isEqualTo(Instant.parse(instant));
    }

    @Test
    @DisplayName("S2.8: the JDK's abbreviations can be indexed ahead of the first time that needs them")
    void indexZoneAbbreviations_knowsTheJdksNames() {
        assertThat(H323Time.indexZoneAbbreviations()).isGreaterThan(100);
        assertThat(H323Time.indexZoneAbbreviations()).as("idempotent").isEqualTo(H323Time.indexZoneAbbreviations());
    }

    @Test
    @DisplayName("S2.8: an ambiguous abbreviation is settled by the installation's table or the gateway's zone")
    void toInstant_ambiguousAbbreviation_needsTableOrGatewayZone() {
        H323Time cst = H323Time.parse("12:00:00.000 CST Thu Jan 15 2026");
        assertThatThrownBy(cst::toInstant).isInstanceOf(RadiusFormatException.class)
                .hasMessageContaining("'CST' is ambiguous");
        assertThat(cst.toInstant(Map.of(), ZoneId.of("Asia/Shanghai"))).isEqualTo(Instant.parse(
                "2026-01-15T04:00:00Z"));
        assertThat(cst.toInstant(Map.of(), ZoneId.of("America/Chicago"))).isEqualTo(Instant.parse(
                "2026-01-15T18:00:00Z"));
        assertThat(cst.toInstant(Map.of("CST", ZoneId.of("America/Havana")), ZoneId.of("Asia/Shanghai")))
                .isEqualTo(Instant.parse("2026-01-15T17:00:00Z"));
    }
}
