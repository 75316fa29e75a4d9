package org.netlever.examples.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.netlever.examples.e2e.TrialResult.Tally;

/**
 * Issue 10's crash test: {@code netlever serve} from the built jar, on its default H2 file storage and on a real
 * PostgreSQL, is killed with SIGKILL at a random moment while four peers send it bursts of work — signed lever
 * events over HTTP, events through the shipped lever script as dhcpd runs it, a softswitch's accounting Starts and
 * Stops of calls (some left open, their credit reserved) and BRAS interims that use up a PCRF quota, the last two from
 * python3-pyrad. After a restart on the same storage, the lever flushes its spool and the softswitch and the BRAS send
 * again what the kill left unanswered, as they would; then SIGTERM, and the database is opened directly: every item
 * serve acknowledged (and every event the lever was handed) must be stored exactly once — an acknowledged Start's
 * credit held by one reservation until its acknowledged Stop charges it once (S2.4, S2.7) — and nothing may be
 * half-applied.
 *
 * <p>This class runs the trials ({@link CrashTrial}: serve by {@link ServeProcess}, the peers {@link LeverHttpPeer},
 * {@link LeverScriptPeer}, {@link SoftswitchPeer} and {@link BrasPeer}, the check by {@link StoreAuditor}) and holds
 * their results to the claim.
 *
 * <p>The random moments come from a seeded {@link Random}; the seed is printed and can be replayed with
 * {@code -Dnetlever.crash.seed=N}; {@code -Dnetlever.crash.trials=N} changes the number of trials per storage, and
 * {@code -Dnetlever.crash.storage=H2} (or {@code POSTGRESQL}) runs one storage only.
 */
class CrashSafetyIT {

    private static final int TRIALS = Integer.getInteger("netlever.crash.trials", 5);
    private static final long SEED = Long.getLong("netlever.crash.seed", System.nanoTime());

    /** The storage serve runs on. */
    enum Storage { H2, POSTGRESQL }

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    @ParameterizedTest(name = "{0}")
    @EnumSource(Storage.class)
    @DisplayName("SIGKILL during bursts of lever, lever-script, softswitch Start/Stop and BRAS work: nothing"
            + " acknowledged is lost or doubled")
    void serve_sigkillDuringBursts_keepsEveryAcknowledgedItemExactlyOnce(Storage storage) throws Exception {
        Assumptions.assumeTrue(System.getProperty("netlever.crash.storage", storage.name()).equals(storage.name()),
                "-Dnetlever.crash.storage picks another storage");
        Peers.require("curl", "curl");
        Peers.require("openssl", "openssl");
        Pyrad pyrad = Pyrad.install(dir);
        Random random = new Random(SEED + storage.ordinal());
        System.out.printf("CrashSafetyIT %s: seed %d (replay: -Dnetlever.crash.seed=%d), %d trials%n", storage, SEED,
                SEED, TRIALS);
        List<TrialResult> results = new ArrayList<>();
        try (BrasPeer.CoaListener coas = new BrasPeer.CoaListener()) {
            for (int trial = 1; trial <= TRIALS; trial++) {
                TrialResult result = new CrashTrial(dir, storage, trial, random.nextLong(), coas, pyrad, http).run();
                System.out.println(result.line());
                results.add(result);
            }
        }
        String table = storage + ", seed " + SEED + ":\n" + String.join("\n", results.stream().map(TrialResult::line)
                .toList());
        System.out.println(table);
        for (TrialResult r : results) {
            for (Tally t : r.tallies()) {
                if (t.what().equals(Tally.REAUTH) || t.what().equals(Tally.STOPS_RESENT)
                        || t.what().equals(Tally.STARTS_RESENT)) {
                    continue;   // a kill before any quota ran out, or between two records, is a fair trial too
                }
                assertThat(t.acknowledged()).as("trial %d: some %s were acknowledged before the kill (else the trial"
                        + " proves nothing)\n%s", r.trial(), t.what(), table).isPositive();
            }
        }
        long lost = results.stream().flatMap(r -> r.tallies().stream()).mapToLong(Tally::lost).sum();
        long doubled = results.stream().flatMap(r -> r.tallies().stream()).mapToLong(Tally::doubled).sum();
        List<String> problems = results.stream().flatMap(r -> r.problems().stream()).toList();
        assertThat(lost).as("acknowledged items lost after SIGKILL and restart\n%s\n%s", table,
                String.join("\n", problems.stream().limit(40).toList())).isZero();
        assertThat(doubled).as("items stored twice\n%s\n%s", table,
                String.join("\n", problems.stream().limit(40).toList())).isZero();
        assertThat(problems).as("half-applied or inconsistent state\n%s", table).isEmpty();
    }
}
