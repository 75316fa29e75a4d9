package org.netlever.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DemoCommandTest {

    @Test
    @DisplayName("S1.4-S1.7 the demo resolves switches by port, ONUs by device, and rejects with reasons")
    void demo_tellsTheOption82Story() {
        CommandRun run = CommandRun.of("demo");
        assertThat(run.status()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out())
                .contains("resolved       sw-17 (D-Link DES/DGS switch) -> find the subscriber on port 5")
                .contains("device's own   huawei-extend: mac 00:e0:fc:11:22:33 slot 1 subslot 0 port 5 vlan 100")
                .contains("resolved       onu-9 (ZTE GPON ONU) -> the device alone selects the subscriber")
                .contains("REJECTED UNKNOWN_DEVICE: no registered device has mac 00:1b:54:c2:a0:80")
                .contains("REJECTED malformed Option 82: sub-option circuit-id(1) at offset 1");
    }

    @Test
    void demo_withArguments_usageError() {
        assertThat(CommandRun.of("demo", "--x").status()).isEqualTo(2);
    }
}
