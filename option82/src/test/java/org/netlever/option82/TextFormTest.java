package org.netlever.option82;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The textual forms of dhcpd, Kea, RADIUS and dhcpd.leases decode to the same bytes (vectors/text-forms.json). */
class TextFormTest {

    record Sample(String group, String text, String bytes) {
        @Override
        public String toString() {
            return group + ": " + text;
        }
    }

    static Stream<Sample> samples() {
        List<Sample> out = new ArrayList<>();
        for (JsonNode g : Vectors.read("text-forms.json").get("groups")) {
            for (JsonNode t : g.get("texts")) {
                out.add(new Sample(g.get("name").asText(), t.asText(), g.get("bytes").asText()));
            }
        }
        return out.stream();
    }

    static Stream<JsonNode> detections() {
        List<JsonNode> out = new ArrayList<>();
        Vectors.read("text-forms.json").get("detect").forEach(out::add);
        return out.stream();
    }

    static Stream<JsonNode> errors() {
        List<JsonNode> out = new ArrayList<>();
        Vectors.read("text-forms.json").get("errors").forEach(out::add);
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    @DisplayName("S1.4 every textual form decodes to the same bytes")
    void decodeAny_everyForm_sameBytes(Sample sample) {
        assertThat(TextForm.decodeAny(sample.text())).isEqualTo(Vectors.hex(sample.bytes()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("detections")
    void detect_sample_givesDocumentedForm(JsonNode sample) {
        assertThat(TextForm.detect(sample.get("text").asText())).isEqualTo(TextForm.valueOf(sample.get("form").asText()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void decode_malformedText_namesCharacterIndex(JsonNode sample) {
        String text = sample.get("text").asText();
        TextForm form = sample.has("form") ? TextForm.valueOf(sample.get("form").asText()) : TextForm.detect(text);
        assertThatThrownBy(() -> form.decode(text))
                .isInstanceOfSatisfying(Option82ParseException.class, e -> {
                    assertThat(e.offset()).isEqualTo(sample.get("offset").asInt());
                    assertThat(e.field()).isEqualTo(form.label() + " text");
                })
                .hasMessageContaining(sample.get("contains").asText());
    }

    @ParameterizedTest
    @EnumSource(value = TextForm.class, names = {"DHCPD_HEX", "PREFIXED_HEX", "PLAIN_HEX", "QUOTED_STRING"})
    void encode_randomBytes_decodesBack(TextForm form) {
        Random random = new Random(82);
        for (int i = 0; i < 2000; i++) {
            byte[] bytes = new byte[random.nextInt(40)];
            random.nextBytes(bytes);
            String text = form.encode(bytes);
            assertThat(form.decode(text)).as(text).isEqualTo(bytes);
            if (bytes.length > 2) {
                assertThat(TextForm.decodeAny(text)).as("auto-detected %s", text).isEqualTo(bytes);
            }
        }
    }

    @Test
    void encode_knownBytes_matchesWhatEachPeerPrints() {
        byte[] remoteId = Vectors.hex("0006001e58a1b2c3");
        assertThat(TextForm.DHCPD_HEX.encode(remoteId)).isEqualTo("0:6:0:1e:58:a1:b2:c3");
        assertThat(TextForm.PREFIXED_HEX.encode(remoteId)).isEqualTo("0x0006001E58A1B2C3");
        assertThat(TextForm.PLAIN_HEX.encode(remoteId)).isEqualTo("0006001e58a1b2c3");
        assertThat(TextForm.QUOTED_STRING.encode(remoteId)).isEqualTo("\"\\000\\006\\000\\036X\\241\\262\\303\"");
        assertThat(TextForm.ASCII.encode("eth 1/0/5".getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
                .isEqualTo("eth 1/0/5");
    }

    @Test
    void encodeAscii_unprintableByte_refusedRatherThanLost() {
        assertThatThrownBy(() -> TextForm.ASCII.encode(new byte[] {0x41, 0x00}))
                .isInstanceOf(Option82Exception.class)
                .hasMessageContaining("byte 1 (0x0)");
    }

    @Test
    void decode_characterAboveLatin1_rejected() {
        assertThatThrownBy(() -> TextForm.ASCII.decode("port\u2116"))
                .isInstanceOfSatisfying(Option82ParseException.class, e -> assertThat(e.offset()).isEqualTo(4));
    }
}
