package org.netlever.examples.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;

import org.netlever.aaa.call.AnswerOutcome;
import org.netlever.aaa.call.AuthorizationDecision;
import org.netlever.aaa.call.AuthorizationOutcome;
import org.netlever.aaa.call.BypassList;
import org.netlever.aaa.call.Call;
import org.netlever.aaa.call.CallAaaHandler;
import org.netlever.aaa.call.CallControl;
import org.netlever.aaa.call.CallEvent;
import org.netlever.aaa.call.CallNumber;
import org.netlever.aaa.call.CallPolicy;
import org.netlever.aaa.call.CallSetup;
import org.netlever.aaa.call.InMemoryCallAccounting;
import org.netlever.aaa.call.Party;
import org.netlever.aaa.call.ReleaseOutcome;
import org.netlever.aaa.call.RouteReply;
import org.netlever.aaa.call.RoutingOutcome;
import org.netlever.aaa.call.StartReply;
import org.netlever.aaa.call.SupplementaryService;
import org.netlever.aaa.radius.RadiusSecret;
import org.netlever.aaa.radius.attr.H323ReturnCode;
import org.netlever.aaa.radius.attr.Q850Cause;
import org.netlever.aaa.radius.client.RadiusClient;
import org.netlever.aaa.radius.client.RadiusServerDefinition;
import org.netlever.aaa.radius.client.ServerKind;
import org.netlever.aaa.radius.server.RadiusClientDefinition;
import org.netlever.aaa.radius.server.RadiusServer;

/**
 * Chapter 3 of the demo (S2.1–S2.9): a softswitch ({@link CallControl}) and billing ({@link RadiusServer} with
 * {@link CallAaaHandler}) talking RADIUS over loopback UDP. The softswitch's first server of each list is down, so
 * every request fails over. A call is routed (B rewritten), authorized, answered (Start), updated (an Interim-Update
 * and a supplementary-service Update) and released (Stop); an emergency call rejected by billing goes through on the
 * bypass list; an unanswered call still gets its Stop under {@code unsuccessful_call_info}. The softswitch's clock is
 * stepped by hand, so the interim timer fires without waiting.
 *
 * <p>Not thread-safe: one run per instance.
 */
final class CallChapter {

    private static final String SECRET = "demo-softswitch-secret";
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final PrintStream out;

    CallChapter(PrintStream out) {
        this.out = out;
    }

    void run() {
        out.println("netlever demo, chapter 3: a softswitch call over RADIUS, loopback UDP (S2.1-S2.9)");
        out.println();
        InMemoryCallAccounting ledger = new InMemoryCallAccounting(start -> StartReply.proceed()
                .withInterimInterval(Duration.ofSeconds(30)).withMaxDuration(Duration.ofMinutes(5)));
        CallAaaHandler billing = CallAaaHandler.builder()
                .router(request -> request.called().digits().startsWith("8")
                        ? RouteReply.rewriteCalled(CallNumber.of("7" + request.called().digits().substring(1))
                                .with(CallNumber.NUMBER_TYPE, "national"))
                        : RouteReply.unchanged())
                .authorizer(request -> request.called().digits().equals("112")
                        ? AuthorizationDecision.reject("no billing account for emergency numbers",
                                H323ReturnCode.INVALID_ACCOUNT)
                        : AuthorizationDecision.acceptFor(Duration.ofMinutes(10)))
                .accounting(ledger)
                .build();
        SteppedClock clock = new SteppedClock(Instant.parse("2026-11-21T09:00:00Z"));
        try (DatagramSocket down = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
                RadiusServer server = RadiusServer.builder()
                        .authAddress(new InetSocketAddress(LOOPBACK, 0)).acctAddress(new InetSocketAddress(LOOPBACK, 0))
                        .client(RadiusClientDefinition.of("ecss-10", "127.0.0.1", SECRET)).handler(billing).start();
                RadiusClient client = RadiusClient.builder().bindAddress(LOOPBACK).probeInterval(null).clock(clock)
                        .accessServer(server("billing-1 (down)", down, ServerKind.ACCESS))
                        .accessServer(server("billing-2", server.authAddress(), ServerKind.ACCESS))
                        .accountingServer(server("billing-1 (down)", down, ServerKind.ACCOUNTING))
                        .accountingServer(server("billing-2", server.acctAddress(), ServerKind.ACCOUNTING))
                        .build()) {
            CallPolicy policy = CallPolicy.defaults().withBypass(BypassList.of("112"))
                    .withSendSsNotification(true).withUnsuccessfulCallInfo(true);
            CallControl control = CallControl.builder(client).policy(policy).clock(clock).nasIdentifier("ecss-10")
                    .build();
            out.printf("Billing listens on %s (auth) and %s (acct); the softswitch tries billing-1, which is down,%n"
                    + "then billing-2. Policy: if_radius_unavaliable = [112], send_ss_notification, "
                    + "unsuccessful_call_info.%n", text(server.authAddress()), text(server.acctAddress()));

            out.println();
            out.println("1. 74951234567 calls 84957654321");
            Call call = control.newCall(CallSetup.of("74951234567", "84957654321")
                    .withRouting("subscribers", "local", "pbx.example", "sip-trunk-1"));
            out.println("   route      " + describe(call.route()));
            out.println("   authorize  " + describe(call.authorize()));
            clock.advance(Duration.ofSeconds(6));
            out.println("   answer     " + describe(call.answer()));
            clock.advance(Duration.ofSeconds(30));
            for (CallEvent event : control.runDueTimers()) {
                out.println("   timer      " + describe(event));
            }
            out.println("   hold       update sent: " + call.supplementaryService(new SupplementaryService(Party.B,
                    "hold")));
            clock.advance(Duration.ofSeconds(15));
            out.println("   hang up    " + describe(call.release(Q850Cause.NORMAL_CLEARING)));

            out.println();
            out.println("2. 74951234567 calls 112: billing rejects it, the bypass list lets it through (S2.3)");
            Call emergency = control.newCall(CallSetup.of("74951234567", "112"));
            out.println("   authorize  " + describe(emergency.authorize()));
            out.println("   answer     " + describe(emergency.answer()));
            clock.advance(Duration.ofSeconds(40));
            out.println("   hang up    " + describe(emergency.release(Q850Cause.NORMAL_CLEARING)));

            out.println();
            out.println("3. 74951234567 calls 74957654322, nobody answers (S2.7, unsuccessful_call_info)");
            Call unanswered = control.newCall(CallSetup.of("74951234567", "74957654322"));
            out.println("   authorize  " + describe(unanswered.authorize()));
            clock.advance(Duration.ofSeconds(25));
            out.println("   give up    " + describe(unanswered.release(Q850Cause.NO_ANSWER)));

            out.println();
            out.println("What billing recorded:");
            ledger.starts().forEach(s -> out.printf("   Start    %s %s -> %s answered %s%n", s.callId().substring(0, 8),
                    s.calling().digits(), s.called(), s.answerTime()));
            ledger.interims().forEach(i -> out.printf("   Interim  %s after %ss%n", i.callId().substring(0, 8),
                    i.sessionTime().toSeconds()));
            ledger.supplementaryUpdates().forEach(u -> out.printf("   Update   %s %s%n", u.callId().substring(0, 8),
                    u.services()));
            ledger.stops().forEach(s -> out.printf("   Stop     %s %s, %ss, cause %s%s%n", s.callId().substring(0, 8),
                    s.called().digits(), s.sessionTime().toSeconds(), s.cause(),
                    s.answered() ? "" : " (never answered)"));
            out.println("Server: " + server.stats().answered() + " requests answered; client: " + client.statistics()
                    + "; " + client.servers().stream().filter(s -> !s.up()).count() + " servers marked down");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(InetSocketAddress address) {
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }

    private static String seconds(Duration duration) {
        return duration.toSeconds() + " s";
    }

    /** One line for each outcome the softswitch sees. */
    private static String describe(Object outcome) {
        if (outcome instanceof RoutingOutcome.Routed r) {
            return "routed by " + r.server() + ": A " + r.calling() + ", B " + r.called()
                    + r.tag().map(t -> ", tag " + t).orElse("");
        }
        if (outcome instanceof AuthorizationOutcome.Authorized a) {
            return "authorized" + a.creditTime().map(c -> ", credit " + seconds(c)).orElse("");
        }
        if (outcome instanceof AuthorizationOutcome.Bypassed b) {
            return "goes through on the bypass list (" + b.why() + ")";
        }
        if (outcome instanceof AnswerOutcome.Proceed p) {
            return "Start answered" + p.maxDuration().map(m -> ", at most " + seconds(m)).orElse("")
                    + p.interimInterval().map(i -> ", Interim-Update every " + seconds(i)).orElse("");
        }
        if (outcome instanceof CallEvent.InterimSent i) {
            return "Interim-Update after " + seconds(i.sessionTime()) + (i.delivered() ? "" : " (queued)");
        }
        if (outcome instanceof ReleaseOutcome.StopSent) {
            return "Stop sent";
        }
        return String.valueOf(outcome);
    }

    private static RadiusServerDefinition server(String name, DatagramSocket socket, ServerKind kind) {
        return server(name, (InetSocketAddress) socket.getLocalSocketAddress(), kind);
    }

    private static RadiusServerDefinition server(String name, InetSocketAddress address, ServerKind kind) {
        return new RadiusServerDefinition(name, address, kind, RadiusSecret.of(SECRET), 1, Duration.ofMillis(100),
                Duration.ofSeconds(60), true);
    }
}
