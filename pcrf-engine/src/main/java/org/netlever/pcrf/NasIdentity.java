package org.netlever.pcrf;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The BRAS an accounting session is on, as its records name it: the NAS-Identifier, the NAS-IP-Address and the
 * address the request came from (S3.8). The engine keeps all three with the session; a services-reauth CoA goes to
 * the first one with a known CoA endpoint, in {@linkplain #candidates() precedence order}: NAS-Identifier, then
 * NAS-IP-Address, then the source address. A BRAS that sends both attributes can therefore be configured by either.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param identifier the NAS-Identifier, if the record carried one
 * @param ipAddress the NAS-IP-Address in dotted form, if the record carried one
 * @param source the address the record came from, if known
 */
public record NasIdentity(Optional<String> identifier, Optional<String> ipAddress, Optional<String> source) {

    /**
     * Checks that at least one name is there and none is blank.
     *
     * @throws PcrfException if every name is missing, or one is blank
     */
    public NasIdentity {
        Objects.requireNonNull(identifier, "identifier");
        Objects.requireNonNull(ipAddress, "ipAddress");
        Objects.requireNonNull(source, "source");
        if (identifier.isEmpty() && ipAddress.isEmpty() && source.isEmpty()) {
            throw new PcrfException("a NAS is named by its NAS-Identifier, NAS-IP-Address or source address; "
                    + "got none");
        }
        for (Optional<String> name : List.of(identifier, ipAddress, source)) {
            if (name.isPresent() && name.get().isBlank()) {
                throw new PcrfException("a NAS name is not blank, got NAS-Identifier " + identifier
                        + ", NAS-IP-Address " + ipAddress + ", source " + source);
            }
        }
    }

    /**
     * A NAS known by one name only, taken as its NAS-Identifier (tests, and callers that know one name).
     *
     * @param identifier the name
     * @return the identity
     */
    public static NasIdentity identifier(String identifier) {
        return new NasIdentity(Optional.of(identifier), Optional.empty(), Optional.empty());
    }

    /**
     * The names a CoA endpoint is looked up by, in precedence order: NAS-Identifier, NAS-IP-Address, source address
     * (a name repeated is listed once).
     *
     * @return the names, at least one
     */
    public List<String> candidates() {
        List<String> names = new ArrayList<>(3);
        for (Optional<String> name : List.of(identifier, ipAddress, source)) {
            if (name.isPresent() && !names.contains(name.get())) {
                names.add(name.get());
            }
        }
        return List.copyOf(names);
    }

    /** The names, for messages: {@code esr-1/10.0.0.1/10.0.0.1}, a dash for a missing one. */
    @Override
    public String toString() {
        return identifier.orElse("-") + "/" + ipAddress.orElse("-") + "/" + source.orElse("-");
    }
}
