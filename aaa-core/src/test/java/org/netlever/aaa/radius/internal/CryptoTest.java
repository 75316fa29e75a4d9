package org.netlever.aaa.radius.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** HMAC-MD5 against RFC 2202's vectors, with the per-thread Mac rekeyed whenever the key changes. */
class CryptoTest {

    private static final HexFormat HEX = HexFormat.of();

    private record Vector(int number, byte[] key, byte[] data, String digest) {
    }

    private static List<Vector> rfc2202() throws IOException {
        try (InputStream in = CryptoTest.class.getResourceAsStream("/radius/rfc2202-hmac-md5.json")) {
            List<Vector> vectors = new ArrayList<>();
            for (JsonNode node : new ObjectMapper().readTree(in).get("vectors")) {
                vectors.add(new Vector(node.get("case").asInt(), HEX.parseHex(node.get("key").asText()),
                        HEX.parseHex(node.get("data").asText()), node.get("digest").asText()));
            }
            return vectors;
        }
    }

    private static String hmac(byte[] key, byte[] data) {
        return HEX.formatHex(Crypto.hmacMd5(key, data, 0, data.length));
    }

    @Test
    void hmacMd5_rfc2202Vectors_match() throws IOException {
        List<Vector> vectors = rfc2202();

        assertThat(vectors).hasSize(7);
        for (Vector vector : vectors) {
            assertThat(hmac(vector.key(), vector.data())).as("case %d", vector.number()).isEqualTo(vector.digest());
        }
    }

    @Test
    void hmacMd5_alternatingKeysOnOneThread_eachMatchesItsVector() throws IOException {
        List<Vector> vectors = rfc2202();

        for (int round = 0; round < 3; round++) {
            for (Vector vector : vectors) {
                // The same key twice in a row (cached) and then the next vector's key (rekeyed).
                assertThat(hmac(vector.key(), vector.data())).as("case %d", vector.number())
                        .isEqualTo(vector.digest());
                assertThat(hmac(vector.key().clone(), vector.data())).as("case %d, key copied", vector.number())
                        .isEqualTo(vector.digest());
            }
        }
    }

    @Test
    void hmacMd5_keyArrayChangedInPlace_usesTheNewKey() throws IOException {
        List<Vector> vectors = rfc2202();
        Vector first = vectors.get(0);
        Vector third = vectors.get(2);
        byte[] key = first.key().clone();
        assertThat(hmac(key, first.data())).isEqualTo(first.digest());

        System.arraycopy(third.key(), 0, key, 0, key.length);   // both keys are 16 octets

        assertThat(hmac(key, third.data())).isEqualTo(third.digest());
    }

    @Test
    void hmacMd5_rangeOfALargerArray_coversOnlyTheRange() throws IOException {
        Vector vector = rfc2202().get(1);
        byte[] padded = new byte[vector.data().length + 9];
        padded[0] = 'x';
        padded[padded.length - 1] = 'y';
        System.arraycopy(vector.data(), 0, padded, 4, vector.data().length);

        byte[] mac = Crypto.hmacMd5(vector.key(), padded, 4, vector.data().length);

        assertThat(HEX.formatHex(mac)).isEqualTo(vector.digest());
    }

    @Test
    void hmacMd5_afterAFailedCall_isStillCorrect() throws IOException {
        Vector vector = rfc2202().get(3);
        assertThat(hmac(vector.key(), vector.data())).isEqualTo(vector.digest());

        assertThatThrownBy(() -> Crypto.hmacMd5(vector.key(), vector.data(), 10, vector.data().length))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Crypto.hmacMd5(new byte[0], vector.data(), 0, 1))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(hmac(vector.key(), vector.data())).isEqualTo(vector.digest());
    }

    @Test
    void hmacMd5_randomKeysAndLengths_matchesTheJdksMac() throws Exception {
        // RFC 2104 done by hand (pads digested once per key) against javax.crypto.Mac, for keys shorter than,
        // as long as and longer than MD5's 64-octet block (hashed first) and data from empty to several blocks.
        java.util.Random random = new java.util.Random(2104);
        javax.crypto.Mac jdk = javax.crypto.Mac.getInstance("HmacMD5");
        for (int i = 0; i < 2_000; i++) {
            byte[] key = new byte[1 + random.nextInt(i % 7 == 0 ? 200 : 70)];
            random.nextBytes(key);
            byte[] data = new byte[random.nextInt(300)];
            random.nextBytes(data);
            int offset = data.length == 0 ? 0 : random.nextInt(data.length);
            int length = random.nextInt(data.length - offset + 1);
            jdk.init(new javax.crypto.spec.SecretKeySpec(key, "HmacMD5"));
            jdk.update(data, offset, length);
            byte[] expected = jdk.doFinal();

            assertThat(Crypto.hmacMd5(key, data, offset, length)).as("key %d octets, data %d..%d", key.length, offset,
                    offset + length).isEqualTo(expected);
            if (i % 3 == 0) {
                // the same key again: from the kept pad states
                assertThat(Crypto.hmacMd5(key, data, offset, length)).isEqualTo(expected);
            }
        }
    }

    @Test
    void hmacMd5_threadsWithDifferentKeys_eachGetTheirOwn() throws Exception {
        List<Vector> vectors = rfc2202();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int thread = 0; thread < 4; thread++) {
                int start = thread;
                results.add(pool.submit(() -> {
                    int wrong = 0;
                    for (int i = 0; i < 2_000; i++) {
                        Vector vector = vectors.get((start + i / 3) % vectors.size());
                        if (!hmac(vector.key(), vector.data()).equals(vector.digest())) {
                            wrong++;
                        }
                    }
                    return wrong;
                }));
            }
            for (Future<Integer> result : results) {
                assertThat(result.get()).isZero();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
