package org.netlever.option82;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * S1.4: every vendor format's vectors (src/test/resources/vectors/*.json) decode to the location their source says,
 * with the decoder named, and are not recognised by decoders of other formats.
 */
class DecoderVectorsTest {

    static Stream<Vectors.DecodingVector> vectors() {
        return Vectors.decodingVectors().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    @DisplayName("S1.4 vendor vector decodes as its source says")
    void decode_vendorVector_matchesExpectation(Vectors.DecodingVector vector) throws Exception {
        assertThat(vector.node().path("source").asText()).as("every vector names its source").isNotBlank();
        RelayAgentInformation info = vector.info();
        for (JsonNode step : vector.node().get("decode")) {
            String with = step.get("with").asText();
            Option82Decoder decoder = Option82Decoders.byName(with)
                    .orElseThrow(() -> new AssertionError("no decoder named " + with));
            JsonNode expect = step.get("expect");
            Optional<DeviceLocation> actual = decoder.decode(info);
            if (expect.isTextual()) {
                assertThat(expect.asText()).isEqualTo("unrecognized");
                assertThat(actual).as("%s with %s", vector, with).isEmpty();
                assertThatThrownBy(() -> decoder.decodeOrThrow(info))
                        .isInstanceOf(UnrecognizedOption82Exception.class)
                        .hasMessageContaining(with);
                continue;
            }
            assertThat(actual).as("%s with %s", vector, with).isPresent();
            DeviceLocation location = actual.get();
            assertThat(location.decoder()).as("decoder of %s with %s", vector, with)
                    .isEqualTo(expect.get("decoder").asText());
            assertThat(location.deviceMac().map(MacAddress::toString))
                    .as("mac of %s with %s", vector, with).isEqualTo(text(expect, "mac"));
            assertThat(location.deviceSerial()).as("serial of %s", vector).isEqualTo(text(expect, "serial"));
            assertThat(location.hostName()).as("host name of %s with %s", vector, with)
                    .isEqualTo(text(expect, "host"));
            assertThat(location.relayInterface()).as("relay interface of %s with %s", vector, with)
                    .isEqualTo(text(expect, "relayInterface"));
            assertThat(location.port()).as("port of %s with %s", vector, with).isEqualTo(number(expect, "port"));
            assertThat(location.vlan()).as("vlan of %s with %s", vector, with).isEqualTo(number(expect, "vlan"));
            assertThat(location.unit()).as("unit of %s with %s", vector, with).isEqualTo(number(expect, "unit"));
            assertThat(location.slot()).as("slot of %s with %s", vector, with).isEqualTo(number(expect, "slot"));
            assertThat(location.subslot()).as("subslot of %s", vector).isEqualTo(number(expect, "subslot"));
            assertThat(location.isHeuristic()).as("heuristic flag of %s", vector)
                    .isEqualTo(expect.path("heuristic").asBoolean(false));
            assertThat(decoder.decodeOrThrow(info)).isEqualTo(location);
        }
        if (vector.node().has("expectSubOptions")) {
            checkTypedSubOptions(info, vector.node().get("expectSubOptions"));
        }
    }

    private static void checkTypedSubOptions(RelayAgentInformation info, JsonNode expect) throws Exception {
        assertThat(info.subOptions()).extracting(s -> s.code().code())
                .containsExactlyElementsOf(Vectors.JSON.convertValue(expect.get("codes"),
                        Vectors.JSON.getTypeFactory().constructCollectionType(List.class, Integer.class)));
        assertThat(info.linkSelection()).contains(
                (java.net.Inet4Address) InetAddress.getByName(expect.get("linkSelection").asText()));
        assertThat(info.subscriberId()).contains(expect.get("subscriberId").asText());
        assertThat(info.serverIdOverride()).contains(
                (java.net.Inet4Address) InetAddress.getByName(expect.get("serverIdOverride").asText()));
        assertThat(info.relayPortRequested()).isEqualTo(expect.get("relayPortRequested").asBoolean());
        assertThat(info.relaySourcePort()).isEmpty();
        assertThat(info.virtualSubnetSelection().flatMap(VirtualSubnetSelection::vpnName))
                .contains(expect.get("vssVpnName").asText());
        JsonNode vsi = expect.get("vendorSpecific");
        assertThat(info.vendorSpecific()).hasSize(vsi.size());
        for (int i = 0; i < vsi.size(); i++) {
            assertThat(info.vendorSpecific().get(i)).isEqualTo(new VendorSpecificInformation(
                    vsi.get(i).get("enterprise").asLong(), Vectors.hex(vsi.get(i).get("data").asText())));
        }
    }

    @Test
    @DisplayName("S1.4 every built-in decoder is proven by at least one vendor vector")
    void builtIns_eachMatchedByAVector() {
        Set<String> matched = new HashSet<>();
        Set<String> files = new HashSet<>();
        for (Vectors.DecodingVector v : Vectors.decodingVectors()) {
            files.add(v.file());
            for (JsonNode step : v.node().get("decode")) {
                if (step.get("expect").isObject()) {
                    matched.add(step.get("expect").get("decoder").asText());
                }
            }
        }
        assertThat(matched).containsAll(Option82Decoders.builtIns().stream().map(Option82Decoder::name).toList());
        assertThat(files).contains("dlink.json", "cisco.json", "edgecore.json", "eltex-mes.json", "huawei-s.json",
                "tp-link.json", "h3c.json", "dcn-snr-qtech.json", "zte-onu.json", "huawei-ont.json");
    }

    private static Optional<String> text(JsonNode expect, String field) {
        return expect.hasNonNull(field) ? Optional.of(expect.get(field).asText()) : Optional.empty();
    }

    private static OptionalInt number(JsonNode expect, String field) {
        return expect.hasNonNull(field) ? OptionalInt.of(expect.get(field).asInt()) : OptionalInt.empty();
    }
}
