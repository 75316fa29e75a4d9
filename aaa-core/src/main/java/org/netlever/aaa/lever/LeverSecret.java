package org.netlever.aaa.lever;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

import org.netlever.aaa.AaaException;

/**
 * The shared secret the lever signs requests with. Its bytes are the UTF-8 bytes of the secret text, exactly as the
 * shipped lever script passes it to {@code openssl dgst -hmac}.
 *
 * <p>{@link #toString()} never shows it, so it cannot leak into logs. Instances are immutable and thread-safe.
 */
public final class LeverSecret {

    /** The shortest secret accepted. */
    public static final int MIN_LENGTH = 16;

    private final byte[] key;

    private LeverSecret(byte[] key) {
        this.key = key;
    }

    /**
     * A secret from its text.
     *
     * @param text at least 16 characters; 32 random bytes in hex is a good choice
     * @return the secret
     * @throws AaaException if it is shorter than 16 characters or has surrounding blanks
     */
    public static LeverSecret of(String text) {
        Objects.requireNonNull(text, "text");
        if (!text.equals(text.strip())) {
            throw new AaaException("the lever secret has leading or trailing blanks; the lever script would sign with a "
                    + "different key");
        }
        if (text.length() < MIN_LENGTH) {
            throw new AaaException("the lever secret must have at least " + MIN_LENGTH + " characters, it has "
                    + text.length());
        }
        return new LeverSecret(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A secret from the first line of a file (which should be readable by root only).
     *
     * @param file the file
     * @return the secret
     * @throws AaaException if the file cannot be read or the secret is too short
     */
    public static LeverSecret fromFile(Path file) {
        try {
            String first = Files.readAllLines(file, StandardCharsets.UTF_8).stream().findFirst().orElse("");
            return of(first.strip());
        } catch (IOException e) {
            throw new AaaException("cannot read the lever secret from " + file + ": " + e.getMessage(), e);
        }
    }

    byte[] key() {
        return key.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LeverSecret s && Arrays.equals(s.key, key);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(key);
    }

    /**
     * A placeholder that never shows the secret.
     *
     * @return {@code LeverSecret[redacted]}
     */
    @Override
    public String toString() {
        return "LeverSecret[redacted]";
    }
}
