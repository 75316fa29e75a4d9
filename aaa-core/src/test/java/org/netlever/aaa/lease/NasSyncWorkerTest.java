package org.netlever.aaa.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.netlever.aaa.lease.Network.ALICE_PC;
import static org.netlever.aaa.lease.Network.BOB_PC;
import static org.netlever.aaa.lease.Network.T0;
import static org.netlever.aaa.lease.Network.commit;
import static org.netlever.aaa.lease.Network.switchPort;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.netlever.aaa.dhcp.DhcpEventType;
import org.netlever.aaa.ip.Ipv4Address;
import org.netlever.aaa.testing.DatabaseKind;
import org.netlever.aaa.testing.MutableClock;

/** S1.8: the NAS hears about every change, asynchronously, with retries, never losing one. Time is stepped by hand. */
@ParameterizedClass(name = "{0}")
@EnumSource(DatabaseKind.class)
class NasSyncWorkerTest {

    @Parameter
    DatabaseKind kind;

    private DatabaseKind.TestDatabase testDb;
    private MutableClock clock;
    private LeaseService leases;
    private final List<NasSyncRequest> delivered = new CopyOnWriteArrayList<>();
    private final AtomicBoolean nasDown = new AtomicBoolean();
    private NasSyncWorker worker;

    @BeforeEach
    void setUp() {
        testDb = kind.open();
        clock = new MutableClock(T0);
        IpPools pools = new IpPools(testDb.database(), clock);
        pools.add(Network.INTERNET);
        leases = LeaseService.builder(testDb.database()).devices(Network.devices()).subscribers(Network.subscribers())
                .pools(pools).clock(clock).build();
        NasSync nas = request -> {
            if (nasDown.get()) {
                throw new IOException("NAS 198.51.100.1 unreachable");
            }
            delivered.add(request);
        };
        worker = NasSyncWorker.builder(testDb.database(), nas).clock(clock)
                .backoff(Duration.ofSeconds(1), Duration.ofSeconds(30)).build();
    }

    @AfterEach
    void tearDown() {
        worker.close();
        testDb.close();
    }

    @Test
    @DisplayName("S1.8 after a lease is added the subscriber is synced with its current leases")
    void runDue_afterAssign_syncsSubscriberWithCurrentLeases() {
        leases.commit(commit("198.51.100.10", ALICE_PC, switchPort(5), T0));

        assertThat(worker.runDue()).isEqualTo(1);

        assertThat(delivered).singleElement().satisfies(r -> {
            assertThat(r.subscriberId()).isEqualTo("alice");
            assertThat(r.leases()).extracting(Lease::ip).containsExactly(Ipv4Address.parse("198.51.100.10"));
            assertThat(r.changes()).extracting(NasSyncRequest.Change::kind).containsExactly(NasChange.ASSIGNED);
            assertThat(r.attempt()).isEqualTo(1);
        });
        assertThat(worker.runDue()).as("delivered once").isZero();
        assertThat(worker.counts()).containsEntry("done", 1L);
    }

    @Test
    @DisplayName("S1.8 a NAS that is down never blocks or loses the lease: retried with back-off until it answers")
    void runDue_nasDown_retriedWithBackoffAndNothingLost() {
        nasDown.set(true);
        assertThat(leases.commit(commit("198.51.100.10", ALICE_PC, switchPort(5), T0)))
                .as("the lease is recorded while the NAS is down").isInstanceOf(LeaseOutcome.Assigned.class);

        assertThat(worker.runDue()).isZero();
        clock.advance(Duration.ofMillis(999));
        assertThat(worker.runDue()).as("not due before the 1 s back-off").isZero();
        clock.advance(Duration.ofMillis(1));
        worker.runDue();
        clock.advance(Duration.ofSeconds(1));
        assertThat(worker.runDue()).as("second back-off is 2 s").isZero();
        assertThat(worker.counts()).containsEntry("pending", 1L);

        nasDown.set(false);
        clock.advance(Duration.ofSeconds(1));
        assertThat(worker.runDue()).isEqualTo(1);
        assertThat(delivered).singleElement().satisfies(r -> assertThat(r.attempt()).isEqualTo(3));
        assertThat(worker.counts()).containsEntry("done", 1L);
        String lastError = testDb.database().withHandle(h -> h.createQuery("SELECT last_error FROM nas_sync")
                .mapTo(String.class).one());
        assertThat(lastError).as("the outcome is recorded: done clears the error").isNull();
    }

    @Test
    void backoff_doublesUpToTheCap() {
        assertThat(worker.backoff(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(worker.backoff(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(worker.backoff(5)).isEqualTo(Duration.ofSeconds(16));
        assertThat(worker.backoff(6)).isEqualTo(Duration.ofSeconds(30));
        assertThat(worker.backoff(60)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void maxAttempts_reached_abandonedButVisible() {
        NasSyncWorker giving = NasSyncWorker.builder(testDb.database(), r -> {
            throw new IOException("refused");
        }).clock(clock).backoff(Duration.ofSeconds(1), Duration.ofSeconds(1)).maxAttempts(2).build();
        leases.commit(commit("198.51.100.10", ALICE_PC, switchPort(5), T0));
        giving.runDue();
        clock.advance(Duration.ofSeconds(1));
        giving.runDue();
        assertThat(giving.counts()).containsEntry("abandoned", 1L);
        String error = testDb.database().withHandle(h -> h.createQuery("SELECT last_error FROM nas_sync")
                .mapTo(String.class).one());
        assertThat(error).isEqualTo("IOException: refused");
    }

    @Test
    @DisplayName("changes pending for one subscriber are delivered together, with the state at delivery")
    void runDue_severalChangesForOneSubscriber_oneRequestWithCurrentState() {
        leases.commit(commit("198.51.100.10", ALICE_PC, switchPort(5), T0));
        leases.commit(commit("198.51.100.11", ALICE_PC, switchPort(5), T0));
        leases.free(Network.free(DhcpEventType.RELEASE, "198.51.100.10", ALICE_PC, T0.plusSeconds(1)));
        leases.commit(commit("198.51.100.12", BOB_PC, switchPort(6), T0));

        assertThat(worker.runDue()).isEqualTo(2);

        NasSyncRequest alice = delivered.stream().filter(r -> r.subscriberId().equals("alice")).findFirst()
                .orElseThrow();
        assertThat(alice.changes()).hasSize(3);
        assertThat(alice.leases()).extracting(Lease::ip).containsExactly(Ipv4Address.parse("198.51.100.11"));
    }

    @Test
    @DisplayName("a row claimed by a process that died is delivered after the claim timeout")
    void claimedButNeverFinished_redeliveredAfterTimeout() {
        leases.commit(commit("198.51.100.10", ALICE_PC, switchPort(5), T0));
        testDb.database().inTransaction(h -> h.execute("UPDATE nas_sync SET due_at = due_at + INTERVAL '2' MINUTE"));
        assertThat(worker.runDue()).isZero();
        clock.advance(Duration.ofMinutes(2));
        assertThat(worker.runDue()).isEqualTo(1);
    }

    @Test
    void start_backgroundThread_delivers() throws Exception {
        CountDownLatch arrived = new CountDownLatch(1);
        NasSyncWorker background = NasSyncWorker.builder(testDb.database(), r -> {
            delivered.add(r);
            arrived.countDown();
        }).build();
        leases.commit(commit("198.51.100.10", ALICE_PC, switchPort(5), T0));
        background.start(Duration.ofMillis(20));
        try {
            assertThat(arrived.await(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            background.close();
        }
        assertThat(delivered).hasSize(1);
    }
}
