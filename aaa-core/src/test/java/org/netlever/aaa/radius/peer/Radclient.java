package org.netlever.aaa.radius.peer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.netlever.aaa.testing.Peers;

/** FreeRADIUS's radclient, run with {@code -x}, its replies parsed from stdout. */
final class Radclient {

    /** One reply radclient printed: the code name and its attribute lines as {@code Name = value}. */
    record Reply(String code, int id, List<String> attributes) {
    }

    /** A finished run. */
    record Run(int exitCode, String stdout, String stderr, List<Reply> replies) {
        Reply onlyReply() {
            if (replies.size() != 1) {
                throw new AssertionError("expected one reply, radclient printed " + replies.size() + ":\n" + stdout
                        + "\n" + stderr);
            }
            return replies.get(0);
        }
    }

    private Radclient() {
    }

    /**
     * Runs radclient with the packet on stdin. Every packet gets {@code Packet-Src-IP-Address = 127.0.0.1} first, so
     * radclient binds loopback rather than the wildcard address.
     */
    static Run run(Path workDir, String packet, String... arguments) {
        String binary = Peers.require("radclient", "freeradius-utils");
        List<String> command = new ArrayList<>();
        command.add(binary);
        command.add("-x");
        command.addAll(List.of(arguments));
        try {
            Path out = Files.createTempFile(workDir, "radclient", ".out");
            Path err = Files.createTempFile(workDir, "radclient", ".err");
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .start();
            process.getOutputStream().write(("Packet-Src-IP-Address = 127.0.0.1\n" + packet)
                    .getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().close();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("radclient did not finish in 60 s: " + command);
            }
            String stdout = Files.readString(out);
            return new Run(process.exitValue(), stdout, Files.readString(err), parse(stdout));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** "Received Access-Accept Id 188 from ... length 64" followed by tab-indented "Name = value" lines. */
    static List<Reply> parse(String stdout) {
        List<Reply> replies = new ArrayList<>();
        String code = null;
        int id = -1;
        List<String> attributes = null;
        for (String line : stdout.split("\n")) {
            if (line.startsWith("Received ")) {
                if (code != null) {
                    replies.add(new Reply(code, id, attributes));
                }
                String[] words = line.split(" ");
                code = words[1];
                id = Integer.parseInt(words[3]);
                attributes = new ArrayList<>();
            } else if (line.startsWith("Sent ") && code != null) {
                replies.add(new Reply(code, id, attributes));
                code = null;
            } else if (line.startsWith("\t") && code != null) {
                attributes.add(line.substring(1));
            }
        }
        if (code != null) {
            replies.add(new Reply(code, id, attributes));
        }
        return replies;
    }
}
