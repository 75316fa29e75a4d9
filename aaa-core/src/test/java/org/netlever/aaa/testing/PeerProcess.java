package org.netlever.aaa.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real peer run as a process (python3-pyrad scripts): checks that the interpreter has the module, and hands its
 * output over line by line. Thread-safe: the queue a process's lines go to is.
 */
public final class PeerProcess {

    private PeerProcess() {
    }

    /**
     * Skips the test (fails it in CI) unless {@code python} can import {@code module}.
     *
     * @param python the interpreter, e.g. {@code /usr/bin/python3}
     * @param module the module, e.g. {@code pyrad}
     * @param debianPackage the package that installs it, e.g. {@code python3-pyrad}
     */
    public static void requirePythonModule(String python, String module, String debianPackage) {
        Peers.require("python3", "python3");
        try {
            Process probe = new ProcessBuilder(python, "-c", "import " + module).redirectErrorStream(true).start();
            if (!probe.waitFor(30, TimeUnit.SECONDS) || probe.exitValue() != 0) {
                Peers.unavailable(module + " is not installed for " + python + " (Debian package " + debianPackage
                        + ")");
            }
        } catch (IOException | InterruptedException e) {
            Peers.unavailable("cannot run " + python + ": " + e);
        }
    }

    /**
     * Reads the process's standard output on a daemon thread, a line at a time, into a queue.
     *
     * @param process the process
     * @return the lines, as they come
     */
    public static BlockingQueue<String> lines(Process process) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "peer-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();
        return lines;
    }
}
