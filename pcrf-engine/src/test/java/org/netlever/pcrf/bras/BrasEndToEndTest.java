package org.netlever.pcrf.bras;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.netlever.aaa.radius.AttributeType;
import org.netlever.aaa.radius.AvPair;
import org.netlever.aaa.radius.PacketCode;
import org.netlever.aaa.radius.RadiusMessage;
import org.netlever.aaa.radius.RadiusPacket;
import org.netlever.aaa.radius.RadiusSecret;
import org.netlever.aaa.radius.attr.Accounting;
import org.netlever.aaa.radius.attr.AcctStatusType;
import org.netlever.aaa.radius.client.CoaClient;
import org.netlever.aaa.radius.client.RadiusClient;
import org.netlever.aaa.radius.client.RadiusOutcome;
import org.netlever.aaa.radius.client.RadiusServerDefinition;
import org.netlever.aaa.radius.client.ServerKind;
import org.netlever.aaa.radius.server.RadiusClientDefinition;
import org.netlever.aaa.radius.server.RadiusReply;
import org.netlever.aaa.radius.server.RadiusServer;
import org.netlever.aaa.store.Database;
import org.netlever.aaa.testing.Await;
import org.netlever.aaa.testing.MutableClock;
import org.netlever.pcrf.AccountingProblem;
import org.netlever.pcrf.PcrfEngine;
import org.netlever.pcrf.Seed;

/**
 * The addendum's end-to-end story over loopback UDP: a simulated BRAS (netlever's RADIUS client, and a RADIUS server
 * listening for CoA) authorizes a subscriber, asks for its services, sends interim accounting until the quota is
 * gone, receives the CoA services-reauth, re-requests its services and gets the blocking service, then gets the quota
 * service back after the 07:00 Yekaterinburg reset (S3.1–S3.10).
 */
class BrasEndToEndTest {

    private static final String SECRET = "bras-pcrf-secret";
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final ZoneId YEKT = ZoneId.of("Asia/Yekaterinburg");
    private static final String USER = "79139001234";

    private final MutableClock clock = new MutableClock(ZonedDateTime.of(LocalDateTime.parse("2026-11-23T09:00:00"),
            YEKT).toInstant());
    private final List<RadiusPacket> coas = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private PcrfEngine engine;
    private RadiusClient bras;

    private <T extends AutoCloseable> T closing(T closeable) {
        closeables.add(closeable);
        return closeable;
    }

    private static InetSocketAddress any() {
        return new InetSocketAddress(LOOPBACK, 0);
    }

    @BeforeEach
    void setUp() {
        Database db = closing(Database.h2InMemory());
        // The BRAS's CoA listener (the NAS side of RFC 5176): acknowledges services-reauth.
        RadiusServer brasCoa = closing(RadiusServer.builder().authAddress(any()).acctAddress(any()).coaAddress(any())
                .client(RadiusClientDefinition.of("pcrf", "127.0.0.1", SECRET))
                .handler(request -> {
                    coas.add(request.packet());
                    return RadiusReply.of(RadiusMessage.of(PacketCode.COA_ACK));
                }).start());
        CoaClient coaClient = closing(CoaClient.bound(LOOPBACK));
        RadiusServerDefinition brasEndpoint = new RadiusServerDefinition("esr-1", brasCoa.coaAddress().orElseThrow(),
                ServerKind.DYNAMIC_AUTHORIZATION, RadiusSecret.of(SECRET), 2, Duration.ofMillis(200),
                Duration.ofSeconds(30), true);
        engine = closing(PcrfEngine.builder(db, Seed.definitions()).clock(clock)
                .notifier(CoaBrasNotifier.single(coaClient, brasEndpoint)).build());
        RadiusServer pcrf = closing(RadiusServer.builder().authAddress(any()).acctAddress(any())
                .client(RadiusClientDefinition.of("esr-1", "127.0.0.1", SECRET))
                .handler(new BrasHandler(engine, PlanDirectory.of(Map.of(USER,
                        new PlanDirectory.Assignment("Auto1_test.Sibir.OTT.root", "limitTP"))))).start());
        bras = closing(RadiusClient.builder().bindAddress(LOOPBACK).probeInterval(null)
                .accessServer(new RadiusServerDefinition("pcrf", pcrf.authAddress(), ServerKind.ACCESS,
                        RadiusSecret.of(SECRET), 2, Duration.ofMillis(500), Duration.ofSeconds(30), true))
                .accountingServer(new RadiusServerDefinition("pcrf", pcrf.acctAddress(), ServerKind.ACCOUNTING,
                        RadiusSecret.of(SECRET), 2, Duration.ofMillis(500), Duration.ofSeconds(30), true))
                .build());
    }

    @AfterEach
    void tearDown() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }

    private RadiusPacket ask(String kind) {
        RadiusOutcome outcome = bras.exchange(RadiusMessage.builder(PacketCode.ACCESS_REQUEST)
                .string(AttributeType.USER_NAME, USER)
                .avPair(AttributeType.ELTEX_AVPAIR, "pcrf-request", kind).build());
        assertThat(outcome).isInstanceOf(RadiusOutcome.Answered.class);
        return ((RadiusOutcome.Answered) outcome).reply();
    }

    private void account(AcctStatusType type, long seconds, long octets) {
        RadiusOutcome outcome = bras.exchange(RadiusMessage.builder(PacketCode.ACCOUNTING_REQUEST)
                .add(Accounting.statusType(type))
                .string(AttributeType.USER_NAME, USER)
                .string(AttributeType.ACCT_SESSION_ID, "esr-session-1")
                .string(AttributeType.NAS_IDENTIFIER, "esr-1")
                .avPair(AttributeType.ELTEX_AVPAIR, "service-name", "limit2h1Gb")
                .add(Accounting.sessionTime(Duration.ofSeconds(seconds)))
                .addAll(Accounting.inputOctets(octets / 4))
                .addAll(Accounting.outputOctets(octets - octets / 4))
                .build());
        assertThat(outcome).as("Accounting-Response").isInstanceOf(RadiusOutcome.Answered.class);
    }

    private static List<AvPair> pairs(RadiusPacket packet) {
        return packet.avPairs(AttributeType.ELTEX_AVPAIR);
    }

    @Test
    void seedStory_overRadius_quotaGoneCoaBlockingThenResetAtSeven() {
        RadiusPacket session = ask("session");
        assertThat(session.code()).isEqualTo(PacketCode.ACCESS_ACCEPT);
        assertThat(Accounting.sessionTimeout(session)).hasValue(Duration.ofHours(24));
        assertThat(session.integer(AttributeType.IDLE_TIMEOUT)).hasValue(600);
        assertThat(pairs(session)).contains(AvPair.of("tariff-plan", "limitTP"), AvPair.of("service-name",
                "limit2h1Gb"));

        RadiusPacket quota = ask("service");
        assertThat(pairs(quota)).contains(AvPair.of("service-name", "limit2h1Gb"),
                AvPair.of("traffic-class", "INTERNET"), AvPair.of("quota-time", "7200"),
                AvPair.of("quota-volume", "1073741824"), AvPair.of("default-action", "permit"));
        assertThat(Accounting.interimInterval(quota)).hasValue(Duration.ofSeconds(300));

        account(AcctStatusType.START, 0, 0);
        for (int i = 1; i <= 24; i++) {
            clock.advance(Duration.ofSeconds(300));
            account(AcctStatusType.INTERIM_UPDATE, 300L * i, 20_000_000L * i);
        }
        Await.until("the BRAS receives CoA services-reauth", () -> coas.size() == 1);
        assertThat(coas.get(0).code()).isEqualTo(PacketCode.COA_REQUEST);
        assertThat(coas.get(0).avPair(AttributeType.ELTEX_AVPAIR, "command")).hasValue("services-reauth");
        assertThat(coas.get(0).string(AttributeType.ACCT_SESSION_ID)).hasValue("esr-session-1");
        assertThat(coas.get(0).string(AttributeType.USER_NAME)).hasValue(USER);

        RadiusPacket blocking = ask("service");
        assertThat(pairs(blocking)).containsSubsequence(AvPair.of("service-name", "blocking"),
                AvPair.of("traffic-class", "WELCOME"));
        assertThat(pairs(blocking)).contains(
                AvPair.of("quota-cron", "2026-11-24T07:00:00+05:00[Asia/Yekaterinburg]"),
                AvPair.of("default-action", "redirect"),
                AvPair.of("redirect-url", "http://10.10.5.50:9000/eltex_portal/access-denied.jsp"),
                AvPair.of("url-rule", "1:permit:welcome"), AvPair.of("url-rule", "2:permit:white_list"),
                AvPair.of("url-list", "welcome:http://10.10.5.50:9000/eltex_portal/"),
                AvPair.of("url-list", "white_list:~^(https|http):\\/\\/eltex-co\\.ru\\/"));

        // The BRAS goes on accounting through the night, so the session is still open at 07:00 (S3.9).
        clock.set(ZonedDateTime.of(LocalDateTime.parse("2026-11-24T06:59:00"), YEKT).toInstant());
        account(AcctStatusType.INTERIM_UPDATE, 22 * 3600, 20_000_000L * 24);
        clock.set(ZonedDateTime.of(LocalDateTime.parse("2026-11-24T07:00:00"), YEKT).toInstant());
        assertThat(engine.runDue()).hasSize(1);
        Await.until("the BRAS receives a second services-reauth", () -> coas.size() == 2);

        RadiusPacket again = ask("service");
        assertThat(pairs(again)).contains(AvPair.of("service-name", "limit2h1Gb"), AvPair.of("quota-time", "7200"),
                AvPair.of("quota-volume", "1073741824"));
    }

    private RadiusOutcome interimWithGigawords(long seconds, long inputGigawords, long inputOctets,
            long outputGigawords, long outputOctets) {
        return bras.exchange(RadiusMessage.builder(PacketCode.ACCOUNTING_REQUEST)
                .add(Accounting.statusType(AcctStatusType.INTERIM_UPDATE))
                .string(AttributeType.USER_NAME, USER)
                .string(AttributeType.ACCT_SESSION_ID, "esr-session-1")
                .string(AttributeType.NAS_IDENTIFIER, "esr-1")
                .avPair(AttributeType.ELTEX_AVPAIR, "service-name", "limit2h1Gb")
                .add(Accounting.sessionTime(Duration.ofSeconds(seconds)))
                .integer(AttributeType.ACCT_INPUT_OCTETS, inputOctets)
                .integer(AttributeType.ACCT_INPUT_GIGAWORDS, inputGigawords)
                .integer(AttributeType.ACCT_OUTPUT_OCTETS, outputOctets)
                .integer(AttributeType.ACCT_OUTPUT_GIGAWORDS, outputGigawords)
                .build());
    }

    private long remainingVolume() {
        return Long.parseLong(pairs(ask("service")).stream().filter(p -> p.key().equals("quota-volume"))
                .findFirst().orElseThrow().value());
    }

    /**
     * Issue 13: an Interim with both Gigawords at 0x7FFFFFFF was acknowledged and the remaining volume went up from
     * 968,884,224 to 9,663,676,416 bytes. Counters are unsigned 64-bit; growth no line can carry is a problem that
     * adds nothing (S3.7, S3.8).
     */
    @Test
    void absurdGigawords_areAcknowledged_andNeverAddQuota() {
        ask("session");
        account(AcctStatusType.START, 0, 0);
        clock.advance(Duration.ofSeconds(300));
        account(AcctStatusType.INTERIM_UPDATE, 300, 104_857_600L);
        assertThat(remainingVolume()).isEqualTo(968_884_224L);

        clock.advance(Duration.ofSeconds(300));
        assertThat(interimWithGigawords(600, 0x7FFFFFFFL, 0, 0x7FFFFFFFL, 0)).as("acknowledged")
                .isInstanceOf(RadiusOutcome.Answered.class);
        assertThat(remainingVolume()).as("the remaining volume never grows").isLessThanOrEqualTo(968_884_224L);
        clock.advance(Duration.ofSeconds(300));
        assertThat(interimWithGigawords(900, 0xFFFFFFFFL, 0xFFFFFFFFL, 0xFFFFFFFFL, 0xFFFFFFFFL))
                .as("counters at the top of the unsigned 64-bit range are counters too")
                .isInstanceOf(RadiusOutcome.Answered.class);
        assertThat(remainingVolume()).isLessThanOrEqualTo(968_884_224L);
        assertThat(engine.accountingProblems()).as("each absurd record is recorded as a problem")
                .containsEntry(AccountingProblem.FASTER_THAN_LINE_RATE, 2L);

        clock.advance(Duration.ofSeconds(300));
        account(AcctStatusType.INTERIM_UPDATE, 1200, 104_857_600L + 10_000_000L);
        assertThat(remainingVolume()).as("the real counters after the absurd ones count from the last real one")
                .isEqualTo(968_884_224L - 10_000_000L);
    }

    @Test
    void unknownSubscriber_isRejected_andItsAccountingNotAcknowledged() {
        RadiusOutcome outcome = bras.exchange(RadiusMessage.builder(PacketCode.ACCESS_REQUEST)
                .string(AttributeType.USER_NAME, "stranger").build());
        assertThat(((RadiusOutcome.Answered) outcome).reply().code()).isEqualTo(PacketCode.ACCESS_REJECT);
        RadiusOutcome accounting = bras.exchange(RadiusMessage.builder(PacketCode.ACCOUNTING_REQUEST)
                .add(Accounting.statusType(AcctStatusType.INTERIM_UPDATE))
                .string(AttributeType.USER_NAME, "stranger")
                .string(AttributeType.ACCT_SESSION_ID, "x")
                .avPair(AttributeType.ELTEX_AVPAIR, "service-name", "limit2h1Gb").build());
        assertThat(accounting).isInstanceOf(RadiusOutcome.NoAnswer.class);
    }
}
