package org.netlever.pcrf.model;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Service domains and their time zones (S3.5). Domains are dotted names whose parent is the name without its first
 * label — {@code Auto1_test.Sibir.OTT.root} → {@code Sibir.OTT.root} → {@code OTT.root} → {@code root}. A domain's
 * zone is its own if set, otherwise the nearest ancestor's, otherwise UTC. A domain need not be declared to be looked
 * up: a subscriber in {@code flat7.Auto1_test.Sibir.OTT.root} inherits from the first ancestor that has a zone.
 *
 * <p>Instances are immutable and thread-safe; lookups are cached.
 */
public final class DomainTree {

    private final Map<String, ZoneId> zones;
    private final ConcurrentHashMap<String, ZoneId> resolved = new ConcurrentHashMap<>();

    /**
     * A tree with zones set on some domains.
     *
     * @param zones zone by domain name
     */
    public DomainTree(Map<String, ZoneId> zones) {
        this.zones = Map.copyOf(zones);
    }

    /**
     * The zones set explicitly.
     *
     * @return zone by domain name
     */
    public Map<String, ZoneId> zones() {
        return zones;
    }

    /**
     * The zone of a domain, inherited from the nearest ancestor that has one, else UTC.
     *
     * @param domain a dotted domain name
     * @return the zone
     */
    public ZoneId zoneOf(String domain) {
        Objects.requireNonNull(domain, "domain");
        return resolved.computeIfAbsent(domain, this::walk);
    }

    private ZoneId walk(String domain) {
        String name = domain;
        while (true) {
            ZoneId zone = zones.get(name);
            if (zone != null) {
                return zone;
            }
            int dot = name.indexOf('.');
            if (dot < 0) {
                return ZoneOffset.UTC;
            }
            name = name.substring(dot + 1);
        }
    }

    /**
     * The parent of a domain.
     *
     * @param domain a dotted name
     * @return the name without its first label, or empty for a top-level name
     */
    public static java.util.Optional<String> parentOf(String domain) {
        int dot = domain.indexOf('.');
        return dot < 0 ? java.util.Optional.empty() : java.util.Optional.of(domain.substring(dot + 1));
    }
}
