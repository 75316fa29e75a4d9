package org.netlever.aaa.radius;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netlever.aaa.ip.Ipv4Address;

/** The curated dictionary (S2.8) and users' additions. */
class RadiusDictionaryTest {

    private final RadiusDictionary dictionary = RadiusDictionary.standard();

    @Test
    void standard_definesEveryNamedConstantUnderTheSameName() {
        for (AttributeType type : AttributeType.knownTypes()) {
            assertThat(dictionary.definition(type)).as(type.toString()).hasValueSatisfying(definition ->
                    assertThat(definition.name()).isEqualTo(type.name()));
            assertThat(dictionary.type(type.name())).isEqualTo(type);
        }
        assertThat(dictionary.definition("User-Password").orElseThrow().hidden()).isTrue();
        assertThat(dictionary.definition("Eltex-AVPair").orElseThrow().type())
                .isEqualTo(AttributeType.vendor(VendorId.ELTEX, 1));
    }

    @Test
    void parseAndFormat_useDataTypesAndValueNames() {
        RadiusAttribute status = dictionary.parse("Acct-Status-Type", "Interim-Update");
        assertThat(status).isEqualTo(RadiusAttribute.ofInteger(AttributeType.ACCT_STATUS_TYPE, 3));
        assertThat(dictionary.format(status)).isEqualTo("Acct-Status-Type = Interim-Update");
        assertThat(dictionary.format(dictionary.parse("Framed-IP-Address", "198.51.100.7")))
                .isEqualTo("Framed-IP-Address = 198.51.100.7");
        assertThat(dictionary.parse("Framed-IP-Address", "198.51.100.7").asIpv4())
                .isEqualTo(Ipv4Address.parse("198.51.100.7"));
        assertThat(dictionary.format(dictionary.parse("Cisco-AVPair", "xpgk-route-retries=1")))
                .isEqualTo("Cisco-AVPair = \"xpgk-route-retries=1\"");
        assertThat(dictionary.format(dictionary.parse("Event-Timestamp", "2026-11-21T10:00:00Z")))
                .isEqualTo("Event-Timestamp = 2026-11-21T10:00:00Z");
        assertThat(dictionary.format(dictionary.parse("Class", "0xcafe"))).isEqualTo("Class = 0xcafe");
        assertThat(dictionary.format(dictionary.parse("Eltex-Disconnect-Code-Local", "User-Busy")))
                .isEqualTo("Eltex-Disconnect-Code-Local = User-Busy");
        assertThat(dictionary.format(RadiusAttribute.ofString(AttributeType.USER_PASSWORD, "secret")))
                .isEqualTo("User-Password = <hidden>");
        assertThat(dictionary.format(new RadiusAttribute(AttributeType.of(250), new byte[] {1})))
                .isEqualTo("Attr-250 = 0x01");
        assertThat(dictionary.valueName(AttributeType.ERROR_CAUSE, 503)).hasValue("Session-Context-Not-Found");
        assertThat(dictionary.value(AttributeType.ACCT_STATUS_TYPE, "Stop")).hasValue(2);
    }

    @Test
    void parse_badNameOrValue_saysWhich() {
        assertThatThrownBy(() -> dictionary.parse("No-Such-Attribute", "1")).isInstanceOf(RadiusException.class)
                .hasMessageContaining("'No-Such-Attribute'");
        assertThatThrownBy(() -> dictionary.parse("NAS-Port", "many")).isInstanceOf(RadiusFormatException.class)
                .hasMessageContaining("NAS-Port: 'many' is not a valid integer value");
        assertThatThrownBy(() -> dictionary.parse("Framed-IP-Address", "198.51.100"))
                .hasMessageContaining("not a valid ipaddr value");
    }

    @Test
    void standardWith_userFile_addsVendorsAndRejectsConflicts(@TempDir Path dir) throws IOException {
        Path mikrotik = dir.resolve("dictionary.mikrotik");
        Files.writeString(mikrotik, """
                VENDOR		Mikrotik	14988
                BEGIN-VENDOR	Mikrotik
                ATTRIBUTE	Mikrotik-Rate-Limit	8	string
                END-VENDOR	Mikrotik
                """);
        RadiusDictionary extended = RadiusDictionary.standardWith(List.of(mikrotik));
        assertThat(extended.type("Mikrotik-Rate-Limit")).isEqualTo(AttributeType.vendor(14988, 8));
        assertThat(extended.name(AttributeType.vendor(14988, 8))).isEqualTo("Mikrotik-Rate-Limit");
        assertThat(dictionary.name(AttributeType.vendor(14988, 8))).isEqualTo("Attr-26.14988.8");

        Path conflicting = dir.resolve("dictionary.bad");
        Files.writeString(conflicting, "ATTRIBUTE\tUser-Name\t1\tinteger\n");
        assertThatThrownBy(() -> RadiusDictionary.standardWith(List.of(conflicting)))
                .isInstanceOf(RadiusException.class).hasMessageContaining("dictionary.bad");
        assertThatThrownBy(() -> RadiusDictionary.standardWith(List.of(dir.resolve("missing"))))
                .hasMessageContaining("does not exist");
    }
}
