package org.netlever.aaa.radius.internal;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One UDP port of the server, read by one or more threads: {@code readers} JDK {@link DatagramChannel}s bound to the
 * same address with {@code SO_REUSEPORT}, each with its own thread blocked in {@code receive}. The kernel spreads the
 * datagrams over the sockets by their source address and port (a retransmission, from the same source, reaches the
 * same socket), so NASes are read in parallel without a selector or a hand-off between threads. A reply is sent from
 * the thread that made it (the reader itself, or a worker), on the socket its request came in on: no wake-up of the
 * reading thread. With one reader the socket is an ordinary one (no {@code SO_REUSEPORT}). A reading thread held too
 * long by work done on it is replaced ({@link #replaceStalled}).
 *
 * <p>With {@code SO_REUSEPORT}, another socket of the same user that also sets it can bind the same port and take a
 * share of the datagrams; a socket without it still gets "address already in use".
 *
 * <p>Thread-safe.
 */
final class UdpListener implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("org.netlever.aaa.radius.server");

    /** What a reader does with each datagram, on its own thread. */
    @FunctionalInterface
    interface Receiver {
        void receive(Reader reader, InetSocketAddress sender, byte[] octets);
    }

    /**
     * One socket of the port and the thread reading it. The thread can be replaced: when a handler run on it (see
     * {@link #onReader}) holds it too long, {@link UdpListener#replaceStalled} starts another thread on the same
     * socket, and the held one ends when the handler lets it go.
     */
    final class Reader {
        private final DatagramChannel channel;
        private final int index;
        private final LongAdder datagrams = new LongAdder();
        private final AtomicReference<Loop> loop = new AtomicReference<>();
        private final AtomicInteger generation = new AtomicInteger();

        private Reader(DatagramChannel channel, int index) {
            this.channel = channel;
            this.index = index;
        }

        /**
         * Sends a datagram from this reader's socket; safe from any thread.
         *
         * @param octets the datagram
         * @param to where to
         */
        void send(byte[] octets, InetSocketAddress to) {
            try {
                channel.send(ByteBuffer.wrap(octets), to);
            } catch (ClosedChannelException e) {
                LOG.debug("RADIUS reply to {} not sent: the server is closing", to);
            } catch (IOException | RuntimeException e) {
                LOG.warn("RADIUS reply to {} not sent: {}", to, e.toString());
            }
        }

        /**
         * Runs a task on the calling thread, which must be the one that read the request, marking the reader as held
         * meanwhile so that {@link UdpListener#replaceStalled} can tell how long. Called from another thread (or
         * from a reading thread that has been replaced), it just runs the task.
         *
         * @param task the task
         */
        void onReader(Runnable task) {
            Loop current = loop.get();
            if (current == null || current.thread != Thread.currentThread()) {
                task.run();
                return;
            }
            current.heldSince = ticker.getAsLong() | 1;
            try {
                task.run();
            } finally {
                current.heldSince = 0;
            }
        }

        /** Which reader of the port this is, from 0. */
        int index() {
            return index;
        }

        /** Datagrams this reader has received. */
        long datagrams() {
            return datagrams.sum();
        }

        private void start() {
            Loop next = new Loop(this, threadName + "-" + address.getPort() + "-" + index
                    + (generation.get() == 0 ? "" : "-" + generation.get()));
            generation.incrementAndGet();
            loop.set(next);
            synchronized (threads) {
                threads.removeIf(thread -> !thread.isAlive());
                threads.add(next.thread);
            }
            next.thread.start();
        }

        /* Replaces the thread if a task has held it longer than stallNanos; true if it did. */
        private boolean replaceIfHeld(long now, long stallNanos, Runnable beforeReplacing) {
            Loop current = loop.get();
            long since = current == null ? 0 : current.heldSince;
            if (since == 0 || now - since <= stallNanos || !channel.isOpen()) {
                return false;
            }
            current.replaced = true;
            beforeReplacing.run();
            start();
            return true;
        }
    }

    /** A reading thread of a {@link Reader}: reads until the socket closes or the thread is replaced. */
    private final class Loop implements Runnable {
        private final Reader reader;
        private final Thread thread;
        /** When the task running on this thread from {@link Reader#onReader} started (odd), or 0. */
        private volatile long heldSince;
        private volatile boolean replaced;

        private Loop(Reader reader, String name) {
            this.reader = reader;
            this.thread = new Thread(this, name);
            this.thread.setDaemon(true);
        }

        @Override
        public void run() {
            DatagramChannel channel = reader.channel;
            ByteBuffer buffer = ByteBuffer.allocateDirect(PacketCodec.MAX_LENGTH);
            while (channel.isOpen() && !replaced) {
                SocketAddress from;
                byte[] octets;
                try {
                    buffer.clear();
                    from = channel.receive(buffer);
                    if (from == null) {
                        continue;
                    }
                    buffer.flip();
                    octets = new byte[buffer.remaining()];
                    buffer.get(octets);
                } catch (ClosedChannelException e) {
                    return;
                } catch (IOException e) {
                    LOG.warn("RADIUS socket {} read failed: {}", address, e.toString());
                    continue;
                }
                reader.datagrams.increment();
                try {
                    receiver.receive(reader, (InetSocketAddress) from, octets);
                } catch (RuntimeException | Error e) {
                    LOG.error("RADIUS datagram from {} not processed", from, e);
                }
            }
        }
    }

    private final InetSocketAddress address;
    private final String threadName;
    private final LongSupplier ticker;
    private final Receiver receiver;
    private final List<Reader> readers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    /**
     * Binds the sockets and starts their threads.
     *
     * @param address where; port 0 picks a free port, which every reader then shares
     * @param readers how many sockets and threads, 1 or more
     * @param bufferBytes each socket's receive and send buffer
     * @param threadName the threads' name prefix
     * @param ticker the time in nanoseconds that held readers are timed by (the server's clock)
     * @param receiver what to do with each datagram
     * @throws IOException if a socket cannot be bound; none is left open then
     */
    UdpListener(InetSocketAddress address, int readers, int bufferBytes, String threadName, LongSupplier ticker,
            Receiver receiver) throws IOException {
        this.receiver = receiver;
        this.ticker = ticker;
        this.threadName = threadName;
        InetSocketAddress bound = address;
        try {
            for (int i = 0; i < readers; i++) {
                // An IPv4 address gets an IPv4 socket: the kernel's and the JDK's IPv6 dual-stack paths (v4-mapped
                // addresses on every datagram) cost CPU on each request and reply.
                DatagramChannel channel = bound.getAddress() instanceof Inet4Address
                        ? DatagramChannel.open(StandardProtocolFamily.INET) : DatagramChannel.open();
                try {
                    if (readers > 1) {
                        channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
                    }
                    channel.setOption(StandardSocketOptions.SO_RCVBUF, bufferBytes);
                    channel.setOption(StandardSocketOptions.SO_SNDBUF, bufferBytes);
                    channel.bind(bound);
                } catch (IOException | RuntimeException e) {
                    channel.close();
                    throw e;
                }
                bound = (InetSocketAddress) channel.getLocalAddress();
                this.readers.add(new Reader(channel, i));
            }
        } catch (IOException | RuntimeException e) {
            closeChannels();
            throw e;
        }
        this.address = bound;
        for (Reader reader : this.readers) {
            reader.start();
        }
    }

    /**
     * Replaces every reading thread that a task run through {@link Reader#onReader} has held for longer than
     * {@code stallNanos}: a new thread reads the socket on, and the held one ends once its task returns.
     *
     * @param stallNanos how long a task may hold a reader
     * @param beforeReplacing run before each new thread starts (so that what it reads already sees the stall)
     * @return how many readers got a new thread
     */
    int replaceStalled(long stallNanos, Runnable beforeReplacing) {
        long now = ticker.getAsLong();
        int replaced = 0;
        for (Reader reader : readers) {
            if (reader.replaceIfHeld(now, stallNanos, beforeReplacing)) {
                replaced++;
            }
        }
        return replaced;
    }

    /**
     * Whether this JDK and system can share a port between sockets.
     *
     * @return whether {@code SO_REUSEPORT} is supported
     */
    static boolean reusePortSupported() {
        try (DatagramChannel probe = DatagramChannel.open()) {
            return probe.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT);
        } catch (IOException e) {
            return false;
        }
    }

    /** The bound address. */
    InetSocketAddress address() {
        return address;
    }

    /** The port's readers, by index. */
    List<Reader> readers() {
        return List.copyOf(readers);
    }

    /** Closes the sockets and waits (up to two seconds) for the threads to end. */
    @Override
    public void close() {
        closeChannels();
        List<Thread> started;
        synchronized (threads) {
            started = List.copyOf(threads);
        }
        for (Thread thread : started) {
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void closeChannels() {
        for (Reader reader : readers) {
            try {
                reader.channel.close();
            } catch (IOException e) {
                LOG.debug("closing RADIUS socket {}: {}", address, e.toString());
            }
        }
    }
}
