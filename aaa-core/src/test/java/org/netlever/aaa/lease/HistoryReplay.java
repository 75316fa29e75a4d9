package org.netlever.aaa.lease;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.netlever.aaa.ip.Ipv4Address;
import org.netlever.option82.MacAddress;

/** Replays a lease history into who holds which address. */
final class HistoryReplay {

    record Holder(String subscriberId, Optional<MacAddress> mac) {
    }

    private HistoryReplay() {
    }

    static Map<Ipv4Address, Holder> replay(List<LeaseHistoryEntry> history) {
        Map<Ipv4Address, Holder> state = new TreeMap<>();
        for (LeaseHistoryEntry e : history) {
            if (e.action().holds()) {
                state.put(e.ip(), new Holder(e.subscriberId(), e.mac()));
            } else {
                state.remove(e.ip());
            }
        }
        return state;
    }

    static Map<Ipv4Address, Holder> holders(List<Lease> leases) {
        Map<Ipv4Address, Holder> state = new TreeMap<>();
        for (Lease l : leases) {
            state.put(l.ip(), new Holder(l.subscriberId(), l.mac()));
        }
        return state;
    }
}
