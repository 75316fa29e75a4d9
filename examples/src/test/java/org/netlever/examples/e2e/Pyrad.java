package org.netlever.examples.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The RADIUS load script {@code pyrad/netlever_radius_load.py} and its dictionary, copied out of the test resources
 * and run by python3-pyrad, an implementation netlever did not write. Thread-safe: it only starts processes.
 */
final class Pyrad {

    private static final String PYTHON = "/usr/bin/python3";

    private final Path dir;

    private Pyrad(Path dir) {
        this.dir = dir;
    }

    /**
     * Checks that pyrad is there (else the test is skipped, or fails in CI) and copies the script under a directory.
     *
     * @param parent the test's directory
     * @return the script, ready to run
     */
    static Pyrad install(Path parent) throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of(PYTHON))) {
            Peers.unavailable(PYTHON + " is not installed (Debian package python3-pyrad)");
        }
        Process p = new ProcessBuilder(PYTHON, "-c", "import pyrad.client").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            Peers.unavailable("pyrad is not importable by " + PYTHON + " (Debian package python3-pyrad)");
        }
        Path dir = Files.createDirectories(parent.resolve("pyrad"));
        for (String name : List.of("netlever_radius_load.py", "dictionary")) {
            try (var in = Objects.requireNonNull(Pyrad.class.getResourceAsStream("pyrad/" + name), name)) {
                Files.copy(in, dir.resolve(name));
            }
        }
        return new Pyrad(dir);
    }

    /**
     * Starts the script in one of its modes (see the script's usage); its standard output is the caller's to read,
     * its standard error goes to {@code MODE.err} in {@code logs}.
     */
    Process start(String mode, String host, String ports, String secret, String prefix, String count, Path stopFile,
            Path logs) throws IOException {
        Process p = new ProcessBuilder(PYTHON, dir.resolve("netlever_radius_load.py").toString(), mode, host,
                ports, secret, dir.resolve("dictionary").toString(), prefix, count, stopFile.toString())
                .redirectError(logs.resolve(mode + ".err").toFile()).start();
        p.getOutputStream().close();
        return p;
    }

    /** Hands each line the script prints to {@code line}, until it exits. */
    static void eachLine(Process p, Consumer<String> line) throws IOException {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            String text;
            while ((text = out.readLine()) != null) {
                line.accept(text);
            }
        }
    }
}
