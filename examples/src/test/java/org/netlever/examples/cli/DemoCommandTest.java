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
    @DisplayName("S1.1-S1.8 the demo keeps leases from dhcpd and Kea events and tells the NAS")
    void demo_tellsTheLeaseStory() {
        CommandRun run = CommandRun.of("demo");
        assertThat(run.out())
                .contains("-> ASSIGNED to alice (sw-17 port 5)")
                .contains("-> ASSIGNED to carol (onu-9)")
                .contains("-> RENEWED for alice")
                .contains("-> AMBIGUOUS: [flat-7a, flat-7b] are all bound to sw-17 port 7")
                .contains("-> REJECTED IP_NOT_IN_POOL: 203.0.113.50 is in pool guest-1 of kind guest")
                .contains("-> REASSIGNED to bob from alice")
                .contains("-> REJECTED MAC_MISMATCH")
                .contains("-> FREED (expire) from carol")
                .contains("  198.51.100.10   bob      mac 02:00:00:00:0b:0b via sw-17 port 6")
                .contains("nas sync: bob     now holds [198.51.100.10] after assigned 198.51.100.10")
                .contains("3 subscribers synced");
        assertThat(run.err()).isEmpty();
    }

    @Test
    @DisplayName("S2.1-S2.9 the demo makes softswitch calls to billing over loopback RADIUS, failing over a down server")
    void demo_tellsTheCallStory() {
        CommandRun run = CommandRun.of("demo");
        assertThat(run.status()).isZero();
        assertThat(run.out())
                .contains("route      routed by billing-2: A 74951234567, B 74957654321;numtype=national, tag local")
                .contains("authorize  authorized, credit 600 s")
                .contains("answer     Start answered, at most 300 s, Interim-Update every 30 s")
                .contains("timer      Interim-Update after 30 s")
                .contains("hold       update sent: true")
                .contains("authorize  goes through on the bypass list (rejected: no billing account for emergency")
                .containsPattern("Interim  \\w{8} after 30s")
                .containsPattern("Update   \\w{8} \\[B:hold\\]")
                .containsPattern("Stop     \\w{8} 74957654321, 45s, cause normal-clearing\\(16\\)")
                .containsPattern("Stop     \\w{8} 74957654322, 0s, cause no-answer\\(19\\) \\(never answered\\)")
                .contains("Server: 11 requests answered")
                .contains("2 servers marked down");
    }

    @Test
    @DisplayName("S3.1-S3.11 the demo walks the seed's PCRF story with a BRAS, real CoA on loopback")
    void demo_tellsThePcrfStory() {
        CommandRun run = CommandRun.of("demo");
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("Scenario 'limit' = limit2h1Gb -> blocking -> again")
                .contains("session    Access-Accept(2), Session-Timeout 86400 s, tariff-plan=limitTP")
                .contains("service    service-name=limit2h1Gb, traffic-class=INTERNET, quota-time=7200, "
                        + "quota-volume=1073741824, default-action=permit")
                .contains("24 interims later, at Mon 2026-11-23 11:00 +05:00: step 0 -> 1 (TIME_QUOTA)")
                .contains("CoA        the BRAS got CoA-Request(43) User-Name 79139001234, Acct-Session-Id "
                        + "esr-1-0001, command=services-reauth -> CoA-ACK")
                .contains("service    service-name=blocking, traffic-class=WELCOME, "
                        + "quota-cron=2026-11-24T07:00:00+05:00[Asia/Yekaterinburg], default-action=redirect, "
                        + "redirect-url=http://10.10.5.50:9000/eltex_portal/access-denied.jsp, "
                        + "url-rule=1:permit:welcome, url-rule=2:permit:white_list")
                .contains("Tue 2026-11-24 07:00 +05:00  step 1 -> 0 (CRON)")
                .contains("stays on step 0 'limit2h1Gb' with 5400 s and 874 MiB left")
                .contains("4 interims later, at Fri 2026-11-27 10:20 +05:00: step 0 -> 1 (VOLUME_QUOTA)")
                .contains("quota-cron=2026-11-30T07:00:00+05:00[Asia/Yekaterinburg]")
                .contains("Sun 2026-11-29 07:00 +05:00: 0 transitions, still 'blocking' (MON-FRI)")
                .contains("Mon 2026-11-30 07:00 +05:00  step 1 -> 0 (CRON)")
                .contains("PCRF: 7 transitions; the BRAS received 4 services-reauth CoA and acknowledged each.");
        assertThat(run.out().lines().filter(line -> line.contains("command=services-reauth -> CoA-ACK")))
                .as("one CoA per transition with a session open").hasSize(4);
    }

    @Test
    void demo_withArguments_usageError() {
        assertThat(CommandRun.of("demo", "--x").status()).isEqualTo(2);
    }
}
