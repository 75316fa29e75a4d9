package org.netlever.aaa.radius.peer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netlever.aaa.call.AnswerOutcome;
import org.netlever.aaa.call.AuthorizationOutcome;
import org.netlever.aaa.call.Call;
import org.netlever.aaa.call.CallControl;
import org.netlever.aaa.call.CallPolicy;
import org.netlever.aaa.call.CallSetup;
import org.netlever.aaa.call.ReleaseOutcome;
import org.netlever.aaa.radius.AttributeType;
import org.netlever.aaa.radius.PacketCode;
import org.netlever.aaa.radius.RadiusMessage;
import org.netlever.aaa.radius.RadiusSecret;
import org.netlever.aaa.radius.attr.Accounting;
import org.netlever.aaa.radius.attr.AcctStatusType;
import org.netlever.aaa.radius.attr.ConfId;
import org.netlever.aaa.radius.attr.H323;
import org.netlever.aaa.radius.attr.Q850Cause;
import org.netlever.aaa.radius.client.RadiusClient;
import org.netlever.aaa.radius.client.RadiusOutcome;
import org.netlever.aaa.radius.client.RadiusServerDefinition;
import org.netlever.aaa.radius.client.ServerKind;

/**
 * netlever's RADIUS client and softswitch call control against a real FreeRADIUS 3.2 server (installed by .ci/run,
 * started here on loopback with its default configuration): authorization, accounting with Cisco VSAs that
 * FreeRADIUS decodes with its own dictionaries, and failover when the first server is down (S2.3–S2.9).
 */
class FreeRadiusPeerTest {

    private static final String SECRET = "freeradius-peer-secret";
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @TempDir
    static Path dir;
    private static FreeRadius freeRadius;
    private static DatagramSocket down;

    @BeforeAll
    static void start() throws IOException {
        freeRadius = FreeRadius.start(dir, SECRET, """
                alice\tCleartext-Password := "wonderland"
                \tSession-Timeout = 600,
                \tCisco-AVPair = "h323-credit-time=600",
                \tReply-Message = "Hello alice"

                74951234567\tAuth-Type := Accept
                \th323-return-code = "h323-return-code=0",
                \th323-credit-time = "h323-credit-time=120"
                """);
        down = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
    }

    @AfterAll
    static void stop() {
        if (down != null) {
            down.close();
        }
        if (freeRadius != null) {
            freeRadius.close();
        }
    }

    /** FreeRADIUS 3.2.1 predates BlastRADIUS: its replies carry no Message-Authenticator. */
    private static RadiusServerDefinition server(String name, InetSocketAddress address, ServerKind kind) {
        return new RadiusServerDefinition(name, address, kind, RadiusSecret.of(SECRET), 2, Duration.ofMillis(250),
                Duration.ofSeconds(30), false);
    }

    private static RadiusClient client() {
        return RadiusClient.builder().bindAddress(LOOPBACK).probeInterval(null)
                .accessServer(server("down", (InetSocketAddress) down.getLocalSocketAddress(), ServerKind.ACCESS))
                .accessServer(server("freeradius", freeRadius.authAddress(), ServerKind.ACCESS))
                .accountingServer(server("down", (InetSocketAddress) down.getLocalSocketAddress(),
                        ServerKind.ACCOUNTING))
                .accountingServer(server("freeradius", freeRadius.acctAddress(), ServerKind.ACCOUNTING))
                .build();
    }

    @Test
    void accessRequest_isAuthenticatedByFreeRadiusAfterFailingOverPastADownServer() {
        try (RadiusClient client = client()) {
            RadiusOutcome outcome = client.exchange(RadiusMessage.builder(PacketCode.ACCESS_REQUEST)
                    .string(AttributeType.USER_NAME, "alice")
                    .string(AttributeType.USER_PASSWORD, "wonderland").build());

            assertThat(outcome).isInstanceOfSatisfying(RadiusOutcome.Answered.class, answered -> {
                assertThat(answered.tried()).containsExactly("down", "freeradius");
                assertThat(answered.reply().code()).isEqualTo(PacketCode.ACCESS_ACCEPT);
                assertThat(answered.reply().integer(AttributeType.SESSION_TIMEOUT)).hasValue(600);
                assertThat(answered.reply().avPair(AttributeType.CISCO_AVPAIR, "h323-credit-time")).hasValue("600");
                assertThat(answered.reply().string(AttributeType.REPLY_MESSAGE)).hasValue("Hello alice");
            });
            RadiusOutcome wrongPassword = client.exchange(RadiusMessage.builder(PacketCode.ACCESS_REQUEST)
                    .string(AttributeType.USER_NAME, "alice")
                    .string(AttributeType.USER_PASSWORD, "looking-glass").build());
            assertThat(wrongPassword).isInstanceOfSatisfying(RadiusOutcome.Answered.class, answered ->
                    assertThat(answered.reply().code()).isEqualTo(PacketCode.ACCESS_REJECT));
        }
    }

    @Test
    void accounting_withCiscoVsas_isDecodedByFreeRadiusIntoItsDetailLog() {
        ConfId conf = ConfId.parse("8A1B2C3D 4E5F6071 8293A4B5 C6D7E8F9");
        try (RadiusClient client = client()) {
            RadiusOutcome outcome = client.exchange(RadiusMessage.builder(PacketCode.ACCOUNTING_REQUEST)
                    .add(Accounting.statusType(AcctStatusType.STOP))
                    .string(AttributeType.ACCT_SESSION_ID, "freeradius-call-1")
                    .string(AttributeType.USER_NAME, "74951234567")
                    .add(H323.confId(conf))
                    .add(H323.disconnectCause(Q850Cause.USER_BUSY))
                    .avPair(AttributeType.CISCO_AVPAIR, "xpgk-route-retries", "2")
                    .addAll(Accounting.inputOctets(5L << 32 | 7))
                    .build());

            assertThat(outcome).isInstanceOf(RadiusOutcome.Answered.class);
        }
        assertThat(freeRadius.detail()).contains("Acct-Session-Id = \"freeradius-call-1\"",
                "h323-conf-id = \"h323-conf-id=8A1B2C3D 4E5F6071 8293A4B5 C6D7E8F9\"",
                "h323-disconnect-cause = \"h323-disconnect-cause=11\"",
                "Cisco-AVPair = \"xpgk-route-retries=2\"", "Acct-Input-Gigawords = 5", "Acct-Input-Octets = 7");
    }

    @Test
    void softswitchCall_isAuthorizedAndAccountedByFreeRadius() {
        try (RadiusClient client = client()) {
            CallControl control = CallControl.builder(client).policy(CallPolicy.defaults().withStages(false, true,
                    true)).nasIdentifier("ecss-freeradius-test").build();
            Call call = control.newCall(CallSetup.of("74951234567", "74957654321"));

            assertThat(call.authorize()).isEqualTo(new AuthorizationOutcome.Authorized(
                    java.util.Optional.of(Duration.ofSeconds(120))));
            assertThat(call.answer()).isInstanceOf(AnswerOutcome.Proceed.class);
            assertThat(call.release(Q850Cause.NORMAL_CLEARING)).isEqualTo(new ReleaseOutcome.StopSent());
        }
        assertThat(freeRadius.detail()).contains("Acct-Status-Type = Start", "Acct-Status-Type = Stop",
                "NAS-Identifier = \"ecss-freeradius-test\"", "h323-disconnect-cause = \"h323-disconnect-cause=10\"",
                "Eltex-AVPair = \"xpgk-src-number-in=74951234567\"");
    }
}
