package org.netlever.aaa.lease.query;

import java.util.Objects;
import java.util.Optional;

import org.netlever.aaa.ip.Ipv4Address;
import org.netlever.option82.MacAddress;

/**
 * Which leases to read, by address ascending: every filter given must match; {@code after} is the address the
 * previous page ended at.
 *
 * <p>Immutable and thread-safe.
 *
 * @param ip only the lease on this address
 * @param subscriberId only this subscriber's leases
 * @param mac only leases of this client MAC
 * @param deviceId only leases through this device
 * @param poolId only leases in this pool
 * @param state only active or only expired leases, against the reader's clock
 * @param after only addresses above this one (the previous page's last)
 * @param limit the most leases
 */
public record LeaseQuery(Optional<Ipv4Address> ip, Optional<String> subscriberId, Optional<MacAddress> mac,
        Optional<String> deviceId, Optional<String> poolId, Optional<LeaseState> state, Optional<Ipv4Address> after,
        int limit) {

    /** Checks that nothing is missing and the limit is 1 to 10,001. */
    public LeaseQuery {
        Objects.requireNonNull(ip, "ip");
        Objects.requireNonNull(subscriberId, "subscriberId");
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(poolId, "poolId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(after, "after");
        QueryLimits.check(limit);
    }

    /**
     * A query for every lease, the first {@code limit}, to narrow with the builder.
     *
     * @param limit the most leases
     * @return a builder
     */
    public static Builder limit(int limit) {
        return new Builder(limit);
    }

    /** Builds a {@link LeaseQuery}; every filter is optional. Not thread-safe. */
    public static final class Builder {
        private final int limit;
        private Ipv4Address ip;
        private String subscriberId;
        private MacAddress mac;
        private String deviceId;
        private String poolId;
        private LeaseState state;
        private Ipv4Address after;

        private Builder(int limit) {
            this.limit = limit;
        }

        /** @param value the address @return this builder */
        public Builder ip(Ipv4Address value) {
            this.ip = value;
            return this;
        }

        /** @param value the subscriber @return this builder */
        public Builder subscriber(String value) {
            this.subscriberId = value;
            return this;
        }

        /** @param value the client MAC @return this builder */
        public Builder mac(MacAddress value) {
            this.mac = value;
            return this;
        }

        /** @param value the device @return this builder */
        public Builder device(String value) {
            this.deviceId = value;
            return this;
        }

        /** @param value the pool @return this builder */
        public Builder pool(String value) {
            this.poolId = value;
            return this;
        }

        /** @param value active or expired @return this builder */
        public Builder state(LeaseState value) {
            this.state = value;
            return this;
        }

        /** @param value the previous page's last address @return this builder */
        public Builder after(Ipv4Address value) {
            this.after = value;
            return this;
        }

        /** @return the query */
        public LeaseQuery build() {
            return new LeaseQuery(Optional.ofNullable(ip), Optional.ofNullable(subscriberId), Optional.ofNullable(mac),
                    Optional.ofNullable(deviceId), Optional.ofNullable(poolId), Optional.ofNullable(state),
                    Optional.ofNullable(after), limit);
        }
    }
}
