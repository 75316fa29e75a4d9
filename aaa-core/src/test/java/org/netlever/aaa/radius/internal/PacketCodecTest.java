package org.netlever.aaa.radius.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netlever.aaa.ip.Ipv4Address;
import org.netlever.aaa.radius.AttributeType;
import org.netlever.aaa.radius.AvPair;
import org.netlever.aaa.radius.PacketCode;
import org.netlever.aaa.radius.RadiusAttribute;
import org.netlever.aaa.radius.RadiusDictionary;
import org.netlever.aaa.radius.RadiusFormatException;
import org.netlever.aaa.radius.RadiusMessage;
import org.netlever.aaa.radius.RadiusPacket;
import org.tinyradius.core.dictionary.DefaultDictionary;
import org.tinyradius.core.packet.request.RadiusRequest;
import org.tinyradius.core.packet.response.RadiusResponse;

/** The wire format (S2.8): RFC 2865 vectors, authenticators, Message-Authenticator placement, framing errors. */
class PacketCodecTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] SECRET = "s3cret-for-tests".getBytes(StandardCharsets.UTF_8);
    private final PacketCodec codec = new PacketCodec(RadiusDictionary.standard());

    private static JsonNode rfcExamples() throws IOException {
        try (InputStream in = PacketCodecTest.class.getResourceAsStream("/radius/rfc2865-examples.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    private static byte[] hex(String spaced) {
        return HEX.parseHex(spaced.replace(" ", ""));
    }

    @Test
    void frame_rfc2865AccessRequest_readsAttributesAndRevealsPassword() throws IOException {
        JsonNode rfc = rfcExamples();
        byte[] raw = hex(rfc.get("accessRequest").asText());
        byte[] secret = rfc.get("secret").asText().getBytes(StandardCharsets.UTF_8);

        PacketCodec.Framed framed = codec.frame(raw, raw.length);
        RadiusPacket packet = codec.reveal(framed, framed.authenticator(), secret);

        assertThat(packet.code()).isEqualTo(PacketCode.ACCESS_REQUEST);
        assertThat(packet.identifier()).isZero();
        assertThat(packet.string(AttributeType.USER_NAME)).hasValue("nemo");
        assertThat(packet.string(AttributeType.USER_PASSWORD)).hasValue(rfc.get("password").asText());
        assertThat(packet.first(AttributeType.NAS_IP_ADDRESS).orElseThrow().asIpv4())
                .isEqualTo(Ipv4Address.parse("192.168.1.16"));
        assertThat(packet.integer(AttributeType.NAS_PORT)).hasValue(3);
        assertThat(framed.hasMessageAuthenticator()).isFalse();
    }

    @Test
    void encodeRequest_rfc2865Password_hidesItExactlyAsTheRfc() throws Exception {
        JsonNode rfc = rfcExamples();
        byte[] raw = hex(rfc.get("accessRequest").asText());
        byte[] secret = rfc.get("secret").asText().getBytes(StandardCharsets.UTF_8);
        PacketCodec.Framed framed = codec.frame(raw, raw.length);
        RadiusPacket packet = codec.reveal(framed, framed.authenticator(), secret);

        // Re-hide the revealed password with the RFC's authenticator: the attribute must come out as on the wire.
        byte[] hidden = org.tinyradius.core.attribute.codec.AttributeCodecType.RFC2865_USER_PASSWORD.getCodec()
                .encode(packet.first(AttributeType.USER_PASSWORD).orElseThrow().value(), framed.authenticator(),
                        rfc.get("secret").asText());
        assertThat(hidden).isEqualTo(Arrays.copyOfRange(raw, 28, 44));
    }

    @Test
    void encodeReply_rfc2865AccessAccept_matchesTheRfcByteForByte() throws IOException {
        JsonNode rfc = rfcExamples();
        byte[] request = hex(rfc.get("accessRequest").asText());
        byte[] secret = rfc.get("secret").asText().getBytes(StandardCharsets.UTF_8);
        RadiusMessage accept = RadiusMessage.of(PacketCode.ACCESS_ACCEPT,
                RadiusAttribute.ofInteger(AttributeType.SERVICE_TYPE, 1),
                RadiusAttribute.ofInteger(AttributeType.of(15), 0),
                RadiusAttribute.ofIpv4(AttributeType.of(14), Ipv4Address.parse("192.168.1.3")));

        byte[] encoded = codec.encodeReply(accept, 0, Arrays.copyOfRange(request, 4, 20), secret, false);

        assertThat(HEX.formatHex(encoded)).isEqualTo(rfc.get("accessAccept").asText().replace(" ", ""));
    }

    @Test
    void encodeReply_accessAccept_putsMessageAuthenticatorFirstAndTinyradiusVerifiesIt() throws Exception {
        byte[] requestAuthenticator = Crypto.randomAuthenticator();
        RadiusMessage accept = RadiusMessage.of(PacketCode.ACCESS_ACCEPT,
                RadiusAttribute.ofInteger(AttributeType.SESSION_TIMEOUT, 3600),
                RadiusAttribute.ofAvPair(AttributeType.CISCO_AVPAIR, AvPair.of("h323-credit-time", "3600")));

        byte[] encoded = codec.encodeReply(accept, 42, requestAuthenticator, SECRET, true);

        assertThat(encoded[20]).isEqualTo((byte) 80);
        assertThat(encoded[21]).isEqualTo((byte) 18);
        PacketCodec.Framed framed = codec.frame(encoded, encoded.length);
        assertThat(codec.verifyResponseAuthenticator(framed, requestAuthenticator, SECRET)).isTrue();
        assertThat(codec.verifyMessageAuthenticator(framed, requestAuthenticator, SECRET)).isTrue();
        // An independent implementation agrees on both authenticators.
        RadiusResponse.fromByteBuf(DefaultDictionary.INSTANCE, Unpooled.wrappedBuffer(encoded))
                .decodeResponse(new String(SECRET, StandardCharsets.UTF_8), requestAuthenticator);
        assertThat(codec.verifyResponseAuthenticator(framed, Crypto.randomAuthenticator(), SECRET)).isFalse();
    }

    @Test
    void encodeRequest_accounting_computesTheRequestAuthenticatorTinyradiusAccepts() throws Exception {
        RadiusMessage start = RadiusMessage.builder(PacketCode.ACCOUNTING_REQUEST)
                .integer(AttributeType.ACCT_STATUS_TYPE, 1)
                .string(AttributeType.ACCT_SESSION_ID, "call-1")
                .string(AttributeType.H323_CONF_ID, "h323-conf-id=931C146B 0F4411D6 AB5591F0 CBF3D765")
                .build();

        byte[] encoded = codec.encodeRequest(start, 7, SECRET, true);
        PacketCodec.Framed framed = codec.frame(encoded, encoded.length);

        assertThat(codec.verifyRequestAuthenticator(framed, SECRET)).isTrue();
        assertThat(codec.verifyMessageAuthenticator(framed, new byte[16], SECRET)).isTrue();
        assertThat(codec.verifyRequestAuthenticator(framed, "other".getBytes(StandardCharsets.UTF_8))).isFalse();
        RadiusRequest.fromByteBuf(DefaultDictionary.INSTANCE, Unpooled.wrappedBuffer(encoded))
                .decodeRequest(new String(SECRET, StandardCharsets.UTF_8));
        byte[] tampered = encoded.clone();
        tampered[tampered.length - 1] ^= 1;
        assertThat(codec.verifyRequestAuthenticator(codec.frame(tampered, tampered.length), SECRET)).isFalse();
    }

    @Test
    void encodeRequest_accessRequestWithPassword_roundTripsThroughFrameAndReveal() {
        RadiusMessage request = RadiusMessage.builder(PacketCode.ACCESS_REQUEST)
                .string(AttributeType.USER_NAME, "74951234567")
                .string(AttributeType.USER_PASSWORD, "a password longer than sixteen octets")
                .build();

        byte[] encoded = codec.encodeRequest(request, 200, SECRET, true);
        PacketCodec.Framed framed = codec.frame(encoded, encoded.length);

        assertThat(framed.messageAuthenticatorOffset()).isEqualTo(20);
        assertThat(codec.verifyMessageAuthenticator(framed, framed.authenticator(), SECRET)).isTrue();
        RadiusPacket revealed = codec.reveal(framed, framed.authenticator(), SECRET);
        assertThat(revealed.string(AttributeType.USER_PASSWORD)).hasValue("a password longer than sixteen octets");
        assertThat(revealed.has(AttributeType.MESSAGE_AUTHENTICATOR)).isFalse();
        assertThat(new String(encoded, StandardCharsets.ISO_8859_1)).doesNotContain("sixteen");
    }

    @Test
    void encodeRequest_twice_givesDifferentRandomAuthenticators() {
        RadiusMessage request = RadiusMessage.of(PacketCode.ACCESS_REQUEST,
                RadiusAttribute.ofString(AttributeType.USER_NAME, "a"));
        byte[] first = codec.encodeRequest(request, 1, SECRET, true);
        byte[] second = codec.encodeRequest(request, 1, SECRET, true);
        assertThat(Arrays.copyOfRange(first, 4, 20)).isNotEqualTo(Arrays.copyOfRange(second, 4, 20));
    }

    @Test
    void frame_vendorSpecific_flattensKnownAndRfcFormatVendorsAndKeepsTheRest() {
        byte[] packet = packet(1,
                "1a 0f 00 00 00 09 01 09 61 3d 62 3d 63 2a 64",   // Cisco-AVPair "a=b=c*d"
                "1a 0c 00 00 89 c1 0b 06 00 00 00 05",          // Eltex-Disconnect-Code-Local 5
                "1a 09 00 00 3a 8c 08 03 41",                    // unknown vendor 14988, RFC format: type 8 "A"
                "1a 08 00 00 30 39 ff 00");                      // unknown vendor 12345, not RFC format
        PacketCodec.Framed framed = codec.frame(packet, packet.length);

        List<RadiusAttribute> attributes = framed.attributes();
        assertThat(attributes).extracting(RadiusAttribute::type).containsExactly(AttributeType.CISCO_AVPAIR,
                AttributeType.ELTEX_DISCONNECT_CODE_LOCAL, AttributeType.vendor(14988, 8),
                AttributeType.VENDOR_SPECIFIC);
        assertThat(attributes.get(0).asAvPair()).isEqualTo(AvPair.of("a", "b=c*d"));
        assertThat(attributes.get(1).asInteger()).isEqualTo(5);
        assertThat(attributes.get(3).value()).isEqualTo(hex("00 00 30 39 ff 00"));
    }

    @Test
    void frame_withTrailingPadding_ignoresOctetsAfterLength() {
        byte[] packet = packet(4, "01 03 61");
        byte[] padded = Arrays.copyOf(packet, packet.length + 5);
        assertThat(codec.frame(padded, padded.length).raw()).hasSize(packet.length);
    }

    @Test
    void frame_malformedInput_isRejectedWithTheOffset() {
        assertThatThrownBy(() -> codec.frame(new byte[10], 10)).isInstanceOf(RadiusFormatException.class)
                .hasMessageContaining("20-octet header").extracting("offset").isEqualTo(0);

        byte[] shortLength = packet(1, "01 03 61");
        shortLength[3] = 19;
        assertThatThrownBy(() -> codec.frame(shortLength, shortLength.length))
                .hasMessageContaining("Length field says 19").extracting("offset").isEqualTo(2);

        byte[] longerThanDatagram = packet(1, "01 03 61");
        assertThatThrownBy(() -> codec.frame(longerThanDatagram, longerThanDatagram.length - 1))
                .hasMessageContaining("only 22 octets");

        byte[] overrun = packet(1, "01 03 61", "1f 09 31 32");
        assertThatThrownBy(() -> codec.frame(overrun, overrun.length))
                .hasMessageContaining("Calling-Station-Id declares length 9 and runs past the end")
                .extracting("offset").isEqualTo(24);

        byte[] tooShortAttribute = packet(1, "01 02");
        assertThatThrownBy(() -> codec.frame(tooShortAttribute, tooShortAttribute.length))
                .hasMessageContaining("requires at least 3").extracting("offset").isEqualTo(21);

        byte[] twoAuthenticators = packet(1, "50 12 " + "00 ".repeat(16), "50 12 " + "00 ".repeat(16));
        assertThatThrownBy(() -> codec.frame(twoAuthenticators, twoAuthenticators.length))
                .hasMessageContaining("at most one Message-Authenticator").extracting("offset").isEqualTo(38);

        byte[] shortAuthenticator = packet(1, "50 04 00 00");
        assertThatThrownBy(() -> codec.frame(shortAuthenticator, shortAuthenticator.length))
                .hasMessageContaining("Message-Authenticator has 16 octets");
    }

    @Test
    void frame_unknownCodeAndAttribute_areKept() {
        byte[] packet = packet(99, "f0 04 01 02");
        PacketCodec.Framed framed = codec.frame(packet, packet.length);
        assertThat(framed.code().isKnown()).isFalse();
        assertThat(framed.code().value()).isEqualTo(99);
        assertThat(framed.attributes()).containsExactly(new RadiusAttribute(AttributeType.of(240), hex("0102")));
    }

    @Test
    void encodeRequest_overMaximumLength_isRejected() {
        RadiusMessage.Builder builder = RadiusMessage.builder(PacketCode.ACCOUNTING_REQUEST);
        for (int i = 0; i < 20; i++) {
            builder.string(AttributeType.CLASS, "x".repeat(250));
        }
        assertThatThrownBy(() -> codec.encodeRequest(builder.build(), 1, SECRET, false))
                .isInstanceOf(RadiusFormatException.class).hasMessageContaining("4096");
    }

    @Test
    void reveal_userPasswordNotAMultipleOf16_isAFormatErrorNamingIt() {
        byte[] packet = packet(1, "02 07 01 02 03 04 05");
        PacketCodec.Framed framed = codec.frame(packet, packet.length);

        assertThatThrownBy(() -> codec.reveal(framed, framed.authenticator(), SECRET))
                .isInstanceOf(RadiusFormatException.class).hasMessageStartingWith("User-Password does not decode")
                .hasMessageContaining("has 5");
    }

    @Test
    void encodeRequest_userPasswordOver253OctetsOnceHidden_isRejectedNamingIt() {
        RadiusMessage fits = RadiusMessage.of(PacketCode.ACCESS_REQUEST,
                RadiusAttribute.ofString(AttributeType.USER_PASSWORD, "p".repeat(240)));
        RadiusMessage tooLong = RadiusMessage.of(PacketCode.ACCESS_REQUEST,
                RadiusAttribute.ofString(AttributeType.USER_PASSWORD, "p".repeat(241)));

        byte[] encoded = codec.encodeRequest(fits, 1, SECRET, false);
        PacketCodec.Framed framed = codec.frame(encoded, encoded.length);

        assertThat(codec.reveal(framed, framed.authenticator(), SECRET).string(AttributeType.USER_PASSWORD))
                .hasValue("p".repeat(240));
        assertThatThrownBy(() -> codec.encodeRequest(tooLong, 1, SECRET, false))
                .isInstanceOf(RadiusFormatException.class).hasMessageContaining("User-Password is 256 octets");
    }

    @Test
    void encodeRequest_otherEncryptedAttributes_areHiddenAndRevealedByTheDictionarysCodec(@TempDir Path dir)
            throws IOException {
        Path file = dir.resolve("dictionary.hidden");
        Files.writeString(file, """
                ATTRIBUTE	Test-Tunnel-Password	69	string	encrypt=2
                VENDOR		Acme	32473
                BEGIN-VENDOR	Acme
                ATTRIBUTE	Acme-Secret	7	string	encrypt=1
                END-VENDOR	Acme
                """);
        PacketCodec hiding = new PacketCodec(RadiusDictionary.standardWith(List.of(file)));
        RadiusMessage request = RadiusMessage.builder(PacketCode.ACCESS_REQUEST)
                .string(AttributeType.of(69), "tunnel-secret")
                .string(AttributeType.vendor(32473, 7), "vendor-secret")
                .string(AttributeType.vendor(32473, 8), "plain-vendor")
                .build();

        for (int round = 0; round < 2; round++) {   // the second round reads the remembered vendor hiding
            byte[] encoded = hiding.encodeRequest(request, 3, SECRET, true);
            String wire = new String(encoded, StandardCharsets.ISO_8859_1);
            PacketCodec.Framed framed = hiding.frame(encoded, encoded.length);
            RadiusPacket revealed = hiding.reveal(framed, framed.authenticator(), SECRET);

            assertThat(wire).doesNotContain("tunnel-secret").doesNotContain("vendor-secret").contains("plain-vendor");
            assertThat(revealed.string(AttributeType.of(69))).hasValue("tunnel-secret");
            assertThat(revealed.string(AttributeType.vendor(32473, 7))).hasValue("vendor-secret");
            assertThat(revealed.string(AttributeType.vendor(32473, 8))).hasValue("plain-vendor");
        }
    }

    @Test
    void encodeReply_afterALargerReplyOnTheSameThread_isExactSizeAndUnaffected() throws InterruptedException {
        byte[] requestAuthenticator = Crypto.randomAuthenticator();
        RadiusMessage small = RadiusMessage.of(PacketCode.ACCESS_ACCEPT,
                RadiusAttribute.ofInteger(AttributeType.SESSION_TIMEOUT, 60));
        RadiusMessage.Builder large = RadiusMessage.builder(PacketCode.ACCESS_ACCEPT);
        for (int i = 0; i < 10; i++) {
            large.string(AttributeType.CLASS, "c".repeat(250));
        }
        byte[][] onFreshThread = new byte[1][];
        Thread fresh = new Thread(() -> onFreshThread[0] = codec.encodeReply(small, 9, requestAuthenticator, SECRET,
                true));
        fresh.start();
        fresh.join();

        // Without Message-Authenticator, so Class octets sit where the next reply's Message-Authenticator goes.
        byte[] first = codec.encodeReply(large.build(), 8, requestAuthenticator, SECRET, false);
        byte[] firstCopy = first.clone();
        byte[] second = codec.encodeReply(small, 9, requestAuthenticator, SECRET, true);

        assertThat(first).hasSize(20 + 10 * 252);
        assertThat(second).hasSize(20 + 18 + 6).isEqualTo(onFreshThread[0]);
        assertThat(first).isEqualTo(firstCopy);
        PacketCodec.Framed framed = codec.frame(second, second.length);
        assertThat(codec.verifyMessageAuthenticator(framed, requestAuthenticator, SECRET)).isTrue();
    }

    /** A packet of the code with the given attributes (hex), Length fixed up, authenticator zero. */
    private static byte[] packet(int code, String... attributes) {
        StringBuilder body = new StringBuilder();
        for (String attribute : attributes) {
            body.append(attribute.replace(" ", ""));
        }
        byte[] attributeOctets = HEX.parseHex(body.toString());
        byte[] packet = new byte[20 + attributeOctets.length];
        packet[0] = (byte) code;
        packet[2] = (byte) (packet.length >> 8);
        packet[3] = (byte) packet.length;
        System.arraycopy(attributeOctets, 0, packet, 20, attributeOctets.length);
        return packet;
    }
}
