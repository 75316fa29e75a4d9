package org.netlever.examples.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace the test creates for a DHCP server, joined to the test's namespace by a veth pair:
 * <pre>
 *   test namespace            | namespace "nl-e2e-xxxx"
 *   203.0.113.1/24 (netlever) | 203.0.113.2/24 (DHCP server)
 *   198.51.100.1/24 (relay)   | route 198.51.100.0/24 via 203.0.113.1
 * </pre>
 * The test acts as the relay agent (giaddr 198.51.100.1) and runs netlever's lever endpoint on 203.0.113.1. Only
 * documentation addresses are used, and only if nothing on the host uses them already.
 */
final class NetnsLab implements AutoCloseable {

    static final String NETLEVER = "203.0.113.1";
    static final String SERVER = "203.0.113.2";
    static final String RELAY = "198.51.100.1";

    final String namespace;
    final String outer;
    final String inner;
    private final List<Process> processes = new ArrayList<>();

    private NetnsLab(String suffix) {
        this.namespace = "nl-e2e-" + suffix;
        this.outer = "nle" + suffix + "o";
        this.inner = "nle" + suffix + "i";
    }

    static NetnsLab create() throws IOException, InterruptedException {
        Peers.requireRoot();
        Peers.require("ip", "iproute2");
        String addresses = output("ip", "-4", "-o", "addr", "show");
        if (addresses.contains(" 203.0.113.") || addresses.contains(" 198.51.100.")) {
            throw new AssertionError("203.0.113.0/24 or 198.51.100.0/24 is already in use on this host; the "
                    + "end-to-end tests need them free:\n" + addresses);
        }
        byte[] random = new byte[2];
        ThreadLocalRandom.current().nextBytes(random);
        NetnsLab lab = new NetnsLab(HexFormat.of().formatHex(random));
        try {
            ip("netns", "add", lab.namespace);
            ip("link", "add", lab.outer, "type", "veth", "peer", "name", lab.inner);
            ip("link", "set", lab.inner, "netns", lab.namespace);
            ip("addr", "add", NETLEVER + "/24", "dev", lab.outer);
            ip("addr", "add", RELAY + "/24", "dev", lab.outer);
            ip("link", "set", lab.outer, "up");
            lab.serverSide();
        } catch (IOException | InterruptedException | AssertionError e) {
            lab.close();
            throw e;
        }
        return lab;
    }

    /**
     * A server namespace joined to the namespace {@code peer} (instead of the test's), which gets the test side's
     * addresses: nothing is added to the host's own namespace (see {@link IsolatedDhcpLab}).
     */
    static NetnsLab isolated(String suffix, String peer, String peerLink) throws IOException, InterruptedException {
        NetnsLab lab = new NetnsLab(suffix);
        try {
            ip("netns", "add", lab.namespace);
            ip("-n", peer, "link", "add", peerLink, "type", "veth", "peer", "name", lab.inner);
            ip("-n", peer, "link", "set", lab.inner, "netns", lab.namespace);
            ip("-n", peer, "addr", "add", NETLEVER + "/24", "dev", peerLink);
            ip("-n", peer, "addr", "add", RELAY + "/24", "dev", peerLink);
            ip("-n", peer, "link", "set", peerLink, "up");
            ip("-n", peer, "link", "set", "lo", "up");
            lab.serverSide();
        } catch (IOException | InterruptedException | AssertionError e) {
            lab.close();
            throw e;
        }
        return lab;
    }

    /** The server namespace's end of the veth pair: its address, up, and the route back to the relay's network. */
    private void serverSide() throws IOException, InterruptedException {
        ip("-n", namespace, "addr", "add", SERVER + "/24", "dev", inner);
        ip("-n", namespace, "link", "set", inner, "up");
        ip("-n", namespace, "link", "set", "lo", "up");
        ip("-n", namespace, "route", "add", "198.51.100.0/24", "via", NETLEVER);
    }

    /** Runs {@code ip} with these arguments; fails the test if it fails. */
    static void ip(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        output(command.toArray(new String[0]));
    }

    /** Runs a command to completion and returns its output; fails the test if it fails. */
    static String output(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("%s finished", List.of(command)).isTrue();
        assertThat(p.exitValue()).as("%s: %s", List.of(command), out).isZero();
        return out;
    }

    /** Runs a command inside the namespace to completion. */
    String exec(String... command) throws IOException, InterruptedException {
        return execIn(namespace, command);
    }

    /** Runs a command inside a namespace to completion and returns its output; fails the test if it fails. */
    static String execIn(String netns, String... command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", netns));
        full.addAll(List.of(command));
        return output(full.toArray(new String[0]));
    }

    /** Starts a long-running command inside the namespace, its output in {@code log}; stopped by {@link #close()}. */
    Process start(Path log, List<String> environment, String... command) throws IOException {
        return startIn(namespace, log, environment, command);
    }

    /**
     * Starts a long-running command inside another namespace the test made (a relay's, a client's), its output in
     * {@code log}; stopped by {@link #close()}, before the namespaces go.
     */
    Process startIn(String netns, Path log, List<String> environment, String... command) throws IOException {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", netns));
        full.addAll(List.of(command));
        ProcessBuilder pb = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log.toFile());
        for (String assignment : environment) {
            int eq = assignment.indexOf('=');
            pb.environment().put(assignment.substring(0, eq), assignment.substring(eq + 1));
        }
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    /** Stops every process {@link #start} and {@link #startIn} started. */
    void stopProcesses() {
        for (Process p : processes) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
            try {
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        processes.clear();
    }

    @Override
    public void close() {
        stopProcesses();
        quietly("ip", "link", "del", outer);
        quietly("ip", "netns", "del", namespace);
    }

    static void quietly(String... command) {
        try {
            new ProcessBuilder(command).redirectErrorStream(true).start().waitFor(10, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
