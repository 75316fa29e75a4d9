package org.netlever.aaa.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.netlever.aaa.lease.Network.ALICE_PC;
import static org.netlever.aaa.lease.Network.T0;
import static org.netlever.aaa.lease.Network.commit;
import static org.netlever.aaa.lease.Network.switchPort;
import static org.netlever.aaa.lease.Network.zteOnu;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.netlever.aaa.dhcp.DhcpEventType;
import org.netlever.aaa.dhcp.EventSource;
import org.netlever.aaa.ip.Ipv4Address;
import org.netlever.aaa.lease.query.DhcpEventQuery;
import org.netlever.aaa.lease.query.LeaseHistoryQuery;
import org.netlever.aaa.lease.query.LeaseQuery;
import org.netlever.aaa.lease.query.LeaseReads;
import org.netlever.aaa.lease.query.LeaseState;
import org.netlever.aaa.lease.query.LogKey;
import org.netlever.aaa.lease.query.NasSyncEntry;
import org.netlever.aaa.lease.query.NasSyncQuery;
import org.netlever.aaa.lease.query.NasSyncStatus;
import org.netlever.aaa.lease.query.NasSyncSummary;
import org.netlever.aaa.testing.DatabaseKind;
import org.netlever.aaa.testing.MutableClock;
import org.netlever.option82.MacAddress;

/** The operators' read API of the lease tables (issue 15) on H2 and on a real PostgreSQL. */
@ParameterizedClass(name = "{0}")
@EnumSource(DatabaseKind.class)
class LeaseReadsTest {

    private static final int PORTS = 12;

    @Parameter
    DatabaseKind kind;

    private DatabaseKind.TestDatabase testDb;
    private MutableClock clock;
    private LeaseService leases;
    private LeaseReads reads;

    @BeforeEach
    void setUp() {
        testDb = kind.open();
        clock = new MutableClock(T0);
        InMemorySubscriberDirectory subscribers = new InMemorySubscriberDirectory()
                .bind("onu-1", Subscriber.onDevice("carol", "internet"));
        for (int port = 1; port <= PORTS; port++) {
            subscribers.bind("sw-1", Subscriber.onPort("sub-" + port, port, "internet"));
        }
        IpPools pools = new IpPools(testDb.database(), clock);
        pools.add(Network.INTERNET);
        pools.add(Network.GUEST);
        leases = LeaseService.builder(testDb.database()).devices(Network.devices()).subscribers(subscribers)
                .pools(pools).clock(clock).build();
        reads = new LeaseReads(testDb.database(), clock);
    }

    @AfterEach
    void tearDown() {
        testDb.close();
    }

    private static MacAddress pc(int n) {
        return MacAddress.of(0x020000000100L + n);
    }

    /** Port n's subscriber takes 198.51.100.(10 + n) now. */
    private void assign(int port) {
        leases.commit(commit("198.51.100." + (10 + port), pc(port), switchPort(port), clock.instant()));
    }

    private static List<String> ips(List<Lease> page) {
        return page.stream().map(l -> l.ip().toString()).toList();
    }

    /** Every page of a list, its key read from each page's last row, calling {@code between} after each page. */
    private static <T, K> List<T> allPages(Function<K, List<T>> page, Function<T, K> key, int limit,
            Runnable between) {
        List<T> all = new ArrayList<>();
        K after = null;
        while (true) {
            List<T> rows = page.apply(after);
            assertThat(rows.size()).isLessThanOrEqualTo(limit);
            all.addAll(rows);
            if (rows.size() < limit) {
                return all;
            }
            after = key.apply(rows.get(rows.size() - 1));
            between.run();
        }
    }

    @Test
    @DisplayName("S1.3 leases page by address: each lease once, those added after the cursor included, while others are added")
    void leases_pagedWhileLeasesAreAdded_noneSkippedOrRepeated() {
        for (int port = 1; port <= 9; port++) {
            assign(port);
        }
        int[] added = {0};
        List<Lease> all = allPages(after -> reads.leases(LeaseQuery.limit(3).after(after).build()), Lease::ip, 3,
                () -> {
                    if (added[0]++ == 0) {
                        assign(12); // 198.51.100.22, after every cursor so far
                        leases.commit(commit("198.51.100.10", pc(11), switchPort(11), clock.instant())); // before
                    }
                });

        assertThat(ips(all)).containsExactly("198.51.100.11", "198.51.100.12", "198.51.100.13", "198.51.100.14",
                "198.51.100.15", "198.51.100.16", "198.51.100.17", "198.51.100.18", "198.51.100.19",
                "198.51.100.22");
        assertThat(ips(reads.leases(LeaseQuery.limit(100).build()))).hasSize(11).startsWith("198.51.100.10");
    }

    @Test
    @DisplayName("S1.3 leases filtered by address, subscriber, MAC, device, pool and state")
    void leases_eachFilter_onlyMatchingLeases() {
        assign(1);
        assign(2);
        leases.commit(commit("198.51.100.40", ALICE_PC, zteOnu(), T0));
        clock.advance(Duration.ofMinutes(8));
        assign(3);
        clock.advance(Duration.ofMinutes(4)); // the leases taken at T0 ran out at T0 + 10 min

        assertThat(ips(reads.leases(LeaseQuery.limit(10).ip(Ipv4Address.parse("198.51.100.12")).build())))
                .containsExactly("198.51.100.12");
        assertThat(ips(reads.leases(LeaseQuery.limit(10).subscriber("carol").build())))
                .containsExactly("198.51.100.40");
        assertThat(ips(reads.leases(LeaseQuery.limit(10).mac(pc(2)).build()))).containsExactly("198.51.100.12");
        assertThat(ips(reads.leases(LeaseQuery.limit(10).device("sw-1").build())))
                .containsExactly("198.51.100.11", "198.51.100.12", "198.51.100.13");
        assertThat(ips(reads.leases(LeaseQuery.limit(10).device("onu-1").build()))).containsExactly("198.51.100.40");
        assertThat(ips(reads.leases(LeaseQuery.limit(10).pool("internet-1").build()))).hasSize(4);
        assertThat(reads.leases(LeaseQuery.limit(10).pool("guest-1").build())).isEmpty();
        assertThat(ips(reads.leases(LeaseQuery.limit(10).state(LeaseState.ACTIVE).build())))
                .containsExactly("198.51.100.13");
        assertThat(ips(reads.leases(LeaseQuery.limit(10).state(LeaseState.EXPIRED).build())))
                .containsExactly("198.51.100.11", "198.51.100.12", "198.51.100.40");
        assertThat(ips(reads.leases(LeaseQuery.limit(10).device("sw-1").state(LeaseState.EXPIRED)
                .after(Ipv4Address.parse("198.51.100.11")).build()))).containsExactly("198.51.100.12");
        Lease expired = reads.lease(Ipv4Address.parse("198.51.100.11")).orElseThrow();
        assertThat(reads.state(expired)).isEqualTo(LeaseState.EXPIRED);
        assertThat(reads.lease(Ipv4Address.parse("198.51.100.99"))).isEmpty();
    }

    @Test
    @DisplayName("S1.3 S1.5 the event log newest first with outcomes and reasons, by outcome, source, address, subscriber and time")
    void events_filtersAndPages_newestFirstEachOnce() {
        assign(1);
        clock.advance(Duration.ofMinutes(1));
        Instant minute1 = clock.instant();
        leases.commit(commit("198.51.100.30", pc(30), switchPort(30), clock.instant())); // no account on port 30
        leases.recordInvalidInput(EventSource.KEA, "garbage", "no ip");
        clock.advance(Duration.ofMinutes(1));
        assign(2);

        List<RecordedEvent> newest = reads.events(DhcpEventQuery.limit(10).build());
        assertThat(newest).extracting(RecordedEvent::outcome)
                .containsExactly("assigned", "rejected", "no-subscriber", "assigned");
        assertThat(newest).extracting(RecordedEvent::id).as("newest first; the two of minute 1 by id")
                .isSortedAccordingTo((a, b) -> Long.compare(b, a));
        assertThat(reads.events(DhcpEventQuery.limit(10).outcome("rejected").build())).singleElement()
                .satisfies(e -> {
                    assertThat(e.source()).isEqualTo(EventSource.KEA);
                    assertThat(e.reason()).hasValueSatisfying(r -> assertThat(r).contains("no ip"));
                });
        assertThat(reads.events(DhcpEventQuery.limit(10).outcome("no-subscriber").build())).singleElement()
                .satisfies(e -> assertThat(e.reason()).isPresent());
        assertThat(reads.events(DhcpEventQuery.limit(10).source(EventSource.ISC_DHCPD).build())).hasSize(3);
        assertThat(reads.events(DhcpEventQuery.limit(10).ip(Ipv4Address.parse("198.51.100.30")).build()))
                .extracting(RecordedEvent::outcome).containsExactly("no-subscriber");
        assertThat(reads.events(DhcpEventQuery.limit(10).subscriber("sub-2").build()))
                .extracting(e -> e.ip().orElseThrow().toString()).containsExactly("198.51.100.12");
        assertThat(reads.events(DhcpEventQuery.limit(10).from(minute1).to(minute1.plusSeconds(60)).build()))
                .extracting(RecordedEvent::outcome).containsExactly("rejected", "no-subscriber");
        assertThat(reads.events(DhcpEventQuery.limit(10).to(minute1).build())).extracting(RecordedEvent::outcome)
                .containsExactly("assigned");

        int[] added = {0};
        List<RecordedEvent> all = allPages((LogKey before) -> reads.events(DhcpEventQuery.limit(2).before(before)
                        .build()),
                e -> new LogKey(e.receivedAt(), e.id()), 2, () -> {
                    if (added[0]++ == 0) {
                        assign(3); // newer than every page: not in this walk, and nothing repeats
                    }
                });
        assertThat(all).extracting(RecordedEvent::id).containsExactlyElementsOf(
                newest.stream().map(RecordedEvent::id).toList());
    }

    @Test
    @DisplayName("S1.3 the lease history newest first with device and port, by address, subscriber and time")
    void history_filtersAndPages_newestFirstWithDevice() {
        assign(1);
        clock.advance(Duration.ofMinutes(1));
        Instant later = clock.instant();
        assign(2);
        leases.free(Network.free(DhcpEventType.RELEASE, "198.51.100.11", pc(1), clock.instant()));

        List<LeaseHistoryEntry> all = reads.history(LeaseHistoryQuery.limit(10).build());
        assertThat(all).extracting(LeaseHistoryEntry::action)
                .containsExactly(LeaseAction.RELEASE, LeaseAction.ASSIGN, LeaseAction.ASSIGN);
        assertThat(all.get(1).deviceId()).contains("sw-1");
        assertThat(all.get(1).devicePort()).hasValue(2);
        assertThat(all.get(1).eventId()).isPresent();
        assertThat(reads.history(LeaseHistoryQuery.limit(10).ip(Ipv4Address.parse("198.51.100.11")).build()))
                .extracting(LeaseHistoryEntry::action).containsExactly(LeaseAction.RELEASE, LeaseAction.ASSIGN);
        assertThat(reads.history(LeaseHistoryQuery.limit(10).subscriber("sub-2").build())).hasSize(1);
        assertThat(reads.history(LeaseHistoryQuery.limit(10).from(later).build())).hasSize(2);
        assertThat(reads.history(LeaseHistoryQuery.limit(10).to(later).build())).hasSize(1);
        assertThat(reads.history(LeaseHistoryQuery.limit(1).before(new LogKey(all.get(0).recordedAt(),
                all.get(0).id())).build())).as("the release and the second assign were recorded at the same time")
                .containsExactly(all.get(1));
    }

    @Test
    @DisplayName("S1.8 the NAS-sync queue by status and subscriber, and its summary: waiting, delivering, given up, last error")
    void nasSync_entriesAndSummary_followTheWorker() throws Exception {
        List<Long> inProgressWhileDelivering = new java.util.concurrent.CopyOnWriteArrayList<>();
        NasSync nas = request -> {
            inProgressWhileDelivering.add(reads.nasSyncSummary().inProgress());
            if (request.subscriberId().equals("sub-1")) {
                throw new IOException("NAS 198.51.100.1 unreachable");
            }
        };
        assertThat(reads.nasSyncSummary()).isEqualTo(new NasSyncSummary(0, 0, 0, Optional.empty(), Optional.empty()));
        assign(1);
        assign(2);

        List<NasSyncEntry> queued = reads.nasSync(new NasSyncQuery(Optional.empty(), Optional.empty(),
                OptionalLong.empty(), 10));
        assertThat(queued).extracting(NasSyncEntry::subscriberId).containsExactly("sub-2", "sub-1");
        assertThat(queued).allSatisfy(e -> {
            assertThat(e.status()).isEqualTo(NasSyncStatus.PENDING);
            assertThat(e.change()).isEqualTo(NasChange.ASSIGNED);
            assertThat(e.attempts()).isZero();
        });
        assertThat(reads.nasSyncSummary()).isEqualTo(new NasSyncSummary(2, 0, 0, Optional.of(T0), Optional.empty()));

        try (NasSyncWorker worker = NasSyncWorker.builder(testDb.database(), nas).clock(clock)
                .backoff(Duration.ofSeconds(1), Duration.ofSeconds(1)).maxAttempts(2).build()) {
            worker.runDue();
            assertThat(inProgressWhileDelivering).as("claimed together, then each settled in turn").containsExactly(2L, 1L);
            NasSyncSummary retrying = reads.nasSyncSummary();
            assertThat(retrying).isEqualTo(new NasSyncSummary(1, 0, 0, Optional.of(T0.plusSeconds(1)),
                    Optional.of("IOException: NAS 198.51.100.1 unreachable")));
            clock.advance(Duration.ofSeconds(1));
            worker.runDue();
        }

        NasSyncSummary after = reads.nasSyncSummary();
        assertThat(after.pending()).isZero();
        assertThat(after.failed()).isEqualTo(1);
        assertThat(after.lastError()).hasValueSatisfying(e -> assertThat(e).contains("unreachable"));
        assertThat(reads.nasSync(new NasSyncQuery(Optional.of(NasSyncStatus.FAILED), Optional.empty(),
                OptionalLong.empty(), 10))).singleElement().satisfies(e -> {
                    assertThat(e.subscriberId()).isEqualTo("sub-1");
                    assertThat(e.attempts()).isEqualTo(2);
                    assertThat(e.finishedAt()).isPresent();
                });
        assertThat(reads.nasSync(new NasSyncQuery(Optional.empty(), Optional.of("sub-2"), OptionalLong.empty(), 10)))
                .extracting(NasSyncEntry::status).containsExactly(NasSyncStatus.DONE);
        assertThat(reads.nasSync(new NasSyncQuery(Optional.empty(), Optional.empty(),
                OptionalLong.of(queued.get(0).id()), 10))).extracting(NasSyncEntry::subscriberId)
                .containsExactly("sub-1");
    }

    @Test
    @DisplayName("bad limits, outcomes and time windows are refused, naming what is wrong")
    void queries_badValues_refused() {
        assertThatThrownBy(() -> LeaseQuery.limit(0).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("limit");
        assertThatThrownBy(() -> DhcpEventQuery.limit(10).outcome("accepted").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outcome");
        assertThatThrownBy(() -> DhcpEventQuery.limit(10).from(T0).to(T0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("from");
        assertThatThrownBy(() -> LeaseHistoryQuery.limit(10_002).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("limit");
    }
}
