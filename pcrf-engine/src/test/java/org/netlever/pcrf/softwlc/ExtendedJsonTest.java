package org.netlever.pcrf.softwlc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** S3.7: the integers of a SoftWLC export in every form mongoexport (and the mongo shell) writes them. */
class ExtendedJsonTest {

    private static JsonNode doc(String json) throws Exception {
        return new ObjectMapper().readTree(json);
    }

    @Test
    @DisplayName("S3.7: relaxed numbers, canonical $numberLong/$numberInt/$numberDouble/$numberDecimal are integers")
    void integer_everyExtendedJsonForm_isRead() throws Exception {
        assertThat(ExtendedJson.integer(doc("{\"v\":7200}"), "v")).isEqualTo(7200);
        assertThat(ExtendedJson.integer(doc("{\"v\":{\"$numberLong\":\"1073741824\"}}"), "v")).isEqualTo(1L << 30);
        assertThat(ExtendedJson.integer(doc("{\"v\":{\"$numberInt\":\"2\"}}"), "v")).isEqualTo(2);
        assertThat(ExtendedJson.integer(doc("{\"v\":{\"$numberDouble\":\"2.0\"}}"), "v")).isEqualTo(2);
        assertThat(ExtendedJson.integer(doc("{\"v\":{\"$numberDecimal\":\"7200\"}}"), "v")).isEqualTo(7200);
        assertThat(ExtendedJson.integer(doc("{\"v\":1.0}"), "v")).as("the shell's doubles").isEqualTo(1);
        assertThat(ExtendedJson.integer(doc("{\"v\":{\"$numberLong\":\"9223372036854775807\"}}"), "v"))
                .isEqualTo(Long.MAX_VALUE);
    }

    @Test
    @DisplayName("S3.7: fractions, text, other wrappers, overflow and a missing field are refused, naming the field")
    void integer_notAnInteger_isRefusedNamingTheField() {
        for (String json : new String[] {"{\"v\":1.5}", "{\"v\":\"7200\"}", "{\"v\":{\"$oid\":\"5d0c\"}}",
            "{\"v\":{\"$numberLong\":\"72x\"}}", "{\"v\":{\"$numberLong\":\"9223372036854775808\"}}",
            "{\"v\":{\"$numberLong\":7200}}", "{\"v\":[1]}", "{\"v\":null}", "{}"}) {
            assertThatThrownBy(() -> ExtendedJson.integer(doc(json), "v")).as(json)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'v'");
        }
    }

    @Test
    @DisplayName("S3.7: a text field is a JSON string, nothing else")
    void text_onlyAString() throws Exception {
        assertThat(ExtendedJson.text(doc("{\"t\":\"limit\"}"), "t")).isEqualTo("limit");
        assertThatThrownBy(() -> ExtendedJson.text(doc("{\"t\":79139001234}"), "t"))
                .hasMessage("'t' is not a string: 79139001234");
        assertThatThrownBy(() -> ExtendedJson.text(doc("{}"), "t")).hasMessage("'t' is missing");
    }
}
