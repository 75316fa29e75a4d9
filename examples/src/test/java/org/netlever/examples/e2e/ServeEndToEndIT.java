package org.netlever.examples.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.netlever.examples.e2e.LeverBilling.ALICE_PC;
import static org.netlever.examples.e2e.LeverBilling.CAROL_PC;
import static org.netlever.examples.e2e.LeverBilling.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netlever.aaa.call.Call;
import org.netlever.aaa.call.CallControl;
import org.netlever.aaa.call.CallPolicy;
import org.netlever.aaa.call.CallSetup;
import org.netlever.aaa.radius.AttributeType;
import org.netlever.aaa.radius.AvPair;
import org.netlever.aaa.radius.PacketCode;
import org.netlever.aaa.radius.RadiusMessage;
import org.netlever.aaa.radius.RadiusPacket;
import org.netlever.aaa.radius.RadiusSecret;
import org.netlever.aaa.radius.attr.Accounting;
import org.netlever.aaa.radius.attr.AcctStatusType;
import org.netlever.aaa.radius.attr.Q850Cause;
import org.netlever.aaa.radius.client.RadiusClient;
import org.netlever.aaa.radius.client.RadiusOutcome;
import org.netlever.aaa.radius.client.RadiusServerDefinition;
import org.netlever.aaa.radius.client.ServerKind;
import org.netlever.aaa.radius.server.RadiusClientDefinition;
import org.netlever.aaa.radius.server.RadiusReply;
import org.netlever.aaa.radius.server.RadiusServer;
import org.netlever.aaa.store.Database;
import org.netlever.aaa.testing.MutableClock;
import org.netlever.server.testing.ExampleConfig;
import org.netlever.server.testing.SignedLever;

/**
 * Issue 6's end-to-end test: {@code netlever serve} started from the built jar with the shipped example configuration,
 * driven through its real sockets by real peers — ISC dhcpd in a network namespace running the shipped lever script
 * (S1), FreeRADIUS's radclient and netlever's softswitch client (S2), and a simulated BRAS with its CoA listener
 * (S3) — then SIGTERM, a restart, and a check that nothing acknowledged was lost.
 */
class ServeEndToEndIT {

    private static final String LEVER_SECRET = ExampleConfig.LEVER_SECRET;
    private static final String SOFTSWITCH_SECRET = ExampleConfig.SOFTSWITCH_SECRET;
    private static final String BRAS_SECRET = ExampleConfig.BRAS_SECRET;
    private static final String USER = "79139001234";
    private static final Pattern READY = Pattern.compile("netlever serve: ready; lever http://([^:/\\s]+):(\\d+), "
            + "softswitch RADIUS ([^:/\\s]+):(\\d+)/([^:/\\s]+):(\\d+), BRAS RADIUS ([^:/\\s]+):(\\d+)/"
            + "([^:/\\s]+):(\\d+), ops");

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    private record Serve(Process process, Matcher ready) {
        InetSocketAddress address(int hostGroup) {
            return new InetSocketAddress(ready.group(hostGroup), Integer.parseInt(ready.group(hostGroup + 1)));
        }
    }

    private Serve serve(Path config, String name) throws IOException {
        Path jar = Path.of(System.getProperty("netlever.jar", "target/netlever.jar"));
        assertThat(jar).isRegularFile();
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "serve", "--config", config.toString())
                .redirectError(dir.resolve(name + ".err").toFile()).start();
        process.getOutputStream().close();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            Matcher m = READY.matcher(line);
            if (m.find()) {
                return new Serve(process, m);
            }
        }
        process.destroyForcibly();
        throw new AssertionError("serve exited without a ready line: "
                + Files.readString(dir.resolve(name + ".err")));
    }

    private static int stop(Serve serve) throws InterruptedException {
        serve.process().destroy();   // SIGTERM
        assertThat(serve.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
        return serve.process().exitValue();
    }

    private static RadiusServerDefinition definition(InetSocketAddress address, ServerKind kind, String secret) {
        return new RadiusServerDefinition("serve", address, kind, RadiusSecret.of(secret), 3, Duration.ofSeconds(1),
                Duration.ofSeconds(30), true);
    }

    private static RadiusPacket answered(RadiusOutcome outcome) {
        assertThat(outcome).isInstanceOf(RadiusOutcome.Answered.class);
        return ((RadiusOutcome.Answered) outcome).reply();
    }

    private static RadiusMessage brasRequest(String kind) {
        return RadiusMessage.builder(PacketCode.ACCESS_REQUEST).string(AttributeType.USER_NAME, USER)
                .avPair(AttributeType.ELTEX_AVPAIR, "pcrf-request", kind).build();
    }

    @Test
    @DisplayName("S1-S3 serve from the jar with real dhcpd + lever, radclient and a BRAS; SIGTERM, restart, nothing lost")
    void serve_realPeers_allThreeStories_survivesRestart() throws Exception {
        String dhcpd = Peers.require("dhcpd", "isc-dhcp-server");
        String radclient = Peers.require("radclient", "freeradius-utils");
        Peers.require("curl", "curl");
        Peers.require("openssl", "openssl");
        List<RadiusPacket> coas = new CopyOnWriteArrayList<>();
        try (NetnsLab lab = NetnsLab.create();
                RadiusServer brasCoa = RadiusServer.builder()
                        .authAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                        .acctAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                        .coaAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                        .client(RadiusClientDefinition.of("netlever", "127.0.0.1", BRAS_SECRET))
                        .handler(request -> {
                            coas.add(request.packet());
                            return RadiusReply.of(RadiusMessage.of(PacketCode.COA_ACK));
                        }).start()) {
            // The shipped example, its listeners on free ports, the lever endpoint on the lab's link.
            Path config = ExampleConfig.in(dir).leverHost(NetnsLab.NETLEVER)
                    .brasCoaPort(brasCoa.coaAddress().orElseThrow().getPort()).write();
            Path configDir = config.getParent();
            Path secrets = configDir.resolve("secrets");
            Serve first = serve(config, "first");
            try {
                // S1: dhcpd with the shipped snippet runs the shipped lever script, which posts to serve.
                Path lever = dir.resolve("netlever-lever");
                Files.copy(LeverBilling.REPOSITORY.resolve("examples/lever/netlever-lever"), lever);
                Files.setPosixFilePermissions(lever, PosixFilePermissions.fromString("rwx------"));
                Files.writeString(dir.resolve("lever.conf"), "NETLEVER_URL=http://" + NetnsLab.NETLEVER + ":"
                        + first.ready().group(2) + "\nNETLEVER_SECRET_FILE=" + secrets.resolve("lever.secret")
                        + "\nNETLEVER_SPOOL=" + dir.resolve("spool") + "\nNETLEVER_TIMEOUT=5\n");
                Path conf = dir.resolve("dhcpd.conf");
                Files.writeString(conf, "ddns-update-style none;\nauthoritative;\ndefault-lease-time 600;\n"
                        + "max-lease-time 600;\n" + Files.readString(LeverBilling.REPOSITORY.resolve(
                                "examples/lever/dhcpd.conf")).replace("/usr/local/sbin/netlever-lever",
                                lever.toString())
                        + "\nsubnet 203.0.113.0 netmask 255.255.255.0 { }\n"
                        + "subnet 198.51.100.0 netmask 255.255.255.0 {\n  range 198.51.100.10 198.51.100.200;\n"
                        + "  option routers 198.51.100.1;\n}\n");
                Path log = dir.resolve("dhcpd.log");
                lab.start(log, List.of(), dhcpd, "-4", "-f", "-d", "-cf", conf.toString(), "-lf",
                        Files.createFile(dir.resolve("dhcpd.leases")).toString(), "-pf",
                        dir.resolve("dhcpd.pid").toString(), lab.inner);
                await("dhcpd to start (" + log + ")", () -> LeverBilling.contains(log, "Server starting service."));
                DhcpRelayAgent.Ack alice;
                DhcpRelayAgent.Ack carol;
                try (DhcpRelayAgent relay = new DhcpRelayAgent(NetnsLab.RELAY, NetnsLab.SERVER)) {
                    alice = relay.lease(ALICE_PC, LeverBilling.dlinkPort(5));
                    carol = relay.lease(CAROL_PC, LeverBilling.zteOnu());
                }
                String aliceIp = alice.ip().toString();
                String carolIp = carol.ip().toString();
                await("the lever to deliver both commits", () -> leaseHolder(first, aliceIp).equals("alice")
                        && leaseHolder(first, carolIp).equals("carol"));

                // S2: radclient authorizes a call as the softswitch would; netlever's softswitch side makes one.
                String request = """
                        User-Name = "74951234567"
                        Acct-Session-Id = "e2e-call-1"
                        Calling-Station-Id = "74951234567"
                        Called-Station-Id = "74957654321"
                        Eltex-AVPair = "xpgk-request-type=check_call"
                        Message-Authenticator = 0x00
                        """;
                Process rc = new ProcessBuilder(radclient, "-x", "-r", "2", "-t", "3",
                        first.ready().group(3) + ":" + first.ready().group(4), "auth", SOFTSWITCH_SECRET)
                        .redirectErrorStream(true).start();
                rc.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
                rc.getOutputStream().close();
                String rcOut = new String(rc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(rc.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(rcOut).as(rcOut).contains("Access-Accept")
                        .contains("h323-credit-time = \"h323-credit-time=12000\"");
                // The authorization holds alice's credit (S2.3); the softswitch's Stop of the unanswered call gives it
                // back, or the call below would find the balance held for the reservation's TTL.
                Process stop = new ProcessBuilder(radclient, "-x", "-r", "2", "-t", "3",
                        first.ready().group(5) + ":" + first.ready().group(6), "acct", SOFTSWITCH_SECRET)
                        .redirectErrorStream(true).start();
                stop.getOutputStream().write("""
                        Acct-Status-Type = Stop
                        User-Name = "74951234567"
                        Acct-Session-Id = "e2e-call-1"
                        Calling-Station-Id = "74951234567"
                        Called-Station-Id = "74957654321"
                        Acct-Session-Time = 0
                        """.getBytes(StandardCharsets.UTF_8));
                stop.getOutputStream().close();
                String stopOut = new String(stop.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(stop.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(stopOut).as(stopOut).contains("Accounting-Response");
                try (RadiusClient softswitch = RadiusClient.builder().bindAddress(InetAddress.getLoopbackAddress())
                        .probeInterval(null)
                        .accessServer(definition(first.address(3), ServerKind.ACCESS, SOFTSWITCH_SECRET))
                        .accountingServer(definition(first.address(5), ServerKind.ACCOUNTING, SOFTSWITCH_SECRET))
                        .build()) {
                    MutableClock clock = new MutableClock(Instant.now());
                    Call call = CallControl.builder(softswitch).policy(CallPolicy.defaults()).clock(clock).build()
                            .newCall(CallSetup.of("74951234567", "74957654321"));
                    call.authorize();
                    call.answer();
                    clock.advance(Duration.ofSeconds(150));                       // three minutes at 0.50
                    call.release(Q850Cause.NORMAL_CLEARING);
                }

                // S3: the BRAS authorizes the subscriber, uses up the time quota and is told services-reauth.
                try (RadiusClient bras = RadiusClient.builder().bindAddress(InetAddress.getLoopbackAddress())
                        .probeInterval(null)
                        .accessServer(definition(first.address(7), ServerKind.ACCESS, BRAS_SECRET))
                        .accountingServer(definition(first.address(9), ServerKind.ACCOUNTING, BRAS_SECRET))
                        .build()) {
                    assertThat(answered(bras.exchange(brasRequest("session"))).code())
                            .isEqualTo(PacketCode.ACCESS_ACCEPT);
                    for (long seconds : new long[] {0, 7200}) {
                        answered(bras.exchange(RadiusMessage.builder(PacketCode.ACCOUNTING_REQUEST)
                                .add(Accounting.statusType(seconds == 0 ? AcctStatusType.START
                                        : AcctStatusType.INTERIM_UPDATE))
                                .string(AttributeType.USER_NAME, USER)
                                .string(AttributeType.ACCT_SESSION_ID, "esr-session-1")
                                .string(AttributeType.NAS_IDENTIFIER, "esr-1")
                                .avPair(AttributeType.ELTEX_AVPAIR, "service-name", "limit2h1Gb")
                                .add(Accounting.sessionTime(Duration.ofSeconds(seconds))).build()));
                    }
                    await("the BRAS is told services-reauth", () -> coas.size() == 1);
                }
            } finally {
                assertThat(stop(first)).as("SIGTERM after the hooks ran").isEqualTo(143);
            }
            assertThat(Files.readString(dir.resolve("first.err"))).doesNotContain("ERROR");

            // Restart on the same database: everything acknowledged is still there.
            Serve second = serve(config, "second");
            try (RadiusClient bras = RadiusClient.builder().bindAddress(InetAddress.getLoopbackAddress())
                    .probeInterval(null)
                    .accessServer(definition(second.address(7), ServerKind.ACCESS, BRAS_SECRET)).build()) {
                assertThat(answered(bras.exchange(brasRequest("service"))).avPairs(AttributeType.ELTEX_AVPAIR))
                        .as("still blocked after the restart").contains(AvPair.of("service-name", "blocking"));
            } finally {
                assertThat(stop(second)).isEqualTo(143);
            }
            try (Database db = Database.h2("jdbc:h2:file:" + configDir.resolve("data/netlever"))) {
                List<String> holders = db.withHandle(h -> h.createQuery("SELECT subscriber_id FROM lease"
                        + " ORDER BY subscriber_id").mapTo(String.class).list());
                BigDecimal balance = db.withHandle(h -> h.createQuery("SELECT balance FROM billing_subscriber"
                        + " WHERE id = 'alice'").mapTo(BigDecimal.class).one());
                Integer transitions = db.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM pcrf_transition")
                        .mapTo(Integer.class).one());
                assertThat(holders).containsExactly("alice", "carol");
                assertThat(balance).as("100.00 less three minutes at 0.50").isEqualByComparingTo("98.50");
                assertThat(transitions).isEqualTo(1);
            }
        }
    }

    /** Who holds an address, by the lever endpoint's signed lease query ("" while nobody does). */
    private static String leaseHolder(Serve serve, String ip) {
        try {
            HttpResponse<String> r = HTTP.send(SignedLever.get(new InetSocketAddress(serve.ready().group(1),
                    Integer.parseInt(serve.ready().group(2))), LEVER_SECRET, "/lever/v1/leases?ip=" + ip),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? new ObjectMapper().readTree(r.body()).path("lease").path("subscriber").asText("") : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
