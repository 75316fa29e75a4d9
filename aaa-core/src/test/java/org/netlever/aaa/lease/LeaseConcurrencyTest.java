package org.netlever.aaa.lease;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.netlever.aaa.dhcp.DhcpEvent;
import org.netlever.aaa.dhcp.DhcpEventType;
import org.netlever.aaa.ip.IpPool;
import org.netlever.aaa.ip.Ipv4Address;
import org.netlever.aaa.ip.Ipv4Network;
import org.netlever.aaa.testing.DatabaseKind;
import org.netlever.aaa.testing.MutableClock;
import org.netlever.option82.MacAddress;

/**
 * Many threads commit and release overlapping addresses for overlapping subscribers. Afterwards no address is held
 * twice, every event is in the event log, and the history replays to the lease table.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(DatabaseKind.class)
class LeaseConcurrencyTest {

    private static final int THREADS = 8;
    private static final int OPERATIONS = 250;
    private static final int ADDRESSES = 12;
    private static final int PORTS = 6;

    @Parameter
    DatabaseKind kind;

    @Test
    @DisplayName("concurrent commits and releases keep one holder per address and a history that replays")
    void concurrentCommitsAndReleases_consistent() throws Exception {
        try (DatabaseKind.TestDatabase testDb = kind.open()) {
            MutableClock clock = new MutableClock(Network.T0);
            IpPools pools = new IpPools(testDb.database(), clock);
            pools.add(IpPool.builder("p", Ipv4Network.parse("198.51.100.0/24"), "internet").build());
            InMemorySubscriberDirectory subscribers = new InMemorySubscriberDirectory();
            for (int port = 1; port <= PORTS; port++) {
                subscribers.bind("sw-1", Subscriber.onPort("s" + port, port, "internet"));
            }
            LeaseService leases = LeaseService.builder(testDb.database()).devices(Network.devices())
                    .subscribers(subscribers).pools(pools).clock(clock).build();
            AtomicLong eventClock = new AtomicLong();

            ExecutorService threads = Executors.newFixedThreadPool(THREADS);
            List<Callable<List<LeaseOutcome>>> work = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                long seed = 1000L + t;
                work.add(() -> {
                    Random random = new Random(seed);
                    List<LeaseOutcome> outcomes = new ArrayList<>();
                    for (int i = 0; i < OPERATIONS; i++) {
                        String ip = "198.51.100." + (10 + random.nextInt(ADDRESSES));
                        int port = 1 + random.nextInt(PORTS);
                        MacAddress mac = MacAddress.of(0x0200_0000_0000L + port);
                        Instant at = Network.T0.plusMillis(eventClock.incrementAndGet());
                        DhcpEvent event = random.nextInt(3) == 0
                                ? Network.free(DhcpEventType.RELEASE, ip, mac, at)
                                : Network.commit(ip, mac, Network.switchPort(port), at);
                        outcomes.add(leases.handle(event));
                    }
                    return outcomes;
                });
            }
            List<LeaseOutcome> outcomes = new ArrayList<>();
            try {
                for (Future<List<LeaseOutcome>> f : threads.invokeAll(work)) {
                    outcomes.addAll(f.get());
                }
            } finally {
                threads.shutdownNow();
                threads.awaitTermination(10, TimeUnit.SECONDS);
            }

            assertThat(outcomes).hasSize(THREADS * OPERATIONS);
            Set<Long> eventIds = new HashSet<>();
            outcomes.forEach(o -> eventIds.add(o.eventId()));
            assertThat(eventIds).as("every event logged once").hasSize(THREADS * OPERATIONS);
            assertThat(outcomes).as("the mix exercised every path").anyMatch(o -> o instanceof LeaseOutcome.Assigned)
                    .anyMatch(o -> o instanceof LeaseOutcome.Reassigned)
                    .anyMatch(o -> o instanceof LeaseOutcome.Freed)
                    .anyMatch(o -> o instanceof LeaseOutcome.Renewed);

            List<Lease> current = leases.allLeases();
            Set<Ipv4Address> held = new HashSet<>();
            current.forEach(l -> assertThat(held.add(l.ip())).as("%s held twice", l.ip()).isTrue());
            assertThat(HistoryReplay.replay(leases.history(1_000_000))).isEqualTo(HistoryReplay.holders(current));
            long logged = testDb.database().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM dhcp_event")
                    .mapTo(Long.class).one());
            assertThat(logged).isEqualTo(THREADS * OPERATIONS);
        }
    }
}
