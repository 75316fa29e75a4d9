package org.netlever.option82;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RelayAgentInformationTest {

    private static final byte[] PAYLOAD = Vectors.hex("010600040064000502080006001122334455");

    @Test
    @DisplayName("S1.4 the option parses the same with or without its 52 LL header")
    void parse_withOrWithoutHeader_same() {
        RelayAgentInformation bare = RelayAgentInformation.parse(PAYLOAD);
        RelayAgentInformation whole = RelayAgentInformation.parse(Vectors.hex("5212" + "010600040064000502080006001122334455"));
        assertThat(whole).isEqualTo(bare).hasSameHashCodeAs(bare);
        assertThat(bare.toPayload()).isEqualTo(PAYLOAD);
        assertThat(bare.toOption()).isEqualTo(Vectors.hex("5212010600040064000502080006001122334455"));
        assertThat(bare.toHex()).isEqualTo("010600040064000502080006001122334455");
        assertThat(RelayAgentInformation.parseOption(bare.toOption())).isEqualTo(bare);
    }

    @Test
    void parseOption_withoutHeader_rejected() {
        assertThatThrownBy(() -> RelayAgentInformation.parseOption(PAYLOAD))
                .isInstanceOfSatisfying(Option82ParseException.class, e -> assertThat(e.offset()).isZero())
                .hasMessageContaining("expected 82 (0x52), found 1");
    }

    @Test
    void parsePayload_startingWithCode82_readAsPayload() {
        RelayAgentInformation info = RelayAgentInformation.parsePayload(Vectors.hex("5201ff"));
        assertThat(info.subOptions()).containsExactly(SubOption.of(82, new byte[] {(byte) 0xff}));
    }

    @Test
    void parsePayload_windowOfBuffer_offsetsIndexTheBuffer() {
        byte[] packet = Vectors.hex("aaaa" + "0102000402" + "bbbb");
        assertThatThrownBy(() -> RelayAgentInformation.parsePayload(packet, 2, 5))
                .isInstanceOfSatisfying(Option82ParseException.class, e -> assertThat(e.offset()).isEqualTo(6));
        assertThat(RelayAgentInformation.parsePayload(packet, 2, 4).circuitId().orElseThrow().toHex())
                .isEqualTo("0004");
    }

    @Test
    void subOptions_unknownAndRepeatedCodes_keptInOrder() {
        RelayAgentInformation info = RelayAgentInformation.parse(Vectors.hex("c80101" + "0101aa" + "c80102" + "0200"));
        assertThat(info.subOptions()).extracting(s -> s.code().code()).containsExactly(200, 1, 200, 2);
        assertThat(info.subOptions().get(0).code().isKnown()).isFalse();
        assertThat(info.subOptions().get(0).code().name()).isEqualTo("sub-option-200");
        assertThat(info.findAll(SubOptionCode.valueOf(200))).extracting(SubOption::toHex).containsExactly("01", "02");
        assertThat(info.find(SubOptionCode.valueOf(200)).orElseThrow().toHex()).isEqualTo("01");
        assertThat(info.remoteId().orElseThrow().length()).isZero();
        assertThat(info.contains(SubOptionCode.LINK_SELECTION)).isFalse();
        assertThat(info.linkSelection()).isEmpty();
        assertThat(info.vendorSpecific()).isEmpty();
        assertThat(info.virtualSubnetSelection()).isEmpty();
        assertThat(info.relayPortRequested()).isFalse();
        assertThat(RelayAgentInformation.parse(info.toPayload())).isEqualTo(info);
    }

    @Test
    void parse_text_anyForm() {
        RelayAgentInformation fromKea = RelayAgentInformation.parse("0x010600040064000502080006001122334455");
        RelayAgentInformation fromDhcpd = RelayAgentInformation.parse("1:6:0:4:0:64:0:5:2:8:0:6:0:11:22:33:44:55");
        assertThat(fromKea).isEqualTo(fromDhcpd).isEqualTo(RelayAgentInformation.parse(PAYLOAD));
    }

    @Test
    void of_circuitAndRemoteId_buildsTwoSubOptions() {
        RelayAgentInformation info = RelayAgentInformation.of(Vectors.hex("000400640005"),
                Vectors.hex("0006001122334455"));
        assertThat(info).isEqualTo(RelayAgentInformation.parse(PAYLOAD));
        assertThat(info.toString()).isEqualTo(
                "RelayAgentInformation[circuit-id(1)=000400640005, remote-id(2)=0006001122334455]");
    }

    @Test
    void of_noSubOptions_rejected() {
        assertThatThrownBy(RelayAgentInformation::of).isInstanceOf(Option82Exception.class)
                .hasMessageContaining("at least one sub-option");
    }

    @Test
    void toOption_payloadOver255_refused() {
        RelayAgentInformation big = RelayAgentInformation.of(SubOption.of(1, new byte[200]),
                SubOption.of(2, new byte[100]));
        assertThat(big.toPayload()).hasSize(304);
        assertThatThrownBy(big::toOption).isInstanceOf(Option82Exception.class).hasMessageContaining("RFC 3396");
    }

    @Test
    void relaySourcePort_twoByteForm_read() {
        RelayAgentInformation info = RelayAgentInformation.parse(Vectors.hex("1302" + "0bb8"));
        assertThat(info.relayPortRequested()).isTrue();
        assertThat(info.relaySourcePort()).hasValue(3000);
    }

    @Test
    void virtualSubnetSelection_vpnIdAndGlobal_read() {
        VirtualSubnetSelection vpnId = RelayAgentInformation.parse(Vectors.hex("9708" + "01" + "00000c00000001"))
                .virtualSubnetSelection().orElseThrow();
        assertThat(vpnId.type()).isEqualTo(VirtualSubnetSelection.TYPE_VPN_ID);
        assertThat(vpnId.information()).hasSize(7);
        assertThat(vpnId.vpnName()).isEmpty();
        VirtualSubnetSelection global = RelayAgentInformation.parse(Vectors.hex("9701ff"))
                .virtualSubnetSelection().orElseThrow();
        assertThat(global.isGlobal()).isTrue();
    }

    @Test
    void vendorSpecific_severalBlocksAcrossSubOptions_allRead() {
        RelayAgentInformation info = RelayAgentInformation.parse(Vectors.hex(
                "090d" + "00000009" + "01" + "aa" + "000089c1" + "02" + "bbcc" + "0905" + "00000001" + "00"));
        assertThat(info.vendorSpecific()).containsExactly(
                new VendorSpecificInformation(9, new byte[] {(byte) 0xaa}),
                new VendorSpecificInformation(35265, new byte[] {(byte) 0xbb, (byte) 0xcc}),
                new VendorSpecificInformation(1, new byte[0]));
    }

    @Test
    void subOption_readers_readInPlaceAndCopyOnValue() {
        SubOption s = RelayAgentInformation.parse(PAYLOAD).remoteId().orElseThrow();
        assertThat(s.unsignedShort(0)).isEqualTo(6);
        assertThat(s.unsignedInt(2)).isEqualTo(0x00112233L);
        assertThat(s.macAddress(2)).hasToString("00:11:22:33:44:55");
        assertThat(s.regionMatches(0, new byte[] {0, 6})).isTrue();
        assertThat(s.regionMatches(7, new byte[] {0x55, 0})).isFalse();
        byte[] copy = s.value();
        copy[0] = 9;
        assertThat(s.unsignedByte(0)).isZero();
        assertThatThrownBy(() -> s.unsignedByte(8)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void subOption_valueOver255_rejected() {
        assertThatThrownBy(() -> SubOption.of(1, new byte[256])).isInstanceOf(Option82Exception.class)
                .hasMessageContaining("256 bytes exceeds the 255");
        assertThatThrownBy(() -> SubOptionCode.valueOf(256)).isInstanceOf(Option82Exception.class);
        assertThatThrownBy(() -> SubOption.ofAscii(SubOptionCode.CIRCUIT_ID, "é"))
                .isInstanceOf(Option82ParseException.class);
    }

    @Test
    void subOptionCode_open_everyCodeHasAValue() {
        for (int code = 0; code < 256; code++) {
            assertThat(SubOptionCode.valueOf(code).code()).isEqualTo(code);
            assertThat(SubOptionCode.valueOf(code)).isSameAs(SubOptionCode.valueOf(code));
        }
        assertThat(SubOptionCode.valueOf(1)).isSameAs(SubOptionCode.CIRCUIT_ID);
        assertThat(SubOptionCode.valueOf(151)).isSameAs(SubOptionCode.VIRTUAL_SUBNET_SELECTION);
        assertThat(SubOptionCode.CIRCUIT_ID).hasToString("circuit-id(1)");
    }
}
