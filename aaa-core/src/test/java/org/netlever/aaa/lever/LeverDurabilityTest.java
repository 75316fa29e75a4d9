package org.netlever.aaa.lever;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netlever.aaa.lease.LeaseService;
import org.netlever.aaa.store.Database;
import org.netlever.aaa.testing.MutableClock;

/**
 * Issue 10: on the durable default storage (an H2 file), the lever's batch — up to 200 events answered by one 200 —
 * waits for the disk once, not once per event; a single event waits once too, and every event is stored when the
 * answer comes.
 */
class LeverDurabilityTest {

    private static final LeverSecret SECRET = LeverSecret.of("9f2c4e61d0a8b7c35e1f0a9d8c7b6a51");

    @TempDir
    Path dir;

    private static String commit(int id) {
        return "source=isc-dhcpd&event=commit&ip=198.51.100.10&mac=2%3A0%3A0%3A0%3A0%3A42"
                + "&remote_id=0%3A6%3Af8%3Ae9%3A3%3Ae7%3A55%3Aa6&circuit_id=0%3A4%3A0%3A98%3A0%3A5&id=lever-" + id;
    }

    private static long events(Database db) {
        return db.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM dhcp_event").mapTo(Long.class).one());
    }

    @Test
    void postBatch_onH2File_oneDiskWaitForTheWholeBatch() throws Exception {
        MutableClock clock = MutableClock.at("2026-11-21T12:00:00Z");
        try (Database db = Database.h2File(dir.resolve("leases"))) {
            LeaseService leases = AliceNetwork.leases(db, clock);
            try (LeverServer server = LeverServer.builder(leases, SECRET).clock(clock)
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).build()) {
                SignedClient client = new SignedClient(server.address(), SECRET, clock);

                Database.DurabilityCounts before = db.durabilityCounts();
                assertThat(client.post(commit(0)).statusCode()).isEqualTo(200);
                Database.DurabilityCounts single = db.durabilityCounts();
                assertThat(single.waits() - before.waits()).as("a single event: one wait").isEqualTo(1);
                assertThat(events(db)).isEqualTo(1);

                byte[] batch = IntStream.rangeClosed(1, 200).mapToObj(LeverDurabilityTest::commit)
                        .collect(Collectors.joining("\n")).getBytes(StandardCharsets.UTF_8);
                HttpResponse<String> r = client.send(client.signed("POST", LeverServer.EVENTS_PATH, batch,
                                clock.instant().getEpochSecond(), SignedClient.nonce())
                        .header("Content-Type", LeverServer.BATCH_TYPE)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(batch)).build());
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                Database.DurabilityCounts after = db.durabilityCounts();
                assertThat(after.waits() - single.waits()).as("200 events, one acknowledgement: one wait")
                        .isEqualTo(1);
                assertThat(after.writes() - single.writes()).as("and one disk write").isEqualTo(1);
                assertThat(events(db)).as("every event of the batch stored when the 200 came").isEqualTo(201);
            }
        }
    }
}
