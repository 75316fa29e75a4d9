package org.netlever.examples.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.netlever.examples.e2e.LeverBilling.ALICE_PC;
import static org.netlever.examples.e2e.LeverBilling.BOB_PC;
import static org.netlever.examples.e2e.LeverBilling.CAROL_PC;
import static org.netlever.examples.e2e.LeverBilling.await;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netlever.aaa.dhcp.EventSource;
import org.netlever.aaa.kea.KeaPgsqlFollower;
import org.netlever.aaa.lease.FollowerPositions;
import org.netlever.aaa.lease.LeaseAction;

/**
 * S1.1-S1.3, issue 14: a real Kea 2.2 (Debian kea-dhcp4-server) in a network namespace keeps its leases in
 * PostgreSQL — an embedded server, its schema made by Debian's {@code kea-admin db-init pgsql}, reached by Kea over
 * the server's Unix socket — and netlever's KeaPgsqlFollower reads the changes from the outbox it installed: commits
 * land on the right subscribers, a release and an expiry free them, and changes made while the follower is stopped
 * wait in the outbox and are delivered once on start.
 */
class KeaPgsqlFollowerEndToEndTest {

    @Test
    @DisplayName("S1.1-S1.3 real Kea on PostgreSQL followed: commit, release, expiry, a stop without losing a change")
    void realKeaPgsql_followed_commitReleaseExpiryAndRestart(@TempDir Path dir) throws Exception {
        String kea = Peers.require("kea-dhcp4", "kea-dhcp4-server");
        String keaAdmin = Peers.require("kea-admin", "kea-admin");
        Peers.require("psql", "postgresql-client");
        Path socket = Files.createDirectories(dir.resolve("pg"));
        try (NetnsLab lab = NetnsLab.create(); LeverBilling billing = new LeverBilling(dir);
                EmbeddedPostgres pg = EmbeddedPostgres.builder()
                        .setServerConfig("unix_socket_directories", socket.toString()).start()) {
            try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE kea");
            }
            run(keaAdmin, "db-init", "pgsql", "-h", "localhost", "-P", Integer.toString(pg.getPort()), "-u",
                    "postgres", "-p", "", "-n", "kea");
            String url = "jdbc:postgresql://localhost:" + pg.getPort() + "/kea";
            FollowerPositions positions = new FollowerPositions(billing.db, Clock.systemUTC());

            KeaPgsqlFollower first = follower(url, billing, positions);
            await("the outbox installed", () -> outboxRows(pg) >= 0);
            KeaMemfileFollowerEndToEndTest.startKea(kea, lab, dir, """
                    { "type": "postgresql", "name": "kea", "host": "%s", "port": %d, "user": "postgres",
                      "password": "" }""".formatted(socket, pg.getPort()));

            try (DhcpRelayAgent relay = new DhcpRelayAgent(NetnsLab.RELAY, NetnsLab.SERVER)) {
                DhcpRelayAgent.Ack alice = relay.lease(ALICE_PC, LeverBilling.dlinkPort(5));
                await("alice's lease", () -> DhcpdLeverEndToEndTest.holder(billing, alice).equals("alice"));
                assertThat(billing.leases.recentEvents(1).get(0).source()).isEqualTo(EventSource.KEA_PGSQL);
                relay.release(ALICE_PC, alice);
                await("alice's release", () -> billing.leases.lease(alice.ip()).isEmpty());
                first.close();

                // Stopped: bob's lease waits in the outbox.
                DhcpRelayAgent.Ack bob = relay.lease(BOB_PC, LeverBilling.dlinkPort(6));
                await("bob's change in the outbox", () -> outboxRows(pg) > 0);
                assertThat(billing.leases.lease(bob.ip())).isEmpty();

                try (KeaPgsqlFollower second = follower(url, billing, positions)) {
                    await("bob's lease, caught up", () -> DhcpdLeverEndToEndTest.holder(billing, bob).equals("bob"));
                    DhcpRelayAgent.Ack carol = relay.lease(CAROL_PC, LeverBilling.zteOnu());
                    await("carol's lease", () -> DhcpdLeverEndToEndTest.holder(billing, carol).equals("carol"));
                    await("carol's lease to expire (valid-lifetime 8 s)",
                            () -> billing.leases.lease(carol.ip()).isEmpty());
                    assertThat(KeaMemfileFollowerEndToEndTest.actions(billing, carol)).containsExactly(LeaseAction.ASSIGN, LeaseAction.EXPIRE);
                    assertThat(second.parseProblems()).isZero();
                    await("the outbox emptied", () -> outboxRows(pg) == 0);
                }
                assertThat(KeaMemfileFollowerEndToEndTest.actions(billing, alice)).containsExactly(LeaseAction.ASSIGN, LeaseAction.RELEASE);
                assertThat(KeaMemfileFollowerEndToEndTest.actions(billing, bob)).startsWith(LeaseAction.ASSIGN).doesNotHaveDuplicates();
                assertThat(billing.leases.outcomeCounts()).doesNotContainKey("unchanged_duplicate");
            }
        }
    }

    private static KeaPgsqlFollower follower(String url, LeverBilling billing, FollowerPositions positions) {
        KeaPgsqlFollower follower = KeaPgsqlFollower.builder(url).user("postgres").leases(billing.leases)
                .positions(positions).pollInterval(Duration.ofMillis(500)).build();
        follower.start();
        return follower;
    }

    private static long outboxRows(EmbeddedPostgres pg) {
        try (Connection c = pg.getDatabase("postgres", "kea").getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT COUNT(*) FROM netlever_lease4_outbox")) {
            r.next();
            return r.getLong(1);
        } catch (java.sql.SQLException e) {
            return -1;
        }
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("%s: %s", List.of(command), out).isZero();
    }
}
