package org.netlever.benchmarks;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import org.netlever.aaa.lever.LeverSecret;
import org.netlever.aaa.lever.LeverServer;
import org.netlever.aaa.lever.LeverSignature;
import org.netlever.option82.MacAddress;

/**
 * A load driver for the lever endpoint over HTTP: {@code threads} keep-alive connections, each posting signed dhcpd
 * commits back to back, as many lever processes would. Prints requests per second for each {@code seconds}-long
 * window after a warm-up ({@code -Dnetlever.bench.batch=N}: N events per request, as the lever's batches). Uses plain sockets so that the client costs as little as possible of the two cores it
 * shares with the server.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar org.netlever.benchmarks.LeverLoad [threads] [seconds] [windows]</pre>
 *
 * <p>The latency mode sends {@code requests} signed single-event commits one after the other on one keep-alive
 * connection (after {@code warmup} more that are not counted) and prints the median, 99th percentile and maximum
 * time from writing a request to reading its whole answer, in microseconds. A lost {@code TCP_NODELAY} shows here as
 * a median near 40,000 µs (Nagle's algorithm waiting for the client's delayed ACK).
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar org.netlever.benchmarks.LeverLoad latency [requests] [warmup]</pre>
 *
 * <p>Both run on an H2 file database with the default durability unless {@code -Dnetlever.bench.memory=true}.
 *
 * <p>Not thread-safe; a command-line program.
 */
public final class LeverLoad {

    private static final LeverSecret SECRET = LeverSecret.of("c0ffee00c0ffee00c0ffee00c0ffee00");

    private LeverLoad() {
    }

    /**
     * The storage a user gets by default — an H2 file, every commit on disk before it is answered — or, with
     * {@code -Dnetlever.bench.memory=true}, an in-memory H2 database to measure the endpoint alone.
     */
    private static LeaseBench storage() {
        return Boolean.getBoolean("netlever.bench.memory") ? LeaseBench.h2() : LeaseBench.h2File();
    }

    /**
     * Runs the load.
     *
     * @param args threads, seconds per window, windows
     * @throws Exception if the server cannot be started
     */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("latency")) {
            latency(args.length > 1 ? Integer.parseInt(args[1]) : 20_000,
                    args.length > 2 ? Integer.parseInt(args[2]) : 5_000);
            return;
        }
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int windows = args.length > 2 ? Integer.parseInt(args[2]) : 6;
        try (LeaseBench bench = storage()) {
            bench.assignAll();
            try (LeverServer server = LeverServer.builder(bench.leases, SECRET)
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).build().start()) {
                int port = server.address().getPort();
                AtomicLong done = new AtomicLong();
                stopping = false;
                List<Thread> clients = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    Thread c = new Thread(() -> drive(port, done), "load-" + t);
                    c.setDaemon(true);
                    c.start();
                    clients.add(c);
                }
                long last = done.get();
                for (int w = -4; w < windows; w++) {
                    long start = System.nanoTime();
                    Thread.sleep(seconds * 1000L);
                    long now = done.get();
                    double rate = (now - last) / ((System.nanoTime() - start) / 1e9);
                    last = now;
                    System.out.printf("%s %.0f events/s%n", w < 0 ? "warm-up" : "window " + (w + 1), rate);
                }
                stopping = true;
            }
        }
    }

    private static volatile boolean stopping;

    private static void latency(int requests, int warmup) throws IOException {
        try (LeaseBench bench = storage()) {
            bench.assignAll();
            try (LeverServer server = LeverServer.builder(bench.leases, SECRET)
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).build().start();
                    Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.address().getPort())) {
                socket.setTcpNoDelay(true);
                OutputStream out = socket.getOutputStream();
                InputStream in = new BufferedInputStream(socket.getInputStream());
                long[] micros = new long[requests];
                for (int n = -warmup; n < requests; n++) {
                    byte[] request = signedCommit(ThreadLocalRandom.current().nextInt(LeaseBench.SUBSCRIBERS));
                    long start = System.nanoTime();
                    out.write(request);
                    out.flush();
                    int status = readResponse(in);
                    long took = System.nanoTime() - start;
                    if (status != 200) {
                        throw new IllegalStateException("HTTP " + status);
                    }
                    if (n >= 0) {
                        micros[n] = took / 1_000;
                    }
                }
                Arrays.sort(micros);
                System.out.printf("%d sequential signed commits on one keep-alive connection (after %d warm-up): "
                                + "median %d us, p99 %d us, max %d us%n", requests, warmup, micros[requests / 2],
                        micros[(int) Math.min(requests - 1, Math.ceil(requests * 0.99) - 1)], micros[requests - 1]);
            }
        }
    }

    /** Events per request: 1 (a form) unless {@code -Dnetlever.bench.batch=N} asks for batches, as the lever sends. */
    private static final int BATCH = Integer.getInteger("netlever.bench.batch", 1);

    /** One signed POST of {@link #BATCH} random commits, request line to body. */
    private static byte[] signedRequest() {
        if (BATCH == 1) {
            return signedCommit(ThreadLocalRandom.current().nextInt(LeaseBench.SUBSCRIBERS));
        }
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < BATCH; i++) {
            lines.append(form(ThreadLocalRandom.current().nextInt(LeaseBench.SUBSCRIBERS))).append('\n');
        }
        return signed(lines.toString().getBytes(StandardCharsets.UTF_8), LeverServer.BATCH_TYPE);
    }

    /** One signed single-event POST, request line to body. */
    private static byte[] signedCommit(int subscriber) {
        return signed(form(subscriber).getBytes(StandardCharsets.UTF_8), "application/x-www-form-urlencoded");
    }

    private static byte[] signed(byte[] body, String contentType) {
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        String n = HexFormat.of().formatHex(nonce);
        long ts = Instant.now().getEpochSecond();
        String head = "POST " + LeverServer.EVENTS_PATH + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: " + contentType + "\r\nContent-Length: " + body.length + "\r\n"
                + LeverSignature.TIMESTAMP + ": " + ts + "\r\n" + LeverSignature.NONCE + ": " + n + "\r\n"
                + LeverSignature.SIGNATURE + ": "
                + LeverSignature.sign(SECRET, "POST", LeverServer.EVENTS_PATH, ts, n, body) + "\r\n\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        byte[] request = Arrays.copyOf(headBytes, headBytes.length + body.length);
        System.arraycopy(body, 0, request, headBytes.length, body.length);
        return request;
    }

    private static void drive(int port, AtomicLong done) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            while (!stopping) {
                out.write(signedRequest());
                out.flush();
                int status = readResponse(in);
                if (status != 200) {
                    throw new IllegalStateException("HTTP " + status);
                }
                done.addAndGet(BATCH);
            }
        } catch (IOException e) {
            if (!stopping) {
                throw new UncheckedIOException(e);
            }
        }
    }

    static String form(int i) {
        int s = i / LeaseBench.PORTS;
        int port = i % LeaseBench.PORTS + 1;
        return "source=isc-dhcpd&event=commit&ip=" + LeaseBench.ip(i)
                + "&mac=" + MacAddress.of(0x0A_00_00_00_00_00L + i).format(MacAddress.Notation.DHCPD)
                .replace(":", "%3A")
                + "&remote_id=" + ("0:6:" + LeaseBench.switchMac(s).format(MacAddress.Notation.DHCPD))
                .replace(":", "%3A")
                + "&circuit_id=" + ("0:4:0:64:0:" + Integer.toHexString(port)).replace(":", "%3A")
                + "&at=" + LeaseBench.T0.getEpochSecond();
    }

    private static int readResponse(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int status = -1;
        int length = 0;
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("connection closed");
            }
            if (c == '\n') {
                String l = line.toString().strip();
                line.setLength(0);
                if (l.isEmpty()) {
                    break;
                }
                if (status < 0) {
                    status = Integer.parseInt(l.split(" ")[1]);
                } else if (l.regionMatches(true, 0, "Content-length:", 0, 15)) {
                    length = Integer.parseInt(l.substring(15).strip());
                }
            } else {
                line.append((char) c);
            }
        }
        in.readNBytes(length);
        return status;
    }
}
