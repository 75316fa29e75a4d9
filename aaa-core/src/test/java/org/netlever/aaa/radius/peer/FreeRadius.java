package org.netlever.aaa.radius.peer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.netlever.aaa.testing.Peers;

/**
 * A real FreeRADIUS server for tests: a private copy of the distribution's default configuration in a temporary
 * directory, changed only where a test must — listening on 127.0.0.1 at free ports (the inner-tunnel listener and
 * the proxy socket on 0.0.0.0 removed), one client (127.0.0.1 with the test's secret), paths into the directory, no
 * privilege drop, no reject delay — and users prepended to the {@code files} module's list.
 */
final class FreeRadius implements AutoCloseable {

    private static final Path DISTRIBUTION = Path.of("/etc/freeradius/3.0");

    private final Path dir;
    private final Process process;
    private final int authPort;
    private final int acctPort;

    private FreeRadius(Path dir, Process process, int authPort, int acctPort) {
        this.dir = dir;
        this.process = process;
        this.authPort = authPort;
        this.acctPort = acctPort;
    }

    static FreeRadius start(Path dir, String secret, String users) throws IOException {
        String binary = Peers.require("freeradius", "freeradius");
        if (!Files.isDirectory(DISTRIBUTION)) {
            Peers.unavailable(DISTRIBUTION + " is missing (Debian package freeradius-config)");
        }
        Path raddb = dir.resolve("raddb");
        copyTree(DISTRIBUTION, raddb);
        Files.createDirectories(dir.resolve("log/radacct"));
        Files.createDirectories(dir.resolve("run"));
        int[] ports = freePorts();

        Path conf = raddb.resolve("radiusd.conf");
        Files.writeString(conf, Files.readString(conf)
                .replaceAll("(?m)^logdir = .*$", "logdir = " + dir.resolve("log"))
                .replaceAll("(?m)^raddbdir = .*$", "raddbdir = " + raddb)
                .replaceAll("(?m)^run_dir = .*$", "run_dir = " + dir.resolve("run"))
                .replaceAll("(?m)^radacctdir = .*$", "radacctdir = " + dir.resolve("log/radacct"))
                .replaceAll("(?m)^(\\s*)user = freerad", "$1#user = freerad")
                .replaceAll("(?m)^(\\s*)group = freerad", "$1#group = freerad")
                .replaceAll("(?m)^proxy_requests\\s*=.*$", "proxy_requests = no")
                .replaceAll("(?m)^(\\s*)reject_delay = .*$", "$1reject_delay = 0"));
        Path site = raddb.resolve("sites-enabled/default");
        String listeners = "listen {\n\ttype = auth\n\tipaddr = 127.0.0.1\n\tport = " + ports[0]
                + "\n}\nlisten {\n\ttype = acct\n\tipaddr = 127.0.0.1\n\tport = " + ports[1] + "\n}\n";
        realFile(site, withoutListeners(Files.readString(site)).replaceFirst("(?m)^server default \\{",
                "server default {\n" + listeners.replace("$", "\\$")));
        Path innerTunnel = raddb.resolve("sites-enabled/inner-tunnel");
        if (Files.exists(innerTunnel)) {
            realFile(innerTunnel, withoutListeners(Files.readString(innerTunnel)));
        }
        Files.writeString(raddb.resolve("clients.conf"), "client netlever-tests {\n\tipaddr = 127.0.0.1\n\tsecret = "
                + secret + "\n\trequire_message_authenticator = no\n}\n");
        Path authorize = raddb.resolve("mods-config/files/authorize");
        realFile(authorize, users + "\n" + Files.readString(authorize));

        Path out = dir.resolve("radiusd.out");
        Process check = new ProcessBuilder(binary, "-C", "-d", raddb.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("config-check.out").toFile()).start();
        if (waitFor(check) != 0) {
            throw new IllegalStateException("FreeRADIUS rejects the test configuration:\n"
                    + tail(dir.resolve("config-check.out")));
        }
        Process process = new ProcessBuilder(binary, "-f", "-l", "stdout", "-d", raddb.toString())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        FreeRadius server = new FreeRadius(dir, process, ports[0], ports[1]);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!Files.readString(out).contains("Ready to process requests")) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                server.close();
                throw new IllegalStateException("FreeRADIUS did not start:\n" + tail(out));
            }
            LockSupport.parkNanos(20_000_000);
        }
        return server;
    }

    private static int waitFor(Process process) {
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return -1;
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Two free UDP ports on loopback (bound and released; another process could take them, rarely). */
    private static int[] freePorts() throws IOException {
        try (DatagramSocket a = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                DatagramSocket b = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return new int[] {a.getLocalPort(), b.getLocalPort()};
        }
    }

    /** Removes the top-level listen { … } blocks of a virtual server file. */
    private static String withoutListeners(String text) {
        StringBuilder kept = new StringBuilder();
        int depth = 0;
        boolean skipping = false;
        for (String line : text.split("\n", -1)) {
            if (!skipping && line.matches("^listen\\s*\\{.*")) {
                skipping = true;
                depth = 0;
            }
            if (skipping) {
                String code = line.replaceAll("#.*", "");
                depth += code.chars().filter(c -> c == '{').count() - code.chars().filter(c -> c == '}').count();
                if (depth <= 0) {
                    skipping = false;
                }
                continue;
            }
            kept.append(line).append('\n');
        }
        return kept.toString();
    }

    /** Replaces a (possibly symlinked) file with a regular file holding the text. */
    private static void realFile(Path file, String text) throws IOException {
        Files.deleteIfExists(file);
        Files.writeString(file, text);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path source, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(source).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path source, BasicFileAttributes attrs) throws IOException {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isSymbolicLink(source)) {
                    Files.createSymbolicLink(target, Files.readSymbolicLink(source));
                } else {
                    Files.copy(source, target, LinkOption.NOFOLLOW_LINKS);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    InetSocketAddress authAddress() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), authPort);
    }

    InetSocketAddress acctAddress() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), acctPort);
    }

    /** Everything the detail module wrote for accounting requests. */
    String detail() {
        try (Stream<Path> files = Files.walk(dir.resolve("log/radacct"))) {
            StringBuilder text = new StringBuilder();
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                text.append(Files.readString(file));
            }
            return text.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String log() {
        return tail(dir.resolve("radiusd.out"));
    }

    @Override
    public void close() {
        process.destroy();
        if (waitFor(process) < 0) {
            process.destroyForcibly();
        }
    }
}
