package org.netlever.option82;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Malformed input is an Option82ParseException that names the field and the byte offset (vectors/malformed.json). */
class MalformedVectorsTest {

    record Case(String name, JsonNode node) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        List<Case> out = new ArrayList<>();
        for (JsonNode v : Vectors.read("malformed.json").get("vectors")) {
            out.add(new Case(v.get("name").asText(), v));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @DisplayName("S1.4 malformed option is rejected with the offset")
    void parse_malformed_throwsWithOffset(Case c) {
        byte[] input = Vectors.hex(c.node().get("input").asText());
        Throwable thrown = catchThrowable(() -> {
            RelayAgentInformation info = RelayAgentInformation.parse(input);
            switch (c.node().path("read").asText("")) {
                case "" -> { }
                case "linkSelection" -> info.linkSelection();
                case "serverIdOverride" -> info.serverIdOverride();
                case "vendorSpecific" -> info.vendorSpecific();
                case "subscriberId" -> info.subscriberId();
                case "relaySourcePort" -> info.relaySourcePort();
                case "virtualSubnetSelection" -> info.virtualSubnetSelection();
                default -> throw new AssertionError("unknown accessor " + c.node().get("read"));
            }
        });
        JsonNode error = c.node().get("error");
        assertThat(thrown).as(c.name()).isInstanceOf(Option82ParseException.class);
        Option82ParseException e = (Option82ParseException) thrown;
        assertThat(e.field()).isEqualTo(error.get("field").asText());
        assertThat(e.offset()).isEqualTo(error.get("offset").asInt());
        assertThat(e.getMessage()).contains(error.get("contains").asText())
                .startsWith(e.field() + " at offset " + e.offset() + ": ");
    }
}
