package org.netlever.examples.e2e;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.netlever.server.testing.ExampleConfig;

/**
 * A crash trial's softswitch: pyrad reports answered calls (Acct-Session-Id {@code c-TRIAL-N}) until serve is killed
 * — each call's accounting Start, then, three calls later, its Stop, except every fifth call, which stays open (S2.4,
 * S2.7) — and sends again, to the restarted serve, the records the kill left unanswered; it keeps what each record
 * said and which ones were answered, before and after the restart. The calls come from {@link #CALLERS} accounts of
 * their own ({@link #configLines}), whose balances pay for every call at once: no Start is prohibited. Thread-safe.
 */
final class SoftswitchPeer {

    /** The accounts the calls come from, call N from account N modulo this (as the pyrad script numbers them). */
    static final int CALLERS = 8;
    /** Each calling account's opening balance: its open calls' reservations (120.00 each) never use it up. */
    static final BigDecimal CALLER_BALANCE = new BigDecimal("1000000.00");

    private final Pyrad pyrad;
    private final Path dir;
    private final String prefix;
    /** Per Start sent: the calling number. */
    private final Map<String, Long> startsSent = new ConcurrentHashMap<>();
    /** Per Stop sent: the calling number and the seconds it bills. */
    private final Map<String, long[]> stopsSent = new ConcurrentHashMap<>();
    private final Set<String> startsAcknowledged = ConcurrentHashMap.newKeySet();
    private final Set<String> stopsAcknowledged = ConcurrentHashMap.newKeySet();
    /** Records left unanswered by the kill, sent again to the restarted serve as a softswitch does, and answered. */
    private final Set<String> startsResentAcknowledged = ConcurrentHashMap.newKeySet();
    private final Set<String> stopsResentAcknowledged = ConcurrentHashMap.newKeySet();
    /** Records answered with something else than an Accounting-Response that lets the call go on, "id kind". */
    private final Set<String> rejected = ConcurrentHashMap.newKeySet();
    /** Records sent and not answered (yet), as pyrad's KIND:N, in the order they were sent. */
    private final Set<String> unanswered = Collections.synchronizedSet(new LinkedHashSet<>());

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

    /** The phone of calling account {@code i} (0 .. {@link #CALLERS} - 1), as the pyrad script calls from it. */
    static String phone(int i) {
        return String.format(Locale.ROOT, "74953000%03d", i);
    }

    /** The id of calling account {@code i}. */
    static String account(int i) {
        return "caller-" + i;
    }

    /** The calling accounts, as lines of the configuration's {@code billing.subscribers}. */
    static String configLines() {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < CALLERS; i++) {
            lines.append("    - { id: ").append(account(i)).append(", phone: \"").append(phone(i))
                    .append("\", balance: ").append(CALLER_BALANCE.toPlainString()).append(" }\n");
        }
        return lines.toString();
    }

    /** The calling accounts by phone. */
    static Map<String, String> accountsByPhone() {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < CALLERS; i++) {
            out.put(phone(i), account(i));
        }
        return out;
    }

    /** Starts reporting calls to serve until {@code stopFile} exists; read its output with {@link #readAcks}. */
    Process send(ServeProcess serve, Path stopFile) throws IOException {
        return start(serve, "softswitch-call", "1000000", stopFile);
    }

    /**
     * Starts sending again, to the restarted serve, the records that were not answered, in the order they were first
     * sent (read its output with {@link #readResentAcks}), or nothing when every record was.
     *
     * @return pyrad, or null when there is nothing to send again
     */
    Process resend(ServeProcess serve, Path stopFile) throws IOException {
        List<String> again;
        synchronized (unanswered) {
            again = new ArrayList<>(unanswered);
        }
        if (again.isEmpty()) {
            return null;
        }
        return start(serve, "softswitch-resend", String.join(",", again), stopFile);
    }

    void readAcks(Process p) throws IOException {
        read(p, startsAcknowledged, stopsAcknowledged);
    }

    void readResentAcks(Process p) throws IOException {
        read(p, startsResentAcknowledged, stopsResentAcknowledged);
    }

    /** Per Start sent (by session id): the calling number. */
    Map<String, Long> startsSent() {
        return startsSent;
    }

    /** Per Stop sent (by session id): the calling number and the call's seconds. */
    Map<String, long[]> stopsSent() {
        return stopsSent;
    }

    /** The Starts the first serve answered. */
    Set<String> startsAcknowledged() {
        return startsAcknowledged;
    }

    /** The Stops the first serve answered. */
    Set<String> stopsAcknowledged() {
        return stopsAcknowledged;
    }

    /** The Starts sent again to the restarted serve that it answered. */
    Set<String> startsResentAcknowledged() {
        return startsResentAcknowledged;
    }

    /** The Stops sent again to the restarted serve that it answered. */
    Set<String> stopsResentAcknowledged() {
        return stopsResentAcknowledged;
    }

    /** The records serve answered but did not let go on (a prohibited Start), "id kind". */
    Set<String> rejected() {
        return rejected;
    }

    private Process start(ServeProcess serve, String mode, String which, Path stopFile) throws IOException {
        return pyrad.start(mode, serve.host(ServeProcess.SOFTSWITCH_ACCT),
                Integer.toString(serve.port(ServeProcess.SOFTSWITCH_ACCT)), ExampleConfig.SOFTSWITCH_SECRET, prefix,
                which, stopFile, dir);
    }

    /**
     * pyrad's softswitch: "SENT id start calling called" or "SENT id stop calling called seconds", then "ACK id kind"
     * once the Accounting-Response came ("REJECT id kind" if it prohibits the call), or "TIMEOUT id kind".
     */
    private void read(Process p, Set<String> startsAcked, Set<String> stopsAcked) throws IOException {
        Pyrad.eachLine(p, line -> {
            String[] f = line.split(" ");
            boolean start = f.length > 2 && f[2].equals("start");
            String record = f.length > 2 ? f[2] + ":" + f[1].substring(f[1].lastIndexOf('-') + 1) : "";
            if (f[0].equals("SENT")) {
                if (start) {
                    startsSent.put(f[1], Long.parseLong(f[3]));
                } else {
                    stopsSent.put(f[1], new long[] {Long.parseLong(f[3]), Long.parseLong(f[5])});
                }
                unanswered.add(record);
            } else if (f[0].equals("ACK")) {
                (start ? startsAcked : stopsAcked).add(f[1]);
                unanswered.remove(record);
            } else if (f[0].equals("REJECT")) {
                rejected.add(f[1] + " " + f[2]);
                unanswered.remove(record);
            }
        });
    }
}
