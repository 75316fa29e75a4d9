package org.netlever.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netlever.aaa.call.AuthorizationOutcome;
import org.netlever.aaa.call.Call;
import org.netlever.aaa.call.CallControl;
import org.netlever.aaa.call.CallPolicy;
import org.netlever.aaa.call.CallSetup;
import org.netlever.aaa.dhcp.EventSource;
import org.netlever.aaa.ip.Ipv4Address;
import org.netlever.aaa.lease.Lease;
import org.netlever.aaa.radius.AttributeType;
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
import org.netlever.aaa.testing.Await;
import org.netlever.aaa.testing.MutableClock;
import org.netlever.server.testing.ExampleConfig;
import org.netlever.server.testing.SignedLever;

/**
 * {@code netlever serve} in-process, from the shipped example configuration with its ports moved to free ones: the
 * three seed stories through its real sockets, the operations endpoint, graceful close and a restart on the same
 * database.
 */
class NetleverServerTest {

    private static final String LEVER_SECRET = ExampleConfig.LEVER_SECRET;
    private static final String SOFTSWITCH_SECRET = ExampleConfig.SOFTSWITCH_SECRET;
    private static final String BRAS_SECRET = ExampleConfig.BRAS_SECRET;
    // The Prometheus text format's lines, and a row of the README's metrics tables: | `name` | type | labels | ...
    private static final Pattern TYPE_LINE = Pattern.compile("# TYPE (\\S+) (\\S+)");
    private static final Pattern SAMPLE_LINE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? \\S+");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern README_ROW = Pattern.compile("\\| `([a-z0-9_]+)` \\| (\\w+) \\| ([^|]*) \\|.*");

    @TempDir
    Path dir;

    private final List<RadiusPacket> coas = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private RadiusServer brasCoa;
    private ServeConfig config;
    private NetleverServer server;

    @BeforeEach
    void setUp() {
        brasCoa = RadiusServer.builder().authAddress(any()).acctAddress(any()).coaAddress(any())
                .client(RadiusClientDefinition.of("netlever", "127.0.0.1", BRAS_SECRET))
                .handler(request -> {
                    coas.add(request.packet());
                    return RadiusReply.of(RadiusMessage.of(PacketCode.COA_ACK));
                }).start();
        // Lease followers (issue 14): a Kea memfile and a dhcpd.leases file, each appearing only in the test that
        // writes it.
        config = ExampleConfig.in(dir).brasCoaPort(brasCoa.coaAddress().orElseThrow().getPort())
                .keaMemfile(dir.resolve("kea-leases4.csv")).read();
        List<ServeConfig.Follower> followers = new java.util.ArrayList<>(config.followers());
        followers.add(new DhcpdFollowerSection.DhcpdLeases(dir.resolve("dhcpd.leases"), java.util.Optional.empty(),
                Duration.ofMillis(50), Duration.ofSeconds(1), 256));
        config = config.toBuilder().followers(followers).build();
        server = NetleverServer.start(config, Clock.systemUTC());
    }

    @AfterEach
    void tearDown() {
        server.close();
        brasCoa.close();
    }

    private static InetSocketAddress any() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    }

    private HttpResponse<String> get(String path) throws Exception {
        InetSocketAddress ops = server.opsAddress();
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ops.getPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String scrape() {
        try {
            return get("/metrics").body();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private HttpResponse<String> leverCommit(String form) throws Exception {
        return http.send(SignedLever.post(server.leverAddress(), LEVER_SECRET, form),
                HttpResponse.BodyHandlers.ofString());
    }

    private static RadiusServerDefinition endpoint(InetSocketAddress address, ServerKind kind, String secret) {
        return new RadiusServerDefinition("netlever", address, kind, RadiusSecret.of(secret), 2,
                Duration.ofMillis(500), Duration.ofSeconds(30), true);
    }

    /** A RADIUS client of serve's, as the softswitch or the BRAS is. */
    private static RadiusClient client(InetSocketAddress auth, InetSocketAddress acct, String secret) {
        return RadiusClient.builder().bindAddress(InetAddress.getLoopbackAddress()).probeInterval(null)
                .accessServer(endpoint(auth, ServerKind.ACCESS, secret))
                .accountingServer(endpoint(acct, ServerKind.ACCOUNTING, secret)).build();
    }

    /** The BRAS asks the PCRF for 79139001234's session; the code of serve's answer. */
    private static PacketCode brasSession(RadiusClient bras) {
        RadiusOutcome session = bras.exchange(RadiusMessage.builder(PacketCode.ACCESS_REQUEST)
                .string(AttributeType.USER_NAME, "79139001234")
                .avPair(AttributeType.ELTEX_AVPAIR, "pcrf-request", "session").build());
        return ((RadiusOutcome.Answered) session).reply().code();
    }

    @Test
    @DisplayName("S1-S3 one serve process answers the lever, the softswitch and the BRAS")
    void start_servesAllThreeStories_andReportsThemInMetrics() throws Exception {
        assertThat(get("/health").statusCode()).isEqualTo(200);
        assertThat(get("/ready").statusCode()).isEqualTo(200);

        // S1: dhcpd's commit for alice's PC behind sw-17 port 5, as the lever script posts it.
        HttpResponse<String> commit = leverCommit("source=isc-dhcpd&event=commit&ip=198.51.100.10"
                + "&mac=2%3A0%3A0%3A0%3A0%3A42&remote_id=0%3A6%3Af8%3Ae9%3A3%3Ae7%3A55%3Aa6"
                + "&circuit_id=0%3A4%3A0%3A98%3A0%3A5&id=lever-1");
        assertThat(commit.statusCode()).as(commit.body()).isEqualTo(200);
        assertThat(server.leases().lease(Ipv4Address.parse("198.51.100.10"))).map(Lease::subscriberId)
                .hasValue("alice");

        // S2: alice calls Moscow: 100.00 at 0.50 a minute buys 200 minutes; a 61-second call is two started minutes.
        try (RadiusClient softswitch = client(server.softswitchAuthAddress(), server.softswitchAcctAddress(),
                SOFTSWITCH_SECRET)) {
            MutableClock softswitchClock = new MutableClock(Instant.now());
            CallControl control = CallControl.builder(softswitch).policy(CallPolicy.defaults())
                    .clock(softswitchClock).build();
            Call call = control.newCall(CallSetup.of("74951234567", "74957654321"));
            assertThat(call.authorize()).isEqualTo(new AuthorizationOutcome.Authorized(Optional.of(
                    Duration.ofMinutes(200))));
            call.answer();
            softswitchClock.advance(Duration.ofSeconds(61));
            call.release(Q850Cause.NORMAL_CLEARING);
            Await.until("the call is charged", () -> server.billing().balance("alice")
                    .map(b -> b.compareTo(new BigDecimal("100")) < 0).orElse(false));
            assertThat(server.billing().balance("alice")).hasValueSatisfying(b ->
                    assertThat(b).isEqualByComparingTo("99.00"));
        }

        // S3: the BRAS authorizes 79139001234, uses up two hours, and is told services-reauth.
        try (RadiusClient bras = client(server.brasAuthAddress(), server.brasAcctAddress(), BRAS_SECRET)) {
            assertThat(brasSession(bras)).isEqualTo(PacketCode.ACCESS_ACCEPT);
            for (AcctStatusType type : List.of(AcctStatusType.START, AcctStatusType.INTERIM_UPDATE)) {
                long seconds = type == AcctStatusType.START ? 0 : 7200;
                RadiusOutcome acct = bras.exchange(RadiusMessage.builder(PacketCode.ACCOUNTING_REQUEST)
                        .add(Accounting.statusType(type))
                        .string(AttributeType.USER_NAME, "79139001234")
                        .string(AttributeType.ACCT_SESSION_ID, "esr-session-1")
                        .string(AttributeType.NAS_IDENTIFIER, "esr-1")
                        .avPair(AttributeType.ELTEX_AVPAIR, "service-name", "limit2h1Gb")
                        .add(Accounting.sessionTime(Duration.ofSeconds(seconds))).build());
                assertThat(acct).isInstanceOf(RadiusOutcome.Answered.class);
            }
            Await.until("the BRAS is told services-reauth", () -> coas.size() == 1);
            assertThat(coas.get(0).avPair(AttributeType.ELTEX_AVPAIR, "command")).hasValue("services-reauth");
            assertThat(server.pcrf().orElseThrow().currentService("79139001234")).map(g -> g.service().name())
                    .hasValue("blocking");
        }

        String metrics = get("/metrics").body();
        assertThat(metrics)
                .contains("netlever_radius_requests_total{listener=\"softswitch\",outcome=\"answered\",port=\"auth\"}")
                .contains("netlever_radius_requests_total{listener=\"softswitch\",outcome=\"answered\",port=\"acct\"}")
                .contains("netlever_radius_handler_seconds_bucket{listener=\"bras\",outcome=\"access_accept\"")
                .contains("netlever_dhcp_events_total{outcome=\"assigned\"} 1.0")
                .contains("netlever_dhcp_rejections_total{reason=\"no_location\"} 0.0")
                .as("the lever's commit, timed with the disk wait")
                .contains("netlever_lever_request_seconds_count{endpoint=\"events\",status=\"200\"} 1")
                .contains("netlever_pcrf_leader 1.0")
                .contains("netlever_pcrf_transitions_total 1.0")
                .contains("netlever_pcrf_reauth_sent_total 1.0")
                .contains("netlever_pcrf_reauth_failed_total 0.0")
                .contains("netlever_pcrf_scheduler_lag_seconds 0.0")
                .contains("netlever_pcrf_reauth_queued 0.0")
                .contains("netlever_pcrf_accounting_problems_total{problem=\"faster_than_line_rate\"} 0.0")
                .as("issue 12: the call's authorization and Start were reserved in groups, its Stop charged in one")
                .contains("netlever_billing_group_requests_total{kind=\"reservations\"} 2.0")
                .contains("netlever_billing_group_requests_total{kind=\"charges\"} 1.0")
                .containsPattern("netlever_billing_groups_total\\{kind=\"reservations\"} [12]\\.0")
                .as("issue 10: the default H2 file is written before anything is acknowledged")
                .containsPattern("netlever_storage_disk_writes_total [1-9]")
                .containsPattern("netlever_storage_durability_waits_total [1-9]");
    }

    @Test
    @DisplayName("S1.1 S1.3 issue 14: a kea-memfile follower gives alice the lease Kea wrote, counted in /metrics")
    void follower_keaMemfileRow_leasesToAliceAndCounts() throws Exception {
        long now = Instant.now().getEpochSecond();
        // Kea 2.2's row with store-extended-info: sw-17's Option 82 for port 5 in the user context.
        Files.writeString(dir.resolve("kea-leases4.csv"), "address,hwaddr,client_id,valid_lifetime,expire,subnet_id,"
                + "fqdn_fwd,fqdn_rev,hostname,state,user_context\n"
                + "198.51.100.20,02:00:00:00:00:42,,3600," + (now + 3600) + ",1,0,0,,0,"
                + "{ \"ISC\": { \"relay-agent-info\": \"0x010600040098000502080006F8E903E755A6\" } }\n"
                + "not a lease row\n");

        Await.until("the follower's lease", () -> server.leases().lease(Ipv4Address.parse("198.51.100.20"))
                .map(Lease::subscriberId).filter("alice"::equals).isPresent());
        String name = ("kea-memfile:" + dir.resolve("kea-leases4.csv").toAbsolutePath().normalize())
                .toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]", "_");
        Await.until("the follower's metrics", () -> scrape().contains(
                "netlever_follower_parse_problems_total{follower=\"" + name + "\",type=\"kea_memfile\"} 1.0"));
        assertThat(get("/metrics").body())
                .contains("netlever_follower_events_total{follower=\"" + name + "\",type=\"kea_memfile\"} 1.0");
        assertThat(server.leases().recentEvents(1).get(0).source()).isEqualTo(EventSource.KEA_MEMFILE);
    }

    @Test
    @DisplayName("issue 11: /metrics has what the README names, the JVM's metrics, SLO buckets and one label style")
    void metrics_whileServing_matchTheReadme_withSloBucketsAndOneLabelStyle() throws Exception {
        try (RadiusClient bras = client(server.brasAuthAddress(), server.brasAcctAddress(), BRAS_SECRET)) {
            assertThat(brasSession(bras)).isEqualTo(PacketCode.ACCESS_ACCEPT);
        }
        assertThat(leverCommit("source=isc-dhcpd&event=release&ip=198.51.100.10&id=lever-metrics").statusCode())
                .isEqualTo(200);
        try (RadiusClient softswitch = client(server.softswitchAuthAddress(), server.softswitchAcctAddress(),
                SOFTSWITCH_SECRET)) {
            // S2.7: a Stop whose connect time names a zone nobody knows is answered; the time is counted unparsed.
            RadiusOutcome stop = softswitch.exchange(RadiusMessage.builder(PacketCode.ACCOUNTING_REQUEST)
                    .add(Accounting.statusType(AcctStatusType.STOP))
                    .string(AttributeType.ACCT_SESSION_ID, "metrics-call")
                    .string(AttributeType.CALLING_STATION_ID, "74951234567")
                    .string(AttributeType.CALLED_STATION_ID, "74957654321")
                    .string(AttributeType.H323_CONNECT_TIME, "h323-connect-time=10:00:00.000 XYZT Sat Nov 21 2026")
                    .add(Accounting.sessionTime(Duration.ofSeconds(0))).build());
            assertThat(stop).isInstanceOf(RadiusOutcome.Answered.class);
        }
        String scrape = get("/metrics").body();
        assertThat(scrape).contains("netlever_call_attribute_problems_total{attribute=\"h323_connect_time\"} 1.0");
        Map<String, Family> exposed = families(scrape);
        Map<String, Family> documented = documentedMetrics();

        assertThat(documented.keySet()).as("every metric serve exposes is in the README's metrics tables")
                .containsAll(exposed.keySet());
        assertThat(exposed.keySet()).as("every netlever metric the README names is exposed")
                .containsAll(documented.keySet().stream().filter(n -> n.startsWith("netlever_")).toList());
        exposed.forEach((name, family) -> assertThat(documented.get(name)).as("README's type and labels of " + name)
                .isEqualTo(family));

        assertThat(exposed).as("micrometer's JVM and process binders").containsKeys("jvm_memory_used_bytes",
                "jvm_gc_memory_allocated_bytes_total", "jvm_threads_live_threads", "jvm_classes_loaded_classes",
                "process_cpu_usage", "system_cpu_count", "process_uptime_seconds", "process_files_open_files");

        List<String> expectedBounds = new ArrayList<>();
        ServeMetrics.LATENCY_BUCKETS.forEach(d -> expectedBounds.add(Double.toString(d.toNanos() / 1e9)));
        expectedBounds.add("+Inf");
        List<String> bounds = new ArrayList<>();
        for (Sample sample : samples(scrape)) {
            if (sample.name().equals("netlever_radius_handler_seconds_bucket")
                    && sample.labels().get("listener").equals("bras")
                    && sample.labels().get("outcome").equals("access_accept")) {
                String le = sample.labels().get("le");
                bounds.add(le.equals("+Inf") ? le : Double.toString(Double.parseDouble(le)));
            }
        }
        assertThat(bounds).as("the BRAS's Access-Request -> Access-Accept series: the chosen buckets only")
                .containsExactlyElementsOf(expectedBounds);

        for (Sample sample : samples(scrape)) {
            if (sample.name().startsWith("netlever_")) {
                sample.labels().forEach((label, value) -> {
                    assertThat(label).as(sample.name()).matches("[a-z][a-z0-9_]*");
                    if (!label.equals("le")) {
                        assertThat(value).as(sample.name() + " " + label).matches("[a-z0-9_]+");
                    }
                });
            }
        }
    }

    /** A metric family: its Prometheus type and the label names of its samples (without a histogram's le). */
    private record Family(String type, Set<String> labels) {
    }

    /** One sample line of the exposition: its name and labels. */
    private record Sample(String name, Map<String, String> labels) {
    }

    private static List<Sample> samples(String scrape) {
        List<Sample> samples = new ArrayList<>();
        for (String line : scrape.split("\n")) {
            Matcher m = SAMPLE_LINE.matcher(line);
            if (!line.startsWith("#") && m.matches()) {
                Map<String, String> labels = new TreeMap<>();
                Matcher label = LABEL.matcher(m.group(2) == null ? "" : m.group(2));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
                samples.add(new Sample(m.group(1), labels));
            }
        }
        return samples;
    }

    /** The scrape's families by name, each with the label names its samples carry. */
    private static Map<String, Family> families(String scrape) {
        Map<String, String> types = new TreeMap<>();
        for (String line : scrape.split("\n")) {
            Matcher m = TYPE_LINE.matcher(line);
            if (m.matches()) {
                types.put(m.group(1), m.group(2));
            }
        }
        Map<String, Set<String>> labels = new TreeMap<>();
        for (Sample sample : samples(scrape)) {
            String family = types.containsKey(sample.name()) ? sample.name()
                    : sample.name().replaceFirst("_(bucket|count|sum)$", "");
            Set<String> names = labels.computeIfAbsent(family, k -> new TreeSet<>());
            sample.labels().keySet().stream().filter(l -> !l.equals("le")).forEach(names::add);
        }
        Map<String, Family> families = new TreeMap<>();
        types.forEach((name, type) -> families.put(name, new Family(type, labels.getOrDefault(name, Set.of()))));
        return families;
    }

    /** The rows of the README's metrics tables (its "### Metrics" section): name, type and labels. */
    private static Map<String, Family> documentedMetrics() throws Exception {
        Path readme = Path.of(System.getProperty("netlever.repository", "..")).resolve("README.md");
        Map<String, Family> documented = new TreeMap<>();
        boolean inSection = false;
        for (String line : Files.readAllLines(readme)) {
            if (line.startsWith("#")) {
                inSection = line.equals("### Metrics");
            }
            Matcher m = README_ROW.matcher(line);
            if (inSection && m.matches()) {
                Set<String> labels = new TreeSet<>();
                Matcher label = Pattern.compile("`([a-z0-9_]+)`").matcher(m.group(3));
                while (label.find()) {
                    labels.add(label.group(1));
                }
                assertThat(documented.put(m.group(1), new Family(m.group(2), labels))).as("README names "
                        + m.group(1) + " once").isNull();
            }
        }
        assertThat(documented).as("the metrics tables in " + readme).isNotEmpty();
        return documented;
    }

    @Test
    @DisplayName("issue 14 S1.1-S1.3: serve's dhcpd-leases follower delivers the recorded dhcpd file, counted in /metrics")
    void follower_recordedDhcpdLeases_deliveredAndCounted() throws Exception {
        Path recorded = Path.of(System.getProperty("netlever.repository", "..")).resolve(
                "aaa-core/src/test/resources/recorded/isc-dhcpd-4.4.3/leases/commit-release-expiry.leases");
        String text = Files.readString(recorded, java.nio.charset.StandardCharsets.ISO_8859_1);
        int frees = text.indexOf("lease 198.51.100.10", text.indexOf("lease 198.51.100.12"));
        Files.writeString(dir.resolve("dhcpd.leases"), text.substring(0, frees),
                java.nio.charset.StandardCharsets.ISO_8859_1);

        org.netlever.aaa.testing.Await.until("the three commits", Duration.ofSeconds(20),
                () -> server.leases().allLeases().size() == 3);
        assertThat(server.leases().lease(Ipv4Address.parse("198.51.100.10"))).map(Lease::subscriberId)
                .hasValue("alice");
        assertThat(server.leases().lease(Ipv4Address.parse("198.51.100.11"))).map(Lease::subscriberId)
                .hasValue("carol");
        Files.writeString(dir.resolve("dhcpd.leases"), text.substring(frees),
                java.nio.charset.StandardCharsets.ISO_8859_1, java.nio.file.StandardOpenOption.APPEND);
        org.netlever.aaa.testing.Await.until("the release and expiries", Duration.ofSeconds(20),
                () -> server.leases().allLeases().isEmpty());
        org.netlever.aaa.testing.Await.until("the counter", Duration.ofSeconds(20), () -> {
            try {
                return get("/metrics").body().lines().anyMatch(l -> l.startsWith("netlever_follower_events_total{")
                        && l.contains("type=\"dhcpd_leases\"") && l.endsWith(" 6.0"));
            } catch (Exception e) {
                return false;
            }
        });
        String name = ("dhcpd-leases:" + dir.resolve("dhcpd.leases").toAbsolutePath()).toLowerCase(java.util.Locale.ROOT)
                .replaceAll("[^a-z0-9]", "_");
        assertThat(get("/metrics").body()).contains("netlever_follower_parse_problems_total{follower=\"" + name
                + "\",type=\"dhcpd_leases\"} 0.0");
    }

    @Test
    @DisplayName("a restart on the same database keeps balances, leases and PCRF state")
    void restart_keepsWhatWasAcknowledged() throws Exception {
        assertThat(leverCommit("source=isc-dhcpd&event=commit&ip=198.51.100.11&mac=2%3A0%3A0%3A0%3A0%3A43"
                + "&remote_id=0%3A6%3Af8%3Ae9%3A3%3Ae7%3A55%3Aa6&circuit_id=0%3A4%3A0%3A98%3A0%3A6&id=lever-2")
                .statusCode()).isEqualTo(200);
        server.pcrf().orElseThrow().attach("79139001234", "Auto1_test.Sibir.OTT.root", "limitTP");
        server.close();
        assertThat(server.ready()).isFalse();

        server = NetleverServer.start(config, Clock.systemUTC());
        assertThat(get("/ready").statusCode()).isEqualTo(200);
        assertThat(server.leases().lease(Ipv4Address.parse("198.51.100.11"))).map(Lease::subscriberId)
                .hasValue("bob");
        assertThat(server.pcrf().orElseThrow().state("79139001234")).isPresent();
        assertThat(server.billing().balance("alice")).hasValueSatisfying(b ->
                assertThat(b).isEqualByComparingTo("100"));
    }
}
