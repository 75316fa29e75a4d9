package org.netlever.aaa.radius.attr;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import org.netlever.aaa.radius.RadiusFormatException;

/**
 * An H.323 conference id as Cisco's {@code h323-conf-id} writes it: 128 bits as four groups of eight upper-case hex
 * digits separated by spaces, e.g. {@code 931C146B 0F4411D6 AB5591F0 CBF3D765}. It ties together the legs and the
 * accounting records of one call.
 *
 * <p>Parsing accepts lower case and groups without leading zeros, as some gateways write them.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param high the first 64 bits
 * @param low the last 64 bits
 */
public record ConfId(long high, long low) {

    private static final SecureRandom RANDOM = new SecureRandom();

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
     * Parses four groups of 1 to 8 hex digits, with or without the {@code h323-conf-id=} prefix.
     *
     * @param text the value
     * @return the id
     * @throws RadiusFormatException if it is not four hex groups
     */
    public static ConfId parse(String text) {
        Objects.requireNonNull(text, "text");
        String value = text.trim();
        int eq = value.indexOf('=');
        if (eq >= 0) {
            value = value.substring(eq + 1).trim();
        }
        String[] groups = value.split("\\s+");
        if (groups.length != 4) {
            throw new RadiusFormatException("an h323-conf-id is four groups of hex digits, got '" + text + "'");
        }
        long[] words = new long[4];
        for (int i = 0; i < 4; i++) {
            if (groups[i].length() > 8) {
                throw new RadiusFormatException("h323-conf-id '" + text + "': group " + (i + 1)
                        + " has more than 8 hex digits");
            }
            try {
                words[i] = Long.parseLong(groups[i], 16);
            } catch (NumberFormatException e) {
                throw new RadiusFormatException("h323-conf-id '" + text + "': group " + (i + 1) + " '" + groups[i]
                        + "' is not hex");
            }
        }
        return new ConfId(words[0] << 32 | words[1], words[2] << 32 | words[3]);
    }

    /**
     * Cisco's form.
     *
     * @return e.g. {@code 931C146B 0F4411D6 AB5591F0 CBF3D765}
     */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%08X %08X %08X %08X", high >>> 32, high & 0xffffffffL, low >>> 32,
                low & 0xffffffffL);
    }
}
