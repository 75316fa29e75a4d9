package org.netlever.option82;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class MacAddressTest {

    @ParameterizedTest
    @ValueSource(strings = {"00:1e:58:a1:b2:c3", "00-1E-58-A1-B2-C3", "001e.58a1.b2c3", "001E-58A1-B2C3",
            "0:1e:58:a1:b2:c3", "001e58a1b2c3", "001E58A1B2C3", "0-1e-58-a1-b2-c3"})
    void parse_everyNotation_sameAddress(String text) {
        assertThat(MacAddress.parse(text)).isEqualTo(MacAddress.of(0x001e58a1b2c3L));
        assertThat(MacAddress.parse(text).toString()).isEqualTo("00:1e:58:a1:b2:c3");
    }

    @Test
    void parse_unpaddedOctets_asDhcpdPrints() {
        assertThat(MacAddress.parse("2:0:0:0:0:1")).hasToString("02:00:00:00:00:01");
        assertThat(MacAddress.parse("45:47:c4:2:53:b3")).hasToString("45:47:c4:02:53:b3");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''|0|empty string",
            "00:1e:58:a1:b2|14|expected 6 octets, the text ends after 5",
            "00:1e:58:a1:b2:c3:d4|17|unexpected text after the sixth octet",
            "00:1e:58-a1:b2:c3|8|expected ':', found '-'",
            "'00:1e:58:a1:b2:c3 '|17|unexpected text after the sixth octet",
            "001:1e:58:a1:b2:c3|2|more than two hex digits",
            "00:1g:58:a1:b2:c3|4|expected ':', found 'g'",
            "001e58a1b2c|11|expected 12 hex digits without separators, found 11",
            "001e.58a1.b2c|13|the text ends early",
            "001e.58a1-b2c3|9|expected '.' after four hex digits",
            "00 1e 58 a1 b2 c3|2|unexpected character ' '",
            "00::1e:58:a1:b2|3|expected a hex digit, found ':'"})
    void parse_malformed_namesCharacterIndex(String text, int index, String reason) {
        assertThatThrownBy(() -> MacAddress.parse(text))
                .isInstanceOfSatisfying(Option82ParseException.class, e -> {
                    assertThat(e.field()).isEqualTo("mac address");
                    assertThat(e.offset()).isEqualTo(index);
                })
                .hasMessageContaining(reason);
    }

    @Test
    void tryParse_notAMac_empty() {
        assertThat(MacAddress.tryParse("sw1")).isEmpty();
        assertThat(MacAddress.tryParse("00:1e:58:a1:b2:zz")).isEmpty();
        assertThat(MacAddress.tryParse("00:1e:58:a1:b2:c3")).contains(MacAddress.of(0x001e58a1b2c3L));
    }

    @ParameterizedTest
    @EnumSource(MacAddress.Notation.class)
    void format_everyNotation_parsesBack(MacAddress.Notation notation) {
        Random random = new Random(48);
        for (int i = 0; i < 1000; i++) {
            MacAddress mac = MacAddress.of(random.nextLong() & 0xFFFF_FFFF_FFFFL);
            assertThat(MacAddress.parse(mac.format(notation))).isEqualTo(mac);
        }
    }

    @Test
    void format_notations_asDocumented() {
        MacAddress mac = MacAddress.parse("02:00:0a:bb:cc:0d");
        assertThat(mac.format(MacAddress.Notation.COLON)).isEqualTo("02:00:0a:bb:cc:0d");
        assertThat(mac.format(MacAddress.Notation.HYPHEN)).isEqualTo("02-00-0a-bb-cc-0d");
        assertThat(mac.format(MacAddress.Notation.DOT)).isEqualTo("0200.0abb.cc0d");
        assertThat(mac.format(MacAddress.Notation.PLAIN)).isEqualTo("02000abbcc0d");
        assertThat(mac.format(MacAddress.Notation.DHCPD)).isEqualTo("2:0:a:bb:cc:d");
    }

    @Test
    void bytes_roundTrip_andBits() {
        byte[] bytes = {0x03, 0x11, 0x22, 0x33, 0x44, 0x55};
        MacAddress mac = MacAddress.of(bytes);
        assertThat(mac.toBytes()).isEqualTo(bytes);
        assertThat(mac.octet(0)).isEqualTo(3);
        assertThat(mac.oui()).isEqualTo(0x031122);
        assertThat(mac.isMulticast()).isTrue();
        assertThat(mac.isLocallyAdministered()).isTrue();
        assertThat(MacAddress.of(new byte[] {9, 9, 9, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06}, 3))
                .hasToString("01:02:03:04:05:06");
        bytes[0] = 0;
        assertThat(mac.octet(0)).as("no aliasing of the input").isEqualTo(3);
    }

    @Test
    void of_badInput_rejected() {
        assertThatThrownBy(() -> MacAddress.of(new byte[5])).isInstanceOf(Option82Exception.class)
                .hasMessageContaining("6 octets, got 5");
        assertThatThrownBy(() -> MacAddress.of(new byte[8], 3)).isInstanceOf(Option82Exception.class)
                .hasMessageContaining("offset 3");
        assertThatThrownBy(() -> MacAddress.of(1L << 48)).isInstanceOf(Option82Exception.class)
                .hasMessageContaining("48 bits");
    }

    @Test
    void compareTo_numericOrder() {
        assertThat(MacAddress.parse("ff:00:00:00:00:00")).isGreaterThan(MacAddress.parse("0f:ff:ff:ff:ff:ff"));
    }
}
