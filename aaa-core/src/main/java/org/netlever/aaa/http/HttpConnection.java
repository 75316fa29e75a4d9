package org.netlever.aaa.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One accepted connection of an {@link HttpEndpoint}: its deadline, the request being received, and requests waiting
 * for the handler. Not API.
 *
 * <p>Not thread-safe: every field is used on the connection's event loop only.
 */
final class HttpConnection {

    private static final Logger LOG = LoggerFactory.getLogger(HttpEndpoint.class);
    private static final int MAX_QUEUED = 16;
    private static final String TEXT = "text/plain; charset=utf-8";

    private final HttpEndpoint endpoint;
    final Channel channel;
    private final long connectedAt = System.nanoTime();
    private final ArrayDeque<Received> queued = new ArrayDeque<>();
    private State state = State.FRESH;
    private ScheduledFuture<?> timer;
    private HttpRequest head;
    private ByteArrayOutputStream body;
    private boolean rejected;
    private HttpVersion version = HttpVersion.HTTP_1_1;

    /** First in the pipeline: sees every byte arrive, before decoding, to start a request's deadline. */
    final ChannelInboundHandlerAdapter watch = new ChannelInboundHandlerAdapter() {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            endpoint.connections.add(HttpConnection.this);
            if (endpoint.closing) {
                ctx.close();
                return;
            }
            arm(Math.min(endpoint.requestTimeoutNanos, endpoint.idleTimeoutNanos));
            ctx.fireChannelActive();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (state == State.FRESH) {
                state = State.RECEIVING;
                arm(Math.max(0, connectedAt + endpoint.requestTimeoutNanos - System.nanoTime()));
            } else if (state == State.IDLE) {
                state = State.RECEIVING;
                arm(endpoint.requestTimeoutNanos);
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            endpoint.connections.remove(HttpConnection.this);
            cancelTimer();
            queued.clear();
            body = null;
            ctx.fireChannelInactive();
        }

        @Override
        public boolean isSharable() {
            return false;
        }
    };

    /** Last in the pipeline: assembles decoded requests and hands them to the endpoint.workers, one at a time. */
    final ChannelInboundHandlerAdapter dispatch = new ChannelInboundHandlerAdapter() {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (!rejected) {
                    receive(msg);
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("{} connection from {} failed", endpoint.name, channel.remoteAddress(), cause);
            ctx.close();
        }

        @Override
        public boolean isSharable() {
            return false;
        }
    };

    HttpConnection(HttpEndpoint endpoint, Channel channel) {
        this.endpoint = endpoint;
        this.channel = channel;
    }

    private void receive(Object msg) {
        if (msg instanceof HttpRequest request) {
            if (request.decoderResult().isFailure()) {
                malformed(request.decoderResult().cause());
                return;
            }
            long length = HttpUtil.getContentLength(request, -1L);
            if (length > endpoint.maxBodyBytes) {
                reject(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "the body is larger than " + endpoint.maxBodyBytes
                        + " bytes");
                return;
            }
            if (request.headers().contains(HttpHeaderNames.EXPECT)) {
                if (!HttpUtil.is100ContinueExpected(request)) {
                    reject(HttpResponseStatus.EXPECTATION_FAILED, "only Expect: 100-continue is understood");
                    return;
                }
                channel.writeAndFlush(new DefaultFullHttpResponse(request.protocolVersion(),
                        HttpResponseStatus.CONTINUE, Unpooled.EMPTY_BUFFER));
            }
            head = request;
            version = request.protocolVersion();
            // Grown as bytes arrive, never sized by what the client announces and may not send.
            body = new ByteArrayOutputStream((int) Math.min(Math.max(length, 256), 16 * 1024));
        }
        if (msg instanceof HttpContent content && head != null) {
            if (content.decoderResult().isFailure()) {
                malformed(content.decoderResult().cause());
                return;
            }
            ByteBuf bytes = content.content();
            if (body.size() + bytes.readableBytes() > endpoint.maxBodyBytes) {
                reject(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "the body is larger than " + endpoint.maxBodyBytes
                        + " bytes");
                return;
            }
            body.writeBytes(ByteBufUtil.getBytes(bytes));
            if (content instanceof LastHttpContent) {
                complete();
            }
        }
    }

    /** A whole request has arrived: to the endpoint.handler now, or after the one it is answering. */
    private void complete() {
        Received request = toRequest(head, body.toByteArray());
        head = null;
        body = null;
        if (state == State.HANDLING || state == State.WRITING) {
            if (queued.size() >= MAX_QUEUED) {
                LOG.debug("{} connection from {} pipelined too many requests; endpoint.closing", endpoint.name,
                        channel.remoteAddress());
                channel.close();
                return;
            }
            queued.add(request);
            return;
        }
        handle(request);
    }

    private void handle(Received received) {
        state = State.HANDLING;
        cancelTimer();
        channel.config().setAutoRead(false);
        HttpEndpoint.Request request = received.request();
        boolean keep = received.keepAlive();
        boolean isHead = request.method().equals("HEAD");
        HttpVersion v = received.version();
        try {
            endpoint.workers.execute(() -> {
                HttpEndpoint.Response response;
                try {
                    response = endpoint.handler.handle(request);
                    if (response == null) {
                        throw new NullPointerException("the endpoint.handler answered null");
                    }
                } catch (RuntimeException | Error e) {
                    LOG.error("{} request {} {} failed", endpoint.name, request.method(), request.rawPath(), e);
                    response = HttpEndpoint.Response.text(500, "internal error: " + e.getClass().getSimpleName());
                }
                HttpEndpoint.Response answer = response;
                channel.eventLoop().execute(() -> write(answer, v, keep, isHead));
            });
        } catch (RejectedExecutionException e) {
            write(HttpEndpoint.Response.text(503, "shutting down"), v, false, isHead);
        }
    }

    private void write(HttpEndpoint.Response response, HttpVersion v, boolean keep, boolean isHead) {
        if (!channel.isActive()) {
            return;
        }
        boolean staying = keep && !endpoint.closing;
        state = State.WRITING;
        arm(endpoint.requestTimeoutNanos);
        ChannelFuture written = channel.writeAndFlush(toNetty(response, v, staying, isHead));
        written.addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess() || !staying || endpoint.closing) {
                channel.close();
                return;
            }
            Received next = queued.poll();
            if (next != null) {
                handle(next);
                return;
            }
            state = State.IDLE;
            arm(endpoint.idleTimeoutNanos);
            channel.config().setAutoRead(true);
        });
    }

    /** Answers without running the endpoint.handler, and closes: what else the client sends is not read. */
    private void reject(HttpResponseStatus status, String reason) {
        rejected = true;
        head = null;
        body = null;
        cancelTimer();
        channel.config().setAutoRead(false);
        byte[] text = (reason + "\n").getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(version, status, Unpooled.wrappedBuffer(text));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, TEXT)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, text.length)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        channel.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        // A client that does not read its answer does not keep the connection either.
        channel.eventLoop().schedule(() -> channel.close(), endpoint.requestTimeoutNanos, TimeUnit.NANOSECONDS);
    }

    private void malformed(Throwable cause) {
        if (cause instanceof TooLongHttpLineException) {
            reject(HttpResponseStatus.REQUEST_URI_TOO_LONG, "the request line is too long");
        } else if (cause instanceof TooLongHttpHeaderException) {
            reject(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "the headers are too large");
        } else {
            reject(HttpResponseStatus.BAD_REQUEST, "malformed request: " + cause.getMessage());
        }
    }

    private void arm(long nanos) {
        cancelTimer();
        timer = channel.eventLoop().schedule(this::expired, nanos, TimeUnit.NANOSECONDS);
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void expired() {
        timer = null;
        if (state == State.RECEIVING && !rejected) {
            LOG.debug("{} request from {} did not arrive in time; answering 408", endpoint.name, channel.remoteAddress());
            reject(HttpResponseStatus.REQUEST_TIMEOUT, "the request did not arrive within "
                    + Duration.ofNanos(endpoint.requestTimeoutNanos));
        } else if (state != State.HANDLING) {
            LOG.debug("{} connection from {} timed out ({})", endpoint.name, channel.remoteAddress(), state);
            channel.close();
        }
    }

    void closeIfUnbusy() {
        if (state != State.HANDLING && state != State.WRITING) {
            channel.close();
        }
    }

    private Received toRequest(HttpRequest request, byte[] content) {
        String target = request.uri();
        String rawPath;
        String rawQuery;
        if (!target.startsWith("/")) {
            // The absolute form (http://host/path?query); anything else gets no endpoint.handler path.
            try {
                URI uri = new URI(target);
                rawPath = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
                rawQuery = uri.getRawQuery();
            } catch (URISyntaxException e) {
                rawPath = target;
                rawQuery = null;
            }
        } else {
            int q = target.indexOf('?');
            rawPath = q < 0 ? target : target.substring(0, q);
            rawQuery = q < 0 ? null : target.substring(q + 1);
        }
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Map.Entry<String, String> h : request.headers()) {
            headers.computeIfAbsent(h.getKey(), k -> new ArrayList<>(1)).add(h.getValue());
        }
        HttpEndpoint.Request r = new HttpEndpoint.Request(request.method().name(), rawPath, Optional.ofNullable(rawQuery), headers,
                content, (InetSocketAddress) channel.remoteAddress());
        return new Received(r, request.protocolVersion(), HttpUtil.isKeepAlive(request));
    }

    private FullHttpResponse toNetty(HttpEndpoint.Response r, HttpVersion v, boolean staying, boolean isHead) {
        ByteBuf content = isHead ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(r.body());
        FullHttpResponse response = new DefaultFullHttpResponse(v, HttpResponseStatus.valueOf(r.status()),
                content);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, r.contentType())
                .setInt(HttpHeaderNames.CONTENT_LENGTH, r.body().length);
        r.headers().forEach(response.headers()::set);
        if (!staying) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (v.equals(HttpVersion.HTTP_1_0)) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        return response;
    }

    @Override
    public String toString() {
        return "HttpConnection[" + channel.remoteAddress() + ", " + state + "]";
    }

    /** Where a connection is; every field of a {@link HttpConnection} is used on its event loop only. */
    enum State { FRESH, IDLE, RECEIVING, HANDLING, WRITING }

    /** A request and how to answer it. */
    record Received(HttpEndpoint.Request request, HttpVersion version, boolean keepAlive) {
    }
}
