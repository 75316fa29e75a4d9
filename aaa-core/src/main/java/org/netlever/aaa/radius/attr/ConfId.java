package org.netlever.aaa.radius.attr;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import org.netlever.aaa.radius.RadiusFormatException;

/**
 * An H.323 conference id as {@code h323-conf-id} carries it. It ties together the legs and the accounting records of
 * one call. Cisco writes 128 bits as four groups of eight upper-case hex digits separated by spaces, e.g.
 * {@code 931C146B 0F4411D6 AB5591F0 CBF3D765}; Eltex documents the value only as "CALL_ID" and other gateways write
 * what they like. The id is therefore open (S2.4, S2.8):
 *
 * <ul>
 *   <li>{@link #of(String)} accepts any non-blank text. Text in Cisco's form (also lower case, groups without
 *       leading zeros) is normalized to Cisco's canonical form, so the same id written two ways is one id; any other
 *       text is kept exactly as sent.</li>
 *   <li>{@link #parse(String)} is the strict reading that accepts only Cisco's form.</li>
 * </ul>
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param text Cisco's canonical form when {@link #ciscoForm()}, else the value exactly as sent
 */
public record ConfId(String text) {

    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * Normalizes Cisco-form text.
     *
     * @throws RadiusFormatException if the text is blank
     */
    public ConfId {
        Objects.requireNonNull(text, "text");
        if (text.isBlank()) {
            throw new RadiusFormatException("an h323-conf-id is not blank");
        }
        long[] bits = bits(text);
        if (bits != null) {
            text = cisco(bits[0], bits[1]);
        }
    }

    /**
     * The id with the given 128 bits, in Cisco's form.
     *
     * @param high the first 64 bits
     * @param low the last 64 bits
     */
    public ConfId(long high, long low) {
        this(cisco(high, low));
    }

    /**
     * A new random conference id.
     *
     * @return the id
     */
    public static ConfId random() {
        return new ConfId(RANDOM.nextLong(), RANDOM.nextLong());
    }

    /**
     * The id with the bits of a UUID.
     *
     * @param uuid the UUID
     * @return the id
     */
    public static ConfId of(UUID uuid) {
        return new ConfId(uuid.getMostSignificantBits(), uuid.getLeastSignificantBits());
    }

    /**
     * Reads any non-blank value, with or without the {@code h323-conf-id=} prefix: Cisco's form is normalized, any
     * other text is kept as it is.
     *
     * @param text the value
     * @return the id
     * @throws RadiusFormatException if the value is blank
     */
    public static ConfId of(String text) {
        Objects.requireNonNull(text, "text");
        return new ConfId(withoutPrefix(text));
    }

    /**
     * Parses Cisco's form strictly: four groups of 1 to 8 hex digits, with or without the {@code h323-conf-id=}
     * prefix.
     *
     * @param text the value
     * @return the id
     * @throws RadiusFormatException if it is not four hex groups
     */
    public static ConfId parse(String text) {
        Objects.requireNonNull(text, "text");
        String value = withoutPrefix(text).trim();
        String[] groups = value.split("\\s+");
        if (groups.length != 4) {
            throw new RadiusFormatException("an h323-conf-id is four groups of hex digits, got '" + text + "'");
        }
        for (int i = 0; i < 4; i++) {
            if (groups[i].length() > 8) {
                throw new RadiusFormatException("h323-conf-id '" + text + "': group " + (i + 1)
                        + " has more than 8 hex digits");
            }
            if (!groups[i].chars().allMatch(c -> c < 128 && Character.digit(c, 16) >= 0)) {
                throw new RadiusFormatException("h323-conf-id '" + text + "': group " + (i + 1) + " '" + groups[i]
                        + "' is not hex");
            }
        }
        return new ConfId(value);
    }

    /**
     * Whether the id is in Cisco's form (128 bits in four hex groups).
     *
     * @return {@code true} for Cisco's form, {@code false} for other text kept as sent
     */
    public boolean ciscoForm() {
        return bits(text) != null;
    }

    /**
     * The text.
     *
     * @return Cisco's form, e.g. {@code 931C146B 0F4411D6 AB5591F0 CBF3D765}, or the value as sent
     */
    @Override
    public String toString() {
        return text;
    }

    private static String withoutPrefix(String text) {
        String value = text.strip();
        return value.startsWith("h323-conf-id=") ? value.substring("h323-conf-id=".length()) : text;
    }

    private static String cisco(long high, long low) {
        return String.format(Locale.ROOT, "%08X %08X %08X %08X", high >>> 32, high & 0xffffffffL, low >>> 32,
                low & 0xffffffffL);
    }

    /** The two 64-bit halves of Cisco-form text, or {@code null} for any other text. */
    private static long[] bits(String text) {
        String[] groups = text.trim().split("\\s+");
        if (groups.length != 4) {
            return null;
        }
        long[] words = new long[4];
        for (int i = 0; i < 4; i++) {
            if (groups[i].isEmpty() || groups[i].length() > 8
                    || !groups[i].chars().allMatch(c -> c < 128 && Character.digit(c, 16) >= 0)) {
                return null;
            }
            words[i] = Long.parseLong(groups[i], 16);
        }
        return new long[] {words[0] << 32 | words[1], words[2] << 32 | words[3]};
    }
}
