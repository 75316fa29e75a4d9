package org.netlever.aaa.ip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Ipv4Test {

    @Test
    void parse_roundTrip_andUnsignedOrder() throws Exception {
        Ipv4Address a = Ipv4Address.parse("198.51.100.7");
        assertThat(a).hasToString("198.51.100.7");
        assertThat(a.toUnsigned()).isEqualTo(3325256711L);
        assertThat(Ipv4Address.ofUnsigned(a.toUnsigned())).isEqualTo(a);
        assertThat(Ipv4Address.of((java.net.Inet4Address) InetAddress.getByName("203.0.113.9")))
                .isEqualTo(Ipv4Address.parse("203.0.113.9"));
        assertThat(a.toInetAddress().getHostAddress()).isEqualTo("198.51.100.7");
        assertThat(Ipv4Address.parse("203.0.113.1")).isGreaterThan(Ipv4Address.parse("10.0.0.1"));
        assertThat(Ipv4Address.parse("255.255.255.255").plus(-1)).hasToString("255.255.255.254");
        assertThatThrownBy(() -> Ipv4Address.parse("255.255.255.255").plus(1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "1.2.3|5|expected '.' after octet 3",
            "1.2.3.4.5|7|unexpected text after the fourth octet",
            "01.2.3.4|0|no leading zeros",
            "1.2.3.256|6|octet 256 is above 255",
            "1.2.3.1000|9|at most three digits",
            "a.2.3.4|0|expected a digit, found 'a'"})
    void parse_malformed_namesIndex(String text, int index, String reason) {
        assertThatThrownBy(() -> Ipv4Address.parse(text))
                .isInstanceOfSatisfying(IpAddressFormatException.class, e -> assertThat(e.index()).isEqualTo(index))
                .hasMessageContaining(reason);
    }

    @Test
    void network_containsAndLast() {
        Ipv4Network n = Ipv4Network.parse("198.51.100.0/24");
        assertThat(n.contains(Ipv4Address.parse("198.51.100.255"))).isTrue();
        assertThat(n.contains(Ipv4Address.parse("198.51.101.0"))).isFalse();
        assertThat(n.last()).hasToString("198.51.100.255");
        assertThat(Ipv4Network.parse("0.0.0.0/0").contains(Ipv4Address.parse("203.0.113.1"))).isTrue();
        assertThatThrownBy(() -> Ipv4Network.parse("198.51.100.1/24")).isInstanceOf(IpPoolException.class)
                .hasMessageContaining("the network is 198.51.100.0/24");
        assertThatThrownBy(() -> Ipv4Network.parse("198.51.100.0/33")).isInstanceOf(IpAddressFormatException.class);
    }

    @Test
    void pool_defaultsAndChecks() {
        IpPool pool = IpPool.builder("p", Ipv4Network.parse("198.51.100.0/24"), "internet")
                .gateway(Ipv4Address.parse("198.51.100.1")).build();
        assertThat(pool.first()).as("gateway at the start is left out").hasToString("198.51.100.2");
        assertThat(pool.last()).hasToString("198.51.100.254");
        assertThat(pool.size()).isEqualTo(253);
        IpPool top = IpPool.builder("t", Ipv4Network.parse("203.0.113.0/24"), "guest")
                .gateway(Ipv4Address.parse("203.0.113.254")).build();
        assertThat(top.last()).hasToString("203.0.113.253");
        assertThat(pool.overlaps(top)).isFalse();

        assertThatThrownBy(() -> IpPool.builder("p", Ipv4Network.parse("198.51.100.0/24"), "internet")
                .range(Ipv4Address.parse("198.51.100.10"), Ipv4Address.parse("198.51.100.20"))
                .gateway(Ipv4Address.parse("198.51.100.15")).build())
                .isInstanceOf(IpPoolException.class).hasMessageContaining("inside the range");
        assertThatThrownBy(() -> IpPool.builder("p", Ipv4Network.parse("198.51.100.0/24"), "internet")
                .range(Ipv4Address.parse("198.51.100.10"), Ipv4Address.parse("198.51.101.20")).build())
                .isInstanceOf(IpPoolException.class).hasMessageContaining("is not inside");
        assertThatThrownBy(() -> IpPool.builder("p q", Ipv4Network.parse("198.51.100.0/24"), "internet"))
                .isInstanceOf(IpPoolException.class).hasMessageContaining("' ' at index 1");
        assertThatThrownBy(() -> IpPool.builder("p", Ipv4Network.parse("198.51.100.0/24"), "Internet"))
                .isInstanceOf(IpPoolException.class);
    }
}
