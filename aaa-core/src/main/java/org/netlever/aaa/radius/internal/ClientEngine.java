package org.netlever.aaa.radius.internal;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.netlever.aaa.radius.PacketCode;
import org.netlever.aaa.radius.RadiusDictionary;
import org.netlever.aaa.radius.RadiusException;
import org.netlever.aaa.radius.RadiusFormatException;
import org.netlever.aaa.radius.RadiusMessage;
import org.netlever.aaa.radius.RadiusPacket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RADIUS client's machinery: a fixed set of UDP sockets, Identifier allocation per socket (never reused while in
 * flight, handed out round-robin so a freed Identifier is the last to come back), byte-identical retransmissions,
 * and reply matching by source, Identifier and Response Authenticator.
 *
 * <p>All socket and request state lives on one Netty event loop; callers on any thread hand work to it. Futures are
 * completed on a separate callback executor, so continuations never run on the network thread. Thread-safe.
 */
public final class ClientEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("org.netlever.aaa.radius.client");

    /**
     * Where and how to send one request. Immutable and thread-safe (do not change the secret array).
     *
     * @param name the server's name
     * @param address where to send
     * @param secret the shared secret
     * @param retryCount retransmissions after the first send
     * @param retryTimeoutMillis wait per send
     * @param requireMessageAuthenticator whether replies to Access-Request and Status-Server must carry it
     */
    public record Target(String name, InetSocketAddress address, byte[] secret, int retryCount,
            long retryTimeoutMillis, boolean requireMessageAuthenticator) {
    }

    /**
     * How one exchange with one server ended. Immutable and thread-safe.
     *
     * @param reply the verified reply, or empty
     * @param sends how many times the request was sent
     * @param failure why there is no reply; empty when there is one
     */
    public record Result(Optional<RadiusPacket> reply, int sends, String failure) {
    }

    /**
     * Counters of the client since it started. Immutable and thread-safe.
     *
     * @param requests requests started
     * @param retransmissions sends after the first
     * @param answered requests answered
     * @param unanswered requests that got no valid answer
     * @param invalidReplies datagrams ignored: unknown Identifier, wrong source, bad authenticator, malformed
     */
    public record Stats(long requests, long retransmissions, long answered, long unanswered, long invalidReplies) {
    }

    private final class Pending {
        final Target target;
        final RadiusMessage message;
        final CompletableFuture<Result> future;
        Socket socket;
        int identifier;
        byte[] octets;
        byte[] authenticator;
        int sends;
        ScheduledFuture<?> timer;

        Pending(Target target, RadiusMessage message, CompletableFuture<Result> future) {
            this.target = target;
            this.message = message;
            this.future = future;
        }
    }

    private final class Socket {
        final Channel channel;
        final Pending[] slots = new Pending[256];
        int cursor;
        int inFlight;

        Socket(Channel channel) {
            this.channel = channel;
        }
    }

    private final PacketCodec codec;
    private final EventLoopGroup group;
    private final EventLoop loop;
    private final ExecutorService callbacks;
    private final List<Socket> sockets = new ArrayList<>();
    private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
    private final int maxWaiting;
    private int socketCursor;
    private volatile boolean closed;

    private final LongAdder requests = new LongAdder();
    private final LongAdder retransmissions = new LongAdder();
    private final LongAdder answered = new LongAdder();
    private final LongAdder unanswered = new LongAdder();
    private final LongAdder invalidReplies = new LongAdder();

    /**
     * Opens the sockets.
     *
     * @param dictionary the dictionary for hidden attributes
     * @param bindAddress the local address to send from
     * @param socketCount how many sockets (256 requests in flight each)
     * @param maxWaiting how many requests may wait for a free Identifier
     * @throws RadiusException if a socket cannot be opened
     */
    public ClientEngine(RadiusDictionary dictionary, InetAddress bindAddress, int socketCount, int maxWaiting) {
        this.codec = new PacketCodec(dictionary);
        this.maxWaiting = maxWaiting;
        this.group = new NioEventLoopGroup(1, new DefaultThreadFactory("netlever-radius-client-io", true));
        this.loop = group.next();
        this.callbacks = Executors.newFixedThreadPool(2, new DefaultThreadFactory("netlever-radius-client", true));
        Bootstrap bootstrap = new Bootstrap().group(loop).channel(NioDatagramChannel.class)
                .option(ChannelOption.SO_RCVBUF, 1 << 20)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(PacketCodec.MAX_LENGTH));
        try {
            for (int i = 0; i < socketCount; i++) {
                Socket[] holder = new Socket[1];
                Channel channel = bootstrap.clone().handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket datagram) {
                        ByteBuf content = datagram.content();
                        byte[] octets = new byte[content.readableBytes()];
                        content.getBytes(content.readerIndex(), octets);
                        receive(holder[0], datagram.sender(), octets);
                    }
                }).bind(new InetSocketAddress(bindAddress, 0)).syncUninterruptibly().channel();
                holder[0] = new Socket(channel);
                sockets.add(holder[0]);
            }
        } catch (Exception e) { // Netty rethrows checked bind failures undeclared
            close();
            throw new RadiusException("cannot open a RADIUS client socket on " + bindAddress.getHostAddress() + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Sends a request to one server, retransmitting the identical packet until it is answered or the retries run out.
     *
     * @param target the server
     * @param message the request
     * @return the result; never completes exceptionally for network outcomes
     */
    public CompletableFuture<Result> exchange(Target target, RadiusMessage message) {
        CompletableFuture<Result> future = new CompletableFuture<>();
        if (closed) {
            future.complete(new Result(Optional.empty(), 0, "the client is closed"));
            return future;
        }
        requests.increment();
        Pending pending = new Pending(target, message, future);
        loop.execute(() -> begin(pending));
        return future;
    }

    /**
     * A snapshot of the counters.
     *
     * @return the counters
     */
    public Stats stats() {
        return new Stats(requests.sum(), retransmissions.sum(), answered.sum(), unanswered.sum(),
                invalidReplies.sum());
    }

    private void begin(Pending pending) {
        if (!allocate(pending)) {
            if (waiting.size() >= maxWaiting) {
                finish(pending, null, "too many requests in flight: every Identifier of every socket is in use and "
                        + maxWaiting + " requests already wait");
                return;
            }
            waiting.addLast(pending);
            return;
        }
        try {
            // Message-Authenticator in everything but Accounting-Request (BlastRADIUS; RFC 5176 asks for it in CoA).
            pending.octets = codec.encodeRequest(pending.message, pending.identifier, pending.target.secret(),
                    !pending.message.code().equals(PacketCode.ACCOUNTING_REQUEST));
        } catch (RadiusFormatException e) {
            release(pending);
            pending.future.completeExceptionally(e);
            return;
        }
        pending.authenticator = java.util.Arrays.copyOfRange(pending.octets, 4, 20);
        send(pending);
    }

    private boolean allocate(Pending pending) {
        int count = sockets.size();
        for (int s = 0; s < count; s++) {
            Socket socket = sockets.get((socketCursor + s) % count);
            if (socket.inFlight == 256) {
                continue;
            }
            for (int i = 0; i < 256; i++) {
                int id = (socket.cursor + i) & 0xff;
                if (socket.slots[id] == null) {
                    socket.slots[id] = pending;
                    socket.inFlight++;
                    socket.cursor = (id + 1) & 0xff;
                    socketCursor = (socketCursor + s + 1) % count;
                    pending.socket = socket;
                    pending.identifier = id;
                    return true;
                }
            }
        }
        return false;
    }

    private void send(Pending pending) {
        pending.sends++;
        if (pending.sends > 1) {
            retransmissions.increment();
        }
        pending.socket.channel.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(pending.octets),
                pending.target.address()));
        pending.timer = loop.schedule(() -> timeout(pending), pending.target.retryTimeoutMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void timeout(Pending pending) {
        if (pending.socket == null || pending.socket.slots[pending.identifier] != pending) {
            return;
        }
        if (pending.sends <= pending.target.retryCount()) {
            send(pending);
            return;
        }
        release(pending);
        unanswered.increment();
        finish(pending, null, "no answer from " + pending.target.name() + " after " + pending.sends + " sends "
                + pending.target.retryTimeoutMillis() + " ms apart");
    }

    private void receive(Socket socket, InetSocketAddress sender, byte[] octets) {
        if (octets.length < 20) {
            invalid(sender, "a " + octets.length + "-octet datagram");
            return;
        }
        Pending pending = socket.slots[octets[1] & 0xff];
        if (pending == null) {
            invalid(sender, "a reply with Identifier " + (octets[1] & 0xff) + " that no request is waiting for");
            return;
        }
        if (!pending.target.address().equals(sender)) {
            invalid(sender, "a reply from " + sender + " to a request sent to " + pending.target.address());
            return;
        }
        PacketCodec.Framed reply;
        try {
            reply = codec.frame(octets, octets.length);
        } catch (RadiusFormatException e) {
            invalid(sender, "a malformed reply: " + e.getMessage());
            return;
        }
        if (!answers(pending.message.code(), reply.code())) {
            invalid(sender, reply.code().name() + " in reply to " + pending.message.code().name());
            return;
        }
        byte[] secret = pending.target.secret();
        if (!codec.verifyResponseAuthenticator(reply, pending.authenticator, secret)) {
            invalid(sender, "a reply from " + pending.target.name() + " with a bad Response Authenticator "
                    + "(wrong shared secret?)");
            return;
        }
        boolean access = pending.message.code().equals(PacketCode.ACCESS_REQUEST)
                || pending.message.code().equals(PacketCode.STATUS_SERVER);
        if (reply.hasMessageAuthenticator()) {
            if (!codec.verifyMessageAuthenticator(reply, pending.authenticator, secret)) {
                invalid(sender, "a reply from " + pending.target.name() + " with a bad Message-Authenticator");
                return;
            }
        } else if (access && pending.target.requireMessageAuthenticator()) {
            invalid(sender, "a reply from " + pending.target.name() + " without Message-Authenticator");
            return;
        }
        RadiusPacket packet;
        try {
            packet = codec.reveal(reply, pending.authenticator, secret);
        } catch (RadiusFormatException e) {
            invalid(sender, "a reply whose hidden attributes do not decode: " + e.getMessage());
            return;
        }
        release(pending);
        answered.increment();
        finish(pending, packet, null);
    }

    private static boolean answers(PacketCode request, PacketCode reply) {
        return switch (request.value()) {
            case 1 -> reply.value() == 2 || reply.value() == 3 || reply.value() == 11;
            case 4 -> reply.value() == 5;
            case 12 -> reply.value() == 2 || reply.value() == 3 || reply.value() == 5;
            case 40 -> reply.value() == 41 || reply.value() == 42;
            case 43 -> reply.value() == 44 || reply.value() == 45;
            default -> false;
        };
    }

    private void invalid(InetSocketAddress sender, String what) {
        invalidReplies.increment();
        LOG.debug("RADIUS client ignored {} (from {})", what, sender);
    }

    private void release(Pending pending) {
        if (pending.timer != null) {
            pending.timer.cancel(false);
        }
        Socket socket = pending.socket;
        if (socket != null && socket.slots[pending.identifier] == pending) {
            socket.slots[pending.identifier] = null;
            socket.inFlight--;
        }
        while (!closed && !waiting.isEmpty() && hasFreeIdentifier()) {
            begin(waiting.removeFirst());
        }
    }

    private boolean hasFreeIdentifier() {
        for (Socket socket : sockets) {
            if (socket.inFlight < 256) {
                return true;
            }
        }
        return false;
    }

    private void finish(Pending pending, RadiusPacket reply, String failure) {
        Result result = new Result(Optional.ofNullable(reply), pending.sends, failure == null ? "" : failure);
        try {
            callbacks.execute(() -> pending.future.complete(result));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            pending.future.complete(result);
        }
    }

    @Override
    public void close() {
        closed = true;
        if (loop != null && !group.isShuttingDown()) {
            loop.execute(() -> {
                for (Socket socket : sockets) {
                    for (Pending pending : socket.slots) {
                        if (pending != null) {
                            release(pending);
                            finish(pending, null, "the client is closed");
                        }
                    }
                }
                while (!waiting.isEmpty()) {
                    finish(waiting.removeFirst(), null, "the client is closed");
                }
                sockets.forEach(socket -> socket.channel.close());
            });
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        callbacks.shutdown();
    }
}
