package org.netlever.aaa.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.netlever.aaa.call.internal.AccountingCodec;
import org.netlever.aaa.call.internal.AccountingRecord;
import org.netlever.aaa.call.internal.CallCodec;
import org.netlever.aaa.call.internal.Reading;
import org.netlever.aaa.radius.AttributeType;
import org.netlever.aaa.radius.AvPair;
import org.netlever.aaa.radius.PacketCode;
import org.netlever.aaa.radius.RadiusAttribute;
import org.netlever.aaa.radius.RadiusException;
import org.netlever.aaa.radius.RadiusMessage;
import org.netlever.aaa.radius.RadiusPacket;
import org.netlever.aaa.radius.attr.Accounting;
import org.netlever.aaa.radius.attr.AcctStatusType;
import org.netlever.aaa.radius.attr.ConfId;
import org.netlever.aaa.radius.attr.H323;
import org.netlever.aaa.radius.attr.H323ReturnCode;
import org.netlever.aaa.radius.attr.H323Time;
import org.netlever.aaa.radius.attr.Q850Cause;
import org.netlever.aaa.radius.server.RadiusClientDefinition;
import org.netlever.aaa.radius.server.RadiusReply;
import org.netlever.aaa.radius.server.RadiusRequest;

/** The billing side's reading of ECSS-style requests (S2.2–S2.7) and the configurable attribute mapping. */
class CallAaaHandlerTest {

    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");

    /** An Interim-Update of call c-9, a minute in. */
    private static final RadiusMessage INTERIM = RadiusMessage.builder(PacketCode.ACCOUNTING_REQUEST)
            .add(Accounting.statusType(AcctStatusType.INTERIM_UPDATE))
            .string(AttributeType.ACCT_SESSION_ID, "c-9")
            .string(AttributeType.CALLING_STATION_ID, "74951234567")
            .string(AttributeType.CALLED_STATION_ID, "74957654321")
            .add(Accounting.sessionTime(Duration.ofSeconds(60)))
            .build();

    private static RadiusRequest request(RadiusMessage message) {
        return new RadiusRequest(new RadiusPacket(1, new byte[16], message),
                RadiusClientDefinition.of("ecss", "127.0.0.1", "s"), new InetSocketAddress("127.0.0.1", 5000), NOW);
    }

    @Test
    void routingRequest_inSmgLayout_isReadAndTheRewriteWritten() throws Exception {
        RouteRequest[] seen = new RouteRequest[1];
        CallAaaHandler handler = CallAaaHandler.builder().router(request -> {
            seen[0] = request;
            return new RouteReply.Route(Optional.of(request.calling().with("presentation", "restricted")),
                    Optional.of(CallNumber.of("74957654321").with("numtype", "national")), Optional.of("t2"));
        }).build();
        RadiusMessage request = RadiusMessage.builder(PacketCode.ACCESS_REQUEST)
                .string(AttributeType.USER_NAME, "74951234567")
                .string(AttributeType.ACCT_SESSION_ID, "c-1")
                .avPair(AttributeType.ELTEX_AVPAIR, "xpgk-request-type", "number")
                .avPair(AttributeType.ELTEX_AVPAIR, "xpgk-src-number-in", "74951234567")
                .avPair(AttributeType.ELTEX_AVPAIR, "xpgk-src-numtype", "subscriber")
                .avPair(AttributeType.ELTEX_AVPAIR, "xpgk-dst-number-in", "4957654321")
                .avPair(AttributeType.ELTEX_AVPAIR, "xpgk-dst-plantype", "isdn")
                .avPair(AttributeType.ELTEX_AVPAIR, "xpgk-routing-context", "ctx")
                .avPair(AttributeType.ELTEX_AVPAIR, "xpgk-route-retries", "3")
                .avPair(AttributeType.ELTEX_AVPAIR, "xpgk-release-cause", "sip:486")
                .avPair(AttributeType.ELTEX_AVPAIR, "vendor-thing", "kept")
                .build();

        RadiusMessage reply = handler.handle(request(request)).message().orElseThrow();

        assertThat(seen[0].calling()).isEqualTo(CallNumber.of("74951234567").with("numtype", "subscriber"));
        assertThat(seen[0].called()).isEqualTo(CallNumber.of("4957654321").with("plantype", "isdn"));
        assertThat(seen[0].attempt()).isEqualTo(3);
        assertThat(seen[0].previousRelease()).hasValue(new ReleaseCause(ReleaseCause.Protocol.SIP, 486));
        assertThat(seen[0].routingContext()).hasValue("ctx");
        assertThat(seen[0].pairs()).contains(AvPair.of("vendor-thing", "kept"));
        assertThat(reply.code()).isEqualTo(PacketCode.ACCESS_ACCEPT);
        assertThat(reply.attributes()).extracting(RadiusAttribute::asString).containsExactly(
                "CallManagement:CgPNin=74951234567;numtype=subscriber;presentation=restricted",
                "CallManagement:CdPNin=74957654321;numtype=national",
                "CallManagement:Tag=t2");
    }

    @Test
    void malformedAccessRequest_isRejectedSayingWhatIsMissing() throws Exception {
        CallAaaHandler handler = CallAaaHandler.builder().authorizer(r -> AuthorizationDecision.accept()).build();
        RadiusMessage noCalled = RadiusMessage.builder(PacketCode.ACCESS_REQUEST)
                .string(AttributeType.ACCT_SESSION_ID, "c-1")
                .string(AttributeType.CALLING_STATION_ID, "74951234567").build();

        RadiusMessage reply = handler.handle(request(noCalled)).message().orElseThrow();

        assertThat(reply.code()).isEqualTo(PacketCode.ACCESS_REJECT);
        assertThat(reply.string(AttributeType.REPLY_MESSAGE)).hasValueSatisfying(text -> assertThat(text)
                .contains("malformed authorization request", "no number B"));
    }

    @Test
    void switchedOffStage_refusesAccessAndDoesNotAcknowledgeAccounting() throws Exception {
        CallAaaHandler handler = CallAaaHandler.builder().router(r -> RouteReply.unchanged()).build();
        RadiusMessage authorization = RadiusMessage.builder(PacketCode.ACCESS_REQUEST)
                .string(AttributeType.ACCT_SESSION_ID, "c-1").build();
        RadiusMessage stop = RadiusMessage.of(PacketCode.ACCOUNTING_REQUEST, Accounting.statusType(
                AcctStatusType.STOP));

        assertThat(handler.handle(request(authorization)).message().orElseThrow().code())
                .isEqualTo(PacketCode.ACCESS_REJECT);
        RadiusReply accounting = handler.handle(request(stop));
        assertThat(accounting.discardReason()).hasValue("accounting is not served here");
        assertThatThrownBy(() -> CallAaaHandler.builder().build()).isInstanceOf(RadiusException.class);
    }

    @Test
    void malformedAccounting_isNotAcknowledgedAndAccountingOnIs() throws Exception {
        InMemoryCallAccounting ledger = new InMemoryCallAccounting();
        CallAaaHandler handler = CallAaaHandler.builder().accounting(ledger).build();
        RadiusMessage noSession = RadiusMessage.of(PacketCode.ACCOUNTING_REQUEST,
                Accounting.statusType(AcctStatusType.START));
        RadiusMessage on = RadiusMessage.of(PacketCode.ACCOUNTING_REQUEST,
                Accounting.statusType(AcctStatusType.ACCOUNTING_ON));

        assertThat(handler.handle(request(noSession)).discardReason()).hasValueSatisfying(reason ->
                assertThat(reason).contains("malformed accounting request", "Acct-Session-Id"));
        assertThat(handler.handle(request(on)).message().orElseThrow().code())
                .isEqualTo(PacketCode.ACCOUNTING_RESPONSE);
        assertThat(ledger.starts()).isEmpty();
    }

    @Test
    void ciscoStyleStop_fromAGateway_isReadWithTimesCauseAndCounters() throws Exception {
        InMemoryCallAccounting ledger = new InMemoryCallAccounting();
        CallAaaHandler handler = CallAaaHandler.builder().accounting(ledger).build();
        RadiusMessage stop = RadiusMessage.builder(PacketCode.ACCOUNTING_REQUEST)
                .add(Accounting.statusType(AcctStatusType.STOP))
                .string(AttributeType.ACCT_SESSION_ID, "c-9")
                .string(AttributeType.CALLING_STATION_ID, "74951234567")
                .string(AttributeType.CALLED_STATION_ID, "74957654321")
                .string(AttributeType.H323_CONF_ID, "h323-conf-id=931C146B 0F4411D6 AB5591F0 CBF3D765")
                .string(AttributeType.H323_SETUP_TIME, "h323-setup-time=*12:59:50.000 MSK Sat Nov 21 2026")
                .string(AttributeType.H323_CONNECT_TIME, "h323-connect-time=*13:00:00.000 MSK Sat Nov 21 2026")
                .string(AttributeType.H323_DISCONNECT_TIME, "h323-disconnect-time=13:01:05.500 MSK Sat Nov 21 2026")
                .string(AttributeType.H323_DISCONNECT_CAUSE, "h323-disconnect-cause=11")
                .add(Accounting.sessionTime(Duration.ofSeconds(65)))
                .build();

        handler.handle(request(stop));

        assertThat(ledger.stops()).singleElement().satisfies(record -> {
            assertThat(record.setupTime()).isEqualTo(Instant.parse("2026-11-21T09:59:50Z"));
            assertThat(record.answerTime()).hasValue(Instant.parse("2026-11-21T10:00:00Z"));
            assertThat(record.endTime()).isEqualTo(Instant.parse("2026-11-21T10:01:05.500Z"));
            assertThat(record.cause()).isEqualTo(Q850Cause.USER_BUSY);
            assertThat(record.sessionTime()).isEqualTo(Duration.ofSeconds(65));
            assertThat(record.key()).isEqualTo(new AccountingKey("c-9", AcctStatusType.STOP,
                    Optional.of(ConfId.parse("931C146B 0F4411D6 AB5591F0 CBF3D765")), AccountingKey.RecordKind.STOP,
                    0));
        });
    }

    @Test
    @DisplayName("S2.5 with S2.4: an Interim-Update is answered with billing's new limits, Session-Timeout included")
    void interim_answeredWithNewLimits_carriesThemInTheReply() throws Exception {
        CallAccounting cutting = new CallAccounting() {
            @Override
            public StartReply start(CallStart start) {
                return StartReply.proceed();
            }

            @Override
            public StartReply answerInterim(CallInterim interim) {
                return StartReply.proceed().withMaxDuration(Duration.ofMinutes(4));
            }

            @Override
            public void stop(CallStop stop) {
            }
        };
        CallAaaHandler handler = CallAaaHandler.builder().accounting(cutting).build();
        RadiusMessage reply = handler.handle(request(INTERIM)).message().orElseThrow();

        assertThat(reply.code()).isEqualTo(PacketCode.ACCOUNTING_RESPONSE);
        assertThat(new AccountingCodec(CallAttributeMapping.eltexSmg()).decodeStartReply(reply, strict()).maxDuration())
                .hasValue(Duration.ofMinutes(4));
    }

    @Test
    @DisplayName("S2.5: an accounting written before answerInterim still records Interim-Updates, and changes nothing")
    void interim_toAccountingWithoutAnswerInterim_isRecordedAndAnsweredPlainly() throws Exception {
        InMemoryCallAccounting ledger = new InMemoryCallAccounting();
        CallAaaHandler handler = CallAaaHandler.builder().accounting(ledger).build();
        RadiusMessage reply = handler.handle(request(INTERIM)).message().orElseThrow();

        assertThat(ledger.interims()).singleElement().satisfies(r -> assertThat(r.sessionTime())
                .isEqualTo(Duration.ofSeconds(60)));
        assertThat(reply.attributes()).isEmpty();
    }

    @Test
    void customMapping_roundTripsEveryRecordThroughTheCodec() {
        CallAttributeMapping mapping = CallAttributeMapping.builder()
                .pairType(AttributeType.CISCO_AVPAIR)
                .requestType("ecss-request", "route", "authorize")
                .numberKeys("ecss-a", "ecss-b")
                .numberAttributePrefixes("ecss-a-", "ecss-b-")
                .routingKeys("ecss-ctx", "ecss-tag", "ecss-domain", "ecss-iface", "ecss-attempt", "ecss-cause")
                .commands("Routing:", "A", "B", "T")
                .supplementaryServiceKey("ecss-ss")
                .timeZone(ZoneId.of("Europe/Moscow"))
                .disconnectCauseRadix(10)
                .build();
        CallCodec codec = new CallCodec(mapping);
        AccountingCodec accounting = new AccountingCodec(mapping);
        CallNumber a = CallNumber.of("74951234567").with("category", "1");
        CallNumber b = CallNumber.of("74957654321");
        ConfId conf = ConfId.random();

        RouteRequest route = new RouteRequest("c", a, b, Optional.of("ctx"), Optional.of("tag"),
                Optional.of("dom"), Optional.of("if"), 2, Optional.of(ReleaseCause.parse("acp:5")), List.of());
        RadiusMessage routeMessage = codec.encode(route, "user");
        assertThat(codec.accessKind(routeMessage)).isEqualTo(CallCodec.AccessKind.ROUTING);
        RouteRequest decodedRoute = codec.decodeRouteRequest(routeMessage, strict());
        assertThat(decodedRoute).usingRecursiveComparison().ignoringFields("pairs").isEqualTo(route);
        assertThat(routeMessage.avPair(AttributeType.CISCO_AVPAIR, "ecss-a-category")).hasValue("1");
        RouteReply rewrite = RouteReply.rewriteCalled(b.with("numtype", "international"));
        assertThat(codec.decodeRouteReply(PacketCode.ACCESS_ACCEPT, codec.encode(rewrite), route, strict()))
                .isEqualTo(new RouteReply.Route(Optional.empty(), Optional.of(b.with("numtype", "international")),
                        Optional.empty()));

        AuthorizationRequest authorization = new AuthorizationRequest("c", Optional.of(conf), a, b,
                Optional.of("user"), Optional.of("dom"), List.of());
        RadiusMessage authorizationMessage = codec.encode(authorization, "user");
        assertThat(codec.accessKind(authorizationMessage)).isEqualTo(CallCodec.AccessKind.AUTHORIZATION);
        assertThat(codec.decodeAuthorizationRequest(authorizationMessage, strict())).usingRecursiveComparison()
                .ignoringFields("pairs").isEqualTo(authorization);
        assertThat(codec.decodeAuthorization(PacketCode.ACCESS_REJECT, codec.encode(AuthorizationDecision.reject(
                "zero balance", H323ReturnCode.ZERO_BALANCE)), strict())).isEqualTo(AuthorizationDecision.reject(
                        "zero balance", H323ReturnCode.ZERO_BALANCE));
        assertThat(codec.decodeAuthorization(PacketCode.ACCESS_ACCEPT, codec.encode(
                AuthorizationDecision.acceptFor(Duration.ofSeconds(90))), strict())).isEqualTo(
                        AuthorizationDecision.acceptFor(Duration.ofSeconds(90)));

        Instant setup = Instant.parse("2026-11-21T10:00:00Z");
        CallStop stop = new CallStop(new AccountingKey("c", AcctStatusType.STOP, Optional.of(conf),
                AccountingKey.RecordKind.STOP, 0), "c", Optional.of(conf), a, b, setup,
                Optional.of(setup.plusSeconds(3)), setup.plusSeconds(63), Q850Cause.USER_BUSY, Duration.ofSeconds(60));
        RadiusMessage stopMessage = accounting.encode(stop, "user");
        assertThat(H323.value(stopMessage, AttributeType.H323_DISCONNECT_CAUSE)).hasValue("17");
        assertThat(H323.setupTime(stopMessage).orElseThrow().zone()).isEqualTo("MSK");
        assertThat(((AccountingRecord.Stop) accounting.decodeAccounting(stopMessage, setup, strict())).stop())
                .isEqualTo(stop);

        SupplementaryUpdate update = new SupplementaryUpdate(new AccountingKey("c", AcctStatusType.INTERIM_UPDATE,
                Optional.of(conf), AccountingKey.RecordKind.SUPPLEMENTARY_UPDATE, setup.getEpochSecond()), "c",
                Optional.of(conf), a, b, List.of(new SupplementaryService(Party.A, "transfer")), setup);
        assertThat(((AccountingRecord.Update) accounting.decodeAccounting(accounting.encode(update, "user"), setup,
                strict()))
                .update()).isEqualTo(update);

        StartReply startReply = StartReply.prohibit("blocked").withInterimInterval(Duration.ofMinutes(1));
        assertThat(accounting.decodeStartReply(accounting.encode(startReply), strict())).isEqualTo(startReply);
        assertThat(H323Time.of(setup, mapping.timeZone()).toString()).startsWith("13:00:00.000 MSK");
    }

    private static Reading strict() {
        return new Reading(AttributePolicy.STRICT);
    }
}
