package org.netlever.aaa.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.netlever.aaa.dhcp.DhcpEventType;
import org.netlever.aaa.ip.IpPool;
import org.netlever.aaa.ip.IpPoolException;
import org.netlever.aaa.ip.Ipv4Address;
import org.netlever.aaa.ip.Ipv4Network;
import org.netlever.aaa.ip.PoolExhaustedException;
import org.netlever.aaa.testing.DatabaseKind;
import org.netlever.aaa.testing.MutableClock;

@ParameterizedClass(name = "{0}")
@EnumSource(DatabaseKind.class)
class IpPoolsTest {

    @Parameter
    DatabaseKind kind;

    private DatabaseKind.TestDatabase testDb;
    private MutableClock clock;
    private IpPools pools;

    @BeforeEach
    void setUp() {
        testDb = kind.open();
        clock = new MutableClock(Network.T0);
        pools = new IpPools(testDb.database(), clock);
    }

    @AfterEach
    void tearDown() {
        testDb.close();
    }

    private static IpPool pool(String id, String network, String first, String last) {
        return IpPool.builder(id, Ipv4Network.parse(network), "internet")
                .range(Ipv4Address.parse(first), Ipv4Address.parse(last)).build();
    }

    @Test
    void add_overlappingOrDuplicate_rejected() {
        pools.add(pool("a", "198.51.100.0/24", "198.51.100.10", "198.51.100.100"));
        pools.add(pool("b", "198.51.100.0/24", "198.51.100.101", "198.51.100.200"));
        assertThatThrownBy(() -> pools.add(pool("c", "198.51.100.0/24", "198.51.100.90", "198.51.100.110")))
                .isInstanceOf(IpPoolException.class).hasMessageContaining("overlaps IpPool[a ");
        assertThatThrownBy(() -> pools.add(pool("a", "203.0.113.0/24", "203.0.113.10", "203.0.113.20")))
                .isInstanceOf(IpPoolException.class).hasMessageContaining("pool id a is taken");
        assertThat(pools.all()).extracting(IpPool::id).containsExactly("a", "b");
        assertThat(pools.all().get(0)).isEqualTo(pool("a", "198.51.100.0/24", "198.51.100.10", "198.51.100.100"));
    }

    @Test
    void poolOf_findsTheRangeOrNothing() {
        pools.add(Network.INTERNET);
        pools.add(Network.GUEST);
        assertThat(pools.poolOf(Ipv4Address.parse("198.51.100.10"))).contains(Network.INTERNET);
        assertThat(pools.poolOf(Ipv4Address.parse("198.51.100.200"))).contains(Network.INTERNET);
        assertThat(pools.poolOf(Ipv4Address.parse("198.51.100.201"))).isEmpty();
        assertThat(pools.poolOf(Ipv4Address.parse("203.0.113.77"))).contains(Network.GUEST);
        assertThat(pools.poolOf(Ipv4Address.parse("10.0.0.1"))).isEmpty();
    }

    @Test
    void poolOf_seesAnotherProcessesChangeAfterRefreshInterval() {
        IpPools other = new IpPools(testDb.database(), clock);
        assertThat(pools.poolOf(Ipv4Address.parse("198.51.100.10"))).isEmpty();
        other.add(Network.INTERNET);
        assertThat(pools.poolOf(Ipv4Address.parse("198.51.100.10"))).as("snapshot still fresh").isEmpty();
        clock.advance(Duration.ofSeconds(6));
        assertThat(pools.poolOf(Ipv4Address.parse("198.51.100.10"))).contains(Network.INTERNET);
    }

    @Test
    void allocate_lowestFree_thenExhausted_thenFree() {
        pools.add(pool("tiny", "198.51.100.0/24", "198.51.100.10", "198.51.100.12"));
        assertThat(pools.allocate("tiny", "s1").ip()).hasToString("198.51.100.10");
        assertThat(pools.allocate("tiny", "s2").ip()).hasToString("198.51.100.11");
        assertThat(pools.allocate("tiny", "s3").ip()).hasToString("198.51.100.12");
        assertThatThrownBy(() -> pools.allocate("tiny", "s4")).isInstanceOf(PoolExhaustedException.class)
                .hasMessageContaining("all 3 are held");
        assertThat(pools.free(Ipv4Address.parse("198.51.100.11"), "someone-else")).isFalse();
        assertThat(pools.free(Ipv4Address.parse("198.51.100.11"), "s2")).isTrue();
        assertThat(pools.allocate("tiny", "s5").ip()).hasToString("198.51.100.11");
        assertThatThrownBy(() -> pools.allocate("nope", "s")).isInstanceOf(IpPoolException.class);
    }

    @Test
    void put_newThenChanged_replacesAndRunsTheWorkInItsTransaction() {
        List<String> seen = new ArrayList<>();
        assertThat(pools.put(pool("a", "198.51.100.0/24", "198.51.100.10", "198.51.100.20"),
                (h, before) -> seen.add("new:" + before.isEmpty()))).isEmpty();
        IpPool wider = pool("a", "198.51.100.0/24", "198.51.100.10", "198.51.100.30");
        assertThat(pools.put(wider, (h, before) -> seen.add("was:" + before.orElseThrow().last())))
                .map(IpPool::last).contains(Ipv4Address.parse("198.51.100.20"));
        assertThat(seen).containsExactly("new:true", "was:198.51.100.20");
        assertThat(pools.all()).containsExactly(wider);
        assertThat(pools.poolOf(Ipv4Address.parse("198.51.100.30"))).contains(wider);
    }

    @Test
    void put_workFails_nothingChanged() {
        pools.put(pool("a", "198.51.100.0/24", "198.51.100.10", "198.51.100.20"), (h, before) -> { });
        assertThatThrownBy(() -> pools.put(pool("a", "203.0.113.0/24", "203.0.113.10", "203.0.113.20"),
                (h, before) -> {
                    throw new IllegalStateException("recording failed");
                })).hasMessage("recording failed");
        assertThat(pools.all()).extracting(IpPool::first).containsExactly(Ipv4Address.parse("198.51.100.10"));
    }

    @Test
    void put_overlapping_refused() {
        pools.put(pool("a", "198.51.100.0/24", "198.51.100.10", "198.51.100.20"), (h, before) -> { });
        assertThatThrownBy(() -> pools.put(pool("b", "198.51.100.0/24", "198.51.100.15", "198.51.100.30"),
                (h, before) -> { })).isInstanceOf(IpPoolException.class).hasMessageContaining("overlaps IpPool[a ");
    }

    @Test
    void put_poolWithLeases_keepsItsAddressesButTakesAnotherKind() {
        pools.put(pool("a", "198.51.100.0/24", "198.51.100.10", "198.51.100.20"), (h, before) -> { });
        pools.allocate("a", "s1");
        assertThatThrownBy(() -> pools.put(pool("a", "198.51.100.0/24", "198.51.100.10", "198.51.100.30"),
                (h, before) -> { })).isInstanceOf(IpPoolException.class).hasMessageContaining("1 lease(s)");
        IpPool other = IpPool.builder("a", Ipv4Network.parse("198.51.100.0/24"), "static")
                .range(Ipv4Address.parse("198.51.100.10"), Ipv4Address.parse("198.51.100.20")).build();
        pools.put(other, (h, before) -> { });
        assertThat(pools.all()).containsExactly(other);
    }

    @Test
    void removeWithWork_poolWithLeasesRefused_emptyOneRemovedWithTheWork() {
        pools.put(pool("a", "198.51.100.0/24", "198.51.100.10", "198.51.100.20"), (h, before) -> { });
        pools.put(pool("b", "203.0.113.0/24", "203.0.113.10", "203.0.113.20"), (h, before) -> { });
        pools.allocate("a", "s1");
        List<String> seen = new ArrayList<>();
        assertThatThrownBy(() -> pools.remove("a", (h, p) -> seen.add(p.id()))).isInstanceOf(IpPoolException.class);
        assertThat(pools.remove("b", (h, p) -> seen.add(p.id()))).map(IpPool::id).contains("b");
        assertThat(pools.remove("nope", (h, p) -> seen.add(p.id()))).isEmpty();
        assertThat(seen).containsExactly("b");
        assertThat(pools.all()).extracting(IpPool::id).containsExactly("a");
    }

    @Test
    void remove_poolWithLeases_refused() {
        pools.add(pool("p", "198.51.100.0/24", "198.51.100.10", "198.51.100.12"));
        pools.allocate("p", "s1");
        assertThatThrownBy(() -> pools.remove("p")).isInstanceOf(IpPoolException.class)
                .hasMessageContaining("still has 1 lease(s)");
        pools.free(Ipv4Address.parse("198.51.100.10"), "s1");
        assertThat(pools.remove("p")).isTrue();
        assertThat(pools.remove("p")).isFalse();
    }

    @Test
    void allocate_concurrentCallers_neverTheSameAddress() throws Exception {
        pools.add(pool("p", "198.51.100.0/24", "198.51.100.1", "198.51.100.254"));
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Callable<List<Ipv4Address>>> tasks = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                tasks.add(() -> {
                    List<Ipv4Address> mine = new ArrayList<>();
                    for (int i = 0; i < 25; i++) {
                        mine.add(pools.allocate("p", "s-" + thread + "-" + i).ip());
                    }
                    return mine;
                });
            }
            Set<Ipv4Address> all = new HashSet<>();
            int count = 0;
            for (Future<List<Ipv4Address>> f : threads.invokeAll(tasks)) {
                for (Ipv4Address ip : f.get()) {
                    all.add(ip);
                    count++;
                }
            }
            assertThat(count).isEqualTo(200);
            assertThat(all).as("no address handed out twice").hasSize(200);
        } finally {
            threads.shutdownNow();
            threads.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void dhcpLeaseAndAllocation_shareTheAddressSpace() {
        pools.add(Network.INTERNET);
        LeaseService leases = LeaseService.builder(testDb.database()).devices(Network.devices())
                .subscribers(Network.subscribers()).pools(pools).clock(clock).build();
        leases.commit(Network.commit("198.51.100.10", Network.ALICE_PC, Network.switchPort(5), Network.T0));
        assertThat(pools.allocate("internet-1", "radius-user").ip()).as("the DHCP-held address is skipped")
                .hasToString("198.51.100.11");
        assertThat(leases.free(Network.free(DhcpEventType.RELEASE, "198.51.100.11", null, Network.T0)))
                .as("an allocated address can be freed by a DHCP release for it")
                .isInstanceOf(LeaseOutcome.Freed.class);
    }
}
