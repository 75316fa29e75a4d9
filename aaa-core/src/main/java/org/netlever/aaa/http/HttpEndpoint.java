package org.netlever.aaa.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.netlever.aaa.AaaException;
import org.netlever.aaa.http.internal.EndpointSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small hardened HTTP/1.1 server: a non-blocking Netty transport reads requests, a fixed pool of worker threads
 * runs the {@link Handler} (which may block, on a database for instance), and the answer is written back.
 *
 * <p>What a client cannot do to it:
 * <ul>
 *   <li>Hold it with a slow or incomplete request. A waiting connection costs no thread, and every request must
 *       arrive whole — request line, headers and body — within {@code requestTimeout} of its first byte (a new
 *       connection's first request: of connecting); otherwise it is answered 408 and closed. A connection with no
 *       request in progress is closed after {@code idleTimeout} (a new one after the shorter of the two).</li>
 *   <li>Send more than {@code maxBodyBytes} (413, and the connection is closed), a request line longer than 4 KiB
 *       (414) or headers over 8 KiB (431). Malformed requests are answered 400 and closed.</li>
 *   <li>Stall the workers for others by pipelining: a connection has one request at a time in the handler; requests
 *       it sends meanwhile wait (up to 16), and it is not read further until its answer has been written, which must
 *       happen within {@code requestTimeout}.</li>
 * </ul>
 *
 * <p>Connections are kept alive (HTTP/1.1 by default, HTTP/1.0 when asked), {@code Expect: 100-continue} is honoured,
 * {@code TCP_NODELAY} is on for every accepted connection (small answers are not held back for the client's delayed
 * ACK), and a {@code HEAD} request gets the headers the handler's answer would have, without its body. Nothing
 * JVM-wide is set.
 *
 * <p>{@link #close()} stops accepting, closes connections with no request in the handler, lets requests in the
 * handler finish (up to 5 seconds; their connections are closed after the answer), then releases the threads.
 *
 * <p>Thread-safe.
 */
public final class HttpEndpoint implements AutoCloseable {

    /** The default time a whole request may take to arrive: 10 seconds. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** The default time a connection may stay open with no request in progress: 30 seconds. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
    /** The default largest request body: 1 MiB. */
    public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(HttpEndpoint.class);
    private static final Duration GRACE = Duration.ofSeconds(5);
    private static final String TEXT = "text/plain; charset=utf-8";

    final String name;
    final Handler handler;
    final long requestTimeoutNanos;
    final long idleTimeoutNanos;
    final int maxBodyBytes;
    private final EventLoopGroup loop;
    final ExecutorService workers;
    final Set<HttpConnection> connections = ConcurrentHashMap.newKeySet();
    private final Channel server;
    private final InetSocketAddress address;
    volatile boolean closing;

    private HttpEndpoint(Builder b) {
        this.name = b.name;
        this.handler = b.handler;
        this.requestTimeoutNanos = b.requestTimeout.toNanos();
        this.idleTimeoutNanos = b.idleTimeout.toNanos();
        this.maxBodyBytes = b.maxBodyBytes;
        this.loop = new NioEventLoopGroup(1, new DefaultThreadFactory("netlever-" + name + "-io", true));
        this.workers = Executors.newFixedThreadPool(b.threads, r -> {
            Thread t = new Thread(r, "netlever-" + name + "-http");
            t.setDaemon(true);
            return t;
        });
        ServerBootstrap bootstrap = new ServerBootstrap().group(loop).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 128)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        HttpConnection c = new HttpConnection(HttpEndpoint.this, ch);
                        ch.pipeline().addLast("watch", c.watch)
                                .addLast("decoder", new HttpRequestDecoder(new HttpDecoderConfig()))
                                .addLast("encoder", new HttpResponseEncoder())
                                .addLast("dispatch", c.dispatch);
                    }
                });
        ChannelFuture bound = bootstrap.bind(b.address).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            release();
            Throwable cause = bound.cause();
            throw new AaaException("cannot listen on " + b.address + " (" + name + "): " + cause.getMessage(), cause);
        }
        this.server = bound.channel();
        this.address = (InetSocketAddress) server.localAddress();
    }

    /**
     * Starts describing an endpoint.
     *
     * @param handler what answers the requests
     * @return a builder
     */
    public static Builder builder(Handler handler) {
        return new Builder(handler);
    }

    /**
     * The address and port the endpoint listens on (the port is chosen by the system when 0 was asked for).
     *
     * @return the address
     */
    public InetSocketAddress address() {
        return address;
    }

    /**
     * Stops accepting, closes the connections that have no request in the handler, lets requests in the handler
     * finish (up to 5 seconds), closes what is left and stops the threads. Idempotent.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closing) {
                return;
            }
            closing = true;
        }
        server.close().awaitUninterruptibly();
        for (HttpConnection c : connections) {
            c.channel.eventLoop().execute(c::closeIfUnbusy);
        }
        workers.shutdown();
        try {
            if (!workers.awaitTermination(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
        // Answers the workers finished are queued on the event loop before these closes, so they are written first.
        for (HttpConnection c : connections) {
            c.channel.eventLoop().execute(() -> c.channel.close());
        }
        release();
    }

    private void release() {
        workers.shutdownNow();
        loop.shutdownGracefully(0, GRACE.toMillis(), TimeUnit.MILLISECONDS).awaitUninterruptibly();
    }

    /**
     * Answers requests. Runs on the endpoint's worker threads, several requests at once (one per connection at a
     * time), so an implementation must be thread-safe; it may block. An exception is logged and answered 500.
     */
    @FunctionalInterface
    public interface Handler {
        /**
         * Answers one request.
         *
         * @param request the request, whole
         * @return the answer
         */
        Response handle(Request request);
    }

    /**
     * One request, received whole. Immutable and thread-safe: {@link #body()} returns a copy.
     *
     * @param method the method as sent ({@code GET}, {@code POST}, ...)
     * @param rawPath the path as sent, still percent-encoded
     * @param rawQuery what follows the {@code ?}, still encoded; empty if there was no {@code ?}
     * @param headers every header, names compared without regard to case
     * @param body the body (empty if none)
     * @param remoteAddress the client's address
     */
    public record Request(String method, String rawPath, Optional<String> rawQuery, Map<String, List<String>> headers,
            byte[] body, InetSocketAddress remoteAddress) {

        /** Copies the headers (case-insensitively) and the body. */
        public Request {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(rawPath, "rawPath");
            Objects.requireNonNull(rawQuery, "rawQuery");
            Objects.requireNonNull(remoteAddress, "remoteAddress");
            TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            headers.forEach((k, v) -> copy.merge(k, List.copyOf(v), (a, b) -> {
                List<String> both = new ArrayList<>(a);
                both.addAll(b);
                return List.copyOf(both);
            }));
            headers = Collections.unmodifiableMap(copy);
            body = body.clone();
        }

        /**
         * The first value of a header.
         *
         * @param name the header's name, in any case
         * @return its first value, or empty if it was not sent
         */
        public Optional<String> header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
        }

        /**
         * The body.
         *
         * @return a copy of the body
         */
        @Override
        public byte[] body() {
            return body.clone();
        }

        /**
         * The request target as sent: the raw path, and {@code ?} and the raw query if there was one.
         *
         * @return the path and query
         */
        public String target() {
            return rawPath + rawQuery.map(q -> "?" + q).orElse("");
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Request r && method.equals(r.method) && rawPath.equals(r.rawPath)
                    && rawQuery.equals(r.rawQuery) && headers.equals(r.headers)
                    && java.util.Arrays.equals(body, r.body) && remoteAddress.equals(r.remoteAddress);
        }

        @Override
        public int hashCode() {
            return Objects.hash(method, rawPath, rawQuery, headers, java.util.Arrays.hashCode(body), remoteAddress);
        }

        @Override
        public String toString() {
            return "Request[" + method + " " + target() + " from " + remoteAddress + ", " + body.length + " bytes]";
        }
    }

    /**
     * An answer. The endpoint adds {@code Content-Length} and {@code Connection}. Immutable and thread-safe:
     * {@link #body()} returns a copy.
     *
     * @param status the status code, 200 to 599
     * @param contentType the {@code Content-Type}
     * @param headers further headers (not {@code Content-Type}, {@code Content-Length}, {@code Connection} or
     *     {@code Transfer-Encoding}, which the endpoint sets)
     * @param body the body
     */
    public record Response(int status, String contentType, Map<String, String> headers, byte[] body) {

        private static final Set<String> RESERVED = Set.of("content-type", "content-length", "connection",
                "transfer-encoding");

        /** Checks the fields; copies the headers and the body. */
        public Response {
            if (status < 200 || status > 599) {
                throw new IllegalArgumentException("status must be 200 to 599, got " + status);
            }
            Objects.requireNonNull(contentType, "contentType");
            checkHeader("Content-Type", contentType);
            Map<String, String> copy = new LinkedHashMap<>();
            headers.forEach((k, v) -> {
                if (RESERVED.contains(k.toLowerCase(Locale.ROOT))) {
                    throw new IllegalArgumentException(k + " is set by the endpoint");
                }
                checkHeader(k, v);
                copy.put(k, v);
            });
            headers = Collections.unmodifiableMap(copy);
            body = body.clone();
        }

        private static void checkHeader(String name, String value) {
            if (name.isEmpty() || !name.chars().allMatch(c -> c > 32 && c < 127 && c != ':')
                    || value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
                throw new IllegalArgumentException("not a valid header: " + name);
            }
        }

        /**
         * An answer with a body.
         *
         * @param status the status code
         * @param contentType the content type
         * @param body the body
         * @return the answer
         */
        public static Response of(int status, String contentType, byte[] body) {
            return new Response(status, contentType, Map.of(), body);
        }

        /**
         * A plain-text answer ({@code text/plain; charset=utf-8}).
         *
         * @param status the status code
         * @param text the text
         * @return the answer
         */
        public static Response text(int status, String text) {
            return of(status, TEXT, text.getBytes(StandardCharsets.UTF_8));
        }

        /**
         * This answer with one more header.
         *
         * @param name the header's name
         * @param value its value
         * @return a new answer
         */
        public Response withHeader(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new Response(status, contentType, more, body);
        }

        /**
         * The body.
         *
         * @return a copy of the body
         */
        @Override
        public byte[] body() {
            return body.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Response r && status == r.status && contentType.equals(r.contentType)
                    && headers.equals(r.headers) && java.util.Arrays.equals(body, r.body);
        }

        @Override
        public int hashCode() {
            return Objects.hash(status, contentType, headers, java.util.Arrays.hashCode(body));
        }

        @Override
        public String toString() {
            return "Response[" + status + ", " + contentType + ", " + body.length + " bytes]";
        }
    }

    /**
     * Describes an {@link HttpEndpoint}. Not thread-safe.
     */
    public static final class Builder {
        final Handler handler;
        private InetSocketAddress address = new InetSocketAddress("127.0.0.1", 0);
        private String name = "http";
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
        private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private int threads = 4;

        private Builder(Handler handler) {
            this.handler = Objects.requireNonNull(handler, "handler");
        }

        /**
         * Sets the address to listen on (default 127.0.0.1, a free port).
         *
         * @param value the address
         * @return this builder
         */
        public Builder bind(InetSocketAddress value) {
            this.address = Objects.requireNonNull(value, "address");
            return this;
        }

        /**
         * Sets the name used in thread names, logs and errors (default {@code http}).
         *
         * @param value a short name, such as {@code lever}
         * @return this builder
         */
        public Builder name(String value) {
            if (value.isBlank()) {
                throw new IllegalArgumentException("name must not be blank");
            }
            this.name = value;
            return this;
        }

        /**
         * Sets how long a whole request — request line, headers and body — may take to arrive, from its first byte
         * (a new connection's first request: from connecting). Default {@link #DEFAULT_REQUEST_TIMEOUT}. Also the
         * time an answer may take to be written out.
         *
         * @param value a positive duration
         * @return this builder
         */
        public Builder requestTimeout(Duration value) {
            this.requestTimeout = EndpointSettings.positive(value, "requestTimeout");
            return this;
        }

        /**
         * Sets how long a connection may stay open with no request in progress: between requests on a kept-alive
         * connection, or connected and silent. Default {@link #DEFAULT_IDLE_TIMEOUT}.
         *
         * @param value a positive duration
         * @return this builder
         */
        public Builder idleTimeout(Duration value) {
            this.idleTimeout = EndpointSettings.positive(value, "idleTimeout");
            return this;
        }

        /**
         * Sets the largest request body; a larger one is answered 413 (default {@link #DEFAULT_MAX_BODY_BYTES}).
         *
         * @param value 0 or more bytes
         * @return this builder
         */
        public Builder maxBodyBytes(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("maxBodyBytes must not be negative, got " + value);
            }
            this.maxBodyBytes = value;
            return this;
        }

        /**
         * Sets the number of worker threads the handler runs on (default 4).
         *
         * @param value 1 or more
         * @return this builder
         */
        public Builder threads(int value) {
            this.threads = EndpointSettings.positive(value, "threads");
            return this;
        }

        /**
         * Binds the address and starts answering.
         *
         * @return the running endpoint
         * @throws AaaException if the address cannot be bound; the message names it
         */
        public HttpEndpoint start() {
            return new HttpEndpoint(this);
        }
    }
}
