package org.netlever.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code netlever option82} contract: one JSON object and exit 0, or exit 2 and one line on stderr. */
class Option82CommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode ok(String... args) throws Exception {
        CommandRun run = CommandRun.of(args);
        assertThat(run.err()).isEmpty();
        assertThat(run.status()).isZero();
        assertThat(run.out().lines()).hasSize(1);
        return JSON.readTree(run.out());
    }

    @Test
    @DisplayName("S1.4 --raw decodes the whole option and prints every field")
    void raw_dlinkOption_printsLocationAndSubOptions() throws Exception {
        JsonNode json = ok("option82", "--raw", "5212" + "0106000400980005" + "0208" + "0006f8e903e755a6");
        assertThat(json.get("deviceMac").asText()).isEqualTo("f8:e9:03:e7:55:a6");
        assertThat(json.get("port").asInt()).isEqualTo(5);
        assertThat(json.get("vlan").asInt()).isEqualTo(152);
        assertThat(json.get("unit").asInt()).isZero();
        assertThat(json.get("slot").isNull()).isTrue();
        assertThat(json.get("deviceSerial").isNull()).isTrue();
        assertThat(json.get("decoder").asText()).isEqualTo("common-binary");
        assertThat(json.get("heuristic").asBoolean()).isFalse();
        assertThat(json.get("subOptions").get("1").asText()).isEqualTo("000400980005");
        assertThat(json.get("subOptions").get("2").asText()).isEqualTo("0006f8e903e755a6");
        assertThat(json.fieldNames()).toIterable().startsWith("deviceMac", "deviceSerial", "port", "vlan", "unit");
    }

    @ParameterizedTest(name = "{0} / {1}")
    @CsvSource(delimiter = '|', value = {
            "0:4:0:98:0:5|0:6:f8:e9:3:e7:55:a6",
            "0x000400980005|0x0006F8E903E755A6",
            "000400980005|0006f8e903e755a6",
            "\"\\000\\004\\000\\230\\000\\005\"|0x0006f8e903e755a6"})
    @DisplayName("S1.4 --circuit-id / --remote-id accept every textual form")
    void parts_everyTextForm_sameLocation(String circuitId, String remoteId) throws Exception {
        JsonNode json = ok("option82", "--circuit-id", circuitId, "--remote-id", remoteId);
        assertThat(json.get("deviceMac").asText()).isEqualTo("f8:e9:03:e7:55:a6");
        assertThat(json.get("port").asInt()).isEqualTo(5);
    }

    @Test
    @DisplayName("S1.7 --device-type decodes as that model's manager does")
    void deviceType_huawei_readsSlotBits() throws Exception {
        String[] args = {"option82", "--circuit-id", "0x000400640805", "--remote-id", "0x000600e0fc112233"};
        JsonNode auto = ok(args);
        assertThat(auto.get("unit").asInt()).isEqualTo(8);
        JsonNode huawei = ok("option82", "--circuit-id", "0x000400640805", "--remote-id", "0x000600e0fc112233",
                "--device-type", "huawei-s");
        assertThat(huawei.get("decoder").asText()).isEqualTo("huawei-extend");
        assertThat(huawei.get("slot").asInt()).isEqualTo(1);
        assertThat(huawei.get("unit").isNull()).isTrue();
        assertThat(huawei.get("deviceType").asText()).isEqualTo("huawei-s");
    }

    @Test
    void heuristic_unknownFormat_flaggedGuess() throws Exception {
        CommandRun plain = CommandRun.of("option82", "--circuit-id", "0x0a0b0c", "--remote-id", "0xff00f8e903e755a6");
        assertThat(plain.status()).isEqualTo(2);
        JsonNode guess = ok("option82", "--circuit-id", "0x0a0b0c", "--remote-id", "0xff00f8e903e755a6",
                "--heuristic");
        assertThat(guess.get("heuristic").asBoolean()).isTrue();
        assertThat(guess.get("port").asInt()).isEqualTo(12);
    }

    @Test
    @DisplayName("S1.4 S1.5 valid Option 82 with no location prints nulls and its sub-options, exit 0")
    void raw_noLocation_printsNullsAndSubOptions() throws Exception {
        JsonNode json = ok("option82", "--raw", "5208" + "0504c0000200" + "1300");
        assertThat(json.get("location").asBoolean()).isFalse();
        for (String field : new String[] {"deviceMac", "deviceSerial", "hostName", "relayInterface", "port", "vlan",
            "unit", "slot", "subslot", "decoder"}) {
            assertThat(json.get(field).isNull()).as(field).isTrue();
        }
        assertThat(json.get("subOptions").get("5").asText()).isEqualTo("c0000200");
        assertThat(json.get("subOptions").get("19").asText()).isEmpty();
    }

    @Test
    @DisplayName("S1.5 a host-named TR-101 switch and a dhcrelay -a interface name are printed")
    void parts_hostNameAndRelayInterface_printed() throws Exception {
        JsonNode eltex = ok("option82", "--circuit-id", "\"mes3124-k7 eth 1/0/12:200\"");
        assertThat(eltex.get("location").asBoolean()).isTrue();
        assertThat(eltex.get("hostName").asText()).isEqualTo("mes3124-k7");
        assertThat(eltex.get("deviceMac").isNull()).isTrue();
        assertThat(eltex.get("port").asInt()).isEqualTo(12);

        JsonNode relay = ok("option82", "--circuit-id", "\"veth-sub0\"", "--device-type", "dhcp-relay");
        assertThat(relay.get("relayInterface").asText()).isEqualTo("veth-sub0");
        assertThat(relay.get("decoder").asText()).isEqualTo("relay-interface");
        assertThat(CommandRun.of("option82", "--circuit-id", "\"veth-sub0\"").status())
                .as("auto-detection does not take any text for an interface name").isEqualTo(2);
    }

    @Test
    void repeatedSubOption_printedAsArray() throws Exception {
        JsonNode json = ok("option82", "--raw", "0106000400980005" + "0208" + "0006f8e903e755a6" + "0901aa" + "0901bb");
        assertThat(json.get("subOptions").get("9").isArray()).isTrue();
        assertThat(json.get("subOptions").get("9").get(1).asText()).isEqualTo("bb");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "overrun|--raw|010800040098|sub-option circuit-id(1) at offset 1: length 8 overruns",
            "trailing garbage|--raw|52040102000400ff|option at offset 6",
            "bad hex|--raw|0x01zz|0x hex text at offset 4",
            "unrecognized|--raw|0103aabbcc|no decoder in auto recognises",
            "unknown device type|--device-type|acme|no device manager for type code 'acme'"})
    @DisplayName("S1.4 malformed or unusable input exits 2 with one line saying why")
    void badInput_exit2_oneLineReason(String name, String option, String value, String reason) {
        CommandRun run = option.equals("--device-type")
                ? CommandRun.of("option82", "--raw", "010600040098000502080006f8e903e755a6", option, value)
                : CommandRun.of("option82", option, value);
        assertThat(run.status()).as(name).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.err()).startsWith("netlever option82: ").contains(reason);
    }

    @Test
    void usageErrors_exit2() {
        assertThat(CommandRun.of("option82").status()).isEqualTo(2);
        assertThat(CommandRun.of("option82", "--raw").err()).contains("--raw needs a value");
        assertThat(CommandRun.of("option82", "--raw", "00", "--circuit-id", "00").err()).contains("not both");
        assertThat(CommandRun.of("option82", "--bogus").err()).contains("unknown option '--bogus'");
        assertThat(CommandRun.of("frobnicate").err()).contains("unknown command 'frobnicate'");
        assertThat(CommandRun.of().status()).isEqualTo(2);
        assertThat(CommandRun.of("help").out()).contains("netlever option82 --raw HEX");
    }
}
