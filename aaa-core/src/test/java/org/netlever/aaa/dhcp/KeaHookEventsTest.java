package org.netlever.aaa.dhcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.netlever.aaa.ip.Ipv4Address;
import org.netlever.option82.MacAddress;
import org.netlever.option82.Option82Decoders;

/** Kea 2.2 run_script hook environments, recorded from a real kea-dhcp4 2.2.0 (S1.1). */
class KeaHookEventsTest {

    private static final Instant AT = Instant.parse("2026-11-21T12:00:00Z");

    private static List<DhcpEvent> events(String recording) {
        Recordings.KeaCall call = Recordings.kea(recording);
        return KeaHookEvents.fromEnvironment(call.hook(), call.env(), AT);
    }

    @Test
    @DisplayName("S1.1 S1.4 leases4_committed: a commit with the relayed Option 82 in 0x hex")
    void committed_dlink_commitWithOption82() {
        assertThat(events("leases4_committed-dlink")).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(DhcpEventType.COMMIT);
            assertThat(e.ip()).isEqualTo(Ipv4Address.parse("198.51.100.10"));
            assertThat(e.clientMac()).contains(MacAddress.parse("02:00:00:00:00:52"));
            assertThat(e.relayAddress()).contains(Ipv4Address.parse("198.51.100.1"));
            assertThat(e.hostname()).contains("test");
            assertThat(e.leaseTime()).contains(Duration.ofSeconds(20));
            assertThat(e.source()).isEqualTo(EventSource.KEA);
            assertThat(Option82Decoders.autoDetect().decodeOrThrow(e.option82().orElseThrow()).port()).hasValue(5);
        });
    }

    @Test
    void committed_textFormats_decodable() {
        assertThat(Option82Decoders.autoDetect().decodeOrThrow(
                events("leases4_committed-zte-onu").get(0).option82().orElseThrow()).decoder()).isEqualTo("zte-onu");
        assertThat(Option82Decoders.autoDetect().decodeOrThrow(
                events("leases4_committed-dcn").get(0).option82().orElseThrow()).port()).hasValue(7);
    }

    @Test
    @DisplayName("a unicast renewal has no QUERY4_OPTION_82 at all: a commit without Option 82")
    void committed_renewalWithoutRelay_noOption82() {
        assertThat(events("leases4_committed-renew-without-option82")).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(DhcpEventType.COMMIT);
            assertThat(e.option82()).isEmpty();
            assertThat(e.relayAddress()).as("QUERY4_GIADDR=0.0.0.0 means no relay").isEmpty();
        });
        assertThat(events("lease4_renew-zte-onu")).singleElement()
                .satisfies(e -> assertThat(e.type()).isEqualTo(DhcpEventType.COMMIT));
    }

    @Test
    @DisplayName("S1.2 a release arrives as lease4_release and as a deleted lease in leases4_committed")
    void release_bothHooks_releaseEvents() {
        assertThat(events("lease4_release-dlink")).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(DhcpEventType.RELEASE);
            assertThat(e.option82()).isEmpty();
            assertThat(e.clientMac()).contains(MacAddress.parse("02:00:00:00:00:52"));
        });
        assertThat(events("leases4_committed-release-deleted")).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(DhcpEventType.RELEASE);
            assertThat(e.ip()).isEqualTo(Ipv4Address.parse("198.51.100.10"));
        });
    }

    @Test
    @DisplayName("S1.2 expiry and decline")
    void expireAndDecline() {
        assertThat(events("lease4_expire-zte-onu")).singleElement()
                .satisfies(e -> assertThat(e.type()).isEqualTo(DhcpEventType.EXPIRY));
        assertThat(events("lease4_decline-dcn")).singleElement()
                .satisfies(e -> assertThat(e.type()).isEqualTo(DhcpEventType.DECLINE));
        assertThat(events("leases4_committed-declined")).as("a declined lease has an empty HWADDR").singleElement()
                .satisfies(e -> {
                    assertThat(e.type()).isEqualTo(DhcpEventType.DECLINE);
                    assertThat(e.clientMac()).isEmpty();
                });
    }

    @Test
    void fromForm_leverFields_hookAndIds() {
        Map<String, String> form = new HashMap<>(Recordings.kea("leases4_committed-dlink").env());
        form.put("source", "kea");
        form.put("hook", "leases4_committed");
        form.put("at", "1795262000");
        form.put("id", "kea-1");
        assertThat(KeaHookEvents.fromForm(form, AT)).singleElement().satisfies(e -> {
            assertThat(e.sourceEventId()).contains("kea-1");
            assertThat(e.occurredAt()).isEqualTo(Instant.ofEpochSecond(1795262000));
        });
        assertThat(DhcpEventForms.toEvents(form, AT)).hasSize(1);
    }

    @Test
    void unknownHookOrBrokenVariable_rejectedWithField() {
        assertThat(KeaHookEvents.fromEnvironment("lease4_recover", Map.of(), AT)).isEmpty();
        assertThatThrownBy(() -> KeaHookEvents.fromEnvironment("pkt4_receive", Map.of(), AT))
                .isInstanceOfSatisfying(DhcpEventException.class, e -> assertThat(e.field()).isEqualTo("hook"));
        Map<String, String> broken = new HashMap<>(Recordings.kea("leases4_committed-dlink").env());
        broken.put("QUERY4_OPTION_82", "0x010800040098");
        assertThatThrownBy(() -> KeaHookEvents.fromEnvironment("leases4_committed", broken, AT))
                .isInstanceOfSatisfying(DhcpEventException.class,
                        e -> assertThat(e.field()).isEqualTo("QUERY4_OPTION_82"))
                .hasMessageContaining("at offset 1");
        Map<String, String> noAddress = new HashMap<>(Recordings.kea("lease4_expire-zte-onu").env());
        noAddress.remove("LEASE4_ADDRESS");
        assertThatThrownBy(() -> KeaHookEvents.fromEnvironment("lease4_expire", noAddress, AT))
                .hasMessage("LEASE4_ADDRESS: missing");
    }
}
