package org.netlever.examples.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.netlever.aaa.testing.Await;

/**
 * One {@code netlever serve} process started from the built jar, its output in files, known by what its ready line
 * said, and stopped by SIGKILL or SIGTERM; a restart is another one on the same configuration. Not thread-safe.
 *
 * @param process the JVM serve runs in
 * @param ready its ready line
 * @param errFile its standard error
 */
record ServeProcess(Process process, Matcher ready, Path errFile) {

    /** The ready line's groups: host of the lever endpoint (its port is the next group). */
    static final int LEVER = 1;
    /** The ready line's groups: host of the softswitch's accounting port. */
    static final int SOFTSWITCH_ACCT = 5;
    /** The ready line's groups: host of the BRAS's authorization port. */
    static final int BRAS_AUTH = 7;
    /** The ready line's groups: host of the BRAS's accounting port. */
    static final int BRAS_ACCT = 9;
    /** The ready line's groups: host of the ops endpoint (/health, /ready, /metrics). */
    static final int OPS = 11;

    private static final Pattern READY = Pattern.compile("netlever serve: ready; lever http://([^:/\\s]+):(\\d+), "
            + "softswitch RADIUS ([^:/\\s]+):(\\d+)/([^:/\\s]+):(\\d+), BRAS RADIUS ([^:/\\s]+):(\\d+)/"
            + "([^:/\\s]+):(\\d+), ops http://([^:/\\s]+):(\\d+)");

    /**
     * Starts serve and waits for its ready line.
     *
     * @param config the configuration
     * @param dir where its output goes
     * @param name the start's name: its output is {@code NAME.out} and {@code NAME.err}
     * @return serve, ready
     */
    static ServeProcess start(Path config, Path dir, String name) throws IOException {
        Path out = dir.resolve(name + ".out");
        Path err = dir.resolve(name + ".err");
        Path jar = Path.of(System.getProperty("netlever.jar", "target/netlever.jar"));
        assertThat(jar).isRegularFile();
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "serve", "--config", config.toString())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        process.getOutputStream().close();
        Matcher[] ready = new Matcher[1];
        try {
            Await.until("serve's ready line in " + out, Duration.ofSeconds(90), () -> {
                Matcher m = READY.matcher(read(out));
                if (m.find()) {
                    ready[0] = m;
                    return true;
                }
                return !process.isAlive();
            });
        } catch (AssertionError e) {
            process.destroyForcibly();
            throw e;
        }
        if (ready[0] == null) {
            throw new AssertionError("serve exited without a ready line: " + read(err));
        }
        return new ServeProcess(process, ready[0], err);
    }

    /** The host a listener is on, by its group in the ready line ({@link #LEVER}, ...). */
    String host(int group) {
        return ready.group(group);
    }

    /** The port a listener is on, by its group in the ready line ({@link #LEVER}, ...). */
    int port(int group) {
        return Integer.parseInt(ready.group(group + 1));
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Kills serve with SIGKILL (on Linux): no shutdown hook runs. */
    void sigkill() {
        process.destroyForcibly();
    }

    /** Asks serve to stop with SIGTERM: its shutdown hooks drain it. */
    void sigterm() {
        process.destroy();
    }

    boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
        return process.waitFor(timeout, unit);
    }

    int exitValue() {
        return process.exitValue();
    }

    /** What serve wrote to its standard error so far. */
    String err() {
        return read(errFile);
    }

    /** A log file's text, empty while it does not exist. */
    static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
