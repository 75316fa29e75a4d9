package org.netlever.aaa.radius.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * MD5 and HMAC-MD5 as RADIUS uses them (RFC 2865 section 3, RFC 3579 section 3.2), with per-thread instances so the
 * hot path allocates no digests; each thread's HMAC-MD5 stays keyed with the last key it was given (its two pad
 * blocks already digested), so a server answering one client does not redo them per packet. Thread-safe.
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
     * One thread's HMAC-MD5 (RFC 2104) and a copy of the key it is keyed with. Keying feeds the padded key XOR ipad
     * and XOR opad into two MD5 digests once; each MAC then starts from clones of those two states, so the two
     * 64-octet pad blocks are not compressed again per packet (javax.crypto.Mac feeds both pads on every MAC: two of
     * the five MD5 blocks of a typical reply's Message-Authenticator). The key is compared by content with a private
     * copy, so a caller changing its array in place still gets it keyed afresh.
     */
    private static final class KeyedMac {
        private static final int BLOCK = 64;
        private byte[] key;
        private MessageDigest inner;
        private MessageDigest outer;

        byte[] mac(byte[] newKey, byte[] data, int offset, int length) {
            if (key == null || !Arrays.equals(newKey, key)) {
                rekey(newKey);
            }
            if (offset < 0 || length < 0 || offset > data.length - length) {
                throw new IllegalArgumentException("HMAC-MD5 over octets " + offset + ".." + (offset + length)
                        + " of an array of " + data.length);
            }
            MessageDigest in = copy(inner);
            in.update(data, offset, length);
            MessageDigest out = copy(outer);
            out.update(in.digest());
            return out.digest();
        }

        private void rekey(byte[] newKey) {
            if (newKey.length == 0) {
                throw new IllegalArgumentException("an HMAC-MD5 key has at least one octet");
            }
            key = null;
            byte[] k = newKey.length > BLOCK ? digest("MD5").digest(newKey) : newKey;
            byte[] ipad = new byte[BLOCK];
            byte[] opad = new byte[BLOCK];
            for (int i = 0; i < BLOCK; i++) {
                byte b = i < k.length ? k[i] : 0;
                ipad[i] = (byte) (b ^ 0x36);
                opad[i] = (byte) (b ^ 0x5c);
            }
            MessageDigest keyedInner = digest("MD5");
            keyedInner.update(ipad);
            MessageDigest keyedOuter = digest("MD5");
            keyedOuter.update(opad);
            inner = keyedInner;
            outer = keyedOuter;
            key = newKey.clone();
        }

        private static MessageDigest copy(MessageDigest keyed) {
            try {
                return (MessageDigest) keyed.clone();
            } catch (CloneNotSupportedException e) {
                throw new IllegalStateException("the JDK's MD5 cannot be cloned", e);
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
