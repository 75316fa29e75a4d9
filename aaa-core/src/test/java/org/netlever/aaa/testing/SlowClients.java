package org.netlever.aaa.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hostile HTTP clients for an endpoint on this machine: connections that connect and say nothing, send headers
 * announcing a body and no body, send half a request line, or trickle a body one byte a second (from one background
 * thread that stops by itself after a few minutes, or at {@link #close()}). Not thread-safe apart from the trickle.
 */
public final class SlowClients implements AutoCloseable {

    /** What a hostile connection does. */
    public enum Kind {
        /** Connects and sends nothing. */
        CONNECT_ONLY,
        /** Sends a request's headers with {@code Content-Length} and no body. */
        HEADERS_NO_BODY,
        /** Sends half a request line. */
        HALF_REQUEST_LINE,
        /** Sends the headers, then the body one byte a second. */
        TRICKLE_BODY
    }

    private static final int MAX_TRICKLE_SECONDS = 300;

    private final List<Slow> connections = new ArrayList<>();
    private final ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "slow-clients-trickle");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger ticks = new AtomicInteger();

    private SlowClients() {
    }

    /**
     * Opens {@code each} connections of every kind to a server.
     *
     * @param server where
     * @param each how many of each kind
     * @param path the path their requests name
     * @return the connections, open
     */
    public static SlowClients open(InetSocketAddress server, int each, String path) {
        SlowClients clients = new SlowClients();
        String headers = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 5000\r\n\r\n";
        Map<Kind, String> opening = new EnumMap<>(Kind.class);
        opening.put(Kind.CONNECT_ONLY, "");
        opening.put(Kind.HEADERS_NO_BODY, headers);
        opening.put(Kind.HALF_REQUEST_LINE, "POST " + path.substring(0, path.length() / 2));
        opening.put(Kind.TRICKLE_BODY, headers);
        try {
            for (int i = 0; i < each; i++) {
                for (Kind kind : Kind.values()) {
                    SocketChannel channel = SocketChannel.open(server);
                    channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                    byte[] first = opening.get(kind).getBytes(StandardCharsets.US_ASCII);
                    ByteBuffer buffer = ByteBuffer.wrap(first);
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                    channel.configureBlocking(false);
                    clients.connections.add(new Slow(kind, channel));
                }
            }
        } catch (IOException e) {
            clients.close();
            throw new UncheckedIOException("cannot open the slow connections to " + server, e);
        }
        clients.trickle.scheduleAtFixedRate(clients::tick, 1, 1, TimeUnit.SECONDS);
        return clients;
    }

    private void tick() {
        if (ticks.incrementAndGet() > MAX_TRICKLE_SECONDS) {
            trickle.shutdown();
            return;
        }
        synchronized (connections) {
            for (Slow s : connections) {
                if (s.kind == Kind.TRICKLE_BODY && !s.writeFailed) {
                    try {
                        s.channel.write(ByteBuffer.wrap(new byte[] {'x'}));
                    } catch (IOException e) {
                        s.writeFailed = true;
                    }
                }
            }
        }
    }

    /**
     * How many connections there are.
     *
     * @return the count
     */
    public int size() {
        return connections.size();
    }

    /**
     * How many connections the server has closed so far (end of stream or reset), reading what it sent before.
     *
     * @return the count
     */
    public int closedByServer() {
        synchronized (connections) {
            int closed = 0;
            ByteBuffer buffer = ByteBuffer.allocate(4096);
            for (Slow s : connections) {
                if (!s.closed) {
                    try {
                        buffer.clear();
                        int n;
                        while ((n = s.channel.read(buffer)) > 0) {
                            s.received.append(new String(buffer.array(), 0, n, StandardCharsets.US_ASCII));
                            buffer.clear();
                        }
                        s.closed = n < 0;
                    } catch (IOException e) {
                        s.closed = true;
                    }
                }
                closed += s.closed ? 1 : 0;
            }
            return closed;
        }
    }

    /**
     * What the server answered the connections of a kind before closing them: each one's status line, or
     * {@code (nothing)}.
     *
     * @param kind the kind
     * @return one entry per connection of that kind
     */
    public List<String> answers(Kind kind) {
        synchronized (connections) {
            List<String> answers = new ArrayList<>();
            for (Slow s : connections) {
                if (s.kind == kind) {
                    String text = s.received.toString();
                    int eol = text.indexOf("\r\n");
                    answers.add(text.isEmpty() ? "(nothing)" : eol < 0 ? text : text.substring(0, eol));
                }
            }
            return answers;
        }
    }

    /** Stops the trickle and closes every connection. */
    @Override
    public void close() {
        trickle.shutdownNow();
        synchronized (connections) {
            for (Slow s : connections) {
                try {
                    s.channel.close();
                } catch (IOException e) {
                    // closing anyway
                }
            }
        }
    }

    private static final class Slow {
        final Kind kind;
        final SocketChannel channel;
        final StringBuilder received = new StringBuilder();
        boolean writeFailed;
        boolean closed;

        Slow(Kind kind, SocketChannel channel) {
            this.kind = kind;
            this.channel = channel;
        }
    }
}
