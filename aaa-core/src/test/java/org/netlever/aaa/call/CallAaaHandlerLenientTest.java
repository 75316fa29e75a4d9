package org.netlever.aaa.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.netlever.aaa.RateLimitedLog;
import org.netlever.aaa.call.internal.AttributeProblems;
import org.netlever.aaa.radius.AttributeType;
import org.netlever.aaa.radius.PacketCode;
import org.netlever.aaa.radius.RadiusAttribute;
import org.netlever.aaa.radius.RadiusMessage;
import org.netlever.aaa.radius.RadiusPacket;
import org.netlever.aaa.radius.attr.Accounting;
import org.netlever.aaa.radius.attr.AcctStatusType;
import org.netlever.aaa.radius.attr.ConfId;
import org.netlever.aaa.radius.attr.Q850Cause;
import org.netlever.aaa.radius.server.RadiusClientDefinition;
import org.netlever.aaa.radius.server.RadiusReply;
import org.netlever.aaa.radius.server.RadiusRequest;
import org.netlever.aaa.testing.MutableClock;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/** S2.4–S2.8: liberal in what the billing side accepts, exact in what it records. */
class CallAaaHandlerLenientTest {

    private static final Instant NOW = Instant.parse("2026-11-21T10:05:00Z");
    /** Eltex SMG documents h323-conf-id only as "CALL_ID" (interop-facts.md); a SIP Call-ID, RFC 3261 section 4. */
    private static final String ELTEX_CALL_ID = "a84b4c76e66710@pc33.atlanta.com";

    private final InMemoryCallAccounting ledger = new InMemoryCallAccounting();

    private static RadiusRequest from(String client, RadiusMessage message) {
        return new RadiusRequest(new RadiusPacket(1, new byte[16], message),
                RadiusClientDefinition.of(client, "127.0.0.1", "s"), new InetSocketAddress("127.0.0.1", 5000), NOW);
    }

    /** An SMG-layout Stop (interop-facts.md): numbers in Cisco-AVPair xpgk keys, h323 VSAs with their prefix. */
    private static RadiusMessage.Builder smgStop(String connectTime) {
        return RadiusMessage.builder(PacketCode.ACCOUNTING_REQUEST)
                .add(Accounting.statusType(AcctStatusType.STOP))
                .string(AttributeType.ACCT_SESSION_ID, "smg-1")
                .string(AttributeType.CISCO_AVPAIR, "xpgk-src-number-in=74951234567")
                .string(AttributeType.CISCO_AVPAIR, "xpgk-dst-number-in=74957654321")
                .string(AttributeType.CISCO_AVPAIR, "xpgk-route-retries=1")
                .string(AttributeType.H323_CONF_ID, "h323-conf-id=" + ELTEX_CALL_ID)
                .string(AttributeType.H323_CALL_ORIGIN, "h323-call-origin=answer")
                .string(AttributeType.H323_CALL_TYPE, "h323-call-type=VoIP")
                .string(AttributeType.H323_SETUP_TIME, "h323-setup-time=14:59:50.000 +05 Sat Nov 21 2026")
                .string(AttributeType.H323_CONNECT_TIME, connectTime)
                .string(AttributeType.H323_DISCONNECT_TIME, "h323-disconnect-time=15:01:05 +05 Sat Nov 21 2026")
                .add(Accounting.sessionTime(Duration.ofSeconds(65)));
    }

    @Test
    @DisplayName("S2.7, S2.8: a Stop with an Eltex CALL_ID conf-id and tzdata's numeric zone is answered and charged")
    void stop_eltexConfIdAndNumericZone_isAnsweredAndRecorded() throws Exception {
        CallAaaHandler handler = CallAaaHandler.builder().accounting(ledger).build();

        RadiusReply reply = handler.handle(from("smg", smgStop("h323-connect-time=15:00:00.000 +05 Sat Nov 21 2026")
                .string(AttributeType.H323_DISCONNECT_CAUSE, "h323-disconnect-cause=10").build()));

        assertThat(reply.message()).hasValueSatisfying(m -> assertThat(m.code())
                .isEqualTo(PacketCode.ACCOUNTING_RESPONSE));
        assertThat(ledger.stops()).singleElement().satisfies(stop -> {
            assertThat(stop.confId()).hasValue(ConfId.of(ELTEX_CALL_ID));
            assertThat(stop.key().confId()).map(ConfId::text).hasValue(ELTEX_CALL_ID);
            assertThat(stop.setupTime()).isEqualTo(Instant.parse("2026-11-21T09:59:50Z"));
            assertThat(stop.answerTime()).hasValue(Instant.parse("2026-11-21T10:00:00Z"));
            assertThat(stop.endTime()).isEqualTo(Instant.parse("2026-11-21T10:01:05Z"));
            assertThat(stop.cause()).isEqualTo(Q850Cause.NORMAL_CLEARING);
            assertThat(stop.unparsed()).isEmpty();
        });
        assertThat(handler.attributeProblems()).isEmpty();
    }

    @Test
    @DisplayName("S2.4–S2.7: optional attributes that do not parse cost neither the answer nor the charge; kept and "
            + "counted")
    void stop_unparsableOptionalAttributes_isRecordedWithThemKept() throws Exception {
        CallAaaHandler handler = CallAaaHandler.builder().accounting(ledger).build();
        RadiusMessage stop = smgStop("h323-connect-time=15:00:00.000 YEKST Sat Nov 21 2026")
                .string(AttributeType.H323_DISCONNECT_CAUSE, "h323-disconnect-cause=normal")
                .string(AttributeType.CISCO_AVPAIR, "xpgk-src-numtype=national subscriber")
                .build();

        RadiusReply reply = handler.handle(from("smg", stop));
        handler.handle(from("smg", stop));

        assertThat(reply.message()).isPresent();
        assertThat(ledger.stops()).hasSize(1).first().satisfies(record -> {
            assertThat(record.sessionTime()).isEqualTo(Duration.ofSeconds(65));
            assertThat(record.answered()).isTrue();
            assertThat(record.answerTime()).hasValue(Instant.parse("2026-11-21T10:00:00Z"));
            assertThat(record.cause()).isEqualTo(Q850Cause.NORMAL_UNSPECIFIED);
            assertThat(record.calling().digits()).isEqualTo("74951234567");
            assertThat(record.calling().numberType()).isEmpty();
            assertThat(record.unparsed()).extracting(UnparsedAttribute::attribute, UnparsedAttribute::value)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("xpgk-src-numtype", "national subscriber"),
                            org.assertj.core.groups.Tuple.tuple("h323-connect-time",
                                    "15:00:00.000 YEKST Sat Nov 21 2026"),
                            org.assertj.core.groups.Tuple.tuple("h323-disconnect-cause", "normal"));
        });
        assertThat(handler.attributeProblems()).containsExactly(Map.entry("h323-connect-time", 2L),
                Map.entry("h323-disconnect-cause", 2L), Map.entry("xpgk-src-numtype", 2L));
    }

    @Test
    @DisplayName("S2.3: an Access-Request with an Eltex CALL_ID conf-id and a bad number attribute is authorized")
    void authorization_eltexConfIdAndBadAttribute_isAuthorized() throws Exception {
        List<AuthorizationRequest> asked = new ArrayList<>();
        CallAaaHandler handler = CallAaaHandler.builder().authorizer(request -> {
            asked.add(request);
            return AuthorizationDecision.acceptFor(Duration.ofSeconds(60));
        }).build();
        RadiusMessage request = RadiusMessage.builder(PacketCode.ACCESS_REQUEST)
                .string(AttributeType.USER_NAME, "74951234567")
                .string(AttributeType.ACCT_SESSION_ID, "smg-2")
                .string(AttributeType.CALLING_STATION_ID, "74951234567")
                .string(AttributeType.CALLED_STATION_ID, "74957654321")
                .string(AttributeType.H323_CONF_ID, "h323-conf-id=" + ELTEX_CALL_ID)
                .string(AttributeType.ELTEX_AVPAIR, "xpgk-dst-category=a;b")
                .build();

        RadiusMessage reply = handler.handle(from("smg", request)).message().orElseThrow();

        assertThat(reply.code()).isEqualTo(PacketCode.ACCESS_ACCEPT);
        assertThat(asked).singleElement().satisfies(a -> {
            assertThat(a.confId()).hasValue(ConfId.of(ELTEX_CALL_ID));
            assertThat(a.unparsed()).extracting(UnparsedAttribute::attribute).containsExactly("xpgk-dst-category");
        });
    }

    @Test
    @DisplayName("S2.4–S2.8: a client under the strict policy gets the same Stop refused, naming the attribute")
    void stop_strictClient_isNotAcknowledgedWithTheReason() throws Exception {
        CallAaaHandler handler = CallAaaHandler.builder().accounting(ledger)
                .policy("strict-gw", AttributePolicy.STRICT).build();
        RadiusMessage stop = smgStop("h323-connect-time=15:00:00.000 YEKST Sat Nov 21 2026").build();

        RadiusReply strict = handler.handle(from("strict-gw", stop));
        RadiusReply lenient = handler.handle(from("smg", stop));

        assertThat(strict.message()).isEmpty();
        assertThat(strict.discardReason()).hasValueSatisfying(reason -> assertThat(reason)
                .contains("malformed accounting request", "h323-connect-time", "YEKST"));
        assertThat(lenient.message()).isPresent();
        assertThat(handler.policy("strict-gw")).isEqualTo(AttributePolicy.STRICT);
        assertThat(handler.policy("smg")).isEqualTo(AttributePolicy.LENIENT);
    }

    @Test
    @DisplayName("S2.7: a Stop that cannot be tied to a call (no Acct-Session-Id) is refused with its reason")
    void stop_withoutSessionId_isRefusedEvenWhenLenient() throws Exception {
        CallAaaHandler handler = CallAaaHandler.builder().accounting(ledger).build();
        RadiusMessage stop = smgStop("h323-connect-time=15:00:00.000 +05 Sat Nov 21 2026")
                .build().without(AttributeType.ACCT_SESSION_ID);

        assertThat(handler.handle(from("smg", stop)).discardReason()).hasValueSatisfying(reason ->
                assertThat(reason).contains("Acct-Session-Id"));
        assertThat(ledger.stops()).isEmpty();
    }

    @Test
    @DisplayName("Refused and unparsed requests log at most the budget a minute and tell how many were held back")
    void rateLimitedLog_overBudget_holdsLinesBackAndCountsThem() {
        MutableClock clock = MutableClock.at("2026-11-21T10:00:00Z");
        Captured log = new Captured();
        RateLimitedLog limited = new RateLimitedLog(log, 3, clock);

        for (int i = 0; i < 10; i++) {
            limited.warn("line {}", i);
        }
        clock.advance(Duration.ofSeconds(20));
        limited.warn("line {}", 10);

        assertThat(log.lines).containsExactly("line 0", "line 1", "line 2",
                "line 10 (7 similar lines not logged before this one)");
        assertThat(limited.suppressed()).isZero();

        // Quiet for an hour: the budget refills to a minute's worth, not to sixty minutes' worth.
        log.lines.clear();
        clock.advance(Duration.ofHours(1));
        for (int i = 0; i < 10; i++) {
            limited.warn("later {}", i);
        }
        assertThat(log.lines).containsExactly("later 0", "later 1", "later 2");
        assertThat(limited.suppressed()).isEqualTo(7);
        assertThatThrownBy(() -> new RateLimitedLog(log, 0, clock)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one line a minute");
    }

    @Test
    @DisplayName("S2.3: a flood of validly signed but malformed Access-Requests logs at most the budget a minute")
    void malformedAccessRequests_flood_logAtALimitedRate() throws Exception {
        MutableClock clock = MutableClock.at("2026-11-21T10:00:00Z");
        CallAaaHandler handler = CallAaaHandler.builder().authorizer(r -> AuthorizationDecision.accept())
                .logLinesPerMinute(2).clock(clock).build();
        RadiusMessage noCalled = RadiusMessage.builder(PacketCode.ACCESS_REQUEST)
                .string(AttributeType.ACCT_SESSION_ID, "flood")
                .string(AttributeType.CALLING_STATION_ID, "74951234567").build();
        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        List<PacketCode> codes = new ArrayList<>();
        try {
            // slf4j-simple, the tests' binding, looks System.err up for every line.
            System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
            for (int i = 0; i < 50; i++) {
                codes.add(handler.handle(from("fuzzer", noCalled)).message().orElseThrow().code());
            }
        } finally {
            System.setErr(err);
        }

        assertThat(codes).containsOnly(PacketCode.ACCESS_REJECT).hasSize(50);
        assertThat(captured.toString(java.nio.charset.StandardCharsets.UTF_8).lines()
                .filter(line -> line.contains("Refusing a malformed authorization request from client fuzzer")))
                .hasSize(2);
    }

    @Test
    @DisplayName("S2.4: an unparsed value is logged with the client and attribute, control characters escaped")
    void attributeProblems_report_logsClientAttributeAndEscapedValue() {
        Captured log = new Captured();
        List<String> metric = new ArrayList<>();
        AttributeProblems problems = new AttributeProblems(log, 10, MutableClock.at("2026-11-21T10:00:00Z"),
                metric::add);

        problems.report("smg", "accounting Stop of call 7", List.of(new UnparsedAttribute("h323-connect-time",
                "10:00 XYZT\nFAKE line", "zone 'XYZT' is not known")));

        assertThat(log.lines).containsExactly("Kept unparsed h323-connect-time '10:00 XYZT\\u000aFAKE line' of "
                + "accounting Stop of call 7 from client smg and processed the rest: zone 'XYZT' is not known");
        assertThat(metric).containsExactly("h323-connect-time");
        assertThat(problems.counts()).containsExactly(Map.entry("h323-connect-time", 1L));
    }

    /** An slf4j logger that keeps its WARN lines. */
    private static final class Captured extends LegacyAbstractLogger {
        private static final long serialVersionUID = 1L;
        final transient List<String> lines = new ArrayList<>();

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, org.slf4j.Marker marker, String message,
                Object[] arguments, Throwable throwable) {
            lines.add(MessageFormatter.basicArrayFormat(message, arguments));
        }

        @Override
        public boolean isTraceEnabled() {
            return false;
        }

        @Override
        public boolean isDebugEnabled() {
            return false;
        }

        @Override
        public boolean isInfoEnabled() {
            return true;
        }

        @Override
        public boolean isWarnEnabled() {
            return true;
        }

        @Override
        public boolean isErrorEnabled() {
            return true;
        }
    }
}
