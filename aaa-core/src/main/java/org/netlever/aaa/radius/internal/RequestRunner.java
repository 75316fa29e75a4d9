package org.netlever.aaa.radius.internal;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.LongSupplier;
import org.netlever.aaa.radius.AttributeType;
import org.netlever.aaa.radius.PacketCode;
import org.netlever.aaa.radius.RadiusAttribute;
import org.netlever.aaa.radius.RadiusFormatException;
import org.netlever.aaa.radius.RadiusMessage;
import org.netlever.aaa.radius.internal.Clients.Client;
import org.netlever.aaa.radius.internal.ServerEngine.Port;
import org.netlever.aaa.radius.server.AsyncRadiusHandler;
import org.netlever.aaa.radius.server.HandlerThread;
import org.netlever.aaa.radius.server.RadiusHandler;
import org.netlever.aaa.radius.server.RadiusReply;
import org.netlever.aaa.radius.server.RadiusRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's second half, after a request is verified and entered in the duplicate cache: where billing's handler
 * runs ({@link HandlerThread}, or an {@link AsyncRadiusHandler}'s own threads), what happens to a request that waited
 * too long or found the worker queue full (shed: nothing sent, so the client retries), and the answer — the reply
 * checked against the request, Proxy-State copied, encoded, cached for duplicates and sent from the socket the request
 * came in on. Thread-safe: every thread that has a request or its reply calls it.
 */
final class RequestRunner {

    private static final Logger LOG = LoggerFactory.getLogger("org.netlever.aaa.radius.server");

    /**
     * One request on its way from the thread that read it to its answer. Immutable.
     *
     * @param port which of the server's ports it came in on
     * @param reader the socket it came in on, which the reply leaves from
     * @param client the client that sent it
     * @param request what the handler gets
     * @param cache the port's duplicate cache
     * @param key its key there
     * @param entry its entry there, completed with the reply
     * @param receivedAt when it was read, in milliseconds of the server's clock
     */
    record Exchange(Port port, UdpListener.Reader reader, Client client, RadiusRequest request, ReplyCache cache,
            long key, ReplyCache.Entry entry, long receivedAt) {
    }

    private final RadiusHandler handler;
    private final HandlerThread placement;
    private final PacketCodec codec;
    private final WorkerPool workers;
    private final Clock clock;
    private final LongSupplier ticks;
    private final EnumMap<Port, HandlerTiming> timings;
    private final EnumMap<Port, PortCounters> counters;
    private final DropLog drops;
    private final int queueCapacity;
    private final long maxQueueWaitMillis;
    private final long cacheTtlMillis;

    RequestRunner(ServerEngine.Settings settings, PacketCodec codec, WorkerPool workers, LongSupplier ticks,
            EnumMap<Port, HandlerTiming> timings, EnumMap<Port, PortCounters> counters, DropLog drops) {
        this.handler = settings.handler();
        this.placement = settings.handlerThread();
        this.codec = codec;
        this.workers = workers;
        this.clock = settings.clock();
        this.ticks = ticks;
        this.timings = timings;
        this.counters = counters;
        this.drops = drops;
        this.queueCapacity = settings.queueCapacity();
        this.maxQueueWaitMillis = settings.maxQueueWait().toMillis();
        this.cacheTtlMillis = settings.replyCacheTtl().toMillis();
    }

    /**
     * Runs the handler where the placement says — on the calling (reading) thread or on a worker — or starts the
     * asynchronous handler here; the request is answered, discarded or shed.
     *
     * @param x the request
     */
    void run(Exchange x) {
        if (handler instanceof AsyncRadiusHandler async) {
            runAsync(async, x);
            return;
        }
        if (placement == HandlerThread.READER) {
            runHandler(x, false);
            return;
        }
        if (placement == HandlerThread.AUTO && timings.get(x.port()).onReader(ticks)) {
            x.reader().onReader(() -> runHandler(x, false));
            return;
        }
        try {
            workers.execute(() -> runHandler(x, true));
        } catch (RejectedExecutionException e) {
            shed(x);
        }
    }

    /*
     * Runs the synchronous handler and answers. Only a request that was queued for a worker can have waited too long;
     * one run where it was read has not waited. The clock is read as little as the hot path allows: under AUTO the
     * handler's end time also dates the cached reply; other placements do not time the handler at all.
     */
    private void runHandler(Exchange x, boolean queued) {
        if (queued && waitedTooLong(x)) {
            return;
        }
        RadiusReply reply;
        boolean timed = placement == HandlerThread.AUTO;
        long start = timed ? ticks.getAsLong() : 0;
        try {
            reply = handler.handle(x.request());
        } catch (Exception | Error e) {
            if (timed) {
                timings.get(x.port()).ran(ticks.getAsLong() - start);
            }
            failed(x, e);
            return;
        }
        long nowMillis;
        if (timed) {
            long end = ticks.getAsLong();
            timings.get(x.port()).ran(end - start);
            nowMillis = Math.floorDiv(end, 1_000_000L);
        } else {
            nowMillis = clock.millis();
        }
        answer(x, reply, nowMillis);
    }

    /*
     * An asynchronous handler, started on the reading thread: its reply is sent by the thread that completes it, and
     * its blocking work goes to the worker pool (a full queue sheds the request, as on the synchronous path).
     */
    private void runAsync(AsyncRadiusHandler async, Exchange x) {
        // Blocking work that waited too long for a worker is not started: the request is shed as on the
        // synchronous path (nothing sent, so the client retries) and its stage is left to the garbage collector.
        Executor blocking = task -> workers.execute(() -> {
            if (!waitedTooLong(x)) {
                task.run();
            }
        });
        CompletionStage<RadiusReply> stage;
        try {
            stage = async.handleAsync(x.request(), blocking);
        } catch (RejectedExecutionException e) {
            shed(x);
            return;
        } catch (Exception | Error e) {
            failed(x, e);
            return;
        }
        stage.whenComplete((reply, error) -> {
            Throwable cause = error instanceof CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            if (cause instanceof RejectedExecutionException) {
                shed(x);
            } else if (cause != null) {
                failed(x, cause);
            } else {
                answer(x, reply, clock.millis());
            }
        });
    }

    /** Whether a request waited for a worker longer than allowed: then it is shed (nothing sent). */
    private boolean waitedTooLong(Exchange x) {
        long waited = clock.millis() - x.receivedAt();
        if (waited <= maxQueueWaitMillis) {
            return false;
        }
        forget(x);
        drops.drop(counters.get(x.port()).shed, x.request().source(), "overloaded: waited " + waited
                + " ms for a worker, more than the " + maxQueueWaitMillis + " ms allowed");
        return true;
    }

    private void shed(Exchange x) {
        forget(x);
        drops.drop(counters.get(x.port()).shed, x.request().source(), "overloaded: " + queueCapacity
                + " requests already wait for a worker");
    }

    private void failed(Exchange x, Throwable e) {
        forget(x);
        RadiusRequest request = x.request();
        LOG.warn("RADIUS handler failed on {} id {} from client {}; nothing sent", request.packet().code()
                .name(), request.packet().identifier(), x.client().definition().name(), e);
        drops.drop(counters.get(x.port()).handlerErrors, request.source(), "handler failed: " + e);
    }

    /* Takes an unanswered request out of the duplicate cache, so that its retransmission is handled anew. */
    private static void forget(Exchange x) {
        x.cache().remove(x.key(), x.entry());
    }

    /*
     * Checks the handler's reply, caches it for duplicates (until nowMillis plus the cache time) and sends it; on the
     * thread that has it.
     */
    private void answer(Exchange x, RadiusReply reply, long nowMillis) {
        RadiusRequest request = x.request();
        InetSocketAddress sender = request.source();
        PortCounters portCounters = counters.get(x.port());
        if (reply == null || reply.message().isEmpty()) {
            forget(x);
            drops.drop(portCounters.discarded, sender, "handler discarded " + request.packet().code().name() + ": "
                    + (reply == null ? "it returned null" : reply.discardReason().orElse("")));
            return;
        }
        RadiusMessage message = reply.message().get();
        PacketCode code = message.code();
        if (!answers(x.port(), request.packet().code(), code)) {
            forget(x);
            drops.drop(portCounters.handlerErrors, sender, "handler answered " + request.packet().code().name()
                    + " with " + code.name());
            return;
        }
        List<RadiusAttribute> proxyState = request.packet().all(AttributeType.PROXY_STATE);
        if (!proxyState.isEmpty()) {
            message = message.without(AttributeType.PROXY_STATE).with(proxyState);
        }
        byte[] octets;
        try {
            octets = codec.encodeReply(message, request.packet().identifier(), request.packet().authenticator(),
                    x.client().secret(), x.port() != Port.ACCT);
        } catch (RadiusFormatException e) {
            forget(x);
            drops.drop(portCounters.handlerErrors, sender, "the handler's reply cannot be encoded: " + e.getMessage());
            return;
        }
        x.entry().complete(octets, nowMillis + cacheTtlMillis);
        portCounters.answered.increment();
        x.reader().send(octets, sender);
    }

    /* Whether a reply code answers a request code on a port. */
    private static boolean answers(Port port, PacketCode asked, PacketCode code) {
        return switch (port) {
            case AUTH -> code.equals(PacketCode.ACCESS_ACCEPT) || code.equals(PacketCode.ACCESS_REJECT)
                    || code.equals(PacketCode.ACCESS_CHALLENGE);
            case ACCT -> code.equals(PacketCode.ACCOUNTING_RESPONSE);
            case COA -> asked.equals(PacketCode.COA_REQUEST)
                    ? code.equals(PacketCode.COA_ACK) || code.equals(PacketCode.COA_NAK)
                    : code.equals(PacketCode.DISCONNECT_ACK) || code.equals(PacketCode.DISCONNECT_NAK);
        };
    }
}
