package org.netlever.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netlever.aaa.ip.Ipv4Address;
import org.netlever.aaa.radius.AttributeType;
import org.netlever.aaa.radius.PacketCode;
import org.netlever.aaa.radius.RadiusAttribute;
import org.netlever.aaa.radius.RadiusMessage;
import org.netlever.aaa.radius.RadiusPacket;
import org.netlever.aaa.radius.attr.Accounting;
import org.netlever.aaa.radius.attr.AcctStatusType;
import org.netlever.aaa.radius.client.RadiusClient;
import org.netlever.aaa.radius.client.RadiusOutcome;
import org.netlever.aaa.testing.Await;
import org.netlever.aaa.testing.MutableClock;
import org.netlever.pcrf.StepQuota;
import org.netlever.pcrf.SubscriberState;
import org.netlever.server.testing.ApiClient;
import org.netlever.server.testing.ExampleConfig;

/**
 * The PCRF half of the operations API (issue 15, docs/api.md) through a real {@code netlever serve} and a real BRAS:
 * the subscriber the BRAS authorized with its step, service, quotas and next reset in its zone and its open session;
 * a transition after the Interim-Update that used the quota up (S3.8); the services-reauth CoA it owed, sent or
 * failed; the dashboard's counters moving with it.
 */
class ServePcrfApiTest {

    private static final String USER = BrasFixture.USER;

    @TempDir
    Path dir;

    private final MutableClock clock = BrasFixture.mondayMorning();
    private final BrasFixture fixture = new BrasFixture();
    private NetleverServer server;
    private ApiClient api;

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    /** Starts serve from the example, its {@code bras.coa} entry named {@code nas}. */
    private void serve(String nas) {
        server = fixture.serve(dir, clock, nas);
        api = ApiClient.of(server.opsAddress(), ExampleConfig.READ_TOKEN);
    }

    private static RadiusPacket answered(RadiusOutcome outcome) {
        return BrasFixture.answered(outcome);
    }

    private RadiusClient bras() {
        return fixture.client();
    }

    private static void authorize(RadiusClient bras) {
        assertThat(answered(bras.exchange(RadiusMessage.builder(PacketCode.ACCESS_REQUEST)
                .string(AttributeType.USER_NAME, USER)
                .avPair(AttributeType.ELTEX_AVPAIR, "pcrf-request", "session").build())).code())
                .isEqualTo(PacketCode.ACCESS_ACCEPT);
    }

    private static void account(RadiusClient bras, String nas, long seconds, long inputOctets) {
        answered(bras.exchange(RadiusMessage.builder(PacketCode.ACCOUNTING_REQUEST)
                .add(Accounting.statusType(seconds == 0 ? AcctStatusType.START : AcctStatusType.INTERIM_UPDATE))
                .string(AttributeType.USER_NAME, USER)
                .string(AttributeType.ACCT_SESSION_ID, "esr-session-1")
                .string(AttributeType.NAS_IDENTIFIER, nas)
                .add(RadiusAttribute.ofIpv4(AttributeType.NAS_IP_ADDRESS, Ipv4Address.parse("192.0.2.1")))
                .add(RadiusAttribute.ofInteger(AttributeType.ACCT_INPUT_OCTETS, (int) inputOctets))
                .avPair(AttributeType.ELTEX_AVPAIR, "service-name", "limit2h1Gb")
                .add(Accounting.sessionTime(Duration.ofSeconds(seconds))).build()));
    }

    private JsonNode ok(String path) {
        ApiClient.Answer answer = api.get(path);
        assertThat(answer.status()).as(path + ": " + answer.text()).isEqualTo(200);
        return answer.body();
    }

    @Test
    @DisplayName("issue 15: the subscriber's step, quotas in its zone and session; a transition after an interim")
    void pcrfPages_showTheSubscriber_andATransitionAfterAnInterim_andTheDashboardMoves() {
        serve("esr-1");
        JsonNode before = ok("/api/v1/dashboard");
        assertThat(before.get("leader").asBoolean()).isTrue();
        assertThat(before.get("at").asText()).isEqualTo(clock.instant().toString());

        try (RadiusClient bras = bras()) {
            authorize(bras);
            account(bras, "esr-1", 0, 0);
            account(bras, "esr-1", 600, 1000);

            JsonNode page = ok("/api/v1/pcrf/subscribers?subscriber=" + USER);
            assertThat(page.get("items")).hasSize(1);
            assertThat(page.get("next").isNull()).isTrue();
            JsonNode s = page.get("items").get(0);
            SubscriberState state = server.pcrf().orElseThrow().state(USER).orElseThrow();
            assertThat(s.get("subscriber").asText()).isEqualTo(USER);
            assertThat(s.get("domain").asText()).isEqualTo("Auto1_test.Sibir.OTT.root");
            assertThat(s.get("zone").asText()).isEqualTo("Asia/Yekaterinburg");
            assertThat(s.get("tariffPlan").asText()).isEqualTo("limitTP");
            assertThat(s.get("scenario").asText()).isEqualTo("limit");
            assertThat(s.get("step").asInt()).isZero();
            assertThat(s.get("service").asText()).isEqualTo("limit2h1Gb");
            JsonNode quota = s.get("quotas").get(0);
            StepQuota q = state.steps().get(0);
            assertThat(quota.get("step").asInt()).isZero();
            assertThat(quota.get("service").asText()).isEqualTo("limit2h1Gb");
            assertThat(quota.get("remainingSeconds").asLong()).isEqualTo(2 * 3600 - 600)
                    .isEqualTo(q.remainingTime().orElseThrow().toSeconds());
            assertThat(quota.get("remainingOctets").asLong()).isEqualTo(q.remainingVolume().getAsLong());
            assertThat(quota.get("nextReset").isNull()).as("limit2h1Gb has no cron limit").isTrue();
            // S3.5: blocking's cron moment in the subscriber's zone, with its offset: 07:00 local (+05:00), not UTC.
            JsonNode blocking = s.get("quotas").get(1);
            assertThat(blocking.get("service").asText()).isEqualTo("blocking");
            assertThat(blocking.get("nextReset").asText()).isEqualTo(DateTimeFormatter.ISO_OFFSET_DATE_TIME
                    .format(state.steps().get(1).nextCronLocal().orElseThrow())).isEqualTo("2026-11-24T07:00:00+05:00");
            assertThat(blocking.get("remainingSeconds").isNull()).as("blocking has no time quota").isTrue();
            assertThat(blocking.get("remainingOctets").isNull()).isTrue();
            JsonNode session = s.get("sessions").get(0);
            assertThat(session.get("id").asText()).isEqualTo("esr-session-1");
            assertThat(session.get("service").asText()).isEqualTo("limit2h1Gb");
            assertThat(session.get("nas").asText()).isEqualTo("esr-1");
            assertThat(session.get("seconds").asLong()).isEqualTo(600);
            assertThat(session.get("inputOctets").asLong()).isEqualTo(1000);
            assertThat(s.get("reauthPending").asBoolean()).isFalse();
            assertThat(ok("/api/v1/pcrf/subscribers/" + USER)).isEqualTo(s);
            assertThat(ok("/api/v1/pcrf/transitions").get("items")).isEmpty();

            clock.advance(Duration.ofHours(2));
            account(bras, "esr-1", 7200, 2000);
        }

        JsonNode transitions = ok("/api/v1/pcrf/transitions?subscriber=" + USER);
        assertThat(transitions.get("items")).hasSize(1);
        JsonNode t = transitions.get("items").get(0);
        assertThat(t.get("subscriber").asText()).isEqualTo(USER);
        assertThat(t.get("fromStep").asInt()).isZero();
        assertThat(t.get("toStep").asInt()).isEqualTo(1);
        assertThat(t.get("at").asText()).isEqualTo(clock.instant().toString());
        assertThat(t.get("reason").asText()).isEqualTo(server.pcrf().orElseThrow().history(USER, 10).get(0).reason()
                .name());
        assertThat(ok("/api/v1/pcrf/subscribers?step=1").get("items").get(0).get("subscriber").asText())
                .isEqualTo(USER);
        assertThat(ok("/api/v1/pcrf/subscribers?step=0").get("items")).isEmpty();
        assertThat(ok("/api/v1/pcrf/subscribers?domain=Auto1_test.Sibir.OTT.root").get("items")).hasSize(1);
        assertThat(ok("/api/v1/pcrf/subscribers?domain=other").get("items")).isEmpty();

        Await.until("the BRAS acknowledged the services-reauth", () -> server.pcrf().orElseThrow().reauthSent() == 1);
        assertThat(ok("/api/v1/pcrf/subscribers/" + USER).get("reauthPending").asBoolean()).isFalse();
        assertThat(ok("/api/v1/pcrf/coa").get("items")).isEmpty();
        JsonNode after = ok("/api/v1/dashboard");
        JsonNode counters = after.get("counters");
        assertThat(counters.get("pcrfTransitions").asLong()).isEqualTo(1);
        assertThat(counters.get("coaSent").asLong()).isEqualTo(1);
        assertThat(counters.get("coaFailed").asLong()).isZero();
        assertThat(counters.get("accountingRequests").asLong() - before.get("counters").get("accountingRequests")
                .asLong()).isEqualTo(3);
        assertThat(counters.get("radiusRequests").asLong() - before.get("counters").get("radiusRequests").asLong())
                .isEqualTo(4);
        assertThat(after.get("queues").get("coaOwed").asLong()).isZero();
        assertThat(after.get("queues").fieldNames()).toIterable().containsExactlyInAnyOrder("nasSyncPending",
                "nasSyncFailed", "coaOwed", "coaFailed", "reservations");
        assertThat(after.fieldNames()).toIterable().containsExactlyInAnyOrder("at", "leader", "counters", "queues",
                "schedulerLagMillis", "leases");
        assertThat(after.get("leases").get("active").isIntegralNumber()).isTrue();
    }

    @Test
    @DisplayName("issue 15: a services-reauth for a BRAS bras.coa does not name is listed as failed, with why")
    void coa_forAnUnknownBras_isListedAsFailed() {
        serve("esr-1");
        try (RadiusClient bras = bras()) {
            authorize(bras);
            account(bras, "esr-2", 0, 0);
            clock.advance(Duration.ofHours(2));
            account(bras, "esr-2", 7200, 0);
        }
        Await.until("the engine gave the CoA up", () -> server.pcrf().orElseThrow().state(USER).orElseThrow()
                .reauthProblem().isPresent() && !server.pcrf().orElseThrow().reauthStatus(USER).orElseThrow()
                .pending());

        JsonNode failed = ok("/api/v1/pcrf/coa?state=failed").get("items");
        assertThat(failed).hasSize(1);
        assertThat(failed.get(0).get("subscriber").asText()).isEqualTo(USER);
        assertThat(failed.get(0).get("state").asText()).isEqualTo("failed");
        assertThat(failed.get(0).get("lastError").asText()).startsWith("NO_ENDPOINT");
        assertThat(failed.get(0).get("since").asText()).isEqualTo(clock.instant().toString());
        assertThat(ok("/api/v1/pcrf/coa").get("items")).isEqualTo(failed);
        assertThat(ok("/api/v1/pcrf/coa?state=owed").get("items")).isEmpty();
        assertThat(ok("/api/v1/dashboard").get("queues").get("coaFailed").asLong()).isEqualTo(1);
    }

    @Test
    @DisplayName("issue 15: bad filters and cursors are 400 naming the parameter; an unknown subscriber is 404")
    void badInput_isRefusedWithTheField() {
        serve("esr-1");
        assertThat(api.get("/api/v1/pcrf/subscribers?step=x").body().get("field").asText()).isEqualTo("step");
        assertThat(api.get("/api/v1/pcrf/subscribers?reauth=yes").body().get("field").asText()).isEqualTo("reauth");
        assertThat(api.get("/api/v1/pcrf/subscribers?stpe=1").body().get("field").asText()).isEqualTo("stpe");
        assertThat(api.get("/api/v1/pcrf/transitions?from=yesterday").body().get("field").asText()).isEqualTo("from");
        assertThat(api.get("/api/v1/pcrf/coa?state=lost").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/pcrf/transitions?cursor=Zm9v").body().get("field").asText()).isEqualTo("cursor");
        assertThat(api.get("/api/v1/pcrf/subscribers/nobody").status()).isEqualTo(404);
        assertThat(api.get("/api/v1/dashboard?x=1").status()).isEqualTo(400);
        assertThat(api.withToken(null).get("/api/v1/dashboard").status()).isEqualTo(401);
    }
}
