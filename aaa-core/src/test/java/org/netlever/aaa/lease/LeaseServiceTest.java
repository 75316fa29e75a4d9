package org.netlever.aaa.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.netlever.aaa.lease.Network.ALICE_PC;
import static org.netlever.aaa.lease.Network.BOB_PC;
import static org.netlever.aaa.lease.Network.CAROL_PC;
import static org.netlever.aaa.lease.Network.T0;
import static org.netlever.aaa.lease.Network.commit;
import static org.netlever.aaa.lease.Network.free;
import static org.netlever.aaa.lease.Network.switchPort;

import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.netlever.aaa.dhcp.DhcpEvent;
import org.netlever.aaa.dhcp.DhcpEventType;
import org.netlever.aaa.dhcp.EventSource;
import org.netlever.aaa.ip.Ipv4Address;
import org.netlever.aaa.lease.LeaseOutcome.RejectReason;
import org.netlever.aaa.lease.LeaseOutcome.UnchangedReason;
import org.netlever.aaa.store.Database;
import org.netlever.aaa.testing.DatabaseKind;
import org.netlever.aaa.testing.MutableClock;
import org.netlever.option82.DeviceLocation;
import org.netlever.option82.RelayAgentInformation;

/** LeaseService on H2 and on a real PostgreSQL (S1.2-S1.8). */
@ParameterizedClass(name = "{0}")
@EnumSource(DatabaseKind.class)
class LeaseServiceTest {

    @Parameter
    DatabaseKind kind;

    private DatabaseKind.TestDatabase testDb;
    private Database db;
    private MutableClock clock;
    private InMemorySubscriberDirectory subscribers;
    private LeaseService leases;

    @BeforeEach
    void setUp() {
        testDb = kind.open();
        db = testDb.database();
        clock = new MutableClock(T0);
        subscribers = Network.subscribers();
        IpPools pools = new IpPools(db, clock);
        pools.add(Network.INTERNET);
        pools.add(Network.GUEST);
        leases = LeaseService.builder(db).devices(Network.devices()).subscribers(subscribers).pools(pools)
                .clock(clock).build();
    }

    @AfterEach
    void tearDown() {
        testDb.close();
    }

    private long count(String table) {
        return db.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM " + table).mapTo(Long.class).one());
    }

    @Test
    @DisplayName("S1.3 S1.6 S1.7 a commit on a switch port assigns the lease to that port's subscriber")
    void commit_switchPort_assignsToPortSubscriber() {
        LeaseOutcome outcome = leases.commit(commit("198.51.100.10", ALICE_PC, switchPort(5), T0));

        assertThat(outcome).isInstanceOfSatisfying(LeaseOutcome.Assigned.class, a -> {
            assertThat(a.lease().subscriberId()).isEqualTo("alice");
            assertThat(a.lease().mac()).contains(ALICE_PC);
            assertThat(a.lease().deviceId()).contains("sw-1");
            assertThat(a.lease().devicePort()).hasValue(5);
            assertThat(a.lease().poolId()).isEqualTo("internet-1");
            assertThat(a.lease().expiresAt()).contains(T0.plus(Duration.ofMinutes(10)));
        });
        assertThat(leases.lease(Ipv4Address.parse("198.51.100.10"))).map(Lease::subscriberId).contains("alice");
        assertThat(leases.leasesOf("alice")).hasSize(1);
        assertThat(leases.history(Ipv4Address.parse("198.51.100.10"), 10)).singleElement()
                .satisfies(h -> assertThat(h.action()).isEqualTo(LeaseAction.ASSIGN));
        assertThat(leases.recentEvents(10)).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo("assigned");
            assertThat(e.subscriberId()).contains("alice");
            assertThat(e.deviceId()).contains("sw-1");
            assertThat(e.option82()).contains(switchPort(5).toHex());
        });
        assertThat(count("nas_sync")).as("S1.8 the NAS sync is queued with the change").isEqualTo(1);
    }

    @Test
    @DisplayName("S1.3 a repeated commit is idempotent: it renews and touches the lease")
    void commit_repeated_renewsWithoutNewHistory() {
        leases.commit(commit("198.51.100.10", ALICE_PC, switchPort(5), T0));
        clock.advance(Duration.ofMinutes(5));

        LeaseOutcome again = leases.commit(commit("198.51.100.10", ALICE_PC, switchPort(5), T0.plusSeconds(300)));

        assertThat(again).isInstanceOfSatisfying(LeaseOutcome.Renewed.class, r -> {
            assertThat(r.lease().createdAt()).isEqualTo(T0);
            assertThat(r.lease().renewedAt()).isEqualTo(T0.plusSeconds(300));
            assertThat(r.lease().expiresAt()).contains(T0.plusSeconds(900));
        });
        assertThat(leases.allLeases()).hasSize(1);
        assertThat(leases.history(10)).hasSize(1);
        assertThat(count("nas_sync")).as("nothing the NAS needs changed").isEqualTo(1);
        assertThat(leases.recentEvents(10)).extracting(RecordedEvent::outcome).containsExactly("renewed", "assigned");
    }

    @Test
    @DisplayName("S1.3 an event resent with its lever id takes effect once")
    void handle_sameSourceEventIdTwice_secondIsDuplicateOfFirst() {
        DhcpEvent event = commit("198.51.100.10", ALICE_PC, switchPort(5), T0).withSourceEventId("17000-42");
        LeaseOutcome first = leases.handle(event);
        clock.advance(Duration.ofSeconds(3));

        LeaseOutcome again = leases.handle(event);

        assertThat(first).isInstanceOf(LeaseOutcome.Assigned.class);
        assertThat(again).isInstanceOfSatisfying(LeaseOutcome.Unchanged.class, u -> {
            assertThat(u.reason()).isEqualTo(LeaseOutcome.UnchangedReason.DUPLICATE);
            assertThat(u.eventId()).isEqualTo(((LeaseOutcome.Assigned) first).eventId());
            assertThat(u.detail()).contains("17000-42").contains("assigned");
        });
        assertThat(count("dhcp_event")).as("recorded once").isEqualTo(1);
        assertThat(count("nas_sync")).as("the NAS is told once").isEqualTo(1);
        assertThat(leases.outcomeCounts()).containsExactlyInAnyOrderEntriesOf(java.util.Map.of("assigned", 1L,
                "unchanged_duplicate", 1L));
    }

    @Test
    @DisplayName("S1.3 two netlever processes handed the same event at once: it takes effect once")
    void handle_sameEventOnTwoServicesConcurrently_takesEffectOnce() throws Exception {
        IpPools pools = new IpPools(db, clock);
        LeaseService other = LeaseService.builder(db).devices(Network.devices()).subscribers(subscribers)
                .pools(pools).clock(clock).build();
        for (int round = 0; round < 20; round++) {
            DhcpEvent event = commit("198.51.100." + (20 + round), ALICE_PC, switchPort(5), T0.plusSeconds(round))
                    .withSourceEventId("race-" + round);
            java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
            java.util.concurrent.ExecutorService two = java.util.concurrent.Executors.newFixedThreadPool(2);
            try {
                var a = two.submit(() -> {
                    start.await();
                    return leases.handle(event);
                });
                var b = two.submit(() -> {
                    start.await();
                    return other.handle(event);
                });
                List<LeaseOutcome> outcomes = List.of(a.get(), b.get());
                assertThat(outcomes).as("round %d", round).filteredOn(o -> o instanceof LeaseOutcome.Unchanged u
                        && u.reason() == LeaseOutcome.UnchangedReason.DUPLICATE).hasSize(1);
            } finally {
                two.shutdown();
            }
        }
        assertThat(count("dhcp_event")).isEqualTo(20);
        assertThat(count("lease_history")).isEqualTo(20);
    }

    @Test
    @DisplayName("S1.3 an address held by another subscriber is reassigned with both ends recorded")
    void commit_addressHeldByOther_reassignedBothEndsRecorded() {
        leases.commit(commit("198.51.100.10", ALICE_PC, switchPort(5), T0));

        LeaseOutcome outcome = leases.commit(commit("198.51.100.10", BOB_PC, switchPort(6), T0.plusSeconds(1)));

        assertThat(outcome).isInstanceOfSatisfying(LeaseOutcome.Reassigned.class, r -> {
            assertThat(r.lease().subscriberId()).isEqualTo("bob");
            assertThat(r.previousSubscriberId()).isEqualTo("alice");
            assertThat(r.previousMac()).contains(ALICE_PC);
        });
        List<LeaseHistoryEntry> history = leases.history(Ipv4Address.parse("198.51.100.10"), 10);
        assertThat(history).extracting(LeaseHistoryEntry::action).containsExactly(LeaseAction.ASSIGN,
                LeaseAction.REASSIGN);
        assertThat(history.get(1).subscriberId()).isEqualTo("bob");
        assertThat(history.get(1).previousSubscriberId()).contains("alice");
        assertThat(history.get(1).previousMac()).contains(ALICE_PC);
        assertThat(leases.leasesOf("alice")).isEmpty();
        assertThat(count("nas_sync")).as("alice freed, bob assigned").isEqualTo(3);
    }

    @Test
    @DisplayName("S1.7 a PON ONU authorizes by the ONU alone, with no port")
    void commit_ponOnu_authorizedByDeviceAlone() {
        LeaseOutcome outcome = leases.commit(commit("198.51.100.20", CAROL_PC, Network.zteOnu(), T0));

        assertThat(outcome).isInstanceOfSatisfying(LeaseOutcome.Assigned.class, a -> {
            assertThat(a.lease().subscriberId()).isEqualTo("carol");
            assertThat(a.lease().deviceId()).contains("onu-1");
            assertThat(a.lease().devicePort()).isEmpty();
        });
    }

    @Test
    @DisplayName("S1.6 two accounts on one port are ambiguous: never 'first row wins'")
    void commit_twoSubscribersOnPort_ambiguous() {
        LeaseOutcome outcome = leases.commit(commit("198.51.100.11", ALICE_PC, switchPort(7), T0));

        assertThat(outcome).isInstanceOfSatisfying(LeaseOutcome.AmbiguousSubscriber.class, a -> {
            assertThat(a.subscriberIds()).containsExactly("dup-1", "dup-2");
            assertThat(a.port()).hasValue(7);
        });
        assertThat(leases.allLeases()).isEmpty();
        assertThat(leases.recentEvents(1)).singleElement()
                .satisfies(e -> assertThat(e.reason()).hasValueSatisfying(r -> assertThat(r).contains("dup-1")));
    }

    @Test
    @DisplayName("S1.7 an ONU with two accounts bound is ambiguous too")
    void commit_onuWithTwoSubscribers_ambiguous() {
        RelayAgentInformation bdcom = RelayAgentInformation.of("EPON0/1:7".getBytes(),
                java.util.HexFormat.of().parseHex("0006fcfaf7123456"));
        assertThat(leases.commit(commit("198.51.100.12", ALICE_PC, bdcom, T0)))
                .isInstanceOfSatisfying(LeaseOutcome.AmbiguousSubscriber.class,
                        a -> assertThat(a.port()).isEmpty());
    }

    @Test
    @DisplayName("S1.6 a port with no account is NoSubscriber")
    void commit_emptyPort_noSubscriber() {
        assertThat(leases.commit(commit("198.51.100.11", ALICE_PC, switchPort(9), T0)))
                .isInstanceOfSatisfying(LeaseOutcome.NoSubscriber.class, n -> {
                    assertThat(n.device()).isEqualTo(Network.SWITCH);
                    assertThat(n.port()).hasValue(9);
                });
        assertThat(leases.recentEvents(1).get(0).outcome()).isEqualTo("no-subscriber");
    }

    @Test
    @DisplayName("S1.5 an event from an unregistered device is rejected with a reason and recorded")
    void commit_unregisteredDevice_rejectedAndRecorded() {
        RelayAgentInformation stranger = RelayAgentInformation.parse("0x010600040064000302080006001B54C2A080");

        LeaseOutcome outcome = leases.commit(commit("198.51.100.10", ALICE_PC, stranger, T0));

        assertThat(outcome).isInstanceOfSatisfying(LeaseOutcome.Rejected.class, r -> {
            assertThat(r.reason()).isEqualTo(RejectReason.UNKNOWN_DEVICE);
            assertThat(r.detail()).contains("00:1b:54:c2:a0:80");
        });
        assertThat(leases.recentEvents(1)).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo("rejected");
            assertThat(e.reason()).hasValueSatisfying(r -> assertThat(r).startsWith("UNKNOWN_DEVICE: "));
            assertThat(e.id()).isEqualTo(outcome.eventId());
        });
        assertThat(leases.allLeases()).isEmpty();
    }

    @Test
    void commit_accountChecks_rejectedWithReason() {
        subscribers.update(new Subscriber("alice", OptionalInt.of(5), "internet", false, true));
        assertThat(rejection(leases.commit(commit("198.51.100.10", ALICE_PC, switchPort(5), T0))))
                .isEqualTo(RejectReason.NOT_DYNAMIC_IP);
        subscribers.update(new Subscriber("alice", OptionalInt.of(5), "internet", true, false));
        assertThat(rejection(leases.commit(commit("198.51.100.10", ALICE_PC, switchPort(5), T0))))
                .isEqualTo(RejectReason.ACCESS_DENIED);
    }

    @Test
    @DisplayName("S1.3 the address must lie in a pool of the subscriber's kind")
    void commit_addressOutsideSubscribersPools_rejected() {
        LeaseOutcome guest = leases.commit(commit("203.0.113.50", ALICE_PC, switchPort(5), T0));
        assertThat(guest).isInstanceOfSatisfying(LeaseOutcome.Rejected.class, r -> {
            assertThat(r.reason()).isEqualTo(RejectReason.IP_NOT_IN_POOL);
            assertThat(r.detail()).contains("pool guest-1 of kind guest").contains("kind internet");
        });
        assertThat(rejection(leases.commit(commit("198.51.100.250", ALICE_PC, switchPort(5), T0))))
                .as("outside every range").isEqualTo(RejectReason.IP_NOT_IN_POOL);
    }

    @Test
    @DisplayName("a unicast renewal without Option 82 renews the lease; it is not 'device not found'")
    void commit_withoutOption82_renewsExistingLease() {
        leases.commit(commit("198.51.100.10", ALICE_PC, switchPort(5), T0));
        clock.advance(Duration.ofMinutes(5));

        DhcpEvent renewal = Network.event(DhcpEventType.COMMIT, "198.51.100.10", T0.plusSeconds(300))
                .clientMac(ALICE_PC).build();
        assertThat(leases.commit(renewal)).isInstanceOfSatisfying(LeaseOutcome.Renewed.class,
                r -> assertThat(r.lease().devicePort()).hasValue(5));

        DhcpEvent otherMac = Network.event(DhcpEventType.COMMIT, "198.51.100.10", T0.plusSeconds(301))
                .clientMac(BOB_PC).build();
        assertThat(rejection(leases.commit(otherMac))).isEqualTo(RejectReason.MAC_MISMATCH);

        DhcpEvent unknown = Network.event(DhcpEventType.COMMIT, "198.51.100.99", T0).clientMac(BOB_PC).build();
        assertThat(rejection(leases.commit(unknown))).isEqualTo(RejectReason.NO_OPTION82);
    }

    @Test
    @DisplayName("S1.2 release and expiry free the address only when the MAC matches")
    void free_macChecked_freedOrKept() {
        leases.commit(commit("198.51.100.10", ALICE_PC, switchPort(5), T0));

        assertThat(rejection(leases.free(free(DhcpEventType.RELEASE, "198.51.100.10", BOB_PC, T0.plusSeconds(1)))))
                .isEqualTo(RejectReason.MAC_MISMATCH);
        assertThat(leases.lease(Ipv4Address.parse("198.51.100.10"))).as("kept").isPresent();

        LeaseOutcome freed = leases.free(free(DhcpEventType.RELEASE, "198.51.100.10", ALICE_PC, T0.plusSeconds(2)));
        assertThat(freed).isInstanceOfSatisfying(LeaseOutcome.Freed.class, f -> {
            assertThat(f.action()).isEqualTo(LeaseAction.RELEASE);
            assertThat(f.lease().subscriberId()).isEqualTo("alice");
        });
        assertThat(leases.lease(Ipv4Address.parse("198.51.100.10"))).isEmpty();
        assertThat(count("nas_sync")).as("assigned, then freed").isEqualTo(2);

        LeaseOutcome twice = leases.free(free(DhcpEventType.RELEASE, "198.51.100.10", ALICE_PC, T0.plusSeconds(3)));
        assertThat(twice).isInstanceOfSatisfying(LeaseOutcome.Unchanged.class,
                u -> assertThat(u.reason()).isEqualTo(UnchangedReason.NOT_HELD));
    }

    @Test
    @DisplayName("S1.2 expiry without a MAC, and a decline, free the address")
    void free_expiryAndDecline() {
        leases.commit(commit("198.51.100.10", ALICE_PC, switchPort(5), T0));
        leases.commit(commit("198.51.100.11", BOB_PC, switchPort(6), T0));

        assertThat(leases.free(free(DhcpEventType.EXPIRY, "198.51.100.10", null, T0.plusSeconds(600))))
                .isInstanceOfSatisfying(LeaseOutcome.Freed.class,
                        f -> assertThat(f.action()).isEqualTo(LeaseAction.EXPIRE));
        assertThat(leases.free(free(DhcpEventType.DECLINE, "198.51.100.11", null, T0.plusSeconds(1))))
                .isInstanceOfSatisfying(LeaseOutcome.Freed.class,
                        f -> assertThat(f.action()).isEqualTo(LeaseAction.DECLINE));
        assertThat(leases.allLeases()).isEmpty();
    }

    @Test
    @DisplayName("an event older than the lease's last change is stale and changes nothing")
    void events_outOfOrder_staleIgnored() {
        leases.commit(commit("198.51.100.10", ALICE_PC, switchPort(5), T0));
        leases.commit(commit("198.51.100.10", BOB_PC, switchPort(6), T0.plusSeconds(10)));

        LeaseOutcome late = leases.commit(commit("198.51.100.10", ALICE_PC, switchPort(5), T0.plusSeconds(5)));
        assertThat(late).isInstanceOfSatisfying(LeaseOutcome.Unchanged.class,
                u -> assertThat(u.reason()).isEqualTo(UnchangedReason.STALE));
        LeaseOutcome lateRelease = leases.free(free(DhcpEventType.RELEASE, "198.51.100.10", BOB_PC,
                T0.plusSeconds(9)));
        assertThat(lateRelease).isInstanceOf(LeaseOutcome.Unchanged.class);
        assertThat(leases.lease(Ipv4Address.parse("198.51.100.10"))).map(Lease::subscriberId).contains("bob");
    }

    @Test
    @DisplayName("S1.6 djing's pre-decoded switch_mac / switch_port commit is authorized the same way")
    void commit_predecodedLocation_authorized() {
        DhcpEvent djing = DhcpEvent.builder(DhcpEventType.COMMIT, Ipv4Address.parse("198.51.100.30"),
                        EventSource.DJING, T0)
                .clientMac(BOB_PC)
                .decodedLocation(DeviceLocation.builder("djing").deviceMac(Network.SWITCH_MAC).port(6).build())
                .build();
        assertThat(leases.commit(djing)).isInstanceOfSatisfying(LeaseOutcome.Assigned.class,
                a -> assertThat(a.lease().subscriberId()).isEqualTo("bob"));
        assertThat(leases.recentEvents(1).get(0).source()).isEqualTo(EventSource.DJING);
    }

    @Test
    @DisplayName("S1.5 input that cannot be understood is still recorded")
    void recordInvalidInput_logged() {
        LeaseOutcome.Rejected r = leases.recordInvalidInput(EventSource.ISC_DHCPD, "event=commit&ip=999.1.1.1",
                "ip: '999.1.1.1' is not an IPv4 address");
        assertThat(r.reason()).isEqualTo(RejectReason.INVALID_INPUT);
        RecordedEvent logged = leases.recentEvents(1).get(0);
        assertThat(logged.id()).isEqualTo(r.eventId());
        assertThat(logged.raw()).contains("event=commit&ip=999.1.1.1");
        assertThat(logged.ip()).isEmpty();
    }

    @Test
    @DisplayName("the history replays to the lease table")
    void history_replaysToCurrentLeases() {
        leases.commit(commit("198.51.100.10", ALICE_PC, switchPort(5), T0));
        leases.commit(commit("198.51.100.11", BOB_PC, switchPort(6), T0));
        leases.commit(commit("198.51.100.10", BOB_PC, switchPort(6), T0.plusSeconds(1)));
        leases.free(free(DhcpEventType.RELEASE, "198.51.100.11", BOB_PC, T0.plusSeconds(2)));
        leases.commit(commit("198.51.100.20", CAROL_PC, Network.zteOnu(), T0));

        assertThat(HistoryReplay.replay(leases.history(1000))).isEqualTo(HistoryReplay.holders(leases.allLeases()));
    }

    private static RejectReason rejection(LeaseOutcome outcome) {
        assertThat(outcome).isInstanceOf(LeaseOutcome.Rejected.class);
        return ((LeaseOutcome.Rejected) outcome).reason();
    }
}
