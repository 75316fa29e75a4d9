package org.netlever.aaa.ip;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A pool of IPv4 addresses billing hands out: a network, the range of it that is handed out, the gateway, the kind
 * of subscriber it serves ({@code internet}, {@code guest}, …) and the VLAN it lives on.
 *
 * <p>A lease is recorded only for an address inside a pool of the subscriber's kind (S1.3), and the allocator hands
 * out addresses from a pool's range. The range must lie inside the network and must not hold the gateway; by default
 * it is every host address of the network (network and broadcast addresses excluded for prefixes up to /30) except
 * a gateway at either end of it ({@code .1} or {@code .254} of a /24). Pools
 * registered together must not overlap (see {@code org.netlever.aaa.lease.IpPools}).
 *
 * <p>Instances are immutable and thread-safe; build them with {@link #builder(String, Ipv4Network, String)}.
 */
public final class IpPool {

    private final String id;
    private final Ipv4Network network;
    private final Ipv4Address first;
    private final Ipv4Address last;
    private final Ipv4Address gateway;
    private final String kind;
    private final int vlan;
    private final String description;

    private IpPool(Builder b) {
        this.id = b.id;
        this.network = b.network;
        this.first = b.first;
        this.last = b.last;
        this.gateway = b.gateway;
        this.kind = b.kind;
        this.vlan = b.vlan;
        this.description = b.description;
    }

    /**
     * Starts a pool.
     *
     * @param id a stable identifier: 1 to 64 letters, digits, {@code .}, {@code _}, {@code -}
     * @param network the network
     * @param kind the kind of subscriber it serves: 1 to 64 lower-case letters, digits, {@code .}, {@code _},
     *     {@code -}
     * @return a builder
     */
    public static Builder builder(String id, Ipv4Network network, String kind) {
        return new Builder(id, network, kind);
    }

    /**
     * The pool's identifier.
     *
     * @return the id
     */
    public String id() {
        return id;
    }

    /**
     * The network the pool is part of.
     *
     * @return the network
     */
    public Ipv4Network network() {
        return network;
    }

    /**
     * The first address handed out.
     *
     * @return the first address of the range
     */
    public Ipv4Address first() {
        return first;
    }

    /**
     * The last address handed out.
     *
     * @return the last address of the range
     */
    public Ipv4Address last() {
        return last;
    }

    /**
     * The gateway subscribers in this pool use.
     *
     * @return the gateway, or empty
     */
    public Optional<Ipv4Address> gateway() {
        return Optional.ofNullable(gateway);
    }

    /**
     * The kind of subscriber the pool serves.
     *
     * @return e.g. {@code internet}
     */
    public String kind() {
        return kind;
    }

    /**
     * The VLAN the pool lives on.
     *
     * @return 1 to 4094, or empty
     */
    public OptionalInt vlan() {
        return vlan < 0 ? OptionalInt.empty() : OptionalInt.of(vlan);
    }

    /**
     * A free-form description.
     *
     * @return the description, empty if none
     */
    public String description() {
        return description;
    }

    /**
     * Whether the address is in the range handed out.
     *
     * @param ip the address
     * @return {@code true} if {@code first <= ip <= last}
     */
    public boolean contains(Ipv4Address ip) {
        return ip.compareTo(first) >= 0 && ip.compareTo(last) <= 0;
    }

    /**
     * How many addresses the range holds.
     *
     * @return the range size
     */
    public long size() {
        return last.toUnsigned() - first.toUnsigned() + 1;
    }

    /**
     * Whether the two ranges share an address.
     *
     * @param other another pool
     * @return {@code true} if they overlap
     */
    public boolean overlaps(IpPool other) {
        return first.compareTo(other.last) <= 0 && other.first.compareTo(last) <= 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpPool p && p.id.equals(id) && p.network.equals(network) && p.first.equals(first)
                && p.last.equals(last) && Objects.equals(p.gateway, gateway) && p.kind.equals(kind) && p.vlan == vlan
                && p.description.equals(description);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, network, first, last, gateway, kind, vlan, description);
    }

    @Override
    public String toString() {
        return "IpPool[" + id + " " + kind + " " + network + " " + first + "-" + last
                + (gateway != null ? " gw " + gateway : "") + (vlan >= 0 ? " vlan " + vlan : "") + "]";
    }

    /**
     * Builds an {@link IpPool}. Not thread-safe.
     */
    public static final class Builder {
        private final String id;
        private final Ipv4Network network;
        private final String kind;
        private Ipv4Address first;
        private Ipv4Address last;
        private Ipv4Address gateway;
        private int vlan = -1;
        private String description = "";

        private Builder(String id, Ipv4Network network, String kind) {
            this.id = token("pool id", id, false);
            this.network = Objects.requireNonNull(network, "network");
            this.kind = token("pool " + id + " kind", kind, true);
        }

        /**
         * Sets the range handed out.
         *
         * @param firstAddress the first address
         * @param lastAddress the last address
         * @return this builder
         */
        public Builder range(Ipv4Address firstAddress, Ipv4Address lastAddress) {
            this.first = Objects.requireNonNull(firstAddress, "first");
            this.last = Objects.requireNonNull(lastAddress, "last");
            return this;
        }

        /**
         * Sets the gateway.
         *
         * @param address the gateway, inside the network and outside the range
         * @return this builder
         */
        public Builder gateway(Ipv4Address address) {
            this.gateway = Objects.requireNonNull(address, "gateway");
            return this;
        }

        /**
         * Sets the VLAN.
         *
         * @param id 1 to 4094
         * @return this builder
         */
        public Builder vlan(int id) {
            if (id < 1 || id > 4094) {
                throw new IpPoolException("pool " + this.id + ": a VLAN is 1 to 4094, got " + id);
            }
            this.vlan = id;
            return this;
        }

        /**
         * Sets the description.
         *
         * @param text the description
         * @return this builder
         */
        public Builder description(String text) {
            this.description = Objects.requireNonNull(text, "description");
            return this;
        }

        /**
         * Builds the pool.
         *
         * @return the pool
         * @throws IpPoolException if the range is outside the network or reversed, or the gateway is inside the
         *     range or outside the network
         */
        public IpPool build() {
            if (first == null) {
                boolean small = network.prefixLength() >= 31;
                first = small ? network.address() : network.address().plus(1);
                last = small ? network.last() : network.last().plus(-1);
                if (gateway != null && gateway.equals(first) && first.compareTo(last) < 0) {
                    first = first.plus(1);
                } else if (gateway != null && gateway.equals(last) && first.compareTo(last) < 0) {
                    last = last.plus(-1);
                }
            }
            if (!network.contains(first) || !network.contains(last)) {
                throw new IpPoolException("pool " + id + ": range " + first + "-" + last + " is not inside " + network);
            }
            if (first.compareTo(last) > 0) {
                throw new IpPoolException("pool " + id + ": range " + first + "-" + last + " is reversed");
            }
            if (gateway != null) {
                if (!network.contains(gateway)) {
                    throw new IpPoolException("pool " + id + ": gateway " + gateway + " is not inside " + network);
                }
                if (gateway.compareTo(first) >= 0 && gateway.compareTo(last) <= 0) {
                    throw new IpPoolException("pool " + id + ": gateway " + gateway + " is inside the range " + first
                            + "-" + last + " that is handed out; narrow the range");
                }
            }
            return new IpPool(this);
        }

        private static String token(String what, String value, boolean lowerCaseOnly) {
            Objects.requireNonNull(value, what);
            if (value.isEmpty() || value.length() > 64) {
                throw new IpPoolException(what + " must have 1 to 64 characters, got '" + value + "'");
            }
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'
                        || (!lowerCaseOnly && c >= 'A' && c <= 'Z');
                if (!ok) {
                    throw new IpPoolException(what + " '" + value + "' has '" + c + "' at index " + i);
                }
            }
            return value;
        }
    }
}
