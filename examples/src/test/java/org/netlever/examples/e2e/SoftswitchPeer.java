package org.netlever.examples.e2e;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.netlever.server.testing.ExampleConfig;

/**
 * A crash trial's softswitch: pyrad sends accounting Stops of answered calls (Acct-Session-Id {@code c-TRIAL-N})
 * until serve is killed, and sends again, to the restarted serve, the Stops the kill left unanswered; it keeps what
 * each Stop said and which ones were answered, before and after the restart. Thread-safe.
 */
final class SoftswitchPeer {

    private final Pyrad pyrad;
    private final Path dir;
    private final String prefix;
    /** Per Stop sent: the calling number and the seconds it bills. */
    private final Map<String, long[]> sent = new ConcurrentHashMap<>();
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    /** Stops left unanswered by the kill, sent again to the restarted serve as a softswitch does, and answered. */
    private final Set<String> resentAcknowledged = ConcurrentHashMap.newKeySet();

    /**
     * @param pyrad the script that sends
     * @param dir the trial's directory, for pyrad's standard error
     * @param trial the trial's number, in every session id
     */
    SoftswitchPeer(Pyrad pyrad, Path dir, int trial) {
        this.pyrad = pyrad;
        this.dir = dir;
        this.prefix = "c-" + trial;
    }

    /** Starts sending Stops to serve until {@code stopFile} exists; read its output with {@link #readAcks}. */
    Process send(ServeProcess serve, Path stopFile) throws IOException {
        return start(serve, "1000000", stopFile);
    }

    /**
     * Starts sending again, to the restarted serve, the Stops that were not answered (read its output with
     * {@link #readResentAcks}), or nothing when every Stop was.
     *
     * @return pyrad, or null when there is nothing to send again
     */
    Process resend(ServeProcess serve, Path stopFile) throws IOException {
        List<Integer> unanswered = sent.keySet().stream().filter(id -> !acknowledged.contains(id))
                .map(id -> Integer.parseInt(id.substring(id.lastIndexOf('-') + 1))).sorted().toList();
        if (unanswered.isEmpty()) {
            return null;
        }
        return start(serve, unanswered.get(0) + ":" + (unanswered.get(unanswered.size() - 1) + 1), stopFile);
    }

    void readAcks(Process p) throws IOException {
        read(p, acknowledged);
    }

    void readResentAcks(Process p) throws IOException {
        read(p, resentAcknowledged);
    }

    /** Per Stop sent (by session id): the calling number and the call's seconds. */
    Map<String, long[]> sent() {
        return sent;
    }

    /** The Stops the first serve answered. */
    Set<String> acknowledged() {
        return acknowledged;
    }

    /** The Stops sent again to the restarted serve that it answered. */
    Set<String> resentAcknowledged() {
        return resentAcknowledged;
    }

    private Process start(ServeProcess serve, String range, Path stopFile) throws IOException {
        return pyrad.start("softswitch-stop", serve.host(ServeProcess.SOFTSWITCH_ACCT),
                Integer.toString(serve.port(ServeProcess.SOFTSWITCH_ACCT)), ExampleConfig.SOFTSWITCH_SECRET, prefix,
                range, stopFile, dir);
    }

    /** pyrad's softswitch: "SENT id calling called seconds", then "ACK id" once the Accounting-Response came. */
    private void read(Process p, Set<String> acked) throws IOException {
        Pyrad.eachLine(p, line -> {
            String[] f = line.split(" ");
            if (f[0].equals("SENT")) {
                sent.put(f[1], new long[] {Long.parseLong(f[2]), Long.parseLong(f[4])});
            } else if (f[0].equals("ACK")) {
                acked.add(f[1]);
            }
        });
    }
}
