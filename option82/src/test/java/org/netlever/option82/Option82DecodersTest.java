package org.netlever.option82;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class Option82DecodersTest {

    private static final RelayAgentInformation DLINK = RelayAgentInformation.of(Vectors.hex("000400980005"),
            Vectors.hex("0006f8e903e755a6"));
    private static final RelayAgentInformation UNKNOWN_VENDOR = RelayAgentInformation.of(Vectors.hex("0a0b0c"),
            Vectors.hex("ff00f8e903e755a6"));

    @Test
    @DisplayName("S1.4 auto-detect says which decoder matched")
    void autoDetect_knownFormat_namesTheMatchingDecoder() {
        DeviceLocation location = Option82Decoders.autoDetect().decodeOrThrow(DLINK);
        assertThat(location.decoder()).isEqualTo("common-binary");
        assertThat(location.isHeuristic()).isFalse();
    }

    @Test
    @DisplayName("S1.4 the last-byte heuristic is never used unless asked for, and is flagged")
    void autoDetect_unknownFormat_noHeuristicUnlessAsked() {
        assertThat(Option82Decoders.autoDetect().decode(UNKNOWN_VENDOR)).isEmpty();
        assertThatThrownBy(() -> Option82Decoders.autoDetect().decodeOrThrow(UNKNOWN_VENDOR))
                .isInstanceOf(UnrecognizedOption82Exception.class)
                .hasMessageContaining("tried [common-binary, tp-link, dcn, tr101-text, zte-onu, huawei-ont]")
                .hasMessageContaining("circuit-id(1) 3 bytes 0a0b0c");

        Option82Decoder withFallback = Option82Decoders.withHeuristicFallback(Option82Decoders.autoDetect());
        assertThat(withFallback.name()).isEqualTo("auto+last-byte-heuristic");
        DeviceLocation guess = withFallback.decodeOrThrow(UNKNOWN_VENDOR);
        assertThat(guess.isHeuristic()).isTrue();
        assertThat(guess.decoder()).isEqualTo("last-byte-heuristic");
        assertThat(guess.port()).hasValue(0x0c);
        assertThat(guess.deviceMac()).contains(MacAddress.parse("f8:e9:03:e7:55:a6"));
        assertThat(withFallback.decodeOrThrow(DLINK).isHeuristic()).as("exact formats still win").isFalse();
    }

    @Test
    void autoDetect_excludesIndistinguishableAndHeuristicDecoders() {
        for (Option82Decoder decoder : Option82Decoders.builtIns()) {
            assertThat(Option82Decoders.byName(decoder.name())).contains(decoder);
        }
        assertThat(Option82Decoders.byName("auto")).contains(Option82Decoders.autoDetect());
        assertThat(Option82Decoders.byName("nope")).isEmpty();
        assertThat(Option82Decoders.builtIns().get(Option82Decoders.builtIns().size() - 1))
                .isSameAs(Option82Decoders.lastByteHeuristic());
        assertThat(Option82Decoders.autoDetect().toString())
                .doesNotContain("huawei-extend", "h3c", "remote-id-mac", "last-byte-heuristic");
    }

    @Test
    void orElse_chainsTwoDecoders_firstMatchWins() {
        Option82Decoder chain = Option82Decoders.zteOnu().orElse(Option82Decoders.commonBinary());
        assertThat(chain.name()).isEqualTo("zte-onu+common-binary");
        assertThat(chain.decodeOrThrow(DLINK).decoder()).isEqualTo("common-binary");
    }

    @Test
    void of_lambdaDecoder_namedAndChecked() {
        Option82Decoder constant = Option82Decoder.of("constant",
                info -> Optional.of(DeviceLocation.builder("constant").deviceSerial("X1").build()));
        assertThat(constant.name()).isEqualTo("constant");
        assertThat(constant.decodeOrThrow(DLINK).deviceSerial()).contains("X1");
        assertThatThrownBy(() -> Option82Decoder.of(" ", info -> Optional.empty()))
                .isInstanceOf(Option82Exception.class);
        assertThatThrownBy(() -> Option82Decoder.of("broken", info -> null).decode(DLINK))
                .isInstanceOf(NullPointerException.class).hasMessage("decoder broken returned null");
    }

    @Test
    void chain_empty_rejected() {
        assertThatThrownBy(() -> Option82Decoders.chain("x")).isInstanceOf(Option82Exception.class);
    }

    @Test
    void decoders_missingSubOptions_unrecognizedNotFailing() {
        RelayAgentInformation onlyLinkSelection = RelayAgentInformation.parse(Vectors.hex("0504c0000201"));
        for (Option82Decoder decoder : Option82Decoders.builtIns()) {
            assertThat(decoder.decode(onlyLinkSelection)).as(decoder.name()).isEmpty();
        }
    }

    @Test
    void deviceLocation_requiresAnIdentity() {
        assertThatThrownBy(() -> DeviceLocation.builder("mine").port(3).build())
                .isInstanceOf(Option82Exception.class)
                .hasMessageContaining("decoder mine set none");
        assertThatThrownBy(() -> DeviceLocation.builder(" ")).isInstanceOf(Option82Exception.class);
        assertThatThrownBy(() -> DeviceLocation.builder("mine").vlan(4096)).isInstanceOf(Option82Exception.class)
                .hasMessageContaining("vlan must be 0 to 4095");
        assertThatThrownBy(() -> DeviceLocation.builder("mine").port(-1)).isInstanceOf(Option82Exception.class);
    }

    @Test
    void deviceLocation_copiesAndText() {
        DeviceLocation location = Option82Decoders.commonBinary().decodeOrThrow(DLINK);
        assertThat(location).hasToString(
                "DeviceLocation[mac=f8:e9:03:e7:55:a6, unit=0, port=5, vlan=152, decoder=common-binary]");
        DeviceLocation renumbered = location.withPort(29);
        assertThat(renumbered.port()).hasValue(29);
        assertThat(renumbered.vlan()).isEqualTo(location.vlan());
        assertThat(location.withDecoder("x").decoder()).isEqualTo("x");
        assertThat(location.withDecoder("common-binary")).isEqualTo(location).hasSameHashCodeAs(location);
        assertThat(List.of(location)).doesNotContain(renumbered);
    }
}
