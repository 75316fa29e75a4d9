package org.netlever.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netlever.aaa.ip.Ipv4Address;
import org.netlever.aaa.lease.Lease;
import org.netlever.aaa.radius.AttributeType;
import org.netlever.aaa.radius.AvPair;
import org.netlever.aaa.radius.PacketCode;
import org.netlever.aaa.radius.RadiusMessage;
import org.netlever.aaa.radius.RadiusPacket;
import org.netlever.aaa.radius.RadiusSecret;
import org.netlever.aaa.radius.attr.Accounting;
import org.netlever.aaa.radius.attr.AcctStatusType;
import org.netlever.aaa.radius.client.RadiusClient;
import org.netlever.aaa.radius.client.RadiusOutcome;
import org.netlever.aaa.radius.client.RadiusServerDefinition;
import org.netlever.aaa.radius.client.ServerKind;
import org.netlever.aaa.radius.server.RadiusClientDefinition;
import org.netlever.aaa.radius.server.RadiusReply;
import org.netlever.aaa.radius.server.RadiusServer;
import org.netlever.aaa.store.Database;
import org.netlever.aaa.testing.Await;
import org.netlever.aaa.testing.DatabaseKind;
import org.netlever.aaa.testing.MutableClock;
import org.netlever.pcrf.AccountingUpdate;
import org.netlever.pcrf.PcrfEngine;
import org.netlever.pcrf.PcrfFencedException;
import org.netlever.pcrf.PcrfLeadership;
import org.netlever.server.testing.ExampleConfig;
import org.netlever.server.testing.SignedLever;

/**
 * Two {@code netlever serve} instances against one real PostgreSQL: a lever event delivered to both takes effect once;
 * one instance runs the PCRF and the BRAS fails over to it, so accounting and the 07:00 cron transition take effect
 * once; when that instance stops, the other takes the PCRF over from the store.
 */
class ScaleOutTest {

    private static final ZoneId YEKT = ZoneId.of("Asia/Yekaterinburg");
    private static final String LEVER_SECRET = ExampleConfig.LEVER_SECRET;
    private static final String BRAS_SECRET = ExampleConfig.BRAS_SECRET;
    private static final String USER = "79139001234";

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(ZonedDateTime.of(LocalDateTime.parse("2026-11-23T09:00"),
            YEKT).toInstant());
    private final List<RadiusPacket> coas = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private String url;
    private RadiusServer brasCoa;
    private ServeConfig config;
    private NetleverServer first;
    private NetleverServer second;

    @BeforeEach
    void setUp() {
        url = DatabaseKind.newPostgresUrl();
        brasCoa = RadiusServer.builder().authAddress(any()).acctAddress(any()).coaAddress(any())
                .client(RadiusClientDefinition.of("netlever", "127.0.0.1", BRAS_SECRET))
                .handler(request -> {
                    coas.add(request.packet());
                    return RadiusReply.of(RadiusMessage.of(PacketCode.COA_ACK));
                }).start();
        Path file = ExampleConfig.in(dir).brasCoaPort(brasCoa.coaAddress().orElseThrow().getPort()).postgres(url)
                .write();
        // The story jumps the clock 22 hours with the session silent: it must stay open for the 07:00 CoA (S3.9).
        // The timer of the serve under test may sweep at any moment, so an Interim could come too late.
        try {
            String yaml = Files.readString(file);
            assertThat(yaml).contains("sessionIdleTimeout: PT30M");
            Files.writeString(file, yaml.replace("sessionIdleTimeout: PT30M", "sessionIdleTimeout: P2D"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        config = ServeConfigReader.read(file);
    }

    private void startBoth(Duration firstRetry, Duration secondRetry) {
        first = NetleverServer.start(config, clock, firstRetry);
        second = NetleverServer.start(config, clock, secondRetry);
    }

    @AfterEach
    void tearDown() {
        if (second != null) {
            second.close();
        }
        if (first != null) {
            first.close();
        }
        brasCoa.close();
    }

    private static InetSocketAddress any() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    }

    private HttpResponse<String> lever(NetleverServer server, String form) throws Exception {
        return http.send(SignedLever.post(server.leverAddress(), LEVER_SECRET, form, clock.instant()),
                HttpResponse.BodyHandlers.ofString());
    }

    private static RadiusServerDefinition definition(String name, InetSocketAddress address, ServerKind kind) {
        return new RadiusServerDefinition(name, address, kind, RadiusSecret.of(BRAS_SECRET), 1,
                Duration.ofMillis(300), Duration.ofSeconds(30), true);
    }

    /** The BRAS, configured with the standby first: it must fail over to the instance that runs the PCRF. */
    private RadiusClient bras(NetleverServer standby, NetleverServer leader) {
        return RadiusClient.builder().bindAddress(InetAddress.getLoopbackAddress()).probeInterval(null)
                .accessServer(definition("standby", standby.brasAuthAddress(), ServerKind.ACCESS))
                .accessServer(definition("leader", leader.brasAuthAddress(), ServerKind.ACCESS))
                .accountingServer(definition("standby", standby.brasAcctAddress(), ServerKind.ACCOUNTING))
                .accountingServer(definition("leader", leader.brasAcctAddress(), ServerKind.ACCOUNTING))
                .build();
    }

    private static RadiusPacket answered(RadiusOutcome outcome) {
        assertThat(outcome).isInstanceOf(RadiusOutcome.Answered.class);
        return ((RadiusOutcome.Answered) outcome).reply();
    }

    private static RadiusMessage service() {
        return RadiusMessage.builder(PacketCode.ACCESS_REQUEST).string(AttributeType.USER_NAME, USER)
                .avPair(AttributeType.ELTEX_AVPAIR, "pcrf-request", "service").build();
    }

    private long count(String sql) {
        try (Database db = Database.of(new org.postgresql.ds.PGSimpleDataSource() {
            {
                setURL(url);
                setUser("postgres");
            }
        })) {
            return db.withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
        }
    }

    @Test
    @DisplayName("two serve instances on one PostgreSQL: each lever event, accounting record and cron transition "
            + "takes effect once")
    void twoInstances_shareOnePostgres_eachEffectOnce() throws Exception {
        startBoth(PcrfLeadership.DEFAULT_RETRY, PcrfLeadership.DEFAULT_RETRY);
        assertThat(first.pcrf()).as("the first instance runs the PCRF").isPresent();
        assertThat(second.pcrf()).as("the second stands by").isEmpty();

        // S1: the lever resends an event to the other instance (its first answer was lost): one effect.
        String commit = "source=isc-dhcpd&event=commit&ip=198.51.100.10&mac=2%3A0%3A0%3A0%3A0%3A42"
                + "&remote_id=0%3A6%3Af8%3Ae9%3A3%3Ae7%3A55%3Aa6&circuit_id=0%3A4%3A0%3A98%3A0%3A5&id=17000-42";
        assertThat(lever(first, commit).statusCode()).isEqualTo(200);
        assertThat(lever(second, commit).statusCode()).isEqualTo(200);
        assertThat(second.leases().lease(Ipv4Address.parse("198.51.100.10"))).map(Lease::subscriberId)
                .hasValue("alice");
        assertThat(count("SELECT COUNT(*) FROM dhcp_event WHERE source_event_id = '17000-42'")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM lease_history")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM nas_sync")).as("the NAS is told once").isEqualTo(1);

        // S3: the BRAS asks the standby first, fails over, and the PCRF instance counts its accounting once.
        try (RadiusClient bras = bras(second, first)) {
            assertThat(answered(bras.exchange(RadiusMessage.builder(PacketCode.ACCESS_REQUEST)
                    .string(AttributeType.USER_NAME, USER)
                    .avPair(AttributeType.ELTEX_AVPAIR, "pcrf-request", "session").build())).code())
                    .isEqualTo(PacketCode.ACCESS_ACCEPT);
            for (long seconds : new long[] {0, 3600, 3600, 7200}) {   // the 3600 is a retransmission
                answered(bras.exchange(RadiusMessage.builder(PacketCode.ACCOUNTING_REQUEST)
                        .add(Accounting.statusType(seconds == 0 ? AcctStatusType.START
                                : AcctStatusType.INTERIM_UPDATE))
                        .string(AttributeType.USER_NAME, USER)
                        .string(AttributeType.ACCT_SESSION_ID, "esr-session-1")
                        .string(AttributeType.NAS_IDENTIFIER, "esr-1")
                        .avPair(AttributeType.ELTEX_AVPAIR, "service-name", "limit2h1Gb")
                        .add(Accounting.sessionTime(Duration.ofSeconds(seconds))).build()));
            }
            Await.until("the BRAS is told services-reauth once", () -> coas.size() == 1);
            assertThat(answered(bras.exchange(service())).avPairs(AttributeType.ELTEX_AVPAIR))
                    .contains(AvPair.of("service-name", "blocking"));

            // The 07:00 reset: only the PCRF instance has a schedule.
            clock.set(ZonedDateTime.of(LocalDateTime.parse("2026-11-24T07:00"), YEKT).toInstant());
            first.pcrf().orElseThrow().runDue();
            Await.until("the BRAS is told the block lifted", () -> coas.size() == 2);
            assertThat(count("SELECT COUNT(*) FROM pcrf_transition")).as("time quota, then the reset: once each")
                    .isEqualTo(2);
        }

        // The PCRF instance stops; the other takes over from the store.
        first.close();
        Await.until("the second instance runs the PCRF", Duration.ofSeconds(15), () -> second.pcrf().isPresent());
        assertThat(second.pcrf().orElseThrow().state(USER)).hasValueSatisfying(s -> {
            assertThat(s.step()).as("back on the quota step after the reset").isZero();
            assertThat(s.activeSessions()).isEqualTo(1);
        });
        try (RadiusClient bras = RadiusClient.builder().bindAddress(InetAddress.getLoopbackAddress())
                .probeInterval(null)
                .accessServer(definition("second", second.brasAuthAddress(), ServerKind.ACCESS)).build()) {
            assertThat(answered(bras.exchange(service())).avPairs(AttributeType.ELTEX_AVPAIR))
                    .contains(AvPair.of("service-name", "limit2h1Gb"));
        }
        assertThat(count("SELECT COUNT(*) FROM pcrf_transition")).as("no transition replayed on takeover")
                .isEqualTo(2);
    }

    @Test
    @DisplayName("an engine that lost the PCRF without noticing yet cannot overwrite its successor's state")
    void lostLock_oldEngineIsFencedOff() {
        startBoth(Duration.ofMinutes(10), Duration.ofMillis(200));   // the first would notice only in ten minutes
        PcrfEngine old = first.pcrf().orElseThrow();
        old.attach(USER, "Auto1_test.Sibir.OTT.root", "limitTP");
        old.account(new AccountingUpdate(AccountingUpdate.Kind.START, "s1", USER, "limit2h1Gb", "esr-1",
                Duration.ZERO, 0, 0, true));
        old.account(new AccountingUpdate(AccountingUpdate.Kind.INTERIM, "s1", USER, "limit2h1Gb", "esr-1",
                Duration.ofHours(1), 0, 0, true));

        // The database drops the first instance's lock session (a network partition, a killed backend).
        assertThat(count("SELECT COUNT(pg_terminate_backend(pid)) FROM pg_locks WHERE locktype = 'advisory'"))
                .isEqualTo(1);
        Await.until("the second instance takes the PCRF over", Duration.ofSeconds(15),
                () -> second.pcrf().isPresent());
        assertThat(first.pcrf()).as("the first has not noticed").containsSame(old);

        assertThatThrownBy(() -> old.account(new AccountingUpdate(AccountingUpdate.Kind.INTERIM, "s1", USER,
                "limit2h1Gb", "esr-1", Duration.ofHours(2), 0, 0, true)))
                .isInstanceOf(PcrfFencedException.class);
        assertThat(second.pcrf().orElseThrow().state(USER)).hasValueSatisfying(s -> {
            assertThat(s.step()).as("the old engine's quota transition never landed").isZero();
            assertThat(s.current().remainingTime()).hasValue(Duration.ofHours(1));
        });
        assertThat(count("SELECT COUNT(*) FROM pcrf_transition")).isZero();
    }

    @Test
    @DisplayName("two serve instances starting at the same moment on a fresh PostgreSQL both come up")
    void twoInstances_startingTogether_bothReady() throws Exception {
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(2);
        java.util.concurrent.ExecutorService two = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var a = two.submit(() -> {
                together.await();
                return NetleverServer.start(config, clock);
            });
            var b = two.submit(() -> {
                together.await();
                return NetleverServer.start(config, clock);
            });
            first = a.get();
            second = b.get();
        } finally {
            two.shutdown();
        }
        assertThat(first.ready() && second.ready()).isTrue();
        assertThat(first.pcrf().isPresent() ^ second.pcrf().isPresent()).as("exactly one runs the PCRF").isTrue();
        assertThat(count("SELECT epoch FROM pcrf_owner")).as("pcrf-engine's owner epoch: one lead so far")
                .isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'serve_pcrf_owner'"))
                .as("billing V3 dropped serve's own epoch table").isZero();
        assertThat(count("SELECT COUNT(*) FROM billing_subscriber")).isEqualTo(4);
        assertThat(count("SELECT COUNT(*) FROM ip_pool")).isEqualTo(1);
    }
}
