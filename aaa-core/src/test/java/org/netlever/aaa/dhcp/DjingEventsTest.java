package org.netlever.aaa.dhcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.netlever.option82.MacAddress;

/** djing's lever contract: the switch MAC and port already extracted. */
class DjingEventsTest {

    private static final Instant AT = Instant.parse("2026-11-21T12:00:00Z");

    @Test
    @DisplayName("S1.4 djing's commit becomes a decoded location, not an Option 82")
    void fromForm_commit_decodedLocation() {
        DhcpEvent e = DhcpEventForms.toEvents(Map.of("cmd", "commit", "client_ip", "198.51.100.100",
                "client_mac", "ff:12:c5:9f:12:56", "switch_mac", "98:45:28:85:25:1a", "switch_port", "3"), AT).get(0);
        assertThat(e.source()).isEqualTo(EventSource.DJING);
        assertThat(e.option82()).isEmpty();
        assertThat(e.decodedLocation()).hasValueSatisfying(l -> {
            assertThat(l.deviceMac()).contains(MacAddress.parse("98:45:28:85:25:1a"));
            assertThat(l.port()).hasValue(3);
            assertThat(l.decoder()).isEqualTo("djing");
        });
    }

    @Test
    void fromForm_releaseAndErrors() {
        DhcpEvent release = DjingEvents.fromForm(Map.of("cmd", "release", "client_ip", "198.51.100.100",
                "client_mac", "ff:12:c5:9f:12:56"), AT);
        assertThat(release.type()).isEqualTo(DhcpEventType.RELEASE);
        assertThat(release.decodedLocation()).isEmpty();
        assertThatThrownBy(() -> DjingEvents.fromForm(Map.of("cmd", "commit", "client_ip", "198.51.100.100"), AT))
                .hasMessage("switch_mac: missing");
        assertThatThrownBy(() -> DjingEvents.fromForm(Map.of("cmd", "commit", "client_ip", "198.51.100.100",
                "switch_mac", "98:45:28:85:25:1a", "switch_port", "x"), AT))
                .isInstanceOfSatisfying(DhcpEventException.class, e -> assertThat(e.field()).isEqualTo("switch_port"));
        assertThatThrownBy(() -> DhcpEventForms.toEvents(Map.of("ip", "1.2.3.4"), AT))
                .isInstanceOfSatisfying(DhcpEventException.class, e -> assertThat(e.field()).isEqualTo("source"));
    }
}
