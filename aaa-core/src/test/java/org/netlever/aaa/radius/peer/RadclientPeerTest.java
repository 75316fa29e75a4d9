package org.netlever.aaa.radius.peer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netlever.aaa.call.AuthorizationDecision;
import org.netlever.aaa.call.CallAaaHandler;
import org.netlever.aaa.call.CallNumber;
import org.netlever.aaa.call.InMemoryCallAccounting;
import org.netlever.aaa.call.RouteReply;
import org.netlever.aaa.radius.attr.Q850Cause;
import org.netlever.aaa.radius.attr.ConfId;
import org.netlever.aaa.radius.server.MessageAuthenticatorPolicy;
import org.netlever.aaa.radius.server.RadiusClientDefinition;
import org.netlever.aaa.radius.server.RadiusHandler;
import org.netlever.aaa.radius.server.RadiusServer;
import org.netlever.aaa.testing.Await;

/**
 * FreeRADIUS's radclient (a real peer, installed by .ci/run) drives netlever's RADIUS server (S2): with and without
 * Message-Authenticator, accounting with Cisco VSAs, identical retransmissions, a wrong secret. radclient decodes
 * the replies with FreeRADIUS's own dictionaries — and with netlever's curated one alone.
 */
class RadclientPeerTest {

    private static final String SECRET = "radclient-peer-secret";

    @TempDir
    Path dir;

    private RadiusServer server;
    private final InMemoryCallAccounting ledger = new InMemoryCallAccounting();
    private final AtomicInteger authorizations = new AtomicInteger();

    private final CallAaaHandler billing = CallAaaHandler.builder()
            .router(request -> RouteReply.rewriteCalled(CallNumber.of("74957654321").with("numtype", "national")))
            .authorizer(request -> {
                authorizations.incrementAndGet();
                return AuthorizationDecision.acceptFor(Duration.ofSeconds(300));
            })
            .accounting(ledger)
            .build();

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private RadiusServer start(MessageAuthenticatorPolicy policy, RadiusHandler handler) {
        server = RadiusServer.builder()
                .authAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .acctAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .client(RadiusClientDefinition.of("radclient", "127.0.0.1", SECRET, policy))
                .handler(handler).start();
        return server;
    }

    private static String target(InetSocketAddress address) {
        return "127.0.0.1:" + address.getPort();
    }

    private static final String AUTHORIZATION = """
            User-Name = "74951234567"
            User-Password = "eltex"
            Acct-Session-Id = "call-1"
            Calling-Station-Id = "74951234567"
            Called-Station-Id = "74957654321"
            Eltex-AVPair = "xpgk-request-type=check_call"
            """;

    @Test
    void accessRequest_withMessageAuthenticator_isAcceptedAndFreeRadiusDecodesTheReply() {
        start(MessageAuthenticatorPolicy.REQUIRE, billing);

        Radclient.Run run = Radclient.run(dir, AUTHORIZATION + "Message-Authenticator = 0x00\n", "-r", "1", "-t", "3",
                target(server.authAddress()), "auth", SECRET);

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        Radclient.Reply reply = run.onlyReply();
        assertThat(reply.code()).isEqualTo("Access-Accept");
        assertThat(reply.attributes()).contains("h323-return-code = \"h323-return-code=0\"",
                "h323-credit-time = \"h323-credit-time=300\"", "Session-Timeout = 300");
        assertThat(reply.attributes()).anySatisfy(line -> assertThat(line).startsWith("Message-Authenticator = 0x"));
    }

    @Test
    void routingReply_isDecodedByFreeRadiusDictionariesAsEltexAvPairs() {
        start(MessageAuthenticatorPolicy.REQUIRE, billing);
        String routing = AUTHORIZATION.replace("check_call", "number") + "Message-Authenticator = 0x00\n";

        Radclient.Run run = Radclient.run(dir, routing, "-r", "1", "-t", "3", target(server.authAddress()), "auth",
                SECRET);

        assertThat(run.onlyReply().attributes())
                .contains("Eltex-AVPair = \"CallManagement:CdPNin=74957654321;numtype=national\"");
    }

    @Test
    void accessRequest_withoutMessageAuthenticator_isDroppedUnderRequireAndAcceptedUnderOff() {
        start(MessageAuthenticatorPolicy.REQUIRE, billing);
        Radclient.Run dropped = Radclient.run(dir, AUTHORIZATION, "-r", "1", "-t", "1", target(server.authAddress()),
                "auth", SECRET);
        assertThat(dropped.exitCode()).isEqualTo(1);
        assertThat(dropped.stdout() + dropped.stderr()).contains("No reply");
        assertThat(server.stats().missingMessageAuthenticator()).isEqualTo(1);
        server.close();

        start(MessageAuthenticatorPolicy.OFF, billing);
        Radclient.Run accepted = Radclient.run(dir, AUTHORIZATION, "-r", "1", "-t", "3",
                target(server.authAddress()), "auth", SECRET);
        assertThat(accepted.onlyReply().code()).isEqualTo("Access-Accept");
    }

    @Test
    void accounting_withCiscoVsas_isAcknowledgedAndRecorded() {
        start(MessageAuthenticatorPolicy.REQUIRE, billing);
        String start = """
                Acct-Status-Type = Start
                User-Name = "74951234567"
                Acct-Session-Id = "call-7"
                Calling-Station-Id = "74951234567"
                Called-Station-Id = "74957654321"
                h323-conf-id = "h323-conf-id=8A1B2C3D 4E5F6071 8293A4B5 C6D7E8F9"
                h323-setup-time = "h323-setup-time=*12:00:00.000 MSK Sat Nov 21 2026"
                h323-connect-time = "h323-connect-time=*12:00:07.250 MSK Sat Nov 21 2026"
                h323-call-origin = "h323-call-origin=answer"
                h323-call-type = "h323-call-type=VoIP"
                Cisco-AVPair = "xpgk-src-numtype=subscriber"
                """;

        Radclient.Run run = Radclient.run(dir, start, "-r", "1", "-t", "3", target(server.acctAddress()), "acct",
                SECRET);

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.onlyReply().code()).isEqualTo("Accounting-Response");
        assertThat(ledger.starts()).singleElement().satisfies(record -> {
            assertThat(record.confId()).hasValue(ConfId.parse("8A1B2C3D 4E5F6071 8293A4B5 C6D7E8F9"));
            assertThat(record.setupTime()).hasToString("2026-11-21T09:00:00Z");
            assertThat(record.answerTime()).hasToString("2026-11-21T09:00:07.250Z");
            assertThat(record.calling().numberType()).hasValue("subscriber");
        });
    }

    @Test
    void retransmissions_ofARequestStillBeingHandled_areDiscardedAndAnsweredOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        start(MessageAuthenticatorPolicy.REQUIRE, request -> {
            release.await(20, TimeUnit.SECONDS);
            return billing.handle(request);
        });
        Thread releaser = new Thread(() -> {
            Await.until("radclient retransmits twice", Duration.ofSeconds(20),
                    () -> server.stats().duplicatesInProgress() >= 2);
            release.countDown();
        });
        releaser.start();

        Radclient.Run run = Radclient.run(dir, AUTHORIZATION + "Message-Authenticator = 0x00\n", "-r", "4", "-t",
                "1", target(server.authAddress()), "auth", SECRET);
        releaser.join();

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.onlyReply().code()).isEqualTo("Access-Accept");
        assertThat(authorizations).hasValue(1);
        assertThat(server.stats().duplicatesInProgress()).isGreaterThanOrEqualTo(2);
        assertThat(server.stats().answered()).isEqualTo(1);
    }

    @Test
    void wrongSecret_getsNoAnswerAndIsCounted() {
        start(MessageAuthenticatorPolicy.REQUIRE, billing);

        Radclient.Run run = Radclient.run(dir, AUTHORIZATION + "Message-Authenticator = 0x00\n", "-r", "1", "-t",
                "1", target(server.authAddress()), "auth", "not-the-secret");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.replies()).isEmpty();
        Await.until("the drop is counted", () -> server.stats().badAuthenticator() == 1);
        assertThat(authorizations).hasValue(0);
    }

    @Test
    void curatedDictionary_alone_isReadByRadclient() throws IOException {
        start(MessageAuthenticatorPolicy.REQUIRE, billing);
        Path curated = Files.createDirectories(dir.resolve("curated"));
        for (String name : List.of("dictionary", "dictionary.rfc2865", "dictionary.rfc2866", "dictionary.rfc2869",
                "dictionary.rfc5176", "dictionary.cisco", "dictionary.eltex")) {
            try (InputStream in = RadclientPeerTest.class.getResourceAsStream("/org/netlever/aaa/radius/" + name)) {
                Files.copy(in, curated.resolve(name));
            }
        }
        Path local = Files.createDirectories(dir.resolve("local"));
        Files.writeString(local.resolve("dictionary"), "ATTRIBUTE\tPacket-Src-IP-Address\t1084\tipaddr\tvirtual\n");
        String stop = """
                Acct-Status-Type = Stop
                Acct-Session-Id = "call-8"
                Calling-Station-Id = "74951234567"
                Called-Station-Id = "74957654321"
                h323-disconnect-cause = "h323-disconnect-cause=11"
                Eltex-Disconnect-Code-Local = User-Busy
                Acct-Session-Time = 0
                """;

        Radclient.Run run = Radclient.run(dir, stop, "-D", curated.toString(), "-d", local.toString(), "-r", "1",
                "-t", "3", target(server.acctAddress()), "acct", SECRET);

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(ledger.stops()).singleElement().satisfies(record -> {
            assertThat(record.cause()).isEqualTo(Q850Cause.USER_BUSY);
            assertThat(record.answered()).isFalse();
        });
    }
}
