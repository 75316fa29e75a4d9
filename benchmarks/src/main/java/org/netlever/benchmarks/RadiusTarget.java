package org.netlever.benchmarks;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.netlever.aaa.radius.AttributeType;
import org.netlever.aaa.radius.AvPair;
import org.netlever.aaa.radius.RadiusAttribute;
import org.netlever.aaa.radius.server.HandlerThread;
import org.netlever.aaa.radius.server.MessageAuthenticatorPolicy;
import org.netlever.aaa.radius.server.RadiusClientDefinition;
import org.netlever.aaa.radius.server.RadiusReply;
import org.netlever.aaa.radius.server.RadiusServer;
import org.netlever.aaa.radius.server.RadiusServerStats;

/**
 * A netlever RADIUS server for peer benchmarks (benchmarks/peers/run-radius-peers.sh): a trivial in-memory
 * authorizer — user {@code alice}, password {@code secret}, answered like the FreeRADIUS test user (Session-Timeout,
 * a Cisco-AVPair, a Reply-Message) — optionally sleeping a simulated billing latency on each request. Listens on
 * 127.0.0.1, prints {@code ready} when listening, then its statistics every second until killed.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar org.netlever.benchmarks.RadiusTarget AUTH_PORT ACCT_PORT SECRET
 *     [LATENCY_MS] [WORKERS] [auto|reader|workers]</pre>
 *
 * <p>The last argument is where the handler runs ({@code RadiusServer.Builder.handlerThread}): {@code auto}, the
 * default, {@code reader} always on the reading thread, {@code workers} always handed to a worker.
 *
 * <p>Not thread-safe; a command-line program.
 */
public final class RadiusTarget {

    private RadiusTarget() {
    }

    /**
     * Runs the server until the process is killed.
     *
     * @param args auth port, acct port, secret, latency in ms (default 0), most workers (default 256, the server's),
     *     where the handler runs ({@code auto}, {@code reader} or {@code workers}; default {@code auto})
     * @throws Exception if it cannot start
     */
    public static void main(String[] args) throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        long latencyNanos = Duration.ofMillis(args.length > 3 ? Long.parseLong(args[3]) : 0).toNanos();
        int workers = args.length > 4 ? Integer.parseInt(args[4]) : 256;
        HandlerThread placement = args.length > 5 ? HandlerThread.valueOf(args[5].toUpperCase(Locale.ROOT))
                : RadiusServer.DEFAULT_HANDLER_THREAD;
        Map<String, String> passwords = Map.of("alice", "secret");
        RadiusAttribute[] accept = {
            RadiusAttribute.ofInteger(AttributeType.SESSION_TIMEOUT, 3600),
            RadiusAttribute.ofAvPair(AttributeType.CISCO_AVPAIR, AvPair.of("shell:priv-lvl", "15")),
            RadiusAttribute.ofString(AttributeType.REPLY_MESSAGE, "Hello alice")};
        RadiusServer server = RadiusServer.builder()
                .authAddress(new InetSocketAddress(loopback, Integer.parseInt(args[0])))
                .acctAddress(new InetSocketAddress(loopback, Integer.parseInt(args[1])))
                .client(RadiusClientDefinition.of("bench", "127.0.0.1", args[2], MessageAuthenticatorPolicy.OFF))
                .workers(workers)
                .handlerThread(placement)
                .handler(request -> {
                    if (latencyNanos > 0) {
                        LockSupport.parkNanos(latencyNanos);
                    }
                    String user = request.packet().string(AttributeType.USER_NAME).orElse("");
                    String password = request.packet().string(AttributeType.USER_PASSWORD).orElse(null);
                    return password != null && password.equals(passwords.get(user)) ? RadiusReply.accept(accept)
                            : RadiusReply.reject();
                })
                .start();
        System.out.println("ready " + server.authAddress().getPort());
        System.out.flush();
        while (true) {
            LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
            RadiusServerStats stats = server.stats();
            System.out.println("received=" + stats.received() + " answered=" + stats.answered() + " shed="
                    + stats.shed() + " duplicates=" + (stats.duplicatesResent() + stats.duplicatesInProgress())
                    + " workers=" + server.workerThreads());
            System.out.flush();
        }
    }
}
