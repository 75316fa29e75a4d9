package org.netlever.aaa.radius;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A RADIUS shared secret (RFC 2865 section 3). It never appears in {@link #toString()}, logs or exception messages.
 *
 * <p>RFC 2865 asks for at least 16 octets; shorter secrets are accepted because deployed equipment uses them, but
 * {@link #isShort()} reports them so a configuration check can warn.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class RadiusSecret {

    private final byte[] octets;

    private RadiusSecret(byte[] octets) {
        this.octets = octets;
    }

    /**
     * A secret from its text, encoded as UTF-8.
     *
     * @param text the secret, 1 to 128 octets as UTF-8
     * @return the secret
     * @throws RadiusException if the secret is empty or longer than 128 octets
     */
    public static RadiusSecret of(String text) {
        Objects.requireNonNull(text, "text");
        byte[] octets = text.getBytes(StandardCharsets.UTF_8);
        if (octets.length == 0) {
            throw new RadiusException("a RADIUS shared secret is not empty");
        }
        if (octets.length > 128) {
            throw new RadiusException("a RADIUS shared secret has at most 128 octets, this one has " + octets.length);
        }
        return new RadiusSecret(octets);
    }

    /**
     * A copy of the secret's octets, for the encoder. Never log them.
     *
     * @return the octets
     */
    public byte[] octets() {
        return octets.clone();
    }

    /**
     * Whether the secret is shorter than the 16 octets RFC 2865 asks for.
     *
     * @return {@code true} if shorter
     */
    public boolean isShort() {
        return octets.length < 16;
    }

    /**
     * Compares in constant time.
     *
     * @param o another object
     * @return {@code true} for a secret with the same octets
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof RadiusSecret other && java.security.MessageDigest.isEqual(other.octets, octets);
    }

    @Override
    public int hashCode() {
        return octets.length;
    }

    /**
     * Never the secret.
     *
     * @return {@code RadiusSecret[hidden]}
     */
    @Override
    public String toString() {
        return "RadiusSecret[hidden]";
    }
}
