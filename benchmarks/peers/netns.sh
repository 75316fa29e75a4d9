# Sourced by the peer benchmarks (run-lever-peers.sh, run-kea-followers.sh): the network they run a DHCP server's
# clients in. peer_namespace NS OUT IN makes namespace NS joined to the host by the veth pair OUT (host side:
# 203.0.113.1/24 and 198.51.100.1/24) and IN (inside NS: 203.0.113.2/24, routed to 198.51.100.0/24 through the host),
# after refusing to run where either documentation network is already in use. The caller deletes OUT and NS.
peer_namespace() {
    if ip -4 -o addr show | grep -qE ' (203\.0\.113|198\.51\.100)\.'; then
        echo "203.0.113.0/24 or 198.51.100.0/24 is in use on this host" >&2
        exit 2
    fi
    ip netns add "$1"
    ip link add "$2" type veth peer name "$3"
    ip link set "$3" netns "$1"
    ip addr add 203.0.113.1/24 dev "$2"
    ip addr add 198.51.100.1/24 dev "$2"
    ip link set "$2" up
    ip -n "$1" addr add 203.0.113.2/24 dev "$3"
    ip -n "$1" link set "$3" up
    ip -n "$1" link set lo up
    ip -n "$1" route add 198.51.100.0/24 via 203.0.113.1
}
