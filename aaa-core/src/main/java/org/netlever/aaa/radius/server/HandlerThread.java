package org.netlever.aaa.radius.server;

/**
 * Which thread runs a synchronous {@link RadiusHandler}: the thread that read the request from its socket, or one of
 * the server's workers. Handing a request to a worker costs a wake-up of that worker — with an in-memory handler about
 * 40 % of the server's CPU per request — so a handler that answers quickly is best run where the request was read; a
 * handler that waits (a database, another server) must not hold up the socket. An {@link AsyncRadiusHandler} is
 * always started on the reading thread and hands only its blocking work to the workers, whatever this says.
 * Immutable and thread-safe.
 */
public enum HandlerThread {

    /**
     * The default: on the reading thread while the handler is fast, on the workers otherwise. The server measures how
     * long the handler takes, on each port apart (an authorizer answering from memory stays on the readers while
     * accounting that writes to a database goes to the workers); while its recent average (over the last few dozen
     * runs) is at most 20 µs the handler runs where the request was read. One slow run — a billing call that waited,
     * a garbage-collection pause — raises the average and sends the next requests to the workers until runs there
     * bring it down again. A reader held by a handler for more than 50 ms — a database that stopped answering, say —
     * is replaced by a new reading thread, so the port is read on while the handler waits, and the handler stays off
     * the readers for ten seconds, doubling with each further stall up to an hour. Times are taken from the server's
     * clock ({@code RadiusServer.Builder.clock}). While a request runs on a reader, the worker settings
     * ({@code workers}, {@code queueCapacity}, {@code maxQueueWait}) do not apply to it.
     */
    AUTO,

    /**
     * Always on the reading thread: no hand-off at all, for handlers that never block — an in-memory authorizer.
     * A handler that waits stops its reader meanwhile: datagrams from the sources on that reader wait in the socket
     * buffer, and the worker settings, queue limits and shedding do not apply.
     */
    READER,

    /**
     * Always on a worker: every request is handed to the bounded, elastic worker pool, queued and shed as
     * {@link RadiusServer} describes. For handlers whose time varies too much for {@link #AUTO} to be of use.
     */
    WORKERS
}
