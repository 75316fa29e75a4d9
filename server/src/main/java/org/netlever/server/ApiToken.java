package org.netlever.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * A bearer token of the operations API ({@code ops.tokens}): its name (logged and recorded with every write it makes,
 * never the token itself), its role and the token, kept only as its SHA-256 digest and compared in constant time.
 *
 * <p>Immutable and thread-safe. {@link #toString()} shows the name and role only.
 */
public final class ApiToken {

    /** The shortest token accepted: {@code openssl rand -hex 32} gives 64 characters. */
    public static final int MIN_LENGTH = 32;

    /** What a token may do. Immutable and thread-safe. */
    public enum Role {
        /** Reads only ({@code GET}, {@code HEAD}). */
        READ,
        /** Reads, and writes the reference billing's devices, subscribers, pools and tariffs. */
        ADMIN
    }

    private final String name;
    private final Role role;
    private final byte[] digest;

    private ApiToken(String name, Role role, byte[] digest) {
        this.name = name;
        this.role = role;
        this.digest = digest;
    }

    /**
     * A token from its text.
     *
     * @param name the name it is known by in logs and the change record
     * @param role what it may do
     * @param token the token, at least {@value #MIN_LENGTH} characters without surrounding blanks
     * @return the token
     * @throws IllegalArgumentException if the name is blank or the token too short
     */
    public static ApiToken of(String name, Role role, String token) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(token, "token");
        if (name.isBlank()) {
            throw new IllegalArgumentException("an API token needs a name");
        }
        if (token.length() < MIN_LENGTH || !token.equals(token.strip())) {
            throw new IllegalArgumentException("the API token '" + name + "' must have at least " + MIN_LENGTH
                    + " characters and no surrounding blanks, it has " + token.length());
        }
        return new ApiToken(name, role, digest(token));
    }

    /** @return the name */
    public String name() {
        return name;
    }

    /** @return the role */
    public Role role() {
        return role;
    }

    /**
     * Whether a presented token is this one, in time that does not depend on where they differ.
     *
     * @param presented the token a request carries
     * @return whether it is this token
     */
    public boolean matches(String presented) {
        return MessageDigest.isEqual(digest, digest(presented));
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ApiToken t && t.name.equals(name) && t.role == role && MessageDigest.isEqual(t.digest, digest);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, role);
    }

    @Override
    public String toString() {
        return "ApiToken[" + name + ", " + role + "]";
    }
}
