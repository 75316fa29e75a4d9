package org.netlever.aaa.call;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.netlever.aaa.radius.RadiusSecret;
import org.netlever.aaa.radius.attr.H323ReturnCode;
import org.netlever.aaa.radius.attr.Q850Cause;
import org.netlever.aaa.radius.client.RadiusClient;
import org.netlever.aaa.radius.client.RadiusServerDefinition;
import org.netlever.aaa.radius.client.ServerKind;
import org.netlever.aaa.radius.server.MessageAuthenticatorPolicy;
import org.netlever.aaa.radius.server.RadiusClientDefinition;
import org.netlever.aaa.radius.server.RadiusHandler;
import org.netlever.aaa.radius.server.RadiusReply;
import org.netlever.aaa.radius.server.RadiusServer;
import org.netlever.aaa.testing.MutableClock;

/**
 * A softswitch (netlever's {@link CallControl}) and a billing server (netlever's {@link RadiusServer} with
 * {@link CallAaaHandler}) talking RADIUS over loopback UDP through whole calls (S2.1–S2.9).
 */
class SoftswitchCallTest {

    private static final String SECRET = "softswitch-secret";
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final String EMERGENCY = "112";
    private static final String BLOCKED = "74950000000";
    private static final String SHORT_CREDIT = "74951112233";
    private static final String PROHIBITED = "74959999999";

    private final MutableClock clock = MutableClock.at("2026-11-21T10:00:00Z");
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final List<RouteRequest> routed = new CopyOnWriteArrayList<>();
    private final InMemoryCallAccounting ledger = new InMemoryCallAccounting(start -> {
        if (start.called().digits().equals(PROHIBITED) || start.called().digits().equals(EMERGENCY)) {
            return StartReply.prohibit("no money left");
        }
        StartReply reply = StartReply.proceed().withInterimInterval(Duration.ofSeconds(30));
        return start.called().digits().equals(SHORT_CREDIT) ? reply.withMaxDuration(Duration.ofSeconds(60)) : reply;
    });
    private final CallAaaHandler billing = CallAaaHandler.builder()
            .router(request -> {
                routed.add(request);
                if (request.called().digits().startsWith("8495")) {
                    return new RouteReply.Route(Optional.empty(), Optional.of(CallNumber.of(
                            "7" + request.called().digits().substring(1)).with(CallNumber.NUMBER_TYPE, "national")),
                            Optional.of("moscow"));
                }
                return RouteReply.unchanged();
            })
            .authorizer(request -> switch (request.called().digits()) {
                case EMERGENCY -> AuthorizationDecision.reject("no account for emergency calls",
                        H323ReturnCode.INVALID_ACCOUNT);
                case BLOCKED -> AuthorizationDecision.reject("called number blocked",
                        H323ReturnCode.CALLED_NUMBER_BLOCKED);
                default -> AuthorizationDecision.acceptFor(Duration.ofSeconds(120));
            })
            .accounting(ledger)
            .build();

    @AfterEach
    void close() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }

    private <T extends AutoCloseable> T closing(T closeable) {
        closeables.add(closeable);
        return closeable;
    }

    private RadiusServer server(RadiusHandler handler) {
        return closing(RadiusServer.builder()
                .authAddress(new InetSocketAddress(LOOPBACK, 0)).acctAddress(new InetSocketAddress(LOOPBACK, 0))
                .client(RadiusClientDefinition.of("softswitch", "127.0.0.1", SECRET, MessageAuthenticatorPolicy.REQUIRE))
                .handler(handler).start());
    }

    /** A bound socket that never answers: a RADIUS server that is down. */
    private InetSocketAddress blackHole() throws SocketException {
        DatagramSocket socket = closing(new DatagramSocket(new InetSocketAddress(LOOPBACK, 0)));
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    private static RadiusServerDefinition definition(String name, InetSocketAddress address, ServerKind kind) {
        return new RadiusServerDefinition(name, address, kind, RadiusSecret.of(SECRET), 1, Duration.ofMillis(100),
                Duration.ofSeconds(60), true);
    }

    private CallControl control(CallPolicy policy, RadiusServer... servers) throws SocketException {
        RadiusClient.Builder client = RadiusClient.builder().bindAddress(LOOPBACK).probeInterval(null).clock(clock)
                .accessServer(definition("access-down", blackHole(), ServerKind.ACCESS))
                .accountingServer(definition("acct-down", blackHole(), ServerKind.ACCOUNTING));
        for (int i = 0; i < servers.length; i++) {
            client.accessServer(definition("access-" + i, servers[i].authAddress(), ServerKind.ACCESS))
                    .accountingServer(definition("acct-" + i, servers[i].acctAddress(), ServerKind.ACCOUNTING));
        }
        CallControl.Builder control = CallControl.builder(closing(client.build())).policy(policy).clock(clock)
                .nasIdentifier("ecss-test").attributePolicy(replyPolicy);
        serverPolicies.forEach(control::attributePolicy);
        return control.build();
    }

    private AttributePolicy replyPolicy = AttributePolicy.LENIENT;
    private final java.util.Map<String, AttributePolicy> serverPolicies = new java.util.HashMap<>();

    /**
     * A billing that is not netlever: an {@code h323-return-code} in words, an {@code h323-credit-time} in words
     * beside a Session-Timeout that does parse, an Acct-Interim-Interval of two octets instead of four.
     */
    private RadiusServer foreignBilling() {
        return server(request -> RadiusReply.of(request.packet().code().equals(
                org.netlever.aaa.radius.PacketCode.ACCESS_REQUEST)
                ? org.netlever.aaa.radius.RadiusMessage.builder(org.netlever.aaa.radius.PacketCode.ACCESS_ACCEPT)
                        .string(org.netlever.aaa.radius.AttributeType.H323_RETURN_CODE, "h323-return-code=OK")
                        .string(org.netlever.aaa.radius.AttributeType.H323_CREDIT_TIME, "h323-credit-time=lots")
                        .string(org.netlever.aaa.radius.AttributeType.ELTEX_AVPAIR,
                                "CallManagement:CdPNin=7495 765;numtype=national")
                        .add(org.netlever.aaa.radius.attr.Accounting.sessionTimeout(Duration.ofSeconds(90))).build()
                : org.netlever.aaa.radius.RadiusMessage.builder(org.netlever.aaa.radius.PacketCode.ACCOUNTING_RESPONSE)
                        .add(org.netlever.aaa.radius.RadiusAttribute.ofOctets(
                                org.netlever.aaa.radius.AttributeType.ACCT_INTERIM_INTERVAL, new byte[] {0, 30}))
                        .add(org.netlever.aaa.radius.attr.Accounting.sessionTimeout(Duration.ofSeconds(60))).build()));
    }

    @Test
    @org.junit.jupiter.api.DisplayName("S2.3, S2.4: replies of a billing that is not netlever are read leniently: "
            + "what does not parse is absent, counted")
    void foreignBilling_unparsableReplyValues_readAsAbsentAndCounted() throws Exception {
        CallControl control = control(CallPolicy.defaults(), foreignBilling());
        Call call = control.newCall(CallSetup.of("74951234567", "74957654321"));

        assertThat(call.route()).isInstanceOfSatisfying(RoutingOutcome.Routed.class, routed ->
                assertThat(routed.called()).as("a rewrite that does not parse leaves B as it was")
                        .isEqualTo(CallNumber.of("74957654321")));
        assertThat(call.authorize()).isEqualTo(new AuthorizationOutcome.Authorized(Optional.of(
                Duration.ofSeconds(90))));
        assertThat(call.answer()).isEqualTo(new AnswerOutcome.Proceed(Optional.of(Duration.ofSeconds(60)),
                Optional.empty()));
        assertThat(control.attributeProblems()).containsExactly(java.util.Map.entry("Acct-Interim-Interval", 1L),
                java.util.Map.entry("CallManagement:CdPNin", 1L), java.util.Map.entry("h323-credit-time", 1L),
                java.util.Map.entry("h323-return-code", 1L));
    }

    @Test
    @org.junit.jupiter.api.DisplayName("S2.3: under the strict policy the same reply fails the step, naming the "
            + "attribute")
    void foreignBilling_strictPolicy_failsNamingTheAttribute() throws Exception {
        replyPolicy = AttributePolicy.STRICT;
        CallControl control = control(CallPolicy.defaults(), foreignBilling());
        Call call = control.newCall(CallSetup.of("74951234567", "74957654321"));

        org.assertj.core.api.Assertions.assertThatThrownBy(call::authorize)
                .isInstanceOf(org.netlever.aaa.radius.RadiusException.class)
                .hasMessageContaining("h323-return-code");
    }

    @Test
    @org.junit.jupiter.api.DisplayName("issue 12, S2.3 S2.4: each server's replies are read under its own policy, "
            + "the others under the default")
    void foreignBilling_policyPerServer_appliesToTheServerThatAnswered() throws Exception {
        serverPolicies.put("acct-0", AttributePolicy.STRICT);
        CallControl control = control(CallPolicy.defaults(), foreignBilling());
        Call call = control.newCall(CallSetup.of("74951234567", "74957654321"));

        assertThat(control.attributePolicy("acct-0")).isEqualTo(AttributePolicy.STRICT);
        assertThat(control.attributePolicy("access-0")).isEqualTo(AttributePolicy.LENIENT);
        assertThat(call.authorize()).as("access-0 has no policy of its own: lenient, the default")
                .isEqualTo(new AuthorizationOutcome.Authorized(Optional.of(Duration.ofSeconds(90))));
        org.assertj.core.api.Assertions.assertThatThrownBy(call::answer).as("acct-0 is read strictly")
                .isInstanceOf(org.netlever.aaa.radius.RadiusException.class)
                .hasMessageContaining("Acct-Interim-Interval");
    }

    @Test
    @org.junit.jupiter.api.DisplayName("A server's own attribute policy must name a server of the client")
    void attributePolicy_forAnUnknownServer_isRefusedNamingTheKnownOnes() throws Exception {
        serverPolicies.put("acct-9", AttributePolicy.STRICT);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> control(CallPolicy.defaults(), foreignBilling()))
                .isInstanceOf(org.netlever.aaa.radius.RadiusException.class)
                .hasMessageContaining("'acct-9'").hasMessageContaining("[access-0, access-down, acct-0, acct-down]");
    }

    @Test
    void fullCall_routeAuthorizeStartInterimUpdateStop_failsOverPastADownServer() throws Exception {
        CallControl control = control(CallPolicy.defaults().withSendSsNotification(true), server(billing));
        Call call = control.newCall(CallSetup.of("74951234567", "84957654321")
                .withRouting("from-subscribers", "local", "pbx.example", "sip-trunk-1"));

        RoutingOutcome route = call.route();
        assertThat(route).isInstanceOfSatisfying(RoutingOutcome.Routed.class, r -> {
            assertThat(r.called()).isEqualTo(CallNumber.of("74957654321").with("numtype", "national"));
            assertThat(r.tag()).hasValue("moscow");
            assertThat(r.server()).isEqualTo("access-0");
        });
        assertThat(routed).singleElement().satisfies(request -> {
            assertThat(request.attempt()).isEqualTo(1);
            assertThat(request.routingContext()).hasValue("from-subscribers");
            assertThat(request.domain()).hasValue("pbx.example");
            assertThat(request.incomingInterface()).hasValue("sip-trunk-1");
            assertThat(request.tag()).hasValue("local");
        });
        assertThat(call.authorize()).isEqualTo(new AuthorizationOutcome.Authorized(Optional.of(
                Duration.ofSeconds(120))));

        clock.advance(Duration.ofSeconds(5));
        assertThat(call.answer()).isEqualTo(new AnswerOutcome.Proceed(Optional.empty(),
                Optional.of(Duration.ofSeconds(30))));
        clock.advance(Duration.ofSeconds(30));
        assertThat(control.runDueTimers()).containsExactly(new CallEvent.InterimSent(call.id(),
                Duration.ofSeconds(30), true));
        assertThat(call.supplementaryService(new SupplementaryService(Party.B, "hold"))).isTrue();
        clock.advance(Duration.ofSeconds(10));
        assertThat(call.release(Q850Cause.NORMAL_CLEARING)).isEqualTo(new ReleaseOutcome.StopSent());

        Instant setup = Instant.parse("2026-11-21T10:00:00Z");
        assertThat(ledger.starts()).singleElement().satisfies(start -> {
            assertThat(start.callId()).isEqualTo(call.id());
            assertThat(start.confId()).hasValue(call.confId());
            assertThat(start.setupTime()).isEqualTo(setup);
            assertThat(start.answerTime()).isEqualTo(setup.plusSeconds(5));
            assertThat(start.called().digits()).isEqualTo("74957654321");
        });
        assertThat(ledger.interims()).singleElement().extracting(CallInterim::sessionTime)
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(ledger.supplementaryUpdates()).singleElement().extracting(SupplementaryUpdate::services)
                .isEqualTo(List.of(new SupplementaryService(Party.B, "hold")));
        assertThat(ledger.stops()).singleElement().satisfies(stop -> {
            assertThat(stop.answered()).isTrue();
            assertThat(stop.cause()).isEqualTo(Q850Cause.NORMAL_CLEARING);
            assertThat(stop.sessionTime()).isEqualTo(Duration.ofSeconds(40));
            assertThat(stop.endTime()).isEqualTo(setup.plusSeconds(45));
        });
        assertThat(control.activeCalls()).isEmpty();
    }

    @Test
    void authorize_rejectedOrUnreachable_releasesTheCallUnlessBIsOnTheBypassList() throws Exception {
        CallPolicy policy = CallPolicy.defaults().withBypass(BypassList.of(EMERGENCY, "10*"));
        CallControl control = control(policy, server(billing));

        Call emergency = control.newCall(CallSetup.of("74951234567", EMERGENCY));
        assertThat(emergency.authorize()).isEqualTo(new AuthorizationOutcome.Bypassed(
                "rejected: no account for emergency calls"));
        assertThat(emergency.state()).isEqualTo(Call.State.SETUP);
        assertThat(emergency.answer()).isEqualTo(new AnswerOutcome.Bypassed("no money left"));
        assertThat(emergency.release(Q850Cause.NORMAL_CLEARING)).isEqualTo(new ReleaseOutcome.StopSent());

        Call blocked = control.newCall(CallSetup.of("74951234567", BLOCKED));
        assertThat(blocked.authorize()).isEqualTo(new AuthorizationOutcome.Denied("called number blocked",
                H323ReturnCode.CALLED_NUMBER_BLOCKED));
        assertThat(blocked.state()).isEqualTo(Call.State.RELEASED);

        CallControl isolated = control(policy);
        Call stillEmergency = isolated.newCall(CallSetup.of("74951234567", EMERGENCY));
        assertThat(stillEmergency.authorize()).isEqualTo(new AuthorizationOutcome.Bypassed(
                "no RADIUS server answered"));
        Call ordinary = isolated.newCall(CallSetup.of("74951234567", "74957654321"));
        assertThat(ordinary.authorize()).isInstanceOf(AuthorizationOutcome.Unreachable.class);
        assertThat(ordinary.state()).isEqualTo(Call.State.RELEASED);
        assertThat(isolated.newCall(CallSetup.of("1", "101")).authorize())
                .isInstanceOf(AuthorizationOutcome.Bypassed.class);
    }

    @Test
    void neverAnsweredCall_sendsAStopOnlyWithUnsuccessfulCallInfo() throws Exception {
        RadiusServer server = server(billing);
        Call quiet = control(CallPolicy.defaults(), server).newCall(CallSetup.of("74951234567", "74957654321"));
        quiet.authorize();
        assertThat(quiet.release(Q850Cause.NO_ANSWER)).isEqualTo(new ReleaseOutcome.NoStop(
                "the call was not answered and unsuccessful_call_info is off"));
        assertThat(ledger.stops()).isEmpty();

        Call reported = control(CallPolicy.defaults().withUnsuccessfulCallInfo(true), server)
                .newCall(CallSetup.of("74951234567", "74957654321"));
        reported.authorize();
        clock.advance(Duration.ofSeconds(20));
        assertThat(reported.release(Q850Cause.NO_ANSWER)).isEqualTo(new ReleaseOutcome.StopSent());
        assertThat(ledger.stops()).singleElement().satisfies(stop -> {
            assertThat(stop.answered()).isFalse();
            assertThat(stop.answerTime()).isEmpty();
            assertThat(stop.cause()).isEqualTo(Q850Cause.NO_ANSWER);
            assertThat(stop.sessionTime()).isZero();
        });
    }

    @Test
    void startReply_prohibitionReleasesAtOnceAndMaxDurationReleasesOnTime() throws Exception {
        CallControl control = control(CallPolicy.defaults(), server(billing));
        Call prohibited = control.newCall(CallSetup.of("74951234567", PROHIBITED));
        assertThat(prohibited.answer()).isEqualTo(new AnswerOutcome.Prohibited("no money left"));
        assertThat(prohibited.state()).isEqualTo(Call.State.RELEASED);
        assertThat(ledger.stops()).singleElement().extracting(CallStop::cause).isEqualTo(Q850Cause.CALL_REJECTED);

        Call limited = control.newCall(CallSetup.of("74951234567", SHORT_CREDIT));
        assertThat(limited.answer()).isEqualTo(new AnswerOutcome.Proceed(Optional.of(Duration.ofSeconds(60)),
                Optional.of(Duration.ofSeconds(30))));
        clock.advance(Duration.ofSeconds(30));
        assertThat(control.runDueTimers()).hasSize(1);
        clock.advance(Duration.ofSeconds(30));
        assertThat(control.runDueTimers()).containsExactly(new CallEvent.MaxDurationReached(limited.id(),
                Duration.ofSeconds(60)));
        assertThat(limited.state()).isEqualTo(Call.State.RELEASED);
        assertThat(ledger.stops()).hasSize(2).last().extracting(CallStop::sessionTime)
                .isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    @DisplayName("S2.5 with S2.4: an Interim-Update's reply extends or cuts the call, and a prohibition ends it")
    void interimReply_newMaximumAndProhibition_areApplied() throws Exception {
        String extended = "74950000001";
        String cut = "74950000002";
        InMemoryCallAccounting records = new InMemoryCallAccounting(start -> StartReply.proceed()
                .withMaxDuration(Duration.ofSeconds(60)).withInterimInterval(Duration.ofSeconds(30)));
        CallAccounting prepaid = new CallAccounting() {
            @Override
            public StartReply start(CallStart start) {
                return records.start(start);
            }

            @Override
            public StartReply answerInterim(CallInterim interim) {
                return interim.called().digits().equals(extended)
                        ? StartReply.proceed().withMaxDuration(Duration.ofSeconds(120))
                        : StartReply.prohibit("the balance is used up");
            }

            @Override
            public void stop(CallStop stop) {
                records.stop(stop);
            }
        };
        CallControl control = control(CallPolicy.defaults(), server(CallAaaHandler.builder().accounting(prepaid)
                .build()));
        Call longer = control.newCall(CallSetup.of("74951234567", extended));
        Call ended = control.newCall(CallSetup.of("74951234567", cut));
        longer.answer();
        ended.answer();

        clock.advance(Duration.ofSeconds(30));
        assertThat(control.runDueTimers()).containsExactlyInAnyOrder(
                new CallEvent.InterimSent(longer.id(), Duration.ofSeconds(30), true),
                new CallEvent.InterimSent(ended.id(), Duration.ofSeconds(30), true),
                new CallEvent.MaxDurationReached(ended.id(), Duration.ofSeconds(30)));
        assertThat(ended.state()).isEqualTo(Call.State.RELEASED);
        clock.advance(Duration.ofSeconds(30));
        control.runDueTimers();
        assertThat(longer.state()).as("extended past Start's 60 s").isEqualTo(Call.State.ANSWERED);
        clock.advance(Duration.ofSeconds(60));
        assertThat(control.runDueTimers()).contains(new CallEvent.MaxDurationReached(longer.id(),
                Duration.ofSeconds(120)));
    }

    @Test
    void accountingResentToAnotherServer_isCountedOnce() throws Exception {
        RadiusHandler lostReplies = request -> {
            billing.handle(request);
            return RadiusReply.discard("the reply is lost on the way back");
        };
        CallControl control = control(CallPolicy.defaults(), server(lostReplies), server(billing));
        Call call = control.newCall(CallSetup.of("74951234567", "74957654321"));

        assertThat(call.answer()).isInstanceOf(AnswerOutcome.Proceed.class);
        clock.advance(Duration.ofSeconds(3));
        assertThat(call.release(Q850Cause.NORMAL_CLEARING)).isEqualTo(new ReleaseOutcome.StopSent());

        assertThat(ledger.starts()).hasSize(1);
        assertThat(ledger.stops()).hasSize(1);
        assertThat(ledger.duplicatesIgnored()).as("Start and Stop each seen by both servers").isEqualTo(2);
    }

    @Test
    void accountingNoServerAnswered_isKeptAndResentWhenAServerComesBack() throws Exception {
        DatagramSocket down = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
        InetSocketAddress address = (InetSocketAddress) down.getLocalSocketAddress();
        RadiusClient client = closing(RadiusClient.builder().bindAddress(LOOPBACK).probeInterval(null).clock(clock)
                .accountingServer(definition("acct", address, ServerKind.ACCOUNTING)).build());
        CallControl control = CallControl.builder(client).clock(clock).build();
        Call call = control.newCall(CallSetup.of("74951234567", "74957654321"));

        assertThat(call.answer()).isEqualTo(new AnswerOutcome.Undelivered(List.of("acct")));
        assertThat(call.release(Q850Cause.NORMAL_CLEARING)).isEqualTo(new ReleaseOutcome.StopQueued());
        assertThat(control.undeliveredRecords()).isEqualTo(2);
        assertThat(control.runDueTimers()).as("the server is skipped while down").isEmpty();

        down.close();
        closing(RadiusServer.builder().authAddress(new InetSocketAddress(LOOPBACK, 0)).acctAddress(address)
                .client(RadiusClientDefinition.of("softswitch", "127.0.0.1", SECRET)).handler(billing).start());
        clock.advance(Duration.ofSeconds(61));

        assertThat(control.runDueTimers()).containsExactly(
                new CallEvent.Redelivered(call.id(), AccountingKey.RecordKind.START),
                new CallEvent.Redelivered(call.id(), AccountingKey.RecordKind.STOP));
        assertThat(control.undeliveredRecords()).isZero();
        assertThat(ledger.starts()).hasSize(1);
        assertThat(ledger.stops()).hasSize(1);
    }

    @Test
    void reroute_sendsTheNextAttemptWithThePreviousReleaseCause() throws Exception {
        CallControl control = control(CallPolicy.defaults(), server(billing));
        Call call = control.newCall(CallSetup.of("74951234567", "74957654321"));
        call.route();
        call.reroute(new ReleaseCause(ReleaseCause.Protocol.ISUP, 17));

        assertThat(routed).extracting(RouteRequest::attempt).containsExactly(1, 2);
        assertThat(routed.get(1).previousRelease()).hasValue(ReleaseCause.parse("isup:17"));
        assertThat(call.attempt()).isEqualTo(2);
    }

    @Test
    void stagesSwitchedOff_sendNothing() throws Exception {
        CallControl control = control(CallPolicy.defaults().withStages(false, false, false), server(billing));
        Call call = control.newCall(CallSetup.of("74951234567", BLOCKED));

        assertThat(call.route()).isEqualTo(new RoutingOutcome.Skipped());
        assertThat(call.authorize()).isEqualTo(new AuthorizationOutcome.Skipped());
        assertThat(call.answer()).isEqualTo(new AnswerOutcome.Skipped());
        assertThat(call.release(Q850Cause.NORMAL_CLEARING)).isEqualTo(new ReleaseOutcome.NoStop("accounting is off"));
        assertThat(routed).isEmpty();
        assertThat(ledger.starts()).isEmpty();
    }
}
