package org.netlever.examples.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.netlever.aaa.testing.Await;

/**
 * A crash trial's dhcpd: the shipped lever script, installed in the trial's directory with its configuration and
 * spool, run as dhcpd's execute() runs it, one commit after the other for bob's port until serve is killed; it keeps
 * the MACs of the events the script was handed, and flushes the spool once serve is back. Thread-safe.
 */
final class LeverScriptPeer {

    private final Path dir;
    private final int trial;
    private final AtomicBoolean killed;
    private final List<String> failures;
    private final Path lever;
    private final Path spool;
    private final Path err;
    private final Set<Long> invoked = ConcurrentHashMap.newKeySet();

    /**
     * Installs the script.
     *
     * @param dir the trial's directory
     * @param trial the trial's number, in every MAC the script is handed
     * @param killed set once serve is killed: the commits stop
     * @param failures where a script that fails is reported
     */
    LeverScriptPeer(Path dir, int trial, AtomicBoolean killed, List<String> failures) throws IOException {
        this.dir = dir;
        this.trial = trial;
        this.killed = killed;
        this.failures = failures;
        this.lever = dir.resolve("netlever-lever");
        Files.copy(LeverBilling.REPOSITORY.resolve("examples/lever/netlever-lever"), lever,
                StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(lever, PosixFilePermissions.fromString("rwx------"));
        this.spool = dir.resolve("spool");
        this.err = dir.resolve("lever.err");
    }

    /** Points the script at a (re)started serve. */
    void configure(ServeProcess serve, Path secrets) throws IOException {
        Files.writeString(dir.resolve("lever.conf"), "NETLEVER_URL=http://" + serve.host(ServeProcess.LEVER) + ":"
                + serve.port(ServeProcess.LEVER) + "\nNETLEVER_SECRET_FILE=" + secrets.resolve("lever.secret")
                + "\nNETLEVER_SPOOL=" + spool + "\nNETLEVER_TIMEOUT=5\n");
    }

    /**
     * Runs the script until serve is killed (or the script fails): each time a commit with a MAC of its own
     * (02:1e:00:TRIAL:counter), so that its rows can be found again.
     */
    void run() throws IOException, InterruptedException {
        long counter = 0;
        while (!killed.get()) {
            counter++;
            long mac = (0x021eL << 32) | ((long) trial << 16) | counter;
            String text = String.format(Locale.ROOT, "2:1e:0:%x:%x:%x", trial, (counter >> 8) & 0xff, counter & 0xff);
            String ip = "198.51.100." + (100 + counter % 100);
            Process p = new ProcessBuilder(lever.toString(), "commit", ip, text, "0:6:f8:e9:3:e7:55:a6",
                    "0:4:0:98:0:6").redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.appendTo(err.toFile())).start();
            p.getOutputStream().close();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                failures.add("the lever script did not return within 30 s");
                return;
            }
            if (p.exitValue() == 0) {
                invoked.add(mac);
            } else {
                failures.add("the lever script exited " + p.exitValue() + ": " + ServeProcess.read(err));
                return;
            }
        }
    }

    /** Runs {@code netlever-lever flush} until the spool holds no event. */
    void flush() {
        Await.until("the lever to flush its spool " + spool, Duration.ofSeconds(90), () -> {
            runQuietly(lever.toString(), "flush");
            try (Stream<Path> files = Files.list(spool)) {
                return files.noneMatch(f -> f.getFileName().toString().endsWith(".event"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** The MACs of the events the script was handed (it exited 0: sent, or spooled to be sent). */
    Set<Long> invoked() {
        return invoked;
    }

    private void runQuietly(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.appendTo(err.toFile())).start();
            p.getOutputStream().close();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
