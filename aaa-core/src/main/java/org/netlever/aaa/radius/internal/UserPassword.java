package org.netlever.aaa.radius.internal;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * User-Password hiding, RFC 2865 section 5.2: the password, padded with NULs to a multiple of 16 octets, is XORed
 * block by block with MD5(secret + previous block), the first "previous block" being the Request Authenticator.
 * Done here with {@link Crypto}'s per-thread MD5 and the secret's octets as they are, for the server's hot path.
 *
 * <p>Odd inputs behave as tinyradius's {@code UserPasswordCodec} did before it (netlever used that codec): an empty
 * password hides as 16 octets; a password of any length is hidden (whether it then fits the attribute is the
 * caller's check); a hidden value shorter than 16 octets or not a multiple of 16 does not reveal; trailing NULs are
 * stripped, except that octet 0 is always kept and a value whose octets 1 onwards are all NUL comes back whole.
 *
 * <p>Stateless and thread-safe.
 */
final class UserPassword {

    private static final int BLOCK = 16;

    private UserPassword() {
    }

    /**
     * Hides a password.
     *
     * @param password the password's octets, any length
     * @param authenticator the Request Authenticator, 16 octets
     * @param secret the shared secret
     * @return the hidden value: the password's length rounded up to a multiple of 16, at least 16
     * @throws IllegalArgumentException if the authenticator is not 16 octets
     */
    static byte[] hide(byte[] password, byte[] authenticator, byte[] secret) {
        checkAuthenticator(authenticator);
        int length = Math.max(BLOCK, (password.length + BLOCK - 1) / BLOCK * BLOCK);
        byte[] hidden = Arrays.copyOf(password, length);
        MessageDigest md5 = Crypto.md5Digest();
        byte[] previous = authenticator;
        int previousOffset = 0;
        for (int block = 0; block < length; block += BLOCK) {
            xorBlock(md5, secret, previous, previousOffset, hidden, block);
            previous = hidden;
            previousOffset = block;
        }
        return hidden;
    }

    /**
     * Reveals a hidden password.
     *
     * @param hidden the attribute's value
     * @param authenticator the Request Authenticator, 16 octets
     * @param secret the shared secret
     * @return the password, trailing NULs stripped as the class comment says
     * @throws IllegalArgumentException if the value is shorter than 16 octets or not a multiple of 16, or the
     *     authenticator is not 16 octets
     */
    static byte[] reveal(byte[] hidden, byte[] authenticator, byte[] secret) {
        checkAuthenticator(authenticator);
        if (hidden.length < BLOCK) {
            throw new IllegalArgumentException("RFC 2865 section 5.2 hides it in at least 16 octets, it has "
                    + hidden.length);
        }
        if (hidden.length % BLOCK != 0) {
            throw new IllegalArgumentException("RFC 2865 section 5.2 hides it in a multiple of 16 octets, it has "
                    + hidden.length);
        }
        byte[] plain = hidden.clone();
        MessageDigest md5 = Crypto.md5Digest();
        xorBlock(md5, secret, authenticator, 0, plain, 0);
        for (int block = BLOCK; block < plain.length; block += BLOCK) {
            xorBlock(md5, secret, hidden, block - BLOCK, plain, block);
        }
        for (int last = plain.length - 1; last > 0; last--) {
            if (plain[last] != 0) {
                return last + 1 == plain.length ? plain : Arrays.copyOf(plain, last + 1);
            }
        }
        return plain;
    }

    /* target[at..at+16) ^= MD5(secret + previous[from..from+16)). */
    private static void xorBlock(MessageDigest md5, byte[] secret, byte[] previous, int from, byte[] target, int at) {
        md5.reset();
        md5.update(secret);
        md5.update(previous, from, BLOCK);
        byte[] key = md5.digest();
        for (int i = 0; i < BLOCK; i++) {
            target[at + i] ^= key[i];
        }
    }

    private static void checkAuthenticator(byte[] authenticator) {
        if (authenticator.length != BLOCK) {
            throw new IllegalArgumentException("the Request Authenticator is 16 octets, got " + authenticator.length);
        }
    }
}
