package org.netlever.aaa.dhcp.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.netlever.aaa.AaaException;
import org.netlever.aaa.dhcp.DhcpEventException;
import org.netlever.aaa.ip.Ipv4Address;
import org.netlever.option82.MacAddress;
import org.netlever.option82.Option82Exception;
import org.netlever.option82.RelayAgentInformation;
import org.netlever.option82.SubOption;
import org.netlever.option82.SubOptionCode;
import org.netlever.option82.TextForm;

/**
 * Reads the fields of DHCP event sources, turning every parse failure into a {@link DhcpEventException} that names
 * the field. Not API.
 *
 * <p>Thread-safe (no state).
 */
public final class Fields {

    private Fields() {
    }

    /**
     * A required field.
     *
     * @param fields the fields
     * @param name the field name
     * @return the value, never blank
     * @throws DhcpEventException if it is missing or blank
     */
    public static String required(Map<String, String> fields, String name) {
        String value = fields.get(name);
        if (value == null || value.isBlank()) {
            throw new DhcpEventException(name, "missing");
        }
        return value;
    }

    /**
     * An optional field; blank counts as absent.
     *
     * @param fields the fields
     * @param name the field name
     * @return the value, or empty
     */
    public static Optional<String> optional(Map<String, String> fields, String name) {
        String value = fields.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    /**
     * An IPv4 address.
     *
     * @param name the field name, for errors
     * @param text the text
     * @return the address
     */
    public static Ipv4Address ip(String name, String text) {
        try {
            return Ipv4Address.parse(text);
        } catch (AaaException e) {
            throw new DhcpEventException(name, e.getMessage(), e);
        }
    }

    /**
     * A MAC address in any notation.
     *
     * @param name the field name, for errors
     * @param text the text
     * @return the MAC
     */
    public static MacAddress mac(String name, String text) {
        try {
            return MacAddress.parse(text);
        } catch (Option82Exception e) {
            throw new DhcpEventException(name, e.getMessage(), e);
        }
    }

    /**
     * A whole Option 82 payload in any {@link TextForm}.
     *
     * @param name the field name, for errors
     * @param text the text
     * @return the option
     */
    public static RelayAgentInformation option82(String name, String text) {
        try {
            return RelayAgentInformation.parse(text);
        } catch (Option82Exception e) {
            throw new DhcpEventException(name, e.getMessage(), e);
        }
    }

    /**
     * An Option 82 from circuit-id and remote-id values in any {@link TextForm}; blank values are absent.
     *
     * @param circuitField the circuit-id field name
     * @param circuitId the circuit-id text, may be null or blank
     * @param remoteField the remote-id field name
     * @param remoteId the remote-id text, may be null or blank
     * @return the option, or empty if both are absent
     */
    public static Optional<RelayAgentInformation> option82(String circuitField, String circuitId, String remoteField,
            String remoteId) {
        List<SubOption> subs = new ArrayList<>(2);
        if (circuitId != null && !circuitId.isBlank()) {
            subs.add(subOption(circuitField, SubOptionCode.CIRCUIT_ID, circuitId));
        }
        if (remoteId != null && !remoteId.isBlank()) {
            subs.add(subOption(remoteField, SubOptionCode.REMOTE_ID, remoteId));
        }
        return subs.isEmpty() ? Optional.empty() : Optional.of(RelayAgentInformation.of(subs));
    }

    private static SubOption subOption(String field, SubOptionCode code, String text) {
        try {
            return SubOption.of(code, TextForm.decodeAny(text));
        } catch (Option82Exception e) {
            throw new DhcpEventException(field, e.getMessage(), e);
        }
    }

    /**
     * A non-negative decimal integer.
     *
     * @param name the field name, for errors
     * @param text the text
     * @param max the largest value accepted
     * @return the value
     */
    public static long number(String name, String text, long max) {
        try {
            long value = Long.parseLong(text.strip());
            if (value < 0 || value > max) {
                throw new DhcpEventException(name, "must be 0 to " + max + ", got " + value);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new DhcpEventException(name, "'" + text + "' is not a number", e);
        }
    }

    /**
     * A lease time in seconds.
     *
     * @param name the field name
     * @param text the text
     * @return the duration, or empty for 0
     */
    public static Optional<Duration> leaseTime(String name, String text) {
        long seconds = number(name, text, Integer.MAX_VALUE);
        return seconds == 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
    }

    /**
     * When the source reported the event: the {@code at} field (Unix seconds from the lever's clock), no later than
     * when it was received, so that a lever whose clock runs ahead cannot pin a lease against later events.
     *
     * @param fields the fields
     * @param receivedAt when netlever received them
     * @return the instant
     */
    public static Instant occurredAt(Map<String, String> fields, Instant receivedAt) {
        Optional<String> at = optional(fields, "at");
        if (at.isEmpty()) {
            return receivedAt;
        }
        Instant reported = Instant.ofEpochSecond(number("at", at.get(), 253_402_300_799L));
        return reported.isAfter(receivedAt) ? receivedAt : reported;
    }
}
