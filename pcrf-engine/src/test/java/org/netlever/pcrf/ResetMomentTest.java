package org.netlever.pcrf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** S3.7: a stored reset moment in SoftWLC's form or ISO-8601, against the vectors in {@code reset-moments.txt}. */
class ResetMomentTest {

    private static List<String[]> vectors() throws IOException {
        List<String[]> vectors = new ArrayList<>();
        try (InputStream in = Objects.requireNonNull(ResetMomentTest.class.getResourceAsStream("reset-moments.txt"))) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    String[] f = line.split(" \\| ", 4);
                    assertThat(f).as(line).hasSize(4);
                    vectors.add(f);
                }
            }
        }
        return vectors;
    }

    @Test
    @DisplayName("S3.7: SoftWLC's stored form and ISO-8601 give the vectors' instants and zones")
    void parse_vectors_giveTheirInstantAndZone() throws IOException {
        int checked = 0;
        for (String[] v : vectors()) {
            if (v[1].equals("ERROR")) {
                continue;
            }
            ResetMoment moment = ResetMoment.parse(v[0]);
            assertThat(moment.instant()).as("%s (%s)", v[0], v[3]).isEqualTo(Instant.parse(v[1]));
            assertThat(moment.moment().getZone()).as("%s (%s)", v[0], v[3]).isEqualTo(ZoneId.of(v[2]));
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(10);
    }

    @Test
    @DisplayName("S3.7: unknown abbreviations, impossible dates, DST gaps and overlaps, wrong offsets are refused "
            + "with messages that say what")
    void parse_badVectors_areRefusedNamingTheProblem() throws IOException {
        int checked = 0;
        for (String[] v : vectors()) {
            if (v[1].equals("ERROR")) {
                assertThatThrownBy(() -> ResetMoment.parse(v[0])).as("%s (%s)", v[0], v[3])
                        .isInstanceOf(PcrfException.class).hasMessageContaining(v[2])
                        .hasMessageContaining(v[0]);
                checked++;
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(8);
    }

    @Test
    @DisplayName("S3.7: the installation's table names abbreviations netlever's does not, and overrides its own")
    void parse_installationTable_comesFirst() {
        Map<String, ZoneId> table = Map.of("IST", ZoneId.of("Asia/Kolkata"), "YEKT", ZoneId.of("Asia/Omsk"));
        assertThat(ResetMoment.parse("06/24/2019 - 07:00:00 IST", table).instant())
                .isEqualTo(Instant.parse("2019-06-24T01:30:00Z"));
        assertThat(ResetMoment.parse("06/24/2019 - 07:00:00 YEKT", table).instant())
                .as("an installation that means Omsk by YEKT gets Omsk").isEqualTo(Instant.parse("2019-06-24T01:00:00Z"));
        assertThat(ResetMoment.parse("06/24/2019 - 07:00:00 YEKT").instant())
                .isEqualTo(Instant.parse("2019-06-24T02:00:00Z"));
    }

    @Test
    @DisplayName("S3.7: the unknown-abbreviation error lists the abbreviations netlever does know")
    void parse_unknownAbbreviation_listsTheKnownOnes() {
        assertThatThrownBy(() -> ResetMoment.parse("06/24/2019 - 07:00:00 CST"))
                .hasMessageContaining("'CST'").hasMessageContaining("YEKT").hasMessageContaining("+0500");
    }
}
