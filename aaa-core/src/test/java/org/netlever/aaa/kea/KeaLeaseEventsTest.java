package org.netlever.aaa.kea;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.netlever.aaa.dhcp.DhcpEvent;
import org.netlever.aaa.dhcp.DhcpEventType;
import org.netlever.aaa.dhcp.EventSource;
import org.netlever.aaa.ip.Ipv4Address;
import org.netlever.option82.MacAddress;

/** The rules that make a change of a Kea lease4 row a lease event (S1.2, S1.3, issue 14). */
class KeaLeaseEventsTest {

    private static final MacAddress MAC = MacAddress.parse("02:00:00:00:00:a1");
    private static final String RAI = "{\"ISC\":{\"relay-agent-info\":\"0x010600040064000502080006F8E903E755A6\"}}";
    private static final Instant NOW = Instant.ofEpochSecond(2_000);

    private static KeaLease4 row(long valid, long expire, int state) {
        return new KeaLease4(Ipv4Address.parse("198.51.100.10"), Optional.of(MAC), valid, expire, 1, "pc", state,
                RAI);
    }

    private static Optional<DhcpEvent> event(KeaLease4 row, boolean deleted, Optional<Instant> changedAt,
            Optional<Instant> heldUntil) {
        return KeaLeaseEvents.event(row, deleted, EventSource.KEA_MEMFILE, "id-1", changedAt, heldUntil, NOW);
    }

    @Test
    @DisplayName("S1.3 state 0 with a lifetime is a commit at cltt with the stored Option 82")
    void event_defaultState_isCommitAtCltt() {
        DhcpEvent e = event(row(600, 1_600, 0), false, Optional.empty(), Optional.empty()).orElseThrow();

        assertThat(e.type()).isEqualTo(DhcpEventType.COMMIT);
        assertThat(e.occurredAt()).isEqualTo(Instant.ofEpochSecond(1_000));
        assertThat(e.leaseTime()).contains(Duration.ofSeconds(600));
        assertThat(e.option82()).contains(KeaLease4Test.PERFDHCP_OPTION82);
        assertThat(e.clientMac()).contains(MAC);
        assertThat(e.hostname()).contains("pc");
        assertThat(e.sourceEventId()).contains("id-1");
        assertThat(e.source()).isEqualTo(EventSource.KEA_MEMFILE);
    }

    @Test
    @DisplayName("S1.2 a deleted lease still running is a release; run out, an expiry at the held lease's end")
    void event_deleted_releaseOrExpiryByTheHeldLease() {
        DhcpEvent release = event(row(0, 1_000, 0), true, Optional.empty(),
                Optional.of(Instant.ofEpochSecond(2_500))).orElseThrow();
        DhcpEvent expiry = event(row(0, 1_000, 0), true, Optional.empty(),
                Optional.of(Instant.ofEpochSecond(1_600))).orElseThrow();
        DhcpEvent notHeld = event(row(0, 1_000, 0), true, Optional.empty(), Optional.empty()).orElseThrow();

        assertThat(release.type()).isEqualTo(DhcpEventType.RELEASE);
        assertThat(release.occurredAt()).isEqualTo(Instant.ofEpochSecond(1_000));
        assertThat(expiry.type()).isEqualTo(DhcpEventType.EXPIRY);
        assertThat(expiry.occurredAt()).isEqualTo(Instant.ofEpochSecond(1_600));
        assertThat(notHeld.type()).isEqualTo(DhcpEventType.RELEASE);
    }

    @Test
    void event_deletedWithChangeTime_decidesByTheChangeTime() {
        // PostgreSQL's outbox stamps the change: a release read late stays a release.
        DhcpEvent e = event(row(600, 1_600, 0), true, Optional.of(Instant.ofEpochSecond(1_200)),
                Optional.of(Instant.ofEpochSecond(1_600))).orElseThrow();

        assertThat(e.type()).isEqualTo(DhcpEventType.RELEASE);
        assertThat(e.occurredAt()).isEqualTo(Instant.ofEpochSecond(1_200));
    }

    @Test
    void event_deletedStampedBeforeItsCltt_isAtCltt() {
        // The database's clock behind Kea's: the release is not put before the commit it ends.
        DhcpEvent e = event(row(600, 1_600, 0), true, Optional.of(Instant.ofEpochSecond(990)), Optional.empty())
                .orElseThrow();

        assertThat(e.type()).isEqualTo(DhcpEventType.RELEASE);
        assertThat(e.occurredAt()).isEqualTo(Instant.ofEpochSecond(1_000));
    }

    @Test
    @DisplayName("S1.2 state 2 (expired-reclaimed) is an expiry at expire, kept or deleted")
    void event_expiredReclaimed_isExpiry() {
        DhcpEvent kept = event(row(600, 1_600, 2), false, Optional.empty(), Optional.empty()).orElseThrow();
        DhcpEvent flushed = event(row(0, 1_000, 2), true, Optional.empty(), Optional.empty()).orElseThrow();

        assertThat(kept.type()).isEqualTo(DhcpEventType.EXPIRY);
        assertThat(kept.occurredAt()).isEqualTo(Instant.ofEpochSecond(1_600));
        assertThat(flushed.type()).isEqualTo(DhcpEventType.EXPIRY);
    }

    @Test
    void event_declined_isDeclineAndItsRecoveryNothing() {
        KeaLease4 declined = new KeaLease4(Ipv4Address.parse("198.51.100.10"), Optional.empty(), 86_400, 87_400, 1,
                "", 1, "");

        assertThat(event(declined, false, Optional.empty(), Optional.empty())).get()
                .extracting(DhcpEvent::type).isEqualTo(DhcpEventType.DECLINE);
        assertThat(event(declined, true, Optional.empty(), Optional.empty())).isEmpty();
    }

    @Test
    void event_unknownState_isNothing() {
        assertThat(event(row(600, 1_600, 3), false, Optional.empty(), Optional.empty())).isEmpty();
    }
}
