package org.netlever.aaa.call;

import java.util.Objects;
import org.netlever.aaa.radius.RadiusException;

/**
 * A supplementary service a party used during a call (S2.6): transfer, hold, forwarding, conference …
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param party who used it
 * @param service the service's name, e.g. {@code transfer}, {@code hold}, {@code cfu}
 */
public record SupplementaryService(Party party, String service) {

    /**
     * Checks the name.
     *
     * @throws RadiusException if the name is blank or contains {@code :}, {@code ;} or spaces
     */
    public SupplementaryService {
        Objects.requireNonNull(party, "party");
        Objects.requireNonNull(service, "service");
        if (service.isBlank() || service.chars().anyMatch(c -> c == ':' || c == ';' || Character.isWhitespace(c))) {
            throw new RadiusException("a supplementary service is one word, got '" + service + "'");
        }
    }

    /**
     * Parses {@code A:hold}.
     *
     * @param text the text
     * @return the service
     * @throws RadiusException if malformed
     */
    public static SupplementaryService parse(String text) {
        int colon = text.indexOf(':');
        if (colon != 1 || (text.charAt(0) != 'A' && text.charAt(0) != 'B')) {
            throw new RadiusException("a supplementary service is A:name or B:name, got '" + text + "'");
        }
        return new SupplementaryService(Party.valueOf(text.substring(0, 1)), text.substring(2));
    }

    /**
     * The form {@link #parse(String)} reads.
     *
     * @return e.g. {@code B:hold}
     */
    @Override
    public String toString() {
        return party + ":" + service;
    }
}
