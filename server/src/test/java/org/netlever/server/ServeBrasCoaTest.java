package org.netlever.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
import org.netlever.pcrf.ReauthFailure;

/**
 * S3.8 through {@code netlever serve}: a BRAS that sends both NAS-Identifier and NAS-IP-Address (the usual case)
 * gets its services-reauth CoA whether {@code bras.coa} names it by the one or the other; a BRAS no entry names gets
 * none, and that is counted in {@code /metrics} and shown with the subscriber instead of being retried for ever.
 */
class ServeBrasCoaTest {

    private static final String USER = BrasFixture.USER;

    @TempDir
    Path dir;

    private final MutableClock clock = BrasFixture.mondayMorning();
    private final BrasFixture bras = new BrasFixture();
    private final List<RadiusPacket> coas = bras.coas;
    private NetleverServer server;

    @AfterEach
    void tearDown() {
        bras.close();
    }

    /** Starts serve from the example, its {@code bras.coa} entry named {@code nas}. */
    private void serve(String nas) {
        server = bras.serve(dir, clock, nas);
    }

    private static RadiusPacket answered(RadiusOutcome outcome) {
        return BrasFixture.answered(outcome);
    }

    /** The BRAS authorizes the session and uses its two hours up, naming itself both ways in its accounting. */
    private void quotaUsedUpFrom(String nasIdentifier, String nasIpAddress) {
        try (RadiusClient client = bras.client()) {
            assertThat(answered(client.exchange(RadiusMessage.builder(PacketCode.ACCESS_REQUEST)
                    .string(AttributeType.USER_NAME, USER)
                    .avPair(AttributeType.ELTEX_AVPAIR, "pcrf-request", "session").build())).code())
                    .isEqualTo(PacketCode.ACCESS_ACCEPT);
            for (long seconds : new long[] {0, 7200}) {
                answered(client.exchange(RadiusMessage.builder(PacketCode.ACCOUNTING_REQUEST)
                        .add(Accounting.statusType(seconds == 0 ? AcctStatusType.START
                                : AcctStatusType.INTERIM_UPDATE))
                        .string(AttributeType.USER_NAME, USER)
                        .string(AttributeType.ACCT_SESSION_ID, "esr-session-1")
                        .string(AttributeType.NAS_IDENTIFIER, nasIdentifier)
                        .add(RadiusAttribute.ofIpv4(AttributeType.NAS_IP_ADDRESS, Ipv4Address.parse(nasIpAddress)))
                        .avPair(AttributeType.ELTEX_AVPAIR, "service-name", "limit2h1Gb")
                        .add(Accounting.sessionTime(Duration.ofSeconds(seconds))).build()));
            }
        }
    }

    private String metrics() throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + server.opsAddress().getPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    @DisplayName("bras.coa names the BRAS by NAS-Identifier, its accounting carries NAS-IP-Address too: CoA arrives")
    void byNasIdentifier_althoughTheBrasSendsItsAddressToo() {
        serve("esr-1");
        quotaUsedUpFrom("esr-1", "192.0.2.1");

        Await.until("the BRAS gets services-reauth", () -> coas.size() == 1);
        assertThat(coas.get(0).string(AttributeType.ACCT_SESSION_ID)).hasValue("esr-session-1");
        assertThat(server.pcrf().orElseThrow().state(USER).orElseThrow().reauthProblem()).isEmpty();
    }

    @Test
    @DisplayName("bras.coa names the BRAS by its NAS-IP-Address: CoA arrives")
    void byNasIpAddress() {
        serve("192.0.2.1");
        quotaUsedUpFrom("esr-1", "192.0.2.1");

        Await.until("the BRAS gets services-reauth", () -> coas.size() == 1);
    }

    @Test
    @DisplayName("a BRAS bras.coa does not name: counted and shown with the subscriber, not retried for ever")
    void unknownBras_isCountedAndShown() throws Exception {
        serve("esr-1");
        quotaUsedUpFrom("esr-2", "192.0.2.2");

        Await.until("the subscriber shows the problem", () -> server.pcrf().orElseThrow().state(USER).orElseThrow()
                .reauthProblem().isPresent());
        assertThat(server.pcrf().orElseThrow().state(USER).orElseThrow().reauthProblem().orElseThrow().failure())
                .isEqualTo(ReauthFailure.NO_ENDPOINT);
        assertThat(metrics()).contains("netlever_pcrf_reauth_failures_total{failure=\"no_endpoint\"} 1.0")
                .contains("netlever_pcrf_reauth_queued 0.0");
        assertThat(coas).isEmpty();
    }
}
