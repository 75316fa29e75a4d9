package org.netlever.aaa.kea;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.netlever.aaa.dhcp.DhcpEventException;
import org.netlever.aaa.ip.Ipv4Address;
import org.netlever.aaa.kea.internal.KeaCsv;
import org.netlever.option82.MacAddress;
import org.netlever.option82.RelayAgentInformation;

/** Kea's lease4 columns and the relay information in their user context (S1.1, issue 14). */
class KeaLease4Test {

    /** The Option 82 perfdhcp sent in the recorded vectors: D-Link circuit-id vlan 100 port 5, the switch's MAC. */
    static final RelayAgentInformation PERFDHCP_OPTION82 =
            RelayAgentInformation.parse(HexFormat.of().parseHex("010600040064000502080006f8e903e755a6"));

    static List<String> vector(String name) throws IOException {
        try (InputStream in = KeaLease4Test.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    private static KeaLease4 row(List<String> lines, int index) {
        return KeaLease4.fromColumns(KeaCsv.columns(KeaCsv.split(lines.get(0)), lines.get(index)));
    }

    @Test
    @DisplayName("S1.1 Kea 2.2's recorded memfile row: columns, cltt and the hex relay-agent-info")
    void fromColumns_kea22MemfileRow_readsColumnsAndOption82() throws IOException {
        List<String> lines = vector("kea-2.2-memfile-release.csv");

        KeaLease4 lease = row(lines, 1);

        assertThat(lease.address()).isEqualTo(Ipv4Address.parse("198.51.100.10"));
        assertThat(lease.hwaddr()).contains(MacAddress.parse("00:0c:01:02:03:04"));
        assertThat(lease.validLifetime()).isEqualTo(30);
        assertThat(lease.expire()).isEqualTo(1796155834L);
        assertThat(lease.cltt()).isEqualTo(1796155804L);
        assertThat(lease.subnetId()).isEqualTo(1);
        assertThat(lease.state()).isEqualTo(KeaLease4.STATE_DEFAULT);
        assertThat(lease.hostname()).isEmpty();
        assertThat(lease.relayAgentInformation()).contains(PERFDHCP_OPTION82);
    }

    @Test
    @DisplayName("S1.1 Kea 2.4's map form, as a memfile row with its commas escaped as &#x2c")
    void relayAgentInformation_kea24MapWithEscapedCommas_readsSubOptions() {
        // The form of isc-projects/kea src/lib/dhcpsrv/alloc_engine.cc updateLease4ExtendedInfo.
        List<String> header = KeaCsv.split("address,hwaddr,client_id,valid_lifetime,expire,subnet_id,fqdn_fwd,"
                + "fqdn_rev,hostname,state,user_context,pool_id");
        String line = "198.51.100.20,02:00:00:00:00:a1,,3600,1796159400,1,0,0,alice&#x2cpc,0,"
                + "{ \"ISC\": { \"relay-agent-info\": { \"remote-id\": \"0006F8E903E755A6\"&#x2c "
                + "\"sub-options\": \"0x010600040064000502080006F8E903E755A6\" } } },0";

        KeaLease4 lease = KeaLease4.fromColumns(KeaCsv.columns(header, line));

        assertThat(lease.hostname()).isEqualTo("alice,pc");
        assertThat(lease.relayAgentInformation()).contains(PERFDHCP_OPTION82);
    }

    @Test
    void relayAgentInformation_withOptionHeader_readsPayload() {
        KeaLease4 lease = lease("{\"ISC\":{\"relay-agent-info\":\"0x5212010600040064000502080006F8E903E755A6\"}}");

        assertThat(lease.relayAgentInformation()).contains(PERFDHCP_OPTION82);
    }

    @Test
    void relayAgentInformation_noneOrOtherContext_isEmpty() {
        assertThat(lease("").relayAgentInformation()).isEmpty();
        assertThat(lease("{\"ISC\":{\"client-classes\":[\"ALL\"]}}").relayAgentInformation()).isEmpty();
        assertThat(lease("{\"comment\":\"x\"}").relayAgentInformation()).isEmpty();
    }

    @Test
    void relayAgentInformation_malformed_namesTheUserContext() {
        assertThatThrownBy(() -> lease("{not json").relayAgentInformation())
                .isInstanceOf(DhcpEventException.class).hasMessageStartingWith("user_context: not JSON");
        assertThatThrownBy(() -> lease("{\"ISC\":{\"relay-agent-info\":\"0x0109\"}}").relayAgentInformation())
                .isInstanceOf(DhcpEventException.class).hasMessageContaining("not a well-formed Option 82");
        assertThatThrownBy(() -> lease("{\"ISC\":{\"relay-agent-info\":\"0xZZ\"}}").relayAgentInformation())
                .isInstanceOf(DhcpEventException.class).hasMessageContaining("0xZZ");
        assertThatThrownBy(() -> lease("{\"ISC\":{\"relay-agent-info\":{\"remote-id\":\"00\"}}}")
                .relayAgentInformation()).isInstanceOf(DhcpEventException.class)
                .hasMessageContaining("sub-options");
    }

    @Test
    void fromColumns_postgresqlForms_addressAsIntegerAndBareHexMac() {
        KeaLease4 lease = KeaLease4.fromColumns(Map.of("address", "3325256714", "hwaddr", "0200000000a1",
                "valid_lifetime", "3600", "expire", "1796159400", "state", "1"));

        assertThat(lease.address()).isEqualTo(Ipv4Address.parse("198.51.100.10"));
        assertThat(lease.hwaddr()).contains(MacAddress.parse("02:00:00:00:00:a1"));
        assertThat(lease.state()).isEqualTo(KeaLease4.STATE_DECLINED);
    }

    @Test
    void fromColumns_badColumns_nameTheColumn() {
        assertThatThrownBy(() -> KeaLease4.fromColumns(Map.of("hwaddr", "", "valid_lifetime", "1", "expire", "2")))
                .isInstanceOf(DhcpEventException.class).hasMessage("address: missing");
        assertThatThrownBy(() -> KeaLease4.fromColumns(Map.of("address", "198.51.100.300", "valid_lifetime", "1",
                "expire", "2"))).isInstanceOf(DhcpEventException.class).hasMessageStartingWith("address:");
        assertThatThrownBy(() -> KeaLease4.fromColumns(Map.of("address", "198.51.100.3", "hwaddr", "zz",
                "valid_lifetime", "1", "expire", "2"))).hasMessageStartingWith("hwaddr:");
        assertThatThrownBy(() -> KeaLease4.fromColumns(Map.of("address", "198.51.100.3", "valid_lifetime", "x",
                "expire", "2"))).hasMessageStartingWith("valid_lifetime:");
        assertThatThrownBy(() -> KeaLease4.fromColumns(Map.of("address", "198.51.100.3", "valid_lifetime", "-1",
                "expire", "2"))).hasMessageStartingWith("valid_lifetime:");
        assertThatThrownBy(() -> KeaCsv.columns(KeaCsv.split("address,hwaddr,expire"), "198.51.100.3"))
                .isInstanceOf(DhcpEventException.class).hasMessageContaining("truncated");
    }

    @Test
    void unescape_keepsWhatIsNotAnEscape() {
        assertThat(KeaCsv.unescape("a&#x2cb&#x2C&#x")).isEqualTo("a,b,&#x");
        assertThat(KeaCsv.unescape("&#xzz1")).isEqualTo("&#xzz1");
    }

    private static KeaLease4 lease(String userContext) {
        return new KeaLease4(Ipv4Address.parse("198.51.100.10"), java.util.Optional.empty(), 60, 1000, 1, "", 0,
                userContext);
    }
}
