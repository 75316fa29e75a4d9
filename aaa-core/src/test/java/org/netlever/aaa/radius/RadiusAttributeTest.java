package org.netlever.aaa.radius;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Text values read strictly as UTF-8 (S2.4: exact in what is recorded), and values copied out for encoders. */
class RadiusAttributeTest {

    private static RadiusAttribute userName(byte... octets) {
        return new RadiusAttribute(AttributeType.USER_NAME, octets);
    }

    @Test
    void asString_ascii_isTheText() {
        assertThat(RadiusAttribute.ofString(AttributeType.USER_NAME, "alice@example.net").asString())
                .isEqualTo("alice@example.net");
        assertThat(userName((byte) 0x00, (byte) 0x7f).asString()).isEqualTo("\u0000\u007f");
    }

    @Test
    void asString_multiByteUtf8_isDecoded() {
        String text = "Иванов-№5 €";
        RadiusAttribute attribute = userName(text.getBytes(StandardCharsets.UTF_8));

        assertThat(attribute.asString()).isEqualTo(text);
    }

    @Test
    void asString_notUtf8_isRefusedWithTheOctets() {
        // 0xC3 0x28: a lead byte followed by a non-continuation; 0x80 alone: a continuation with no lead;
        // 0xED 0xA0 0x80: an encoded surrogate, which UTF-8 forbids; each after ASCII, so the text is not all ASCII.
        for (byte[] octets : new byte[][] {{'a', (byte) 0xc3, 0x28}, {'a', (byte) 0x80},
                {'a', (byte) 0xed, (byte) 0xa0, (byte) 0x80}, {(byte) 0xff}}) {
            assertThatThrownBy(() -> userName(octets).asString()).isInstanceOf(RadiusFormatException.class)
                    .hasMessageContaining("User-Name").hasMessageContaining("not UTF-8");
        }
    }

    @Test
    void copyValueTo_range_copiesTheValueAndSaysHowMany() {
        RadiusAttribute attribute = userName((byte) 1, (byte) 2, (byte) 3);
        byte[] destination = new byte[6];

        int copied = attribute.copyValueTo(destination, 2);

        assertThat(copied).isEqualTo(3);
        assertThat(destination).containsExactly(0, 0, 1, 2, 3, 0);
        assertThatThrownBy(() -> attribute.copyValueTo(destination, 4)).isInstanceOf(IndexOutOfBoundsException.class);
        destination[2] = 9;
        assertThat(attribute.value()).containsExactly(1, 2, 3);
    }
}
