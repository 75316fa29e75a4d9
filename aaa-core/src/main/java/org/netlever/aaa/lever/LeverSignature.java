package org.netlever.aaa.lever;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How lever requests are signed: HMAC-SHA256, keyed with the {@link LeverSecret}, over
 * <pre>
 * METHOD "\n" PATH "\n" TIMESTAMP "\n" NONCE "\n" hex(SHA-256(BODY))
 * </pre>
 * sent as lower-case hex in {@code X-Netlever-Signature}, with the Unix-seconds {@code X-Netlever-Timestamp} and a
 * random {@code X-Netlever-Nonce}. The shipped lever script computes the same with {@code openssl dgst}.
 *
 * <p>Thread-safe (no state).
 */
public final class LeverSignature {

    /** Header carrying the Unix time in seconds. */
    public static final String TIMESTAMP = "X-Netlever-Timestamp";
    /** Header carrying a random value, never reused. */
    public static final String NONCE = "X-Netlever-Nonce";
    /** Header carrying the signature. */
    public static final String SIGNATURE = "X-Netlever-Signature";

    private static final HexFormat HEX = HexFormat.of();

    private LeverSignature() {
    }

    /**
     * Signs a request.
     *
     * @param secret the shared secret
     * @param method the HTTP method, e.g. {@code POST}
     * @param path the request path and query, e.g. {@code /lever/v1/events}
     * @param timestamp Unix seconds
     * @param nonce the nonce
     * @param body the body bytes (empty for GET)
     * @return the signature in lower-case hex
     */
    public static String sign(LeverSecret secret, String method, String path, long timestamp, String nonce,
            byte[] body) {
        Objects.requireNonNull(secret, "secret");
        String canonical = method + "\n" + path + "\n" + timestamp + "\n" + nonce + "\n" + sha256Hex(body);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.key(), "HmacSHA256"));
            return HEX.formatHex(mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is always available", e);
        }
    }

    /**
     * Whether a signature is right, compared in constant time.
     *
     * @param expected the signature computed here
     * @param given the signature the request carries
     * @return {@code true} if they match
     */
    static boolean matches(String expected, String given) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                given.getBytes(StandardCharsets.US_ASCII));
    }

    private static String sha256Hex(byte[] body) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
