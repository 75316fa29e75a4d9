package org.netlever.examples.e2e;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.netlever.aaa.radius.AttributeType;
import org.netlever.aaa.radius.PacketCode;
import org.netlever.aaa.radius.RadiusMessage;
import org.netlever.aaa.radius.server.RadiusClientDefinition;
import org.netlever.aaa.radius.server.RadiusReply;
import org.netlever.aaa.radius.server.RadiusServer;
import org.netlever.server.testing.ExampleConfig;

/**
 * A crash trial's BRAS: pyrad authorizes the trial's PCRF subscribers ({@code pcrf-TRIAL-N}) one after the other and
 * uses up their time quota with Start and Interim-Updates until serve is killed, then sends the record the kill left
 * unanswered again to the restarted serve; it keeps, per subscriber, the records serve acknowledged, and its CoA
 * listener the services-reauth serve sent. Thread-safe.
 */
final class BrasPeer {

    private final Pyrad pyrad;
    private final Path dir;
    private final int trial;
    private final List<String> failures;
    private final CoaListener coas;
    /** Per subscriber, the highest session time an acknowledged record carried (-1: authorization only). */
    private final Map<String, Long> highestAcknowledged = new ConcurrentHashMap<>();
    private final Map<String, Integer> recordsAcknowledged = new ConcurrentHashMap<>();
    /** The record the kill left unanswered (user, record), sent again after the restart. */
    private volatile String[] unanswered;
    /** What was sent again after the restart, from which record. */
    private volatile String[] resumedFrom;

    /**
     * @param pyrad the script that sends
     * @param dir the trial's directory, for pyrad's standard error
     * @param trial the trial's number, in every subscriber's name
     * @param failures where a refusal is reported
     * @param coas the BRAS's CoA listener
     */
    BrasPeer(Pyrad pyrad, Path dir, int trial, List<String> failures, CoaListener coas) {
        this.pyrad = pyrad;
        this.dir = dir;
        this.trial = trial;
        this.failures = failures;
        this.coas = coas;
    }

    /** How the names of the trial's subscribers begin. */
    String prefix() {
        return "pcrf-" + trial + "-";
    }

    /** The name of the trial's subscriber {@code i}, as the configuration must list it. */
    String user(int i) {
        return prefix() + i;
    }

    /**
     * Starts working through the first {@code subscribers} until {@code stopFile} exists; read its output with
     * {@link #readAcks}.
     */
    Process send(ServeProcess serve, int subscribers, Path stopFile) throws IOException {
        return start("bras-quota", serve, prefix(), Integer.toString(subscribers), stopFile);
    }

    /**
     * Starts sending again, to the restarted serve, the record the kill left unanswered and what follows it, or
     * nothing when no record was left unanswered; read its output with {@link #readAcks}.
     *
     * @return pyrad, or null when there is nothing to send again
     */
    Process resume(ServeProcess serve, Path stopFile) throws IOException {
        String[] from = unanswered;
        resumedFrom = from;
        unanswered = null;
        return from == null ? null : start("bras-resume", serve, from[0], from[1], stopFile);
    }

    /** pyrad's BRAS: "ACK user auth|start|interim RECORD" (-1: authorization), "TIMEOUT user RECORD". */
    void readAcks(Process p) throws IOException {
        Pyrad.eachLine(p, line -> {
            String[] f = line.split(" ");
            if (f[0].equals("ACK")) {
                highestAcknowledged.merge(f[1], Long.parseLong(f[3]), Math::max);
                recordsAcknowledged.merge(f[1], 1, Integer::sum);
            } else if (f[0].equals("TIMEOUT")) {
                unanswered = new String[] {f[1], f[2]};
            } else if (f[0].equals("REJECT")) {
                failures.add("the BRAS was refused: " + line);
            }
        });
    }

    /** Per subscriber, the highest session time an acknowledged record carried (-1: the authorization only). */
    Map<String, Long> highestAcknowledged() {
        return highestAcknowledged;
    }

    /** Per subscriber, how many of its records serve acknowledged. */
    Map<String, Integer> recordsAcknowledged() {
        return recordsAcknowledged;
    }

    /** The record (user, record) still unanswered: null unless even the restarted serve did not answer it. */
    String[] unanswered() {
        return unanswered;
    }

    /** What {@link #resume} sent again (user, record), null if nothing. */
    String[] resumedFrom() {
        return resumedFrom;
    }

    /** The trial's subscribers serve told services-reauth, so far. */
    Set<String> reauthorized() {
        return coas.reauthorized(trial);
    }

    private Process start(String mode, ServeProcess serve, String prefix, String count, Path stopFile)
            throws IOException {
        return pyrad.start(mode, serve.host(ServeProcess.BRAS_AUTH), serve.port(ServeProcess.BRAS_AUTH) + "/"
                + serve.port(ServeProcess.BRAS_ACCT), ExampleConfig.BRAS_SECRET, prefix, count, stopFile, dir);
    }

    /**
     * The BRAS's CoA listener for all trials: it acknowledges every CoA and keeps, per trial, the subscribers serve
     * told services-reauth. Thread-safe.
     */
    static final class CoaListener implements AutoCloseable {
        private final Map<String, Set<String>> reauthorized = new ConcurrentHashMap<>();
        private final RadiusServer server;

        CoaListener() {
            server = RadiusServer.builder()
                    .authAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                    .acctAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                    .coaAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                    .client(RadiusClientDefinition.of("netlever", "127.0.0.1", ExampleConfig.BRAS_SECRET))
                    .handler(request -> {
                        String user = request.packet().string(AttributeType.USER_NAME).orElse("?");
                        reauthorized.computeIfAbsent(trialOf(user), k -> ConcurrentHashMap.newKeySet()).add(user);
                        return RadiusReply.of(RadiusMessage.of(PacketCode.COA_ACK));
                    }).start();
        }

        int port() {
            return server.coaAddress().orElseThrow().getPort();
        }

        /** The subscribers of a trial that were sent services-reauth, so far. */
        Set<String> reauthorized(int trial) {
            return reauthorized.getOrDefault(Integer.toString(trial), Set.of());
        }

        /** Trial numbers are in every name a trial sends ("pcrf-3-17"), so a late CoA is counted for its own trial. */
        private static String trialOf(String user) {
            String[] parts = user.split("-");
            return parts.length >= 3 ? parts[1] : "?";
        }

        @Override
        public void close() {
            server.close();
        }
    }
}
