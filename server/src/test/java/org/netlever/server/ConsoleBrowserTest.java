package org.netlever.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.netlever.aaa.call.Call;
import org.netlever.aaa.call.CallControl;
import org.netlever.aaa.call.CallPolicy;
import org.netlever.aaa.call.CallSetup;
import org.netlever.aaa.radius.AttributeType;
import org.netlever.aaa.radius.PacketCode;
import org.netlever.aaa.radius.RadiusMessage;
import org.netlever.aaa.radius.RadiusSecret;
import org.netlever.aaa.radius.attr.Accounting;
import org.netlever.aaa.radius.attr.AcctStatusType;
import org.netlever.aaa.radius.attr.Q850Cause;
import org.netlever.aaa.radius.client.RadiusClient;
import org.netlever.aaa.radius.client.RadiusOutcome;
import org.netlever.aaa.radius.client.RadiusServerDefinition;
import org.netlever.aaa.radius.client.ServerKind;
import org.netlever.aaa.testing.Await;
import org.netlever.aaa.testing.MutableClock;
import org.netlever.server.testing.ApiClient;
import org.netlever.server.testing.Browser;
import org.netlever.server.testing.ExampleConfig;
import org.netlever.server.testing.SignedLever;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Issue 15 §2: the web console in a real browser (Debian's chromium, headless, through chromedriver) against a real
 * {@code serve} from the shipped example, fed through its real sockets — leases by signed lever events, alice's call
 * through the softswitch's RADIUS, 79139001234's session through the BRAS's. One server and one browser for the class;
 * every test logs in afresh. Screenshots are kept in {@code target/console-screenshots/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleBrowserTest {

    private static final String PCRF_USER = "79139001234";
    private static final String HOSTILE = "<img src=x onerror=document.title='pwned'>";

    @TempDir
    static Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private BrasFixture fixture;
    private NetleverServer server;
    private Browser browser;
    private String console;

    @BeforeAll
    void setUp() throws Exception {
        browser = Browser.start(dir);
        fixture = new BrasFixture();
        server = fixture.serve(dir.resolve("serve"), Clock.systemUTC(), "esr-1");
        console = "http://127.0.0.1:" + server.opsAddress().getPort() + "/console/";

        // S1: dhcpd's commit for alice's PC behind sw-17 port 5, as the lever script posts it.
        assertThat(lever("source=isc-dhcpd&event=commit&ip=198.51.100.10&mac=2%3A0%3A0%3A0%3A0%3A42"
                + "&remote_id=0%3A6%3Af8%3Ae9%3A3%3Ae7%3A55%3Aa6&circuit_id=0%3A4%3A0%3A98%3A0%3A5&id=lever-1")
                .statusCode()).isEqualTo(200);
        // bob's, on port 6 of the same switch.
        assertThat(lever("source=isc-dhcpd&event=commit&ip=198.51.100.11&mac=2%3A0%3A0%3A0%3A0%3A43"
                + "&remote_id=0%3A6%3Af8%3Ae9%3A3%3Ae7%3A55%3Aa6&circuit_id=0%3A4%3A0%3A98%3A0%3A6&id=lever-2")
                .statusCode()).isEqualTo(200);
        // Equipment that says something hostile in its remote-id (a quoted string in the lever's form).
        lever("source=isc-dhcpd&event=commit&ip=198.51.100.20&mac=2%3A0%3A0%3A0%3A0%3A66&remote_id="
                + URLEncoder.encode("\"" + HOSTILE + "\"", StandardCharsets.UTF_8)
                + "&circuit_id=0%3A4%3A0%3A98%3A0%3A9&id=lever-hostile");
        // S2: alice calls Moscow for 61 seconds: two started minutes at 0.50.
        try (RadiusClient softswitch = softswitch()) {
            MutableClock softswitchClock = new MutableClock(Instant.now());
            Call call = CallControl.builder(softswitch).policy(CallPolicy.defaults()).clock(softswitchClock).build()
                    .newCall(CallSetup.of("74951234567", "74957654321"));
            call.authorize();
            call.answer();
            softswitchClock.advance(Duration.ofSeconds(61));
            call.release(Q850Cause.NORMAL_CLEARING);
        }
        ApiClient api = ApiClient.of(server.opsAddress(), ExampleConfig.READ_TOKEN);
        Await.until("alice's call is charged", () -> api.get("/api/v1/calls?subscriber=alice").body()
                .path("items").size() == 1);
    }

    @AfterAll
    void tearDown() {
        if (browser != null) {
            browser.close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    private HttpResponse<String> lever(String form) throws Exception {
        return http.send(SignedLever.post(server.leverAddress(), ExampleConfig.LEVER_SECRET, form),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A RADIUS client of serve's softswitch listener, as the softswitch is. */
    private RadiusClient softswitch() {
        String secret = ExampleConfig.SOFTSWITCH_SECRET;
        return RadiusClient.builder().bindAddress(InetAddress.getLoopbackAddress()).probeInterval(null)
                .accessServer(new RadiusServerDefinition("netlever", server.softswitchAuthAddress(),
                        ServerKind.ACCESS, RadiusSecret.of(secret), 2, Duration.ofMillis(500), Duration.ofSeconds(30),
                        true))
                .accountingServer(new RadiusServerDefinition("netlever", server.softswitchAcctAddress(),
                        ServerKind.ACCOUNTING, RadiusSecret.of(secret), 2, Duration.ofMillis(500),
                        Duration.ofSeconds(30), true)).build();
    }

    /** The BRAS's accounting for 79139001234's session with a Session-Time. */
    private static void brasAccounting(RadiusClient bras, AcctStatusType type, long seconds) {
        RadiusOutcome outcome = bras.exchange(RadiusMessage.builder(PacketCode.ACCOUNTING_REQUEST)
                .add(Accounting.statusType(type))
                .string(AttributeType.USER_NAME, PCRF_USER)
                .string(AttributeType.ACCT_SESSION_ID, "esr-session-1")
                .string(AttributeType.NAS_IDENTIFIER, "esr-1")
                .avPair(AttributeType.ELTEX_AVPAIR, "service-name", "limit2h1Gb")
                .add(Accounting.sessionTime(Duration.ofSeconds(seconds))).build());
        BrasFixture.answered(outcome);
    }

    /** Opens the console with no token in the session, logs in with a token and waits for the application. */
    private void logIn(String token) {
        browser.driver().get(console);
        browser.script("sessionStorage.clear();");
        browser.driver().navigate().refresh();
        WebElement field = browser.shown("token");
        field.sendKeys(token);
        browser.shown("login-submit").click();
    }

    /** Logs in with the read token and opens a view by its link in the navigation. */
    private void openAsSupport(String nav) {
        logIn(ExampleConfig.READ_TOKEN);
        browser.shown(nav).click();
    }

    private static String text(WebElement e) {
        return e.getText().strip();
    }

    @Test
    @DisplayName("the dashboard shows the leader, the queues and live rates of the event and request counters")
    void dashboard_showsLeaderQueuesAndRates_andUpdatesLive() throws Exception {
        openAsSupport("nav-dashboard");
        assertThat(text(browser.shown("leader"))).contains("yes");
        long active = ApiClient.of(server.opsAddress(), ExampleConfig.READ_TOKEN).get("/api/v1/dashboard").body()
                .path("leases").path("active").asLong();
        assertThat(active).isEqualTo(2);
        browser.until("two active leases", d -> text(browser.shown("leases-active")).endsWith("2"));
        String firstAt = text(browser.shown("dashboard-at"));
        // Events and requests arriving while the page is open raise its totals and rates without a reload: a few
        // each poll, for a few polls, so that the charts have a line to show.
        browser.script("window.stillTheSamePage = true;");
        try (RadiusClient bras = fixture.client()) {
            for (int poll = 0; poll < 6; poll++) {
                for (int i = 0; i <= poll % 3; i++) {
                    lever("source=isc-dhcpd&event=commit&ip=198.51.100.10&mac=2%3A0%3A0%3A0%3A0%3A42&remote_id="
                            + "0%3A6%3Af8%3Ae9%3A3%3Ae7%3A55%3Aa6&circuit_id=0%3A4%3A0%3A98%3A0%3A5&id=renew-" + poll
                            + "-" + i);
                    bras.exchange(RadiusMessage.builder(PacketCode.ACCESS_REQUEST)
                            .string(AttributeType.USER_NAME, "dashboard-visitor-" + poll)
                            .avPair(AttributeType.ELTEX_AVPAIR, "pcrf-request", "session").build());
                }
                String before = text(browser.shown("dashboard-at"));
                browser.until("the next reading", d -> !text(browser.shown("dashboard-at")).equals(before));
            }
        }
        ApiClient api = ApiClient.of(server.opsAddress(), ExampleConfig.READ_TOKEN);
        long events = api.get("/api/v1/dashboard").body().path("counters").path("dhcpEvents").asLong();
        browser.until("the DHCP event total " + events + " is shown", d -> browser.all("rate").stream()
                .anyMatch(r -> text(r).startsWith("DHCP events ") && text(r).contains(" " + events + " ")));
        assertThat(text(browser.shown("dashboard-at"))).isNotEqualTo(firstAt);
        assertThat(browser.script("return window.stillTheSamePage === true;")).isEqualTo(true);
        assertThat(browser.all("chart-dhcp").get(0).findElements(By.tagName("canvas"))).isNotEmpty();
        assertThat(browser.shown("radius-drops").findElements(Browser.test("drops"))).hasSize(1);
        assertThat(browser.all("error")).isEmpty();
        browser.screenshot("dashboard", true);
    }

    @Test
    @DisplayName("lease search finds alice's lease by subscriber and by address, and opens her page")
    void leaseSearch_findsTheLease_andOpensTheSubscriber() {
        openAsSupport("nav-leases");
        WebElement subscriber = browser.until("the subscriber filter", d -> d.findElement(By.id("f-leases-subscriber")));
        subscriber.sendKeys("alice");
        browser.shown("leases-search").click();
        browser.until("alice's lease is listed", d -> browser.all("lease").size() == 1
                && text(browser.all("lease-ip").get(0)).equals("198.51.100.10"));
        browser.screenshot("leases-alice", false);

        WebElement ip = browser.driver().findElement(By.id("f-leases-ip"));
        ip.sendKeys("198.51.100.99");
        browser.shown("leases-search").click();
        browser.until("no lease on .99 for alice", d -> browser.all("lease").isEmpty()
                && d.getCurrentUrl().contains("ip=198.51.100.99"));

        browser.driver().findElement(By.id("f-leases-ip")).clear();
        browser.driver().findElement(By.id("f-leases-subscriber")).clear();
        browser.driver().findElement(By.id("f-leases-ip")).sendKeys("198.51.100.10");
        browser.shown("leases-search").click();
        browser.until("the lease on .10", d -> browser.all("lease").size() == 1);
        browser.shown("lease-subscriber").click();
        assertThat(text(browser.shown("subscriber-title"))).isEqualTo("alice");
    }

    @Test
    @DisplayName("lease search pages: one lease a page, the next page appends the next address")
    void leaseSearch_pagesWithNext() {
        openAsSupport("nav-leases");
        browser.until("the pool filter", d -> d.findElement(By.id("f-leases-pool"))).sendKeys("public-1");
        browser.driver().findElement(By.id("f-leases-limit")).sendKeys("1");
        browser.shown("leases-search").click();
        browser.until("the first page", d -> d.getCurrentUrl().contains("limit=1") && browser.all("lease").size() == 1
                && text(browser.all("lease-ip").get(0)).equals("198.51.100.10"));
        browser.shown("next-page").click();
        browser.until("the second page appended", d -> browser.all("lease-ip").stream().map(ConsoleBrowserTest::text)
                .toList().equals(List.of("198.51.100.10", "198.51.100.11")));
        browser.screenshot("leases", true);
    }

    @Test
    @DisplayName("the subscriber page joins alice's billing entry, account, lease, call and DHCP events")
    void subscriberPage_joinsLeaseCallsAndAccount() {
        openAsSupport("nav-subscriber");
        browser.shown("subscriber-id").sendKeys("alice");
        browser.shown("subscriber-open").click();
        WebElement overview = browser.shown("subscriber-overview");
        browser.until("alice's lease", d -> overview.findElements(Browser.test("lease-ip")).stream()
                .anyMatch(e -> text(e).equals("198.51.100.10")));
        // 61 seconds are two started minutes at 0.50 of the 100.00 alice has.
        assertThat(text(browser.shown("call-charge"))).startsWith("1.00");
        assertThat(text(browser.shown("balance"))).startsWith("99.00");
        assertThat(overview.findElements(Browser.test("event"))).isNotEmpty();
        browser.screenshot("subscriber", true);
    }

    @Test
    @DisplayName("S3: the PCRF timeline shows the step the BRAS's interim causes, without a reload")
    void pcrfTimeline_showsTheTransitionAfterAnInterim_live() {
        try (RadiusClient bras = fixture.client()) {
            RadiusOutcome session = bras.exchange(RadiusMessage.builder(PacketCode.ACCESS_REQUEST)
                    .string(AttributeType.USER_NAME, PCRF_USER)
                    .avPair(AttributeType.ELTEX_AVPAIR, "pcrf-request", "session").build());
            assertThat(BrasFixture.answered(session).code()).isEqualTo(PacketCode.ACCESS_ACCEPT);
            brasAccounting(bras, AcctStatusType.START, 0);

            logIn(ExampleConfig.READ_TOKEN);
            browser.shown("nav-pcrf").click();
            browser.shown("pcrf-id").sendKeys(PCRF_USER);
            browser.shown("pcrf-open").click();
            browser.until("the subscriber's step", d -> text(browser.shown("pcrf-step")).equals("0"));
            browser.shown("transitions");
            assertThat(browser.all("transition")).isEmpty();
            browser.script("window.stillTheSamePage = true;");

            brasAccounting(bras, AcctStatusType.INTERIM_UPDATE, 7200);

            WebElement row = browser.until("a transition appears", d -> browser.all("transition").stream()
                    .findFirst().orElse(null));
            assertThat(text(row.findElement(Browser.test("transition-steps")))).isEqualTo("0 → 1");
            browser.until("the step shown is 1", d -> text(browser.shown("pcrf-step")).equals("1"));
            assertThat(browser.script("return window.stillTheSamePage === true;")).isEqualTo(true);
            assertThat(text(browser.shown("pcrf-zone"))).isNotEqualTo("—");
            browser.screenshot("pcrf-timeline", true);
        }
    }

    @Test
    @DisplayName("a hostile remote-id from equipment is shown in the event log as text and runs nothing")
    void eventLog_showsHostileOption82AsText() {
        openAsSupport("nav-events");
        WebElement cell = browser.until("the hostile remote-id is shown", d -> browser.all("event-option82").stream()
                .filter(e -> text(e).contains(HOSTILE)).findFirst().orElse(null));
        assertThat(text(cell)).contains("remote-id \"" + HOSTILE + "\"");
        assertThat(browser.shown("events-table").findElements(By.tagName("img"))).isEmpty();
        assertThat(browser.driver().getTitle()).isEqualTo("netlever console");
        browser.screenshot("events", false);

        browser.driver().findElement(By.id("f-events-outcome")).sendKeys("rejected");
        browser.shown("events-search").click();
        browser.until("only rejected events", d -> d.getCurrentUrl().contains("outcome=rejected")
                && !browser.all("event").isEmpty() && browser.all("event-outcome").stream()
                .allMatch(e -> text(e).equals("rejected")));
    }

    @Test
    @DisplayName("the CoA queue shows the NAS-sync summary and the services-reauth CoA list")
    void coaQueue_showsNasSyncSummaryAndCoa() {
        openAsSupport("nav-coa");
        browser.shown("nas-pending");
        browser.shown("coa-table");
        assertThat(browser.all("error")).isEmpty();
        browser.screenshot("coa", false);
    }

    @Test
    @DisplayName("a bad token is refused with the API's message and the console stays at the login")
    void badToken_showsTheApiMessage_andReturnsToTheLogin() {
        String message = ApiClient.of(server.opsAddress(), "not-a-token-anyone-holds-0123456789abcdef")
                .get("/api/v1/dashboard").body().path("message").asText();
        assertThat(message).isNotBlank();

        logIn("not-a-token-anyone-holds-0123456789abcdef");
        assertThat(text(browser.shown("login-error"))).isEqualTo(message);
        assertThat(browser.driver().findElement(By.id("nav")).isDisplayed()).isFalse();
        assertThat(browser.script("return sessionStorage.getItem('netlever.token');")).isNull();
        browser.screenshot("login-refused", false);

        browser.shown("token").sendKeys(ExampleConfig.READ_TOKEN);
        browser.shown("login-submit").click();
        browser.shown("logout").click();
        assertThat(text(browser.shown("login-error"))).isEqualTo("logged out");
        assertThat(browser.script("return sessionStorage.getItem('netlever.token');")).isNull();
    }

    @Test
    @DisplayName("a token refused while the console polls (revoked) returns to the login with the API's message")
    void tokenRefusedWhilePolling_returnsToTheLogin() {
        openAsSupport("nav-dashboard");
        browser.shown("leader");
        String refused = "revoked-token-0123456789abcdef0123456789abcdef";
        String message = ApiClient.of(server.opsAddress(), refused).get("/api/v1/dashboard").body().path("message")
                .asText();
        browser.script("sessionStorage.setItem('netlever.token', '" + refused + "');");

        assertThat(text(browser.shown("login-error"))).isEqualTo(message);
        assertThat(browser.driver().findElement(By.id("view")).findElements(By.xpath("./*"))).isEmpty();
    }

    @Test
    @DisplayName("what the API refuses is shown with its answer: an unknown PCRF subscriber's 404")
    void apiError_isShownInItsSection() {
        ApiClient api = ApiClient.of(server.opsAddress(), ExampleConfig.READ_TOKEN);
        String message = api.get("/api/v1/pcrf/subscribers/nobody-here").body().path("message").asText();
        assertThat(message).isNotBlank();

        openAsSupport("nav-pcrf");
        browser.shown("pcrf-id").sendKeys("nobody-here");
        browser.shown("pcrf-open").click();
        WebElement error = browser.until("the API's answer", d -> browser.all("error").stream()
                .filter(e -> text(e).contains(message)).findFirst().orElse(null));
        assertThat(text(error)).startsWith("404 not_found: ");
        assertThat(browser.driver().findElement(By.id("nav")).isDisplayed()).isTrue();
    }

}
