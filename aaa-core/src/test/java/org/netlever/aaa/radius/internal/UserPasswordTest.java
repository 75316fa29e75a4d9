package org.netlever.aaa.radius.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tinyradius.core.RadiusPacketException;
import org.tinyradius.core.attribute.codec.AttributeCodecType;
import org.tinyradius.core.attribute.codec.BaseCodec;

/**
 * RFC 2865 section 5.2 hiding, cross-checked against tinyradius's codec (which netlever used before, and did not
 * write) on random passwords, secrets and authenticators, and on the odd inputs whose handling must not change.
 */
class UserPasswordTest {

    private static final BaseCodec TINYRADIUS = AttributeCodecType.RFC2865_USER_PASSWORD.getCodec();
    private static final String SECRET_TEXT = "xyzzy5461";
    private static final byte[] SECRET = SECRET_TEXT.getBytes(StandardCharsets.UTF_8);
    private static final byte[] AUTHENTICATOR = HexFormat.of().parseHex("0f403f9473978057bd83d5cb98f4227a");

    private final Random random = new Random(20261202);

    /** A printable-ASCII secret, 1 to 40 characters: tinyradius takes the secret as a String. */
    private String randomSecret() {
        char[] chars = new char[1 + random.nextInt(40)];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = (char) (0x21 + random.nextInt(0x7e - 0x21));
        }
        return new String(chars);
    }

    private byte[] randomOctets(int length) {
        byte[] octets = new byte[length];
        random.nextBytes(octets);
        return octets;
    }

    @Test
    void hide_everyLengthFrom1To128_matchesTinyradius() throws RadiusPacketException {
        for (int length = 1; length <= 128; length++) {
            for (int round = 0; round < 4; round++) {
                byte[] password = randomOctets(length);
                byte[] authenticator = randomOctets(16);
                String secret = randomSecret();

                byte[] ours = UserPassword.hide(password, authenticator, secret.getBytes(StandardCharsets.UTF_8));

                assertThat(ours).as("length %d", length)
                        .isEqualTo(TINYRADIUS.encode(password, authenticator, secret))
                        .hasSize((length + 15) / 16 * 16);
            }
        }
    }

    @Test
    void reveal_everyLengthFrom1To128_matchesTinyradius() throws RadiusPacketException {
        for (int length = 1; length <= 128; length++) {
            for (int round = 0; round < 4; round++) {
                byte[] password = randomOctets(length);
                if (round == 1) {
                    Arrays.fill(password, length / 2, length, (byte) 0);   // trailing NULs to strip
                }
                byte[] authenticator = randomOctets(16);
                String secret = randomSecret();
                byte[] secretOctets = secret.getBytes(StandardCharsets.UTF_8);
                byte[] hidden = TINYRADIUS.encode(password, authenticator, secret);

                assertThat(UserPassword.reveal(hidden, authenticator, secretOctets)).as("length %d", length)
                        .isEqualTo(TINYRADIUS.decode(hidden, authenticator, secret));
            }
        }
    }

    @Test
    void reveal_randomHiddenValues_matchesTinyradius() throws RadiusPacketException {
        for (int blocks = 1; blocks <= 15; blocks++) {
            byte[] hidden = randomOctets(16 * blocks);
            byte[] authenticator = randomOctets(16);
            String secret = randomSecret();

            assertThat(UserPassword.reveal(hidden, authenticator, secret.getBytes(StandardCharsets.UTF_8)))
                    .isEqualTo(TINYRADIUS.decode(hidden, authenticator, secret));
        }
    }

    @Test
    void reveal_ofHide_givesThePasswordBack() {
        for (int length = 2; length <= 128; length++) {
            byte[] password = randomOctets(length);
            password[length - 1] = (byte) (1 + random.nextInt(255));
            byte[] authenticator = randomOctets(16);

            byte[] hidden = UserPassword.hide(password, authenticator, SECRET);

            assertThat(UserPassword.reveal(hidden, authenticator, SECRET)).as("length %d", length).isEqualTo(password);
        }
    }

    @Test
    void hide_rfc2865Example_isTheRfcsOctets() {
        // RFC 2865 section 7.1: "arctangent" with secret "xyzzy5461" and this Request Authenticator.
        byte[] hidden = UserPassword.hide("arctangent".getBytes(StandardCharsets.US_ASCII), AUTHENTICATOR, SECRET);

        assertThat(HexFormat.of().formatHex(hidden)).isEqualTo("0dbe708d93d413ce3196e43f782a0aee");
    }

    @Test
    void hide_emptyPassword_isOneBlockOfPaddingAsTinyradius() throws RadiusPacketException {
        byte[] hidden = UserPassword.hide(new byte[0], AUTHENTICATOR, SECRET);

        assertThat(hidden).hasSize(16).isEqualTo(TINYRADIUS.encode(new byte[0], AUTHENTICATOR, SECRET_TEXT));
        // Octets 1 to 15 are all NUL, so nothing is stripped: 16 NULs come back, as from tinyradius.
        assertThat(UserPassword.reveal(hidden, AUTHENTICATOR, SECRET)).isEqualTo(new byte[16]);
    }

    @Test
    void reveal_oneOctetPassword_keepsItsPaddingAsTinyradius() throws RadiusPacketException {
        byte[] hidden = UserPassword.hide(new byte[] {'a'}, AUTHENTICATOR, SECRET);

        byte[] revealed = UserPassword.reveal(hidden, AUTHENTICATOR, SECRET);

        assertThat(revealed).hasSize(16).startsWith('a').isEqualTo(TINYRADIUS.decode(hidden, AUTHENTICATOR,
                SECRET_TEXT));
    }

    @Test
    void hide_over128Octets_isHiddenWholeAsTinyradius() throws RadiusPacketException {
        byte[] password = randomOctets(200);

        byte[] hidden = UserPassword.hide(password, AUTHENTICATOR, SECRET);

        assertThat(hidden).hasSize(208).isEqualTo(TINYRADIUS.encode(password, AUTHENTICATOR, SECRET_TEXT));
        assertThat(UserPassword.reveal(hidden, AUTHENTICATOR, SECRET)).isEqualTo(TINYRADIUS.decode(hidden,
                AUTHENTICATOR, SECRET_TEXT));
    }

    @Test
    void reveal_malformedValues_areRejectedLikeTinyradius() {
        for (int length : new int[] {0, 1, 15, 17, 31, 33}) {
            byte[] hidden = new byte[length];
            assertThatThrownBy(() -> UserPassword.reveal(hidden, AUTHENTICATOR, SECRET)).as("length %d", length)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has " + length);
            assertThatThrownBy(() -> TINYRADIUS.decode(hidden, AUTHENTICATOR, SECRET_TEXT))
                    .isInstanceOf(RadiusPacketException.class);
        }
    }

    @Test
    void hideAndReveal_authenticatorNot16Octets_areRejected() {
        assertThatThrownBy(() -> UserPassword.hide(new byte[] {1}, new byte[15], SECRET))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("16 octets, got 15");
        assertThatThrownBy(() -> UserPassword.reveal(new byte[16], new byte[17], SECRET))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("16 octets, got 17");
    }
}
