package org.netlever.aaa.dhcp;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.StringJoiner;

import org.netlever.aaa.ip.Ipv4Address;
import org.netlever.option82.DeviceLocation;
import org.netlever.option82.MacAddress;
import org.netlever.option82.RelayAgentInformation;

/**
 * A lease event from a DHCP server (S1.1–S1.3): what happened, to which address, for which client, and — for a
 * commit relayed by an access switch — the Option 82 that says where the client is.
 *
 * <p>Facts from real servers the model respects: expiry and release carry no packet and so no Option 82 (they are
 * keyed by address, with the MAC checked when given); a unicast renewal usually has no Option 82 either (it renews
 * the existing lease); a billing migrating from djing sends the switch MAC and port already decoded
 * ({@link #decodedLocation()}) instead of Option 82.
 *
 * <p>Instances are immutable and thread-safe; build them with {@link #builder(DhcpEventType, Ipv4Address,
 * EventSource, Instant)} or get them from the adapters {@link IscDhcpdEvents}, {@link KeaHookEvents} and
 * {@link DjingEvents}.
 */
public final class DhcpEvent {

    private final DhcpEventType type;
    private final Ipv4Address ip;
    private final EventSource source;
    private final Instant occurredAt;
    private final MacAddress clientMac;
    private final RelayAgentInformation option82;
    private final DeviceLocation decodedLocation;
    private final Ipv4Address relayAddress;
    private final String hostname;
    private final Duration leaseTime;
    private final String sourceEventId;

    private DhcpEvent(Builder b) {
        this.type = b.type;
        this.ip = b.ip;
        this.source = b.source;
        this.occurredAt = b.occurredAt;
        this.clientMac = b.clientMac;
        this.option82 = b.option82;
        this.decodedLocation = b.decodedLocation;
        this.relayAddress = b.relayAddress;
        this.hostname = b.hostname;
        this.leaseTime = b.leaseTime;
        this.sourceEventId = b.sourceEventId;
    }

    /**
     * Starts an event.
     *
     * @param type what happened
     * @param ip the address it happened to
     * @param source where it came from
     * @param occurredAt when the DHCP server reported it (the lever's clock), or when it was received
     * @return a builder
     */
    public static Builder builder(DhcpEventType type, Ipv4Address ip, EventSource source, Instant occurredAt) {
        return new Builder(type, ip, source, occurredAt);
    }

    /**
     * What happened.
     *
     * @return the event type
     */
    public DhcpEventType type() {
        return type;
    }

    /**
     * The leased address.
     *
     * @return the address
     */
    public Ipv4Address ip() {
        return ip;
    }

    /**
     * Where the event came from.
     *
     * @return the source
     */
    public EventSource source() {
        return source;
    }

    /**
     * When the DHCP server reported the event. Events older than a lease's last change do not change it.
     *
     * @return the instant
     */
    public Instant occurredAt() {
        return occurredAt;
    }

    /**
     * The client's hardware address.
     *
     * @return the MAC, or empty when the server gave none (Kea's declined lease)
     */
    public Optional<MacAddress> clientMac() {
        return Optional.ofNullable(clientMac);
    }

    /**
     * The relay agent information the access switch added.
     *
     * @return the option, or empty for expiry, release and unicast renewals
     */
    public Optional<RelayAgentInformation> option82() {
        return Optional.ofNullable(option82);
    }

    /**
     * A device location decoded before the event reached netlever (djing's {@code switch_mac} and
     * {@code switch_port}).
     *
     * @return the location, or empty
     */
    public Optional<DeviceLocation> decodedLocation() {
        return Optional.ofNullable(decodedLocation);
    }

    /**
     * The relay agent's address (giaddr).
     *
     * @return the address, or empty
     */
    public Optional<Ipv4Address> relayAddress() {
        return Optional.ofNullable(relayAddress);
    }

    /**
     * The host name the client sent.
     *
     * @return the host name, or empty
     */
    public Optional<String> hostname() {
        return Optional.ofNullable(hostname);
    }

    /**
     * The lease time the server granted.
     *
     * @return the duration, or empty
     */
    public Optional<Duration> leaseTime() {
        return Optional.ofNullable(leaseTime);
    }

    /**
     * The identifier the source gave the event (the lever's spool id), for tracing a retransmission.
     *
     * @return the id, or empty
     */
    public Optional<String> sourceEventId() {
        return Optional.ofNullable(sourceEventId);
    }

    /**
     * A copy with the source's identifier of the event.
     *
     * @param id 1 to 64 characters
     * @return the copy
     */
    public DhcpEvent withSourceEventId(String id) {
        Builder b = new Builder(type, ip, source, occurredAt);
        b.clientMac = clientMac;
        b.option82 = option82;
        b.decodedLocation = decodedLocation;
        b.relayAddress = relayAddress;
        b.hostname = hostname;
        b.leaseTime = leaseTime;
        return b.sourceEventId(id).build();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DhcpEvent e && e.type == type && e.ip.equals(ip) && e.source == source
                && e.occurredAt.equals(occurredAt) && Objects.equals(e.clientMac, clientMac)
                && Objects.equals(e.option82, option82) && Objects.equals(e.decodedLocation, decodedLocation)
                && Objects.equals(e.relayAddress, relayAddress) && Objects.equals(e.hostname, hostname)
                && Objects.equals(e.leaseTime, leaseTime) && Objects.equals(e.sourceEventId, sourceEventId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, ip, source, occurredAt, clientMac, option82, decodedLocation);
    }

    @Override
    public String toString() {
        StringJoiner j = new StringJoiner(", ", "DhcpEvent[", "]");
        j.add(type.name().toLowerCase(Locale.ROOT)).add("ip=" + ip);
        if (clientMac != null) {
            j.add("mac=" + clientMac);
        }
        if (option82 != null) {
            j.add("option82=" + option82.toHex());
        }
        if (decodedLocation != null) {
            j.add("location=" + decodedLocation);
        }
        j.add("source=" + source.label()).add("at=" + occurredAt);
        return j.toString();
    }

    /**
     * Builds a {@link DhcpEvent}. Not thread-safe.
     */
    public static final class Builder {
        private final DhcpEventType type;
        private final Ipv4Address ip;
        private final EventSource source;
        private final Instant occurredAt;
        private MacAddress clientMac;
        private RelayAgentInformation option82;
        private DeviceLocation decodedLocation;
        private Ipv4Address relayAddress;
        private String hostname;
        private Duration leaseTime;
        private String sourceEventId;

        private Builder(DhcpEventType type, Ipv4Address ip, EventSource source, Instant occurredAt) {
            this.type = Objects.requireNonNull(type, "type");
            this.ip = Objects.requireNonNull(ip, "ip");
            this.source = Objects.requireNonNull(source, "source");
            this.occurredAt = Objects.requireNonNull(occurredAt, "occurredAt");
        }

        /**
         * Sets the client MAC.
         *
         * @param mac the MAC
         * @return this builder
         */
        public Builder clientMac(MacAddress mac) {
            this.clientMac = Objects.requireNonNull(mac, "mac");
            return this;
        }

        /**
         * Sets the Option 82.
         *
         * @param info the option
         * @return this builder
         */
        public Builder option82(RelayAgentInformation info) {
            this.option82 = Objects.requireNonNull(info, "option82");
            return this;
        }

        /**
         * Sets a location decoded before the event reached netlever.
         *
         * @param location the location
         * @return this builder
         */
        public Builder decodedLocation(DeviceLocation location) {
            this.decodedLocation = Objects.requireNonNull(location, "location");
            return this;
        }

        /**
         * Sets the relay address (giaddr).
         *
         * @param address the address
         * @return this builder
         */
        public Builder relayAddress(Ipv4Address address) {
            this.relayAddress = Objects.requireNonNull(address, "relayAddress");
            return this;
        }

        /**
         * Sets the client's host name.
         *
         * @param name the host name
         * @return this builder
         */
        public Builder hostname(String name) {
            this.hostname = Objects.requireNonNull(name, "hostname");
            return this;
        }

        /**
         * Sets the lease time.
         *
         * @param duration a positive duration
         * @return this builder
         */
        public Builder leaseTime(Duration duration) {
            if (duration.isNegative() || duration.isZero()) {
                throw new DhcpEventException("lease_time", "must be positive, got " + duration);
            }
            this.leaseTime = duration;
            return this;
        }

        /**
         * Sets the source's identifier of the event.
         *
         * @param id 1 to 64 characters
         * @return this builder
         */
        public Builder sourceEventId(String id) {
            Objects.requireNonNull(id, "sourceEventId");
            if (id.isEmpty() || id.length() > 64) {
                throw new DhcpEventException("id", "an event id has 1 to 64 characters, got " + id.length());
            }
            this.sourceEventId = id;
            return this;
        }

        /**
         * Builds the event.
         *
         * @return the event
         * @throws DhcpEventException if both an Option 82 and a decoded location were set
         */
        public DhcpEvent build() {
            if (option82 != null && decodedLocation != null) {
                throw new DhcpEventException("option82", "an event carries either Option 82 or a decoded location, "
                        + "not both");
            }
            return new DhcpEvent(this);
        }
    }
}
