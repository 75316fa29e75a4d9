package org.netlever.aaa.radius.server;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * A {@link RadiusHandler} that answers without holding a thread while billing works: the server calls
 * {@link #handleAsync} on the thread that read the request, and sends the reply on whichever thread completes the
 * returned stage — for example the thread that committed a group of records (a request waiting for its group holds
 * no thread, and no worker is woken to send its answer). Work that blocks is handed to the {@code blocking} executor
 * the server passes, its bounded worker pool.
 *
 * <p>The reply is sent after the stage completes; a stage completed exceptionally, or a discard, sends nothing (the
 * client retries), exactly as a {@link RadiusHandler} throwing or discarding. The server's duplicate detection,
 * reply cache and metrics are the same on both paths.
 *
 * <p>Implementations must be thread-safe and must not block in {@link #handleAsync} itself: it runs on the socket's
 * reading thread, which reads nothing else until it returns.
 */
public interface AsyncRadiusHandler extends RadiusHandler {

    /**
     * Starts answering a request.
     *
     * @param request the verified request
     * @param blocking runs blocking work on the server's worker pool; may throw
     *     {@link java.util.concurrent.RejectedExecutionException} when the pool's queue is full
     * @return the reply, or {@link RadiusReply#discard(String)}, when it is ready; completed exceptionally to send
     *     nothing
     */
    CompletionStage<RadiusReply> handleAsync(RadiusRequest request, Executor blocking);

    /**
     * Answers a request on the calling thread: {@link #handleAsync} with blocking work run in place, waited for.
     *
     * @param request the verified request
     * @return the reply
     * @throws Exception what the stage completed with
     */
    @Override
    default RadiusReply handle(RadiusRequest request) throws Exception {
        CompletableFuture<RadiusReply> reply = handleAsync(request, Runnable::run).toCompletableFuture();
        try {
            return reply.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }
}
