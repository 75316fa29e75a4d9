package org.netlever.aaa.radius.attr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.netlever.aaa.ip.Ipv4Address;
import org.netlever.aaa.radius.AttributeType;
import org.netlever.aaa.radius.PacketCode;
import org.netlever.aaa.radius.RadiusAttribute;
import org.netlever.aaa.radius.RadiusFormatException;
import org.netlever.aaa.radius.RadiusMessage;

/** S2.8: Cisco voice VSA values, read from and written in the forms gateways use. */
class CiscoVoiceAttributesTest {

    private static JsonNode vectors() throws IOException {
        try (InputStream in = CiscoVoiceAttributesTest.class.getResourceAsStream("/radius/cisco-voice-vectors.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    @Test
    void h323Time_gatewayForms_parseToTheInstantAndPrintCanonically() throws IOException {
        for (JsonNode vector : vectors().get("times")) {
            H323Time time = H323Time.parse(vector.get("text").asText());
            assertThat(time.toInstant()).as(vector.get("from").asText())
                    .isEqualTo(Instant.parse(vector.get("instant").asText()));
            assertThat(time.status()).isEqualTo(ClockStatus.valueOf(vector.get("status").asText()));
            assertThat(time.toString()).isEqualTo(vector.get("canonical").asText());
            assertThat(H323Time.parse(time.toString())).isEqualTo(time);
        }
    }

    @Test
    void h323Time_malformedOrUnknownZone_isRejectedWithTheReason() throws IOException {
        for (JsonNode vector : vectors().get("badTimes")) {
            assertThatThrownBy(() -> H323Time.parse(vector.get("text").asText()).toInstant())
                    .isInstanceOf(RadiusFormatException.class).hasMessageContaining(vector.get("error").asText());
        }
        H323Time pacific = H323Time.parse("15:29:03.158 PST Mon Mar 3 1999");
        assertThat(pacific.toInstant(Map.of("PST", ZoneId.of("America/Los_Angeles"))))
                .isEqualTo(Instant.parse("1999-03-03T23:29:03.158Z"));
    }

    @Test
    void h323Time_ofInstantInAZone_writesTheLocalTimeAndAbbreviation() {
        Instant at = Instant.parse("2026-11-21T09:00:00.250Z");
        assertThat(H323Time.of(at, ZoneId.of("Europe/Moscow")).toString())
                .isEqualTo("12:00:00.250 MSK Sat Nov 21 2026");
        assertThat(H323Time.utc(at).toString()).isEqualTo("09:00:00.250 UTC Sat Nov 21 2026");
    }

    @Test
    void confId_gatewayForms_normaliseToCiscosForm() throws IOException {
        for (JsonNode vector : vectors().get("confIds")) {
            ConfId id = ConfId.parse(vector.get("text").asText());
            assertThat(id.toString()).as(vector.get("from").asText()).isEqualTo(vector.get("canonical").asText());
            assertThat(ConfId.parse(id.toString())).isEqualTo(id);
        }
        assertThatThrownBy(() -> ConfId.parse("931C146B 0F4411D6 AB5591F0")).hasMessageContaining("four groups");
        assertThatThrownBy(() -> ConfId.parse("931C146B 0F4411D6 AB5591F0 XYZ")).hasMessageContaining("not hex");
        assertThat(ConfId.random()).isNotEqualTo(ConfId.random());
    }

    @Test
    @org.junit.jupiter.api.DisplayName("S2.8: an h323-conf-id not in Cisco's form is kept as sent, in the attribute too")
    void confIdOf_otherForms_keepsTheTextAsSent() throws IOException {
        for (JsonNode vector : vectors().get("openConfIds")) {
            String text = vector.get("text").asText();
            ConfId id = ConfId.of(text);
            assertThat(id.toString()).as(vector.get("from").asText()).isEqualTo(vector.get("kept").asText());
            assertThat(id.ciscoForm()).isFalse();
            assertThat(H323.confId(RadiusMessage.of(PacketCode.ACCOUNTING_REQUEST,
                    RadiusAttribute.ofString(AttributeType.H323_CONF_ID, text)))).hasValue(id);
            assertThat(H323.confId(id).asString()).isEqualTo("h323-conf-id=" + vector.get("kept").asText());
        }
        assertThat(ConfId.of("931c146b 0f4411d6 ab5591f0 cbf3d765")).isEqualTo(new ConfId(0x931C146B0F4411D6L,
                0xAB5591F0CBF3D765L)).satisfies(id -> assertThat(id.ciscoForm()).isTrue());
        assertThat(H323.confId(RadiusMessage.of(PacketCode.ACCOUNTING_REQUEST,
                RadiusAttribute.ofString(AttributeType.H323_CONF_ID, "h323-conf-id= ")))).isEmpty();
        assertThatThrownBy(() -> ConfId.of(" ")).isInstanceOf(RadiusFormatException.class)
                .hasMessageContaining("not blank");
    }

    @Test
    void builders_writeTheValuesCiscoDebugShows() {
        assertThat(H323.confId(ConfId.parse("931C146B 0F4411D6 AB5591F0 CBF3D765")).asString())
                .isEqualTo("h323-conf-id=931C146B 0F4411D6 AB5591F0 CBF3D765");
        assertThat(H323.setupTime(H323Time.parse("14:30:25.429 GMT Wed Jan 23 2002")).asString())
                .isEqualTo("h323-setup-time=14:30:25.429 GMT Wed Jan 23 2002");
        assertThat(H323.callOrigin(CallOrigin.ANSWER).asString()).isEqualTo("h323-call-origin=answer");
        assertThat(H323.callType(CallType.TELEPHONY).asString()).isEqualTo("h323-call-type=Telephony");
        assertThat(H323.disconnectCause(Q850Cause.NORMAL_CLEARING).asString())
                .isEqualTo("h323-disconnect-cause=10");
        assertThat(H323.disconnectCause(Q850Cause.NORMAL_UNSPECIFIED).asString())
                .isEqualTo("h323-disconnect-cause=1F");
        assertThat(H323.creditTime(Duration.ofMinutes(6)).asString()).isEqualTo("h323-credit-time=360");
        assertThat(H323.returnCode(H323ReturnCode.ZERO_BALANCE).asString()).isEqualTo("h323-return-code=4");
        assertThat(H323.remoteAddress(Ipv4Address.parse("198.51.100.4")).asString())
                .isEqualTo("h323-remote-address=198.51.100.4");
        assertThat(H323.gatewayId("OrigGW.").type()).isEqualTo(AttributeType.H323_GW_ID);
    }

    @Test
    void readers_acceptValuesWithAndWithoutThePrefix() {
        RadiusMessage prefixed = RadiusMessage.of(PacketCode.ACCOUNTING_REQUEST,
                H323.disconnectCause(Q850Cause.USER_BUSY), H323.callOrigin(CallOrigin.ORIGINATE),
                H323.creditTime(Duration.ofSeconds(90)), H323.returnCode(H323ReturnCode.TOLL_FREE));
        RadiusMessage bare = RadiusMessage.of(PacketCode.ACCOUNTING_REQUEST,
                RadiusAttribute.ofString(AttributeType.H323_DISCONNECT_CAUSE, "11"),
                RadiusAttribute.ofString(AttributeType.H323_CALL_TYPE, "VOIP"),
                RadiusAttribute.ofString(AttributeType.H323_CONF_ID, "931c146b 0f4411d6 ab5591f0 cbf3d765"));

        assertThat(H323.disconnectCause(prefixed)).hasValue(Q850Cause.USER_BUSY);
        assertThat(H323.callOrigin(prefixed)).hasValue(CallOrigin.ORIGINATE);
        assertThat(H323.creditTime(prefixed)).hasValue(Duration.ofSeconds(90));
        assertThat(H323.returnCode(prefixed)).hasValueSatisfying(code -> assertThat(code.allowsCall()).isTrue());
        assertThat(H323.disconnectCause(bare)).hasValue(Q850Cause.USER_BUSY);
        assertThat(H323.disconnectCause(bare, 10)).hasValue(Q850Cause.valueOf(11));
        assertThat(H323.callType(bare)).hasValue(CallType.VOIP);
        assertThat(H323.confId(bare)).hasValue(ConfId.parse("931C146B 0F4411D6 AB5591F0 CBF3D765"));
        assertThat(H323.setupTime(bare)).isEmpty();
        assertThatThrownBy(() -> H323.creditTime(RadiusMessage.of(PacketCode.ACCESS_ACCEPT,
                RadiusAttribute.ofString(AttributeType.H323_CREDIT_TIME, "h323-credit-time=lots"))))
                .isInstanceOf(RadiusFormatException.class).hasMessageContaining("not a whole number");
    }

    @Test
    void openConstants_keepUnknownValues() {
        assertThat(Q850Cause.valueOf(16)).isSameAs(Q850Cause.NORMAL_CLEARING);
        assertThat(Q850Cause.valueOf(99).name()).isEqualTo("cause-99");
        assertThatThrownBy(() -> Q850Cause.valueOf(128)).isInstanceOf(RadiusFormatException.class);
        assertThat(H323ReturnCode.valueOf(115).allowsCall()).isFalse();
        assertThat(H323ReturnCode.valueOf(13)).isEqualTo(H323ReturnCode.TOLL_FREE);
        assertThat(CallOrigin.of("proxy").value()).isEqualTo("proxy");
        assertThat(CallType.of("voip")).isEqualTo(CallType.VOIP);
        assertThat(AcctStatusType.valueOf(3)).isSameAs(AcctStatusType.INTERIM_UPDATE);
        assertThat(AcctStatusType.valueOf(9).name()).isEqualTo("Status-9");
    }

    @Test
    void accounting_counters_carry64BitsOverGigawords() {
        long octets = 5L * (1L << 32) + 123;
        RadiusMessage stop = RadiusMessage.builder(PacketCode.ACCOUNTING_REQUEST)
                .add(Accounting.statusType(AcctStatusType.STOP))
                .addAll(Accounting.inputOctets(octets)).addAll(Accounting.outputOctets(7))
                .add(Accounting.sessionTime(Duration.ofSeconds(65)))
                .add(Accounting.eventTimestamp(Instant.parse("2026-11-21T10:00:00Z")))
                .add(Accounting.interimInterval(Duration.ofMinutes(5)))
                .add(Accounting.sessionTimeout(Duration.ofHours(1))).build();

        assertThat(stop.integer(AttributeType.ACCT_INPUT_GIGAWORDS)).hasValue(5);
        assertThat(Accounting.inputOctets(stop)).hasValue(octets);
        assertThat(Accounting.outputOctets(stop)).hasValue(7);
        assertThat(Accounting.statusType(stop)).hasValue(AcctStatusType.STOP);
        assertThat(Accounting.sessionTime(stop)).hasValue(Duration.ofSeconds(65));
        assertThat(Accounting.eventTimestamp(stop)).hasValue(Instant.parse("2026-11-21T10:00:00Z"));
        assertThat(Accounting.interimInterval(stop)).hasValue(Duration.ofMinutes(5));
        assertThat(Accounting.sessionTimeout(stop)).hasValue(Duration.ofHours(1));
        assertThat(Accounting.inputOctets(RadiusMessage.of(PacketCode.ACCOUNTING_REQUEST))).isEmpty();
        assertThatThrownBy(() -> Accounting.inputOctets(-1)).isInstanceOf(RadiusFormatException.class);
    }
}
