package org.netlever.aaa.kea;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.netlever.aaa.dhcp.DhcpEventException;
import org.netlever.aaa.ip.Ipv4Address;
import org.netlever.option82.MacAddress;
import org.netlever.option82.RelayAgentInformation;

/**
 * One DHCPv4 lease as Kea stores it: the columns of its {@code lease4} table, which the memfile CSV repeats
 * ({@code address,hwaddr,client_id,valid_lifetime,expire,subnet_id,fqdn_fwd,fqdn_rev,hostname,state,user_context}).
 * Times are Kea's: {@code expire} is the client's last transmission time ({@code cltt}) plus the valid lifetime, in
 * seconds since the epoch.
 *
 * <h2>Relay information (store-extended-info)</h2>
 * With {@code store-extended-info} on, Kea keeps the request's Option 82 in the user context, in two forms, both read
 * by {@link #relayAgentInformation()}:
 * <ul>
 *   <li>Kea 2.2: {@code {"ISC":{"relay-agent-info":"0x0106…"}}} — the option's payload (its sub-options) as
 *       upper-case hex, as recorded from Debian bookworm's kea-dhcp4 2.2.0 (test vector
 *       {@code kea/kea-2.2-memfile-*.csv});</li>
 *   <li>Kea 2.4 and later: {@code {"ISC":{"relay-agent-info":{"sub-options":"0x0106…","remote-id":"…",
 *       "relay-id":"…"}}}} — the same payload under {@code sub-options}, the remote-id and relay-id also apart
 *       (isc-projects/kea {@code src/lib/dhcpsrv/alloc_engine.cc}, {@code AllocEngine::updateLease4ExtendedInfo}).</li>
 * </ul>
 * A payload with the {@code 52 LL} option header is accepted too.
 *
 * <p>Immutable and thread-safe.
 *
 * @param address the leased address
 * @param hwaddr the client's MAC; empty for a declined lease, whose MAC Kea clears
 * @param validLifetime the valid lifetime in seconds; 0 in the row the memfile appends for a deleted lease
 * @param expire {@code cltt + validLifetime}, seconds since the epoch
 * @param subnetId Kea's subnet id
 * @param hostname the client's host name, empty if none
 * @param state {@link #STATE_DEFAULT}, {@link #STATE_DECLINED}, {@link #STATE_EXPIRED_RECLAIMED} or another value a
 *     later Kea defines
 * @param userContext the user context, a JSON text, empty if none
 */
public record KeaLease4(Ipv4Address address, Optional<MacAddress> hwaddr, long validLifetime, long expire,
        long subnetId, String hostname, int state, String userContext) {

    /** {@code state} of a lease in use. */
    public static final int STATE_DEFAULT = 0;
    /** {@code state} of an address a client declined (found in use), held for the probation period. */
    public static final int STATE_DECLINED = 1;
    /** {@code state} of an expired lease Kea reclaimed and keeps for {@code hold-reclaimed-time}. */
    public static final int STATE_EXPIRED_RECLAIMED = 2;

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Validates the row.
     *
     * @throws DhcpEventException if a lifetime or time is negative or the state is negative
     */
    public KeaLease4 {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(hwaddr, "hwaddr");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(userContext, "userContext");
        if (validLifetime < 0) {
            throw new DhcpEventException("valid_lifetime", "must not be negative, got " + validLifetime);
        }
        if (expire < 0) {
            throw new DhcpEventException("expire", "must not be negative, got " + expire);
        }
        if (state < 0) {
            throw new DhcpEventException("state", "must not be negative, got " + state);
        }
    }

    /**
     * A row from its columns by Kea's names ({@code address}, {@code hwaddr}, {@code valid_lifetime}, {@code expire},
     * {@code subnet_id}, {@code hostname}, {@code state}, {@code user_context}); others ({@code client_id},
     * {@code fqdn_fwd}, {@code pool_id} of later Kea versions …) are ignored. Liberal in the forms: {@code address}
     * dotted or as PostgreSQL's unsigned integer, {@code hwaddr} in any MAC notation or bare hex, absent or empty
     * columns as Kea's defaults.
     *
     * @param columns the column texts by name
     * @return the row
     * @throws DhcpEventException naming the column that is missing or malformed
     */
    public static KeaLease4 fromColumns(Map<String, String> columns) {
        Objects.requireNonNull(columns, "columns");
        String addressText = required(columns, "address");
        Ipv4Address address;
        try {
            address = addressText.indexOf('.') >= 0 ? Ipv4Address.parse(addressText)
                    : Ipv4Address.ofUnsigned(Long.parseLong(addressText));
        } catch (RuntimeException e) {
            throw new DhcpEventException("address", "'" + addressText + "' is not an IPv4 address", e);
        }
        String mac = columns.getOrDefault("hwaddr", "").trim();
        Optional<MacAddress> hwaddr;
        if (mac.isEmpty()) {
            hwaddr = Optional.empty();
        } else {
            hwaddr = MacAddress.tryParse(mac);
            if (hwaddr.isEmpty()) {
                throw new DhcpEventException("hwaddr", "'" + mac + "' is not a MAC address");
            }
        }
        return new KeaLease4(address, hwaddr, number(columns, "valid_lifetime", null),
                number(columns, "expire", null), number(columns, "subnet_id", 0L),
                columns.getOrDefault("hostname", "").trim(), (int) Math.min(number(columns, "state", 0L), 1 << 16),
                columns.getOrDefault("user_context", "").trim());
    }

    private static String required(Map<String, String> columns, String name) {
        String value = columns.get(name);
        if (value == null || value.isBlank()) {
            throw new DhcpEventException(name, "missing");
        }
        return value.trim();
    }

    private static long number(Map<String, String> columns, String name, Long absent) {
        String value = columns.get(name);
        if (value == null || value.isBlank()) {
            if (absent == null) {
                throw new DhcpEventException(name, "missing");
            }
            return absent;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new DhcpEventException(name, "'" + value + "' is not a number", e);
        }
    }

    /**
     * The client's last transmission time: {@code expire - validLifetime}.
     *
     * @return seconds since the epoch
     */
    public long cltt() {
        return expire - validLifetime;
    }

    /**
     * The Option 82 Kea stored in the user context ({@code store-extended-info}), in Kea 2.2's or 2.4's form.
     *
     * @return the option, or empty when the user context has none
     * @throws DhcpEventException if the user context is not JSON or its relay information is malformed
     */
    public Optional<RelayAgentInformation> relayAgentInformation() {
        if (userContext.isBlank()) {
            return Optional.empty();
        }
        JsonNode root;
        try {
            root = JSON.readTree(userContext);
        } catch (IOException e) {
            throw new DhcpEventException("user_context", "not JSON: " + e.getMessage(), e);
        }
        JsonNode info = root == null ? null : root.path("ISC").get("relay-agent-info");
        if (info == null || info.isNull()) {
            return Optional.empty();
        }
        JsonNode hex = info.isObject() ? info.get("sub-options") : info;
        if (hex == null || !hex.isTextual()) {
            throw new DhcpEventException("user_context", "ISC.relay-agent-info is neither a hex string (Kea 2.2) nor a "
                    + "map with a sub-options hex string (Kea 2.4), got " + info);
        }
        String text = hex.asText().trim();
        if (text.regionMatches(true, 0, "0x", 0, 2)) {
            text = text.substring(2);
        }
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(RelayAgentInformation.parse(java.util.HexFormat.of().parseHex(
                    text.toLowerCase(Locale.ROOT))));
        } catch (IllegalArgumentException e) { // Option82Exception included
            throw new DhcpEventException("user_context", "ISC.relay-agent-info '" + hex.asText()
                    + "' is not a well-formed Option 82: " + e.getMessage(), e);
        }
    }
}
