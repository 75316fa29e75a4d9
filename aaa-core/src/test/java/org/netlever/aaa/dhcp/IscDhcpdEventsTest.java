package org.netlever.aaa.dhcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.netlever.aaa.ip.Ipv4Address;
import org.netlever.option82.MacAddress;
import org.netlever.option82.Option82Decoders;

/** dhcpd's execute() arguments, as recorded from a real dhcpd 4.4.3, and the lever's HTTP form (S1.1). */
class IscDhcpdEventsTest {

    private static final Instant AT = Instant.parse("2026-11-21T12:00:00Z");

    @Test
    @DisplayName("S1.1 S1.4 a recorded dhcpd commit carries the switch's Option 82 in colon-hex")
    void fromArguments_recordedCommit_decodes() {
        DhcpEvent e = IscDhcpdEvents.fromArguments(Recordings.dhcpdArgs("commit-dlink"), AT);
        assertThat(e.type()).isEqualTo(DhcpEventType.COMMIT);
        assertThat(e.ip()).isEqualTo(Ipv4Address.parse("198.51.100.10"));
        assertThat(e.clientMac()).contains(MacAddress.parse("02:00:00:00:00:42"));
        assertThat(e.source()).isEqualTo(EventSource.ISC_DHCPD);
        assertThat(e.occurredAt()).isEqualTo(AT);
        assertThat(Option82Decoders.autoDetect().decodeOrThrow(e.option82().orElseThrow()).port()).hasValue(5);
    }

    @Test
    void fromArguments_recordedZteCommit_textSubOptions() {
        DhcpEvent e = IscDhcpdEvents.fromArguments(Recordings.dhcpdArgs("commit-zte-onu"), AT);
        assertThat(Option82Decoders.zteOnu().decodeOrThrow(e.option82().orElseThrow()).deviceSerial())
                .contains("ZTEGC0288E70");
    }

    @Test
    @DisplayName("a recorded unicast renewal passes empty agent options: no Option 82")
    void fromArguments_recordedRenewal_noOption82() {
        DhcpEvent e = IscDhcpdEvents.fromArguments(Recordings.dhcpdArgs("commit-renew-without-option82"), AT);
        assertThat(e.type()).isEqualTo(DhcpEventType.COMMIT);
        assertThat(e.option82()).isEmpty();
    }

    @Test
    @DisplayName("S1.2 recorded release and expiry carry no Option 82")
    void fromArguments_recordedReleaseAndExpiry() {
        DhcpEvent release = IscDhcpdEvents.fromArguments(Recordings.dhcpdArgs("release"), AT);
        assertThat(release.type()).isEqualTo(DhcpEventType.RELEASE);
        assertThat(release.option82()).isEmpty();
        DhcpEvent expiry = IscDhcpdEvents.fromArguments(Recordings.dhcpdArgs("expiry"), AT);
        assertThat(expiry.type()).isEqualTo(DhcpEventType.EXPIRY);
        assertThat(expiry.clientMac()).contains(MacAddress.parse("02:00:00:00:00:43"));
    }

    @Test
    @DisplayName("S1.5 the giaddr dhcpd passes as the sixth argument is the relay address; 0.0.0.0 is none")
    void fromArguments_giaddr_relayAddressUnlessNotRelayed() {
        // dhcrelay -a on interface "veth-sub0": circuit-id only, in dhcpd's colon-hex; giaddr from packet(24, 4).
        DhcpEvent relayed = IscDhcpdEvents.fromArguments(List.of("commit", "192.0.2.140", "2:0:0:0:0:44", "",
                "76:65:74:68:2d:73:75:62:30", "192.0.2.129"), AT);
        assertThat(relayed.relayAddress()).contains(Ipv4Address.parse("192.0.2.129"));
        assertThat(Option82Decoders.relayInterface().decodeOrThrow(relayed.option82().orElseThrow())
                .relayInterface()).contains("veth-sub0");
        DhcpEvent direct = IscDhcpdEvents.fromArguments(List.of("commit", "192.0.2.141", "2:0:0:0:0:45", "", "",
                "0.0.0.0"), AT);
        assertThat(direct.relayAddress()).isEmpty();
        assertThat(IscDhcpdEvents.fromForm(Map.of("event", "commit", "ip", "192.0.2.141", "giaddr", "0.0.0.0"), AT)
                .relayAddress()).isEmpty();
    }

    @Test
    void fromForm_leverFields_allRead() {
        DhcpEvent e = IscDhcpdEvents.fromForm(Map.of("event", "commit", "ip", "198.51.100.10", "mac", "2:0:0:0:0:42",
                "remote_id", "0:6:f8:e9:3:e7:55:a6", "circuit_id", "0:4:0:98:0:5", "at", "1795263000",
                "id", "lever-17", "hostname", "router", "lease_time", "600", "giaddr", "198.51.100.1"),
                Instant.ofEpochSecond(1795263005));
        assertThat(e.occurredAt()).isEqualTo(Instant.ofEpochSecond(1795263000));
        assertThat(e.sourceEventId()).contains("lever-17");
        assertThat(e.hostname()).contains("router");
        assertThat(e.leaseTime()).contains(Duration.ofMinutes(10));
        assertThat(e.relayAddress()).contains(Ipv4Address.parse("198.51.100.1"));
        assertThat(e.option82()).isPresent();
    }

    @Test
    @DisplayName("a lever clock running ahead cannot date an event after its arrival")
    void fromForm_futureTimestamp_clampedToReceipt() {
        Instant received = Instant.ofEpochSecond(1795263000);
        DhcpEvent e = IscDhcpdEvents.fromForm(Map.of("event", "release", "ip", "198.51.100.10", "at", "1795263999"),
                received);
        assertThat(e.occurredAt()).isEqualTo(received);
    }

    @Test
    void malformedInput_namesTheField() {
        assertThatThrownBy(() -> IscDhcpdEvents.fromArguments(List.of("commit", "198.51.100.300", "2:0:0:0:0:1"), AT))
                .isInstanceOfSatisfying(DhcpEventException.class, e -> assertThat(e.field()).isEqualTo("ip"))
                .hasMessageContaining("octet 300 is above 255");
        assertThatThrownBy(() -> IscDhcpdEvents.fromArguments(List.of("bounce", "198.51.100.3", "2:0:0:0:0:1"), AT))
                .isInstanceOfSatisfying(DhcpEventException.class, e -> assertThat(e.field()).isEqualTo("event"));
        assertThatThrownBy(() -> IscDhcpdEvents.fromArguments(List.of("commit", "198.51.100.3", "2:0:0:0:0:1",
                "0:6:zz", "0:9:0"), AT))
                .isInstanceOfSatisfying(DhcpEventException.class, e -> assertThat(e.field()).isEqualTo("remote_id"));
        assertThatThrownBy(() -> IscDhcpdEvents.fromArguments(List.of("commit"), AT))
                .isInstanceOf(DhcpEventException.class).hasMessageContaining("got 1 argument(s)");
        assertThatThrownBy(() -> IscDhcpdEvents.fromForm(Map.of("event", "commit"), AT))
                .isInstanceOfSatisfying(DhcpEventException.class, e -> assertThat(e.field()).isEqualTo("ip"))
                .hasMessage("ip: missing");
    }
}
