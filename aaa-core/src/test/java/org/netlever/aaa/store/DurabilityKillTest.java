package org.netlever.aaa.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 10: "Library users who open H2 themselves get the same guarantee from {@code Database.h2File}". A child JVM
 * commits rows through {@link Database#inTransaction} (eight threads) and {@link Database#inDurableGroup} (groups of
 * 50) on an H2 file and prints each row's id once the call has returned — its acknowledgement; the test kills it with
 * SIGKILL at a random moment under that load, opens the file and counts: every acknowledged row must be there.
 * Without the group commit H2 loses the last ~500 ms of commits (its background writer's delay).
 */
class DurabilityKillTest {

    private static final int TRIALS = 3;

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Durability.class)
    void h2File_killedUnderLoad_keepsEveryAcknowledgedCommit(Durability durability) throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        for (int trial = 1; trial <= TRIALS; trial++) {
            Path file = dir.resolve(durability + "-" + trial);
            int killAfter = 300 + random.nextInt(3000);
            Set<Long> acknowledged = new HashSet<>();
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), Committer.class.getName(), file.toString(),
                    durability.name()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            child.getOutputStream().close();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    acknowledged.add(Long.parseLong(line));
                    if (acknowledged.size() == killAfter) {
                        child.toHandle().destroyForcibly();   // SIGKILL, keeping the pipe to read what was printed
                    }
                }
            }
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(acknowledged).as("the child ran until it was killed (seed %d)", seed)
                    .hasSizeGreaterThanOrEqualTo(killAfter);
            Set<Long> stored = new HashSet<>();
            try (Database db = Database.h2File(file, durability)) {
                stored.addAll(db.withHandle(h -> h.createQuery("SELECT id FROM durability_probe").mapTo(Long.class)
                        .list()));
            }
            Set<Long> lost = new HashSet<>(acknowledged);
            lost.removeAll(stored);
            System.out.printf("DurabilityKillTest %s trial %d (seed %d): %d acknowledged, %d stored, %d lost%n",
                    durability, trial, seed, acknowledged.size(), stored.size(), lost.size());
            assertThat(lost).as("acknowledged rows missing after SIGKILL (%s, trial %d, seed %d)", durability,
                    trial, seed).isEmpty();
        }
    }

    /** The child: commits until killed, printing each acknowledged id. */
    public static final class Committer {
        private Committer() {
        }

        /**
         * Runs the load.
         *
         * @param args the file and the durability
         */
        public static void main(String[] args) {
            Database db = Database.h2File(Path.of(args[0]), Durability.valueOf(args[1]));
            db.inTransaction(h -> h.execute("CREATE TABLE durability_probe (id BIGINT PRIMARY KEY, "
                    + "payload VARCHAR(200) NOT NULL)"));
            PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
            AtomicLong ids = new AtomicLong();
            String payload = "x".repeat(150);
            for (int t = 0; t < 8; t++) {
                Thread thread = new Thread(() -> {
                    while (true) {
                        long id = ids.incrementAndGet();
                        db.inTransaction(h -> h.createUpdate("INSERT INTO durability_probe VALUES (:id, :p)")
                                .bind("id", id).bind("p", payload).execute());
                        synchronized (out) {
                            out.println(id);
                        }
                    }
                });
                thread.start();
            }
            while (true) {
                List<Long> batch = new java.util.ArrayList<>();
                db.inDurableGroup(() -> {
                    for (int i = 0; i < 50; i++) {
                        long id = ids.incrementAndGet();
                        db.inTransaction(h -> h.createUpdate("INSERT INTO durability_probe VALUES (:id, :p)")
                                .bind("id", id).bind("p", payload).execute());
                        batch.add(id);
                    }
                    return null;
                });
                synchronized (out) {
                    batch.forEach(out::println);
                }
            }
        }
    }
}
