package org.netlever.aaa.radius.attr;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TimeZone;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.netlever.aaa.testing.Peers;

/** The Russian zone table (S3.7, S2.8) against its documented vectors, the JDK's zone rules and the machine's tzdata. */
class ZoneAbbreviationsTest {

    private record Row(String abbreviation, ZoneId zone, Instant at, ZoneOffset offset, String jdkName,
            String source) {
    }

    private static List<Row> rows() throws IOException {
        List<Row> rows = new ArrayList<>();
        try (InputStream in = Objects.requireNonNull(
                ZoneAbbreviationsTest.class.getResourceAsStream("russian-zones.csv"))) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split(",", 6);
                rows.add(new Row(f[0], ZoneId.of(f[1]), Instant.parse(f[2]), ZoneOffset.of(f[3]), f[4], f[5]));
            }
        }
        return rows;
    }

    @Test
    @DisplayName("S3.7: the table is exactly the documented vectors' abbreviations and regions")
    void russian_isTheDocumentedTable() throws IOException {
        Map<String, ZoneId> documented = new TreeMap<>();
        for (Row r : rows()) {
            assertThat(documented.putIfAbsent(r.abbreviation(), r.zone())).as(r.abbreviation())
                    .isIn(null, r.zone());
            assertThat(r.source()).as("every vector names its source").isNotBlank();
        }
        assertThat(ZoneAbbreviations.russian()).isEqualTo(documented);
    }

    @Test
    @DisplayName("S3.7: each abbreviation's region has the documented offset in the JDK's rules, and Java programs "
            + "(SoftWLC) write the documented name")
    void russian_offsetsAndNames_areTheJdks() throws IOException {
        for (Row r : rows()) {
            assertThat(r.zone().getRules().getOffset(r.at())).as("%s at %s (%s)", r.abbreviation(), r.at(),
                    r.source()).isEqualTo(r.offset());
            assertThat(TimeZone.getTimeZone(r.zone()).getDisplayName(false, TimeZone.SHORT, Locale.ENGLISH))
                    .as("the JDK's short name of %s", r.zone()).isEqualTo(r.jdkName());
        }
    }

    @Test
    @DisplayName("S3.7: the machine's tzdata (date(1) with TZ) gives every vector the documented offset")
    void russian_offsets_areTheMachinesTzdata() throws Exception {
        String date = Peers.require("date", "coreutils");
        for (Row r : rows()) {
            if (!Files.exists(Path.of("/usr/share/zoneinfo", r.zone().getId()))) {
                Peers.unavailable("no tzdata for " + r.zone() + " (Debian package tzdata)");
            }
            ProcessBuilder pb = new ProcessBuilder(date, "-d", "@" + r.at().getEpochSecond(), "+%z")
                    .redirectErrorStream(true);
            pb.environment().put("TZ", ":" + r.zone().getId());
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(ZoneOffset.of(out)).as("tzdata's %s at %s (%s)", r.zone(), r.at(), r.source())
                    .isEqualTo(r.offset());
        }
    }
}
