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
 * The pyrad scripts — the RADIUS load {@code pyrad/netlever_radius_load.py} and the BRAS {@code pyrad/netlever_bras.py}
 * — and their dictionary, copied out of the test resources and run by python3-pyrad, an implementation netlever did
 * not write. Thread-safe: it only starts processes.
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
        for (String name : List.of("netlever_radius_load.py", "netlever_bras.py", "dictionary")) {
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
        Process p = run("netlever_radius_load.py", logs.resolve(mode + ".err"), mode, host, ports, secret,
                dictionary().toString(), prefix, count, stopFile.toString());
        p.getOutputStream().close();
        return p;
    }

    /**
     * Starts one of the scripts; its standard input and output are the caller's.
     *
     * @param script the script's file name, e.g. {@code netlever_bras.py}
     * @param err where its standard error goes
     * @param args its arguments (see the script's usage)
     * @return the running script
     */
    Process run(String script, Path err, String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of(PYTHON, dir.resolve(script).toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(err.toFile()).start();
    }

    /** The dictionary the scripts decode with. */
    Path dictionary() {
        return dir.resolve("dictionary");
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
