package org.netlever.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netlever.aaa.kea.KeaMemfileFollower;
import org.netlever.aaa.kea.KeaPgsqlFollower;
import org.netlever.server.testing.ExampleConfig;

/** The {@code followers} entries of type {@code kea-memfile} (issue 14). */
class KeaFollowerSectionTest {

    @TempDir
    Path dir;

    private String example;

    private Path withFollowers(String followers) throws IOException {
        Path file = dir.resolve("server/config/netlever.yaml");
        if (example == null) {
            example = Files.readString(ExampleConfig.in(dir).write());
        }
        return Files.writeString(file, example + "\nfollowers:\n" + followers);
    }

    @Test
    void read_keaMemfileWithOnlyItsFile_getsTheLibraryDefaults() throws IOException {
        ServeConfig config = ServeConfigReader.read(withFollowers("  - { type: kea-memfile, leaseFile: leases.csv }\n"));

        assertThat(config.followers()).singleElement().isEqualTo(new KeaFollowerSection.KeaMemfile(
                dir.resolve("server/config/leases.csv").toAbsolutePath().normalize(), Optional.empty(),
                KeaMemfileFollower.DEFAULT_POLL_INTERVAL, KeaMemfileFollower.DEFAULT_BATCH_SIZE,
                KeaMemfileFollower.DEFAULT_MAX_BACKOFF, java.util.List.of()));
        assertThat(config.followers().get(0).type()).isEqualTo("kea-memfile");
    }

    @Test
    void read_keaMemfileWithEveryField_takesThem() throws IOException {
        ServeConfig config = ServeConfigReader.read(withFollowers("  - { type: kea-memfile, leaseFile: /var/lib/kea/"
                + "kea-leases4.csv, name: kea-1, pollInterval: PT1S, batchSize: 100, maxBackoff: PT5S,"
                + " servedNetworks: [ 198.51.100.0/24, 203.0.113.0/25 ] }\n"));

        assertThat(config.followers()).singleElement().isEqualTo(new KeaFollowerSection.KeaMemfile(
                Path.of("/var/lib/kea/kea-leases4.csv"), Optional.of("kea-1"), Duration.ofSeconds(1), 100,
                Duration.ofSeconds(5), java.util.List.of(org.netlever.aaa.ip.Ipv4Network.parse("198.51.100.0/24"),
                        org.netlever.aaa.ip.Ipv4Network.parse("203.0.113.0/25"))));
    }

    @Test
    void read_wrongEntries_reportEveryProblemWithItsField() throws IOException {
        Path file = withFollowers("""
                  - { type: kea-memfile }
                  - { type: kea-memfile, leaseFile: a.csv, pollInterval: PT0.001S, batchSize: 0, typo: 1,
                      servedNetworks: [ 198.51.100.0/33 ] }
                  - { type: dhcpd-leasez, leaseFile: a }
                  - { leaseFile: a }
                """);

        assertThatThrownBy(() -> ServeConfigReader.read(file)).isInstanceOfSatisfying(ConfigException.class, e ->
                assertThat(e.problems()).extracting(p -> p.field() + ": " + p.reason()).contains(
                        "followers[0].leaseFile: required",
                        "followers[1].batchSize: from 1 to 100000, got 0",
                        "followers[1].typo: unknown field; expected one of [batchSize, leaseFile, maxBackoff, name, "
                                + "pollInterval, servedNetworks, type]",
                        "followers[1].servedNetworks[0]: an IPv4 network such as 198.51.100.0/24, got "
                                + "'198.51.100.0/33'",
                        "followers[2].type: unknown follower type 'dhcpd-leasez'; expected dhcpd-leases, kea-memfile or "
                                + "kea-pgsql",
                        "followers[3].type: required"));
        assertThatThrownBy(() -> ServeConfigReader.read(withFollowers(
                "  - { type: kea-memfile, leaseFile: a.csv, pollInterval: PT0.001S }\n")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .extracting(ConfigProblem::field).containsExactly("followers[0]"));
    }

    @Test
    void read_keaPgsql_takesItsFieldsAndTheLibraryDefaults() throws IOException {
        Files.writeString(dir.resolve("kea.password"), "s3cret\n");
        ServeConfig config = ServeConfigReader.read(withFollowers("""
                  - { type: kea-pgsql, url: "jdbc:postgresql://db.example.net/kea" }
                  - { type: kea-pgsql, url: "jdbc:postgresql://db.example.net/kea2", user: kea,
                      passwordFile: ../../kea.password, installOutbox: false, name: kea-2, pollInterval: PT5S,
                      batchSize: 50, maxBackoff: PT1M }
                """));

        assertThat(config.followers()).containsExactly(
                new KeaFollowerSection.KeaPgsql("jdbc:postgresql://db.example.net/kea", Optional.empty(),
                        Optional.empty(), Optional.empty(), true, KeaPgsqlFollower.DEFAULT_POLL_INTERVAL,
                        KeaPgsqlFollower.DEFAULT_BATCH_SIZE, KeaPgsqlFollower.DEFAULT_MAX_BACKOFF),
                new KeaFollowerSection.KeaPgsql("jdbc:postgresql://db.example.net/kea2", Optional.of("kea-2"),
                        Optional.of("kea"), Optional.of("s3cret"), false, Duration.ofSeconds(5), 50,
                        Duration.ofMinutes(1)));
        assertThat(config.followers().get(1).toString()).doesNotContain("s3cret");
    }

    @Test
    void read_keaPgsqlWrong_reportsTheFields() throws IOException {
        Path file = withFollowers("""
                  - { type: kea-pgsql }
                  - { type: kea-pgsql, url: "jdbc:mysql://x/kea", installOutbox: "yes", leaseFile: a }
                """);

        assertThatThrownBy(() -> ServeConfigReader.read(file)).isInstanceOfSatisfying(ConfigException.class, e ->
                assertThat(e.problems()).extracting(p -> p.field() + ": " + p.reason()).contains(
                        "followers[0].url: required",
                        "followers[1].installOutbox: true or false, got 'yes'",
                        "followers[1].leaseFile: unknown field; expected one of [batchSize, installOutbox, "
                                + "maxBackoff, name, passwordFile, pollInterval, type, url, user]"));
    }
}
