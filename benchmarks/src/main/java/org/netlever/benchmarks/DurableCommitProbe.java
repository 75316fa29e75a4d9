package org.netlever.benchmarks;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;

import org.netlever.aaa.store.Database;
import org.netlever.aaa.store.Durability;

/**
 * What bounds a durable commit on the machine it runs on, in three measurements (issue 10):
 * <ol>
 *   <li>the device: {@code FileChannel.force} after a 32 KiB append, as a database's flush;</li>
 *   <li>H2 alone, through plain JDBC: how long {@code CHECKPOINT} and {@code CHECKPOINT SYNC} take after 1, 10 and 100
 *       inserts — the write netlever's group commit makes;</li>
 *   <li>{@link Database#inTransaction} on an H2 file with each {@link Durability}, {@code threads} threads inserting
 *       rows for 5 seconds: commits per second, disk writes and the waits they served (the group size).</li>
 * </ol>
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar org.netlever.benchmarks.DurableCommitProbe [threads ...]</pre>
 *
 * <p>Not thread-safe; a command-line program. Files go to a temporary directory, deleted at exit.
 */
public final class DurableCommitProbe {

    private DurableCommitProbe() {
    }

    /**
     * Runs the three measurements.
     *
     * @param args thread counts for the third (default 1 16 64)
     * @throws Exception if a file or the database fails
     */
    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("netlever-durable-probe");
        device(dir.resolve("device.probe"));
        rawH2(dir.resolve("raw"));
        for (String arg : args.length == 0 ? new String[] {"1", "16", "64"} : args) {
            for (Durability durability : Durability.values()) {
                database(dir.resolve(durability + "-" + arg), durability, Integer.parseInt(arg));
            }
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    private static void device(Path file) throws Exception {
        try (FileChannel f = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(32768);
            int n = 500;
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                b.clear();
                f.write(b, (long) i * b.capacity());
                f.force(true);
            }
            System.out.printf("device: 32 KiB append + force(true): %d us%n", (System.nanoTime() - t0) / n / 1000);
        }
    }

    private static void rawH2(Path file) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + file, "sa", "");
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id BIGINT PRIMARY KEY, v VARCHAR(100))");
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO t VALUES (?, ?)")) {
                long id = 0;
                for (String checkpoint : new String[] {"CHECKPOINT", "CHECKPOINT SYNC"}) {
                    for (int rows : new int[] {1, 10, 100}) {
                        long total = 0;
                        int rounds = 300;
                        for (int r = 0; r < rounds; r++) {
                            for (int i = 0; i < rows; i++) {
                                insert.setLong(1, ++id);
                                insert.setString(2, "x".repeat(42));
                                insert.executeUpdate();
                            }
                            long t0 = System.nanoTime();
                            s.execute(checkpoint);
                            total += System.nanoTime() - t0;
                        }
                        System.out.printf("H2 alone: %s after %d inserts: %d us%n", checkpoint, rows,
                                total / rounds / 1000);
                    }
                }
            }
        }
    }

    private static void database(Path file, Durability durability, int threads) throws InterruptedException {
        try (Database db = Database.h2File(file, durability)) {
            db.inTransaction(h -> h.execute("CREATE TABLE t (id BIGINT PRIMARY KEY, v VARCHAR(100))"));
            Database.DurabilityCounts before = db.durabilityCounts();
            AtomicLong ids = new AtomicLong();
            long end = System.nanoTime() + 5_000_000_000L;
            Thread[] workers = new Thread[threads];
            for (int i = 0; i < threads; i++) {
                workers[i] = new Thread(() -> {
                    while (System.nanoTime() < end) {
                        long id = ids.incrementAndGet();
                        db.inTransaction(h -> h.execute("INSERT INTO t VALUES (?, ?)", id, "x".repeat(42)));
                    }
                });
                workers[i].start();
            }
            for (Thread t : workers) {
                t.join();
            }
            Database.DurabilityCounts after = db.durabilityCounts();
            long writes = after.writes() - before.writes();
            long waits = after.waits() - before.waits();
            System.out.printf("Database.inTransaction, %s, %d threads: %d commits/s, %d disk writes, %.1f commits "
                    + "per write, %.2f ms per write%n", durability, threads, ids.get() / 5, writes,
                    writes == 0 ? 0.0 : (double) waits / writes, writes == 0 ? 0.0 : 5000.0 / writes);
        }
    }
}
