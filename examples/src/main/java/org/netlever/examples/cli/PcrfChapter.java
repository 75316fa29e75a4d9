package org.netlever.examples.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

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
import org.netlever.pcrf.PcrfEngine;
import org.netlever.pcrf.StepQuota;
import org.netlever.pcrf.SubscriberState;
import org.netlever.pcrf.Transition;
import org.netlever.pcrf.bras.BrasHandler;
import org.netlever.pcrf.bras.CoaBrasNotifier;
import org.netlever.pcrf.bras.PlanDirectory;
import org.netlever.pcrf.model.DefinitionsJson;
import org.netlever.pcrf.model.PcrfDefinitions;
import org.netlever.pcrf.model.Scenario;

/**
 * Chapter 4 of the demo (S3.1–S3.11): the seed's worked example — 2 hours and 1 GiB on weekdays, then a blocking
 * service with a white list and a redirect until 07:00 Yekaterinburg time — between a simulated BRAS and netlever's
 * PCRF over loopback UDP. The BRAS is netlever's RADIUS client (session and service requests, accounting) plus a RADIUS
 * server listening for CoA; the PCRF is a {@link PcrfEngine} on an in-memory H2 database behind a {@link BrasHandler},
 * telling the BRAS {@code services-reauth} through aaa-core's CoA client. The definitions are the file shipped as
 * {@code examples/pcrf/limit-2h-1gb.json}. The clock is stepped by hand, so a week passes in a second; every packet is
 * real.
 *
 * <p>Not thread-safe: one run per instance.
 */
final class PcrfChapter {

    private static final String SECRET = "demo-bras-secret";
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final ZoneId YEKT = ZoneId.of("Asia/Yekaterinburg");
    private static final String USER = "79139001234";
    private static final String DEFINITIONS = "/org/netlever/examples/pcrf/limit-2h-1gb.json";
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm xxx",
            Locale.ENGLISH);
    private static final long MIB = 1L << 20;

    private final PrintStream out;
    private final LinkedBlockingQueue<RadiusPacket> coas = new LinkedBlockingQueue<>();
    /** The service each accounting session of the BRAS runs. */
    private final Map<String, String> sessions = new HashMap<>();
    private final SteppedClock clock = new SteppedClock(yekaterinburg("2026-11-23T09:00"));
    private RadiusClient bras;
    private PcrfEngine engine;
    /** The CoA requests the BRAS received. */
    private int received;

    PcrfChapter(PrintStream out) {
        this.out = out;
    }

    static PcrfDefinitions definitions() {
        try (InputStream in = PcrfChapter.class.getResourceAsStream(DEFINITIONS)) {
            if (in == null) {
                throw new IllegalStateException("the seed definitions " + DEFINITIONS + " are not on the class path");
            }
            return DefinitionsJson.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Instant yekaterinburg(String local) {
        return ZonedDateTime.of(LocalDateTime.parse(local), YEKT).toInstant();
    }

    void run() {
        out.println("netlever demo, chapter 4: PCRF scenario for a BRAS, CoA on loopback UDP (S3.1-S3.11)");
        out.println();
        PcrfDefinitions definitions = definitions();
        try (Database db = Database.h2InMemory();
                RadiusServer brasCoa = RadiusServer.builder().authAddress(any()).acctAddress(any()).coaAddress(any())
                        .client(RadiusClientDefinition.of("pcrf", "127.0.0.1", SECRET))
                        .handler(request -> {
                            coas.add(request.packet());
                            return RadiusReply.of(RadiusMessage.of(PacketCode.COA_ACK));
                        }).start();
                CoaClient coaClient = CoaClient.bound(LOOPBACK);
                PcrfEngine pcrf = PcrfEngine.builder(db, definitions).clock(clock)
                        .notifier(CoaBrasNotifier.single(coaClient, new RadiusServerDefinition("esr-1",
                                brasCoa.coaAddress().orElseThrow(), ServerKind.DYNAMIC_AUTHORIZATION,
                                RadiusSecret.of(SECRET), 2, Duration.ofMillis(500), Duration.ofSeconds(30), true)))
                        .build();
                RadiusServer front = RadiusServer.builder().authAddress(any()).acctAddress(any())
                        .client(RadiusClientDefinition.of("esr-1", "127.0.0.1", SECRET))
                        .handler(new BrasHandler(pcrf, PlanDirectory.of(Map.of(USER,
                                new PlanDirectory.Assignment("Auto1_test.Sibir.OTT.root", "limitTP"))))).start();
                RadiusClient client = RadiusClient.builder().bindAddress(LOOPBACK).probeInterval(null)
                        .accessServer(new RadiusServerDefinition("pcrf", front.authAddress(), ServerKind.ACCESS,
                                RadiusSecret.of(SECRET), 2, Duration.ofMillis(500), Duration.ofSeconds(30), true))
                        .accountingServer(new RadiusServerDefinition("pcrf", front.acctAddress(),
                                ServerKind.ACCOUNTING, RadiusSecret.of(SECRET), 2, Duration.ofMillis(500),
                                Duration.ofSeconds(30), true))
                        .build()) {
            this.engine = pcrf;
            this.bras = client;
            Scenario limit = definitions.scenario("limit").orElseThrow();
            out.println("Definitions: examples/pcrf/limit-2h-1gb.json. Scenario 'limit' = "
                    + String.join(" -> ", limit.steps()) + (limit.again() ? " -> again" : "") + "; the blocking "
                    + "service lifts at cron \"0 0 7 ? * MON-FRI\"");
            out.println("in the subscriber's zone: domain Auto1_test.Sibir.OTT.root inherits Asia/Yekaterinburg "
                    + "from Sibir.OTT.root.");
            out.printf("The PCRF answers the BRAS on %s (auth) and %s (acct); the BRAS takes CoA on %s.%n",
                    text(front.authAddress()), text(front.acctAddress()), text(brasCoa.coaAddress().orElseThrow()));

            day("2026-11-23T09:00", "subscriber " + USER + " comes online");
            RadiusPacket session = ask("session");
            out.printf("  session    %s, Session-Timeout %s s, %s%n", session.code(),
                    Accounting.sessionTimeout(session).map(Duration::toSeconds).orElse(0L),
                    pairs(session, "tariff-plan"));
            service();
            out.println("  accounting Start, then an Interim-Update every 5 minutes, 20 MiB each");
            String first = "esr-1-0001";
            account(first, AcctStatusType.START, 0, 0);
            int interims = 0;
            while (current().step() == 0) {
                clock.advance(Duration.ofMinutes(5));
                interims++;
                account(first, AcctStatusType.INTERIM_UPDATE, 300L * interims, 20 * MIB * interims);
            }
            transitionAndCoa(interims + " interims later");
            service();
            account(first, AcctStatusType.STOP, 300L * interims, 20 * MIB * interims);
            String night = "esr-1-0002";
            Instant nightStart = clock.instant();
            account(night, AcctStatusType.START, 0, 0);
            out.println("  accounting Stop for the quota service's session, Start for the blocking service's");
            out.println("  Interim-Updates every 5 minutes keep it open through the night (S3.9: a silent session "
                    + "closes after 10 minutes and is owed no CoA)");
            stillThere(night, nightStart, "2026-11-24T06:55", 3 * MIB);

            day("2026-11-24T07:00", "the cron limit fires at its moment (the original checks hourly)");
            runDue();
            service();
            clock.advance(Duration.ofMinutes(1));
            account(night, AcctStatusType.STOP, 20 * 3600 + 60, 3 * MIB);
            out.println("  accounting Stop for the blocking service's session: not charged to any quota");

            day("2026-11-24T19:00", "a 30-minute session that ends with quota left (S3.9)");
            String evening = "esr-1-0003";
            account(evening, AcctStatusType.START, 0, 0);
            clock.advance(Duration.ofMinutes(30));
            account(evening, AcctStatusType.STOP, 1800, 150 * MIB);
            StepQuota left = current();
            out.printf("  stays on step %d '%s' with %s s and %d MiB left%n", left.step(), left.service(),
                    left.remainingTime().map(Duration::toSeconds).orElse(0L),
                    left.remainingVolume().orElse(0) / MIB);

            for (String morning : List.of("2026-11-25T07:00", "2026-11-26T07:00", "2026-11-27T07:00")) {
                clock.set(yekaterinburg(morning));
                List<Transition> resets = engine.runDue();
                out.printf("%s: the 07:00 reset re-arms step 0 (%s, no session open, so no CoA)%n",
                        local(clock.instant()).format(DAY), resets.stream().map(t -> t.reason().toString())
                                .collect(Collectors.joining(", ")));
            }

            day("2026-11-27T10:00", "a download, 256 MiB per 5 minutes");
            String friday = "esr-1-0004";
            account(friday, AcctStatusType.START, 0, 0);
            interims = 0;
            while (current().step() == 0) {
                clock.advance(Duration.ofMinutes(5));
                interims++;
                account(friday, AcctStatusType.INTERIM_UPDATE, 300L * interims, 256 * MIB * interims);
            }
            transitionAndCoa(interims + " interims later");
            service();
            account(friday, AcctStatusType.STOP, 300L * interims, 256 * MIB * interims);
            String weekend = "esr-1-0005";
            Instant weekendStart = clock.instant();
            account(weekend, AcctStatusType.START, 0, 0);
            out.println("  accounting Stop for the quota service's session, Start for the blocking service's, "
                    + "its Interim-Updates every 5 minutes all weekend");

            for (String morning : List.of("2026-11-28T07:00", "2026-11-29T07:00")) {
                stillThere(weekend, weekendStart, morning.replace("T07:00", "T06:55"), MIB);
                clock.set(yekaterinburg(morning));
                out.printf("%s: %d transitions, still '%s' (MON-FRI)%n", local(clock.instant()).format(DAY),
                        engine.runDue().size(), current().service());
            }
            stillThere(weekend, weekendStart, "2026-11-30T06:55", MIB);
            day("2026-11-30T07:00", "the block lifts");
            runDue();
            service();

            out.println();
            out.println("Why was I blocked? The transitions stored for " + USER + ":");
            for (Transition t : engine.history(USER, 20)) {
                out.printf("   %s  step %d -> %d  %s%n", local(t.at()).format(DAY), t.fromStep(), t.toStep(),
                        t.reason());
            }
            out.printf("PCRF: %d transitions; the BRAS received %d services-reauth CoA and acknowledged each.%n",
                    engine.transitionCount(), received);
            out.println("S3.11: with several quota steps the default reset policy RESTART_SCENARIO sends a subscriber"
                    + " back to step 0;");
            out.println("REARM_CURRENT_STEP keeps the original's behaviour (PcrfEngine.Builder.resetPolicy).");
        }
    }

    private static InetSocketAddress any() {
        return new InetSocketAddress(LOOPBACK, 0);
    }

    private static String text(InetSocketAddress address) {
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }

    private static ZonedDateTime local(Instant at) {
        return at.atZone(YEKT);
    }

    /**
     * The BRAS's last Interim-Update before a reset: the clock jumps hours ahead, but a BRAS reports an open session
     * every Acct-Interim-Interval, so the session is still open when the reset comes.
     */
    private void stillThere(String session, Instant started, String localTime, long octets) {
        clock.set(yekaterinburg(localTime));
        account(session, AcctStatusType.INTERIM_UPDATE, Duration.between(started, clock.instant()).toSeconds(), octets);
    }

    private void day(String localTime, String what) {
        clock.set(yekaterinburg(localTime));
        ZonedDateTime now = local(clock.instant());
        out.println();
        out.printf("%s (%s): %s%n", now.format(DAY), now.getDayOfWeek() == DayOfWeek.SATURDAY
                || now.getDayOfWeek() == DayOfWeek.SUNDAY ? "weekend" : now.getDayOfWeek()
                        .getDisplayName(TextStyle.FULL, Locale.ENGLISH), what);
    }

    private StepQuota current() {
        SubscriberState state = engine.state(USER).orElseThrow(() -> new IllegalStateException(
                USER + " is not attached"));
        return state.current();
    }

    private void runDue() {
        List<Transition> fired = engine.runDue();
        if (fired.isEmpty()) {
            out.println("  nothing due");
            return;
        }
        for (Transition t : fired) {
            out.printf("  %s  step %d -> %d (%s)%n", local(t.at()).format(DAY), t.fromStep(), t.toStep(), t.reason());
        }
        coa();
    }

    private void transitionAndCoa(String when) {
        List<Transition> history = engine.history(USER, 100);
        Transition t = history.get(history.size() - 1);
        out.printf("  %s, at %s: step %d -> %d (%s)%n", when, local(t.at()).format(DAY), t.fromStep(), t.toStep(),
                t.reason());
        coa();
    }

    /** Waits for the CoA the engine sends after a stored transition; a demo without it would not be the story. */
    private void coa() {
        RadiusPacket coa;
        try {
            coa = coas.poll(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the CoA", e);
        }
        if (coa == null) {
            throw new IllegalStateException("the BRAS received no CoA services-reauth within 10 s");
        }
        received++;
        out.printf("  CoA        the BRAS got %s User-Name %s, Acct-Session-Id %s, command=%s -> CoA-ACK%n",
                coa.code(), coa.string(AttributeType.USER_NAME).orElse("?"),
                coa.string(AttributeType.ACCT_SESSION_ID).orElse("?"),
                coa.avPair(AttributeType.ELTEX_AVPAIR, "command").orElse("?"));
    }

    private void service() {
        RadiusPacket reply = ask("service");
        out.printf("  service    %s%n", pairs(reply, "service-name", "traffic-class", "quota-time", "quota-volume",
                "quota-cron", "default-action", "redirect-url", "url-rule", "url-list"));
    }

    private RadiusPacket ask(String kind) {
        RadiusOutcome outcome = bras.exchange(RadiusMessage.builder(PacketCode.ACCESS_REQUEST)
                .string(AttributeType.USER_NAME, USER)
                .avPair(AttributeType.ELTEX_AVPAIR, "pcrf-request", kind).build());
        if (outcome instanceof RadiusOutcome.Answered answered) {
            return answered.reply();
        }
        throw new IllegalStateException("the PCRF did not answer the " + kind + " request: " + outcome);
    }

    private void account(String sessionId, AcctStatusType type, long seconds, long octets) {
        String service = current().service();
        RadiusOutcome outcome = bras.exchange(RadiusMessage.builder(PacketCode.ACCOUNTING_REQUEST)
                .add(Accounting.statusType(type))
                .string(AttributeType.USER_NAME, USER)
                .string(AttributeType.ACCT_SESSION_ID, sessionId)
                .string(AttributeType.NAS_IDENTIFIER, "esr-1")
                .avPair(AttributeType.ELTEX_AVPAIR, "service-name", type == AcctStatusType.START ? service
                        : serviceOf(sessionId))
                .add(Accounting.sessionTime(Duration.ofSeconds(seconds)))
                .addAll(Accounting.inputOctets(octets / 8))
                .addAll(Accounting.outputOctets(octets - octets / 8))
                .build());
        if (type == AcctStatusType.START) {
            sessions.put(sessionId, service);
        }
        if (!(outcome instanceof RadiusOutcome.Answered)) {
            throw new IllegalStateException("the PCRF did not acknowledge accounting for " + sessionId + ": "
                    + outcome);
        }
    }

    private String serviceOf(String sessionId) {
        return sessions.getOrDefault(sessionId, current().service());
    }

    private static String pairs(RadiusPacket packet, String... keys) {
        List<String> wanted = List.of(keys);
        return packet.avPairs(AttributeType.ELTEX_AVPAIR).stream().filter(p -> wanted.contains(p.key()))
                .map(AvPair::toString).collect(Collectors.joining(", "));
    }
}
