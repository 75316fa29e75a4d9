package org.netlever.aaa.radius.peer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.netlever.aaa.call.CallAaaHandler;
import org.netlever.aaa.call.CallStop;
import org.netlever.aaa.call.InMemoryCallAccounting;
import org.netlever.aaa.call.UnparsedAttribute;
import org.netlever.aaa.radius.server.MessageAuthenticatorPolicy;
import org.netlever.aaa.radius.server.RadiusClientDefinition;
import org.netlever.aaa.radius.server.RadiusServer;

/**
 * FreeRADIUS's radclient sends Eltex SMG-layout Stops and their variants from the attribute files in
 * {@code radius/smg/} (sources in SOURCES.md there) to netlever's server with {@link CallAaaHandler} (S2.7, S2.8).
 */
class RadclientSmgVariantsTest {

    private static final String SECRET = "radclient-smg-secret";

    @TempDir
    Path dir;

    private final InMemoryCallAccounting ledger = new InMemoryCallAccounting();
    private final CallAaaHandler billing = CallAaaHandler.builder().accounting(ledger).build();
    private RadiusServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static String file(String name) throws IOException {
        try (InputStream in = RadclientSmgVariantsTest.class.getResourceAsStream("/radius/smg/" + name
                + ".radclient")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest(name = "{0}")
    @DisplayName("S2.7, S2.8: radclient's SMG-layout Stops are answered and recorded with the times that parse")
    @CsvSource({
        "stop-tzdata-yekaterinburg, 2026-11-21T09:59:50Z, 2026-11-21T10:00:00Z, 16, ''",
        "stop-numeric-zones-without-milliseconds, 2026-11-21T09:59:50Z, 2026-11-21T10:00:00Z, 16, ''",
        "stop-unparsable-optional-values, 2026-11-21T10:00:00Z, 2026-11-21T10:00:00Z, 31, "
                + "h323-setup-time h323-connect-time h323-disconnect-cause"})
    void stop_smgVariant_isAnsweredAndRecorded(String name, String setup, String answer, int cause,
            String unparsed) throws IOException {
        server = RadiusServer.builder()
                .authAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .acctAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .client(RadiusClientDefinition.of("smg", "127.0.0.1", SECRET, MessageAuthenticatorPolicy.REQUIRE))
                .handler(billing).start();

        Radclient.Run run = Radclient.run(dir, file(name), "-r", "1", "-t", "3",
                "127.0.0.1:" + server.acctAddress().getPort(), "acct", SECRET);

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.onlyReply().code()).isEqualTo("Accounting-Response");
        CallStop stop = ledger.stops().get(0);
        assertThat(stop.setupTime()).isEqualTo(Instant.parse(setup));
        assertThat(stop.answerTime()).hasValue(Instant.parse(answer));
        assertThat(stop.endTime()).isEqualTo(Instant.parse("2026-11-21T10:01:05Z"));
        assertThat(stop.sessionTime()).isEqualTo(Duration.ofSeconds(65));
        assertThat(stop.cause().value()).isEqualTo(cause);
        assertThat(stop.calling().digits()).isEqualTo("74951234567");
        assertThat(stop.called().digits()).isEqualTo("74957654321");
        assertThat(String.join(" ", stop.unparsed().stream().map(UnparsedAttribute::attribute).toList()))
                .isEqualTo(unparsed);
        assertThat(billing.attributeProblems()).hasSize(unparsed.isEmpty() ? 0 : 3)
                .allSatisfy((attribute, count) -> assertThat(count).isEqualTo(1L));
        assertThat(Map.copyOf(billing.attributeProblems()).keySet()).allMatch(unparsed::contains);
    }
}
