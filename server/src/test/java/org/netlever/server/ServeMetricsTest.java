package org.netlever.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What {@link ServeMetrics} publishes for call attribute problems (issue 12). */
class ServeMetricsTest {

    @Test
    @DisplayName("S2.4-S2.8: attribute problems are counted by attribute in snake_case, and a client cannot grow "
            + "the scrape past the label limit")
    void callAttributeProblem_manyNames_areCappedIntoOther() {
        try (ServeMetrics metrics = new ServeMetrics()) {
            metrics.callAttributeProblem("h323-connect-time");
            metrics.callAttributeProblem("h323-connect-time");
            for (int i = 0; i < 2 * ServeMetrics.MAX_ATTRIBUTE_LABELS; i++) {
                metrics.callAttributeProblem("xpgk-src-made-up-" + i);
            }

            String scrape = metrics.scrape();
            assertThat(scrape).contains("netlever_call_attribute_problems_total{attribute=\"h323_connect_time\"} 2.0");
            assertThat(scrape.lines().filter(l -> l.startsWith("netlever_call_attribute_problems_total{")))
                    .hasSize(ServeMetrics.MAX_ATTRIBUTE_LABELS + 1);
            assertThat(scrape).contains("netlever_call_attribute_problems_total{attribute=\"other\"} "
                    + (ServeMetrics.MAX_ATTRIBUTE_LABELS + 1) + ".0");
        }
    }
}
