package org.netlever.option82;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Seeded random and mutation fuzzing: the parser, the typed readers, the text forms and every built-in decoder only
 * ever return a result or throw an {@link Option82Exception} — never an IndexOutOfBounds, NullPointer or other
 * runtime exception. The seed is fixed so a failure reproduces; the failing input is printed in hex.
 */
class ParserFuzzTest {

    private static final long SEED = 0x52_82_3046L;
    private static final int ROUNDS = 200_000;

    @Test
    @DisplayName("S1.4 parser and decoders only return a result or throw Option82ParseException")
    void parseAndDecode_randomAndMutatedInput_onlyResultOrOption82Exception() {
        Random random = new Random(SEED);
        List<byte[]> seeds = seedCorpus();
        int parsed = 0;
        int rejected = 0;
        for (int round = 0; round < ROUNDS; round++) {
            byte[] input = round % 2 == 0 ? randomBytes(random) : mutate(seeds.get(random.nextInt(seeds.size())), random);
            RelayAgentInformation info;
            try {
                info = RelayAgentInformation.parse(input);
                parsed++;
            } catch (Option82ParseException expected) {
                assertThat(expected.offset()).isBetween(0, input.length);
                rejected++;
                continue;
            } catch (RuntimeException e) {
                throw failure("parse", input, e);
            }
            exercise(info, input);
        }
        assertThat(parsed).as("the fuzzer must reach the decoders").isGreaterThan(ROUNDS / 10);
        assertThat(rejected).as("the fuzzer must hit malformed input").isGreaterThan(ROUNDS / 10);
    }

    @Test
    void textForms_randomText_onlyResultOrOption82Exception() {
        Random random = new Random(SEED);
        String alphabet = "0123456789abcdefABCDEFxX:\"\\ .-+/gzZTEGHWC";
        for (int round = 0; round < ROUNDS / 4; round++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(24);
            for (int i = 0; i < length; i++) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            for (TextForm form : TextForm.values()) {
                try {
                    form.decode(text.toString());
                } catch (Option82ParseException expected) {
                    assertThat(expected.offset()).isBetween(0, text.length());
                } catch (RuntimeException e) {
                    throw new AssertionError(form + " failed on \"" + text + "\"", e);
                }
            }
            try {
                MacAddress.parse(text);
            } catch (Option82ParseException expected) {
                assertThat(expected.offset()).isBetween(0, text.length());
            } catch (RuntimeException e) {
                throw new AssertionError("MacAddress.parse failed on \"" + text + "\"", e);
            }
        }
    }

    private static void exercise(RelayAgentInformation info, byte[] input) {
        List<Consumer<RelayAgentInformation>> readers = List.of(RelayAgentInformation::linkSelection,
                RelayAgentInformation::serverIdOverride, RelayAgentInformation::subscriberId,
                RelayAgentInformation::vendorSpecific, RelayAgentInformation::relaySourcePort,
                RelayAgentInformation::virtualSubnetSelection, RelayAgentInformation::toPayload,
                RelayAgentInformation::toString);
        for (Consumer<RelayAgentInformation> reader : readers) {
            try {
                reader.accept(info);
            } catch (Option82ParseException expected) {
                assertThat(expected.offset()).isBetween(0, input.length);
            } catch (RuntimeException e) {
                throw failure("typed reader", input, e);
            }
        }
        for (Option82Decoder decoder : Option82Decoders.builtIns()) {
            try {
                decoder.decode(info).ifPresent(location -> assertThat(location.decoder()).isEqualTo(decoder.name()));
            } catch (Option82Exception allowed) {
                // the contract allows it for input that claims the format but contradicts itself
            } catch (RuntimeException e) {
                throw failure("decoder " + decoder.name(), input, e);
            }
        }
        try {
            Option82Decoders.autoDetect().decode(info);
        } catch (Option82Exception allowed) {
            // as above
        } catch (RuntimeException e) {
            throw failure("auto-detect", input, e);
        }
    }

    private static AssertionError failure(String what, byte[] input, RuntimeException e) {
        return new AssertionError(what + " threw " + e + " for input " + TextForm.PLAIN_HEX.encode(input), e);
    }

    private static byte[] randomBytes(Random random) {
        byte[] bytes = new byte[random.nextInt(40)];
        random.nextBytes(bytes);
        if (bytes.length > 1 && random.nextBoolean()) {
            bytes[0] = (byte) 82;
            bytes[1] = (byte) (random.nextBoolean() ? bytes.length - 2 : random.nextInt(256));
        }
        return bytes;
    }

    /** Flips, inserts, deletes or rewrites a length byte of a well-formed vector. */
    private static byte[] mutate(byte[] seed, Random random) {
        byte[] out = seed.clone();
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits && out.length > 0; e++) {
            int at = random.nextInt(out.length);
            switch (random.nextInt(4)) {
                case 0 -> out[at] ^= (byte) (1 << random.nextInt(8));
                case 1 -> out[at] = (byte) random.nextInt(256);
                case 2 -> {
                    byte[] shorter = new byte[out.length - 1];
                    System.arraycopy(out, 0, shorter, 0, at);
                    System.arraycopy(out, at + 1, shorter, at, out.length - at - 1);
                    out = shorter;
                }
                default -> {
                    byte[] longer = new byte[out.length + 1];
                    System.arraycopy(out, 0, longer, 0, at);
                    longer[at] = (byte) random.nextInt(256);
                    System.arraycopy(out, at, longer, at + 1, out.length - at);
                    out = longer;
                }
            }
        }
        return out;
    }

    private static List<byte[]> seedCorpus() {
        List<byte[]> seeds = new ArrayList<>();
        for (Vectors.DecodingVector v : Vectors.decodingVectors()) {
            seeds.add(v.info().toPayload());
            seeds.add(v.info().toOption());
        }
        if (seeds.isEmpty()) {
            fail("no seed vectors");
        }
        return seeds;
    }
}
