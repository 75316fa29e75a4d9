package org.netlever.examples.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netlever.aaa.testing.Await;
import org.netlever.examples.e2e.PyradBras.Answer;
import org.netlever.examples.e2e.PyradBras.Coa;
import org.netlever.examples.e2e.PyradBras.CoaListener;
import org.netlever.server.testing.ExampleConfig;

/**
 * Issue 13 §3: {@code netlever serve} from the built jar with the shipped example configuration, and a BRAS netlever
 * did not write — python3-pyrad ({@link PyradBras}) asks for session and service authorization, sends per-service
 * accounting with Gigawords and checks every answer's authenticators; its CoA listener, a pyrad server, answers
 * CoA-ACK, stays silent or answers CoA-NAK. Everything travels over UDP on loopback, on the real clock.
 */
class BrasPyradIT {

    private static final String USER = "79139001234";   // the seed's subscriber, in Auto1_test.Sibir.OTT.root
    private static final ZoneId YEKATERINBURG = ZoneId.of("Asia/Yekaterinburg");   // Sibir.OTT.root's zone (S3.5)
    private static final long GIB = 1L << 30;
    private static final int ACCESS_ACCEPT = 2;
    private static final int ACCOUNTING_RESPONSE = 5;
    private static final Duration COA_WAIT = Duration.ofSeconds(30);
    /** RFC 5176 3.6 Error-Cause 506, Resources Unavailable: a transient refusal. */
    private static final int RESOURCES_UNAVAILABLE = 506;
    /** RFC 5176 3.6 Error-Cause 503, Session Context Not Found: the BRAS no longer has the session. */
    private static final int SESSION_CONTEXT_NOT_FOUND = 503;

    @TempDir
    Path dir;

    private final List<AutoCloseable> running = new ArrayList<>();
    private ServeProcess serve;

    @AfterEach
    void tearDown() throws Exception {
        if (serve != null) {
            serve.sigterm();
            assertThat(serve.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        for (AutoCloseable c : running) {
            c.close();
        }
    }

    private <T extends AutoCloseable> T running(T c) {
        running.add(c);
        return c;
    }

    /** The pyrad BRAS and its CoA listener, both talking to serve. */
    private record Bras(PyradBras bras, CoaListener coa) {
    }

    /**
     * A CoA listener in a mode, serve started from the jar with the example configuration towards it (its PCRF
     * definitions edited by {@code definitions}), and the pyrad BRAS.
     */
    private Bras bras(CoaListener.Mode mode, int errorCause, java.util.function.UnaryOperator<String> definitions)
            throws Exception {
        Pyrad pyrad = Pyrad.install(dir);
        CoaListener coa = running(CoaListener.start(pyrad, mode, errorCause, dir));
        Path config = ExampleConfig.in(dir).brasCoaPort(coa.port()).write();
        Path json = dir.resolve("examples/pcrf/limit-2h-1gb.json");
        Files.writeString(json, definitions.apply(Files.readString(json)));
        serve = ServeProcess.start(config, dir, "serve");
        return new Bras(running(PyradBras.start(pyrad, serve, dir)), coa);
    }

    /** Session authorization, Start and service authorization of limit2h1Gb, checked as S3.6 and S3.2 say. */
    private static void startSession(PyradBras bras, String session) {
        Answer accept = bras.session(USER);
        assertThat(accept.code()).as("S3.6 session authorization %s", accept).isEqualTo(ACCESS_ACCEPT);
        assertThat(accept.attribute("Session-Timeout")).as("limitTP's session lifetime").contains("86400");
        assertThat(accept.attribute("Idle-Timeout")).as("S3.9").contains("600");
        assertThat(accept.pair("tariff-plan")).contains("limitTP");
        assertThat(accept.pair("service-name")).contains("limit2h1Gb");
        Answer service = bras.service(USER);
        assertThat(service.code()).isEqualTo(ACCESS_ACCEPT);
        assertThat(service.pair("service-name")).contains("limit2h1Gb");
        assertThat(service.pair("traffic-class")).contains("INTERNET");
        assertThat(service.pair("quota-time")).as("S3.2: 2 h").contains("7200");
        assertThat(service.pair("quota-volume")).as("S3.2: 1 GiB").contains(Long.toString(GIB));
        assertThat(service.attribute("Acct-Interim-Interval")).contains("300");
        assertThat(bras.acct("Start", USER, session, "limit2h1Gb", 0, 0, 0).code()).isEqualTo(ACCOUNTING_RESPONSE);
    }

    private static void assertServicesReauth(Coa coa) {
        assertThat(coa.messageAuthenticator()).as("RFC 5176 3.5: the CoA-Request's Message-Authenticator")
                .isEqualTo("ok");
        assertThat(coa.attributes()).as("S3.8").contains("User-Name=" + USER,
                "Eltex-AVPair=command=services-reauth");
        assertThat(coa.attributes()).anyMatch(a -> a.startsWith("Acct-Session-Id="));
    }

    @Test
    @DisplayName("S3.2, S3.7, S3.8: the seed's week over UDP — Gigawords use up 1 GiB, the pyrad BRAS is sent "
            + "services-reauth and is given blocking until the next weekday 07:00 in Yekaterinburg")
    void seedWeek_volumeUsedUpWithGigawords_coaThenBlockingUntilSevenOClock() throws Exception {
        Bras rig = bras(CoaListener.Mode.ACK, 0, json -> json);
        PyradBras bras = rig.bras();
        CoaListener coa = rig.coa();
        startSession(bras, "esr-s1");

        // 600,000,000 octets of the 1 GiB: no transition, the rest is what the service authorization says.
        assertThat(bras.acct("Interim-Update", USER, "esr-s1", "limit2h1Gb", 300, 500_000_000, 100_000_000).code())
                .isEqualTo(ACCOUNTING_RESPONSE);
        assertThat(bras.service(USER).pair("quota-volume")).as("S3.7 remaining volume")
                .contains(Long.toString(GIB - 600_000_000));
        assertThat(coa.all()).as("no CoA before the quota is used up").isEmpty();

        // The input counter passes 4 GiB: Acct-Input-Gigawords 1 (RFC 2869 5.1), the quota is used up.
        assertThat(bras.acct("Interim-Update", USER, "esr-s1", "limit2h1Gb", 600, (1L << 32) + 5, 100_000_000)
                .code()).isEqualTo(ACCOUNTING_RESPONSE);
        assertServicesReauth(coa.next(COA_WAIT));

        ZonedDateTime now = ZonedDateTime.now(YEKATERINBURG);
        Answer blocked = bras.service(USER);
        assertThat(blocked.pair("service-name")).as("S3.8: the next step").contains("blocking");
        assertThat(blocked.pair("traffic-class")).contains("WELCOME");
        assertThat(blocked.pair("default-action")).contains("redirect");
        assertThat(blocked.pair("redirect-url")).contains("http://10.10.5.50:9000/eltex_portal/access-denied.jsp");
        assertThat(blocked.attributes()).as("S3.1: the portal and eltex-co.ru stay reachable").contains(
                "Eltex-AVPair=url-rule=1:permit:welcome", "Eltex-AVPair=url-rule=2:permit:white_list",
                "Eltex-AVPair=url-list=welcome:http://10.10.5.50:9000/eltex_portal/",
                "Eltex-AVPair=url-list=white_list:~^(https|http):\\/\\/eltex-co\\.ru\\/");
        ZonedDateTime reset = ZonedDateTime.parse(blocked.pair("quota-cron").orElseThrow(),
                DateTimeFormatter.ISO_ZONED_DATE_TIME);
        assertThat(reset).as("S3.3, S3.5: the block lifts at the next weekday 07:00 in the client's zone")
                .isEqualTo(nextWeekdaySeven(now));
        assertThat(reset.getZone()).isEqualTo(YEKATERINBURG);

        assertThat(bras.acct("Stop", USER, "esr-s1", "limit2h1Gb", 660, (1L << 32) + 5, 100_000_000).code())
                .isEqualTo(ACCOUNTING_RESPONSE);
        assertThat(bras.session(USER).pair("service-name")).as("S3.7: the step is kept").contains("blocking");
        assertThat(coa.all()).as("one CoA, acknowledged at once: nothing sent again").hasSize(1);
        assertThat(metric("netlever_pcrf_reauth_sent_total")).isEqualTo(1.0);
    }

    /** The first 07:00 in the zone after {@code now} on Monday to Friday (the seed's {@code 0 0 7 ? * MON-FRI}). */
    private static ZonedDateTime nextWeekdaySeven(ZonedDateTime now) {
        ZonedDateTime candidate = now.toLocalDate().atTime(LocalTime.of(7, 0)).atZone(now.getZone());
        while (!candidate.isAfter(now) || Set.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY)
                .contains(candidate.getDayOfWeek())) {
            candidate = candidate.plusDays(1);
        }
        return candidate;
    }

    @Test
    @DisplayName("S3.4, S3.10: a cron limit due during the test, on the real clock in the client's zone, fires a CoA "
            + "the pyrad listener takes and brings the subscriber back to step 0 with fresh quotas")
    void cronDueOnTheRealClock_firesCoa_backToStepZeroRearmed() throws Exception {
        // One moment, a minute ahead, in Yekaterinburg: serve starts and the quota is used up well before it.
        ZonedDateTime due = ZonedDateTime.now(YEKATERINBURG).plusSeconds(60).truncatedTo(ChronoUnit.SECONDS);
        String cron = "%d %d %d %d %d ? %d".formatted(due.getSecond(), due.getMinute(), due.getHour(),
                due.getDayOfMonth(), due.getMonthValue(), due.getYear());
        Bras rig = bras(CoaListener.Mode.ACK, 0, json -> replaceOnce(json,
                "\"cronLimit\": \"0 0 7 ? * MON-FRI\"", "\"cronLimit\": \"" + cron + "\""));
        PyradBras bras = rig.bras();
        CoaListener coa = rig.coa();
        startSession(bras, "esr-s2");

        // The time quota: 2 h of session time.
        assertThat(bras.acct("Interim-Update", USER, "esr-s2", "limit2h1Gb", 7200, 1000, 1000).code())
                .isEqualTo(ACCOUNTING_RESPONSE);
        assertServicesReauth(coa.next(COA_WAIT));
        Answer blocked = bras.service(USER);
        assertThat(ZonedDateTime.now(YEKATERINBURG)).as("blocked before the cron moment, else the test proves "
                + "nothing").isBefore(due);
        assertThat(blocked.pair("service-name")).contains("blocking");
        assertThat(ZonedDateTime.parse(blocked.pair("quota-cron").orElseThrow())).isEqualTo(due);

        // The BRAS opens the blocking service's session, as it does after services-reauth.
        assertThat(bras.acct("Stop", USER, "esr-s2", "limit2h1Gb", 7200, 1000, 1000).code())
                .isEqualTo(ACCOUNTING_RESPONSE);
        assertThat(bras.acct("Start", USER, "esr-s3", "blocking", 0, 0, 0).code()).isEqualTo(ACCOUNTING_RESPONSE);

        Coa reset = coa.next(Duration.between(ZonedDateTime.now(YEKATERINBURG), due).plus(COA_WAIT));
        ZonedDateTime arrived = ZonedDateTime.now(YEKATERINBURG);
        assertServicesReauth(reset);
        assertThat(reset.attributes()).contains("Acct-Session-Id=esr-s3");
        assertThat(arrived).as("S3.10: at the due moment, not up to an interval late").isAfterOrEqualTo(due)
                .isBefore(due.plusSeconds(20));
        Answer again = bras.service(USER);
        assertThat(again.pair("service-name")).as("S3.4 again: back to step 0").contains("limit2h1Gb");
        assertThat(again.pair("quota-time")).as("re-armed").contains("7200");
        assertThat(again.pair("quota-volume")).as("re-armed").contains(Long.toString(GIB));
    }

    @Test
    @DisplayName("issue 13 §2: a BRAS whose CoA listener stays silent is sent services-reauth again, each a new "
            + "request after the client's own retransmissions, and every attempt is counted as failed")
    void silentCoaListener_reauthRetried_andCountedFailed() throws Exception {
        Bras rig = bras(CoaListener.Mode.SILENT, 0, json -> json);
        CoaListener coa = rig.coa();
        usedUp(rig.bras(), "esr-s4");
        assertThat(rig.bras().service(USER).pair("service-name")).as("the PCRF moved on; only the CoA is owed")
                .contains("blocking");
        Await.until("the owed services-reauth counted as queued while it waits for its retry", COA_WAIT,
                () -> metric("netlever_pcrf_reauth_queued") >= 1);
        Await.until("two services-reauth attempts, each a new CoA-Request", COA_WAIT,
                () -> coa.all().stream().map(Coa::authenticator).distinct().count() >= 2);
        coa.all().forEach(BrasPyradIT::assertServicesReauth);
        Coa first = coa.all().get(0);
        assertThat(coa.all().stream().filter(c -> c.authenticator().equals(first.authenticator())))
                .as("bras.coa[].retries 3: the first attempt is the request and 3 retransmissions of it")
                .hasSize(4).allSatisfy(c -> assertThat(c.id()).isEqualTo(first.id()));
        Coa lastTry = coa.all().get(3);
        Coa second = coa.all().get(4);
        assertThat(second.authenticator()).isNotEqualTo(first.authenticator());
        assertThat(Duration.between(lastTry.received(), second.received())).as("a back-off, not a loop")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        Await.until("the failed attempts in /metrics", COA_WAIT,
                () -> metric("netlever_pcrf_reauth_failed_total") >= 2);
        assertThat(metric("netlever_pcrf_reauth_sent_total")).isZero();
    }

    @Test
    @DisplayName("issue 13 §2: a CoA-NAK with a transient Error-Cause (506) is retried and counted as failed")
    void nakTransientCause_reauthRetried_andCountedFailed() throws Exception {
        Bras rig = bras(CoaListener.Mode.NAK, RESOURCES_UNAVAILABLE, json -> json);
        CoaListener coa = rig.coa();
        usedUp(rig.bras(), "esr-s5");
        Await.until("services-reauth sent again after the NAK", COA_WAIT, () -> coa.all().size() >= 2);
        assertThat(coa.all().stream().map(Coa::authenticator).distinct().count())
                .as("a NAK is an answer: no retransmission, each request is a new attempt")
                .isEqualTo(coa.all().size());
        coa.all().forEach(BrasPyradIT::assertServicesReauth);
        Await.until("the refused attempts in /metrics", COA_WAIT,
                () -> metric("netlever_pcrf_reauth_failed_total") >= 2);
        assertThat(metric("netlever_pcrf_reauth_sent_total")).isZero();
    }

    @Test
    @DisplayName("issue 13 §2: a CoA-NAK with Error-Cause 503 (session context not found) closes the session: one "
            + "attempt, counted as session_gone, nothing owed any more")
    void nakSessionContextNotFound_closesTheSession_notRetried() throws Exception {
        Bras rig = bras(CoaListener.Mode.NAK, SESSION_CONTEXT_NOT_FOUND, json -> json);
        CoaListener coa = rig.coa();
        usedUp(rig.bras(), "esr-s6");
        Await.until("the 503 counted as the session gone", COA_WAIT,
                () -> metric("netlever_pcrf_reauth_failures_total", "failure=\"session_gone\"") >= 1);
        assertThat(metric("netlever_pcrf_reauth_naks_total", "error_cause=\"503\"")).isEqualTo(1);
        assertThat(metric("netlever_pcrf_reauth_queued")).as("a closed session is owed no CoA").isZero();
        assertThat(coa.all()).as("RFC 5176 3.6: a NAK is an answer, and 503 is not worth another attempt")
                .hasSize(1).allSatisfy(BrasPyradIT::assertServicesReauth);
        assertThat(metric("netlever_pcrf_reauth_failures_total", "failure=\"transient\"")).isZero();
    }

    private static void usedUp(PyradBras bras, String session) {
        startSession(bras, session);
        assertThat(bras.acct("Interim-Update", USER, session, "limit2h1Gb", 7200, 1000, 1000).code())
                .isEqualTo(ACCOUNTING_RESPONSE);
    }

    private static String replaceOnce(String text, String what, String with) {
        assertThat(text).as("the shipped definitions").containsOnlyOnce(what);
        return text.replace(what, with);
    }

    private static final Pattern SAMPLE = Pattern.compile("^(\\S+?)(\\{[^}]*})? (\\S+)$", Pattern.MULTILINE);

    /** A sample of serve's /metrics (the sum over its labels); 0 when it is not there. */
    private double metric(String name) {
        return metric(name, "");
    }

    /** The sum of a metric's samples whose labels contain {@code label} (e.g. {@code failure="transient"}). */
    private double metric(String name, String label) {
        try {
            String text = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://"
                    + serve.host(ServeProcess.OPS) + ":" + serve.port(ServeProcess.OPS) + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            double sum = 0;
            Matcher m = SAMPLE.matcher(text);
            while (m.find()) {
                String labels = m.group(2) == null ? "" : m.group(2);
                if (m.group(1).equals(name) && labels.contains(label)) {
                    sum += Double.parseDouble(m.group(3));
                }
            }
            return sum;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
