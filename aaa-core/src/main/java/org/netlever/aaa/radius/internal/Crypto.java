package org.netlever.aaa.radius.internal;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * MD5 and HMAC-MD5 as RADIUS uses them (RFC 2865 section 3, RFC 3579 section 3.2), with per-thread instances so the
 * hot path allocates no digests; each thread's HMAC-MD5 stays keyed with the last key it was given, so a server
 * answering one client does not redo the key schedule per packet. Thread-safe.
 */
public final class Crypto {

    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(() -> digest("MD5"));
    private static final ThreadLocal<KeyedMac> HMAC_MD5 = ThreadLocal.withInitial(KeyedMac::new);
    private static final SecureRandom RANDOM = new SecureRandom();

    private Crypto() {
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no " + algorithm, e);
        }
    }

    /**
     * MD5 over a byte range followed by more octets.
     *
     * @param data the data
     * @param offset where to start
     * @param length how many octets
     * @param tail octets appended (the shared secret), may be empty
     * @return 16 octets
     */
    public static byte[] md5(byte[] data, int offset, int length, byte[] tail) {
        MessageDigest md5 = MD5.get();
        md5.reset();
        md5.update(data, offset, length);
        md5.update(tail);
        return md5.digest();
    }

    /**
     * MD5 of two octet strings concatenated.
     *
     * @param a the first
     * @param b the second
     * @return 16 octets
     */
    public static byte[] md5(byte[] a, byte[] b) {
        MessageDigest md5 = MD5.get();
        md5.reset();
        md5.update(a);
        md5.update(b);
        return md5.digest();
    }

    /**
     * HMAC-MD5 over a byte range.
     *
     * @param key the shared secret
     * @param data the data
     * @param offset where to start
     * @param length how many octets
     * @return 16 octets
     */
    public static byte[] hmacMd5(byte[] key, byte[] data, int offset, int length) {
        return HMAC_MD5.get().mac(key, data, offset, length);
    }

    /*
     * This thread's MD5, reset, for callers that feed it in pieces (User-Password hiding). Used only until the
     * caller's digest() call; nothing else in this class may run in between.
     */
    static MessageDigest md5Digest() {
        MessageDigest md5 = MD5.get();
        md5.reset();
        return md5;
    }

    /*
     * One thread's HMAC-MD5 and a copy of the key it is initialised with. doFinal leaves a Mac initialised with the
     * same key, so only a different key needs init (and its key schedule). The key is compared by content with a
     * private copy, so a caller changing its array in place still gets a fresh key schedule.
     */
    private static final class KeyedMac {
        private final Mac mac;
        private byte[] key;

        KeyedMac() {
            try {
                mac = Mac.getInstance("HmacMD5");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("the JDK has no HmacMD5", e);
            }
        }

        byte[] mac(byte[] newKey, byte[] data, int offset, int length) {
            if (key == null || !Arrays.equals(newKey, key)) {
                key = null;
                try {
                    mac.init(new SecretKeySpec(newKey, "HmacMD5"));
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("cannot key HMAC-MD5", e);
                }
                key = newKey.clone();
            }
            try {
                mac.update(data, offset, length);
                return mac.doFinal();
            } catch (RuntimeException e) {
                // Whatever was fed may still be in the Mac; init again next time, which starts afresh.
                key = null;
                throw e;
            }
        }
    }

    /**
     * 16 random octets for a Request Authenticator (RFC 2865 section 3: unpredictable and unique).
     *
     * @return 16 octets
     */
    public static byte[] randomAuthenticator() {
        byte[] octets = new byte[16];
        RANDOM.nextBytes(octets);
        return octets;
    }

    /**
     * Compares two ranges in constant time.
     *
     * @param a the first array
     * @param aOffset its start
     * @param b the second array, compared whole
     * @return {@code true} if {@code a[aOffset..aOffset+b.length)} equals {@code b}
     */
    public static boolean equalsAt(byte[] a, int aOffset, byte[] b) {
        if (aOffset < 0 || aOffset + b.length > a.length) {
            return false;
        }
        int diff = 0;
        for (int i = 0; i < b.length; i++) {
            diff |= a[aOffset + i] ^ b[i];
        }
        return diff == 0;
    }
}
