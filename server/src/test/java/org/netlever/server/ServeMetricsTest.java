package org.netlever.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.netlever.aaa.radius.PacketCode;
import org.netlever.aaa.radius.RadiusMessage;
import org.netlever.aaa.radius.RadiusPacket;
import org.netlever.aaa.radius.server.AsyncRadiusHandler;
import org.netlever.aaa.radius.server.RadiusClientDefinition;
import org.netlever.aaa.radius.server.RadiusHandler;
import org.netlever.aaa.radius.server.RadiusReply;
import org.netlever.aaa.radius.server.RadiusRequest;

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

    @Test
    void timed_asyncHandler_staysAsync_andIsTimedWhenItsReplyIsReady() {
        try (ServeMetrics metrics = new ServeMetrics()) {
            CompletableFuture<RadiusReply> later = new CompletableFuture<>();
            RadiusHandler timed = metrics.timed("softswitch", (AsyncRadiusHandler) (request, blocking) -> later);
            RadiusRequest request = new RadiusRequest(new RadiusPacket(1, new byte[16],
                    RadiusMessage.of(PacketCode.ACCOUNTING_REQUEST)), RadiusClientDefinition.of("ecss", "127.0.0.1",
                    "s"), new InetSocketAddress("127.0.0.1", 5000), Instant.parse("2026-12-01T10:00:00Z"));

            assertThat(timed).isInstanceOf(AsyncRadiusHandler.class);
            CompletableFuture<RadiusReply> reply = ((AsyncRadiusHandler) timed).handleAsync(request, Runnable::run)
                    .toCompletableFuture();
            assertThat(reply).isNotDone();
            assertThat(metrics.scrape()).doesNotContain("outcome=\"accounting_response\"");
            later.complete(RadiusReply.of(RadiusMessage.of(PacketCode.ACCOUNTING_RESPONSE)));

            assertThat(metrics.scrape()).contains("netlever_radius_handler_seconds_count{listener=\"softswitch\","
                    + "outcome=\"accounting_response\",request=\"accounting_request\"} 1");
        }
    }
}
