package org.netlever.aaa.radius.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.netlever.aaa.radius.RadiusDictionary;
import org.netlever.aaa.radius.RadiusException;
import org.netlever.aaa.radius.internal.ServerEngine;

/**
 * A RADIUS authentication and accounting server (RFC 2865, RFC 2866) that billing embeds: UDP listeners, per-client
 * shared secrets, verification, RFC 5080 duplicate handling, Status-Server (RFC 5997), and a bounded worker pool that
 * runs billing's {@link RadiusHandler}. Optionally it also listens for CoA and Disconnect requests, as a NAS does.
 *
 * <h2>What happens to a datagram</h2>
 * <ol>
 *   <li>The source address must match a {@link RadiusClientDefinition}; otherwise it is dropped.</li>
 *   <li>It must be a well-formed packet of a code the port serves (Access-Request on the authentication port,
 *       Accounting-Request on the accounting port, Status-Server on both).</li>
 *   <li>A duplicate (same source, port, Identifier and Request Authenticator) of a request still being handled is
 *       silently discarded; of an answered one, gets the cached reply again without reaching the handler. A new
 *       authenticator makes it a new request.</li>
 *   <li>Accounting-Requests must carry the right Request Authenticator; Access-Requests must satisfy the client's
 *       {@link MessageAuthenticatorPolicy}; a Message-Authenticator that is present must be right.</li>
 *   <li>A synchronous handler runs on the thread that read the request while it answers quickly, and on the worker
 *       pool otherwise ({@link Builder#handlerThread(HandlerThread)}, {@link HandlerThread#AUTO} by default). On the
 *       pool, if the queue is full, or the request waited longer than
 *       {@link Builder#maxQueueWait(Duration)} — past the point where the client has retried or failed over — it is
 *       shed rather than answered late. An {@link AsyncRadiusHandler} is instead started on the reading thread; it
 *       hands only its blocking work to the pool (shed the same way), and its reply is sent by whichever thread
 *       completes it — a billing writing records in groups answers each from the thread that committed it, with no
 *       thread held per waiting request.</li>
 *   <li>The handler's reply gets the request's Proxy-State attributes, Message-Authenticator first for replies to
 *       Access-Requests (the BlastRADIUS mitigation), and the Response Authenticator; it is sent and cached.</li>
 * </ol>
 * Every datagram not answered is counted in {@link #stats()} under one reason, recorded in {@link #recentDrops()}
 * and logged (at most every 10 seconds per kind of reason at WARN, every time at DEBUG). Shared secrets are never
 * logged.
 *
 * <h2>Reading the ports</h2>
 * Each port is read by {@link Builder#readers(int)} sockets bound to it with {@code SO_REUSEPORT}, each with its own
 * thread; the kernel gives each source (address and port) one of them, so many NASes are read in parallel, and a
 * retransmission reaches the socket its original did. The duplicate cache is the server's, not a reader's: a
 * retransmission that reaches another reader (after a restart of the readers, say) is still answered from it. Replies
 * leave from the thread that made them, on the socket the request came in on. With more than one reader, another
 * process of the same user that also sets {@code SO_REUSEPORT} can bind the same port and share its traffic; a port
 * held by a socket without it still fails the start.
 *
 * <p>Only IPv4 clients are supported. Instances are thread-safe; close the server to release its ports and threads.
 */
public final class RadiusServer implements AutoCloseable {

    private final ServerEngine engine;

    private RadiusServer(ServerEngine engine) {
        this.engine = engine;
    }

    /**
     * A builder with the defaults: loopback, ports 1812 and 1813, a worker pool from the number of cores up to 256
     * threads, a queue of 4096, a one-second queue limit, replies cached for 10 seconds, the system clock and the
     * standard dictionary.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The bound authentication address; the real port when port 0 was asked for.
     *
     * @return the address
     */
    public InetSocketAddress authAddress() {
        return engine.authAddress();
    }

    /**
     * The bound accounting address; the real port when port 0 was asked for.
     *
     * @return the address
     */
    public InetSocketAddress acctAddress() {
        return engine.acctAddress();
    }

    /**
     * The bound CoA address, when the server listens for CoA ({@link Builder#coaAddress(InetSocketAddress)}).
     *
     * @return the address, or empty
     */
    public java.util.Optional<InetSocketAddress> coaAddress() {
        return java.util.Optional.ofNullable(engine.coaAddress());
    }

    /**
     * The counters since the server started.
     *
     * @return a snapshot
     */
    public RadiusServerStats stats() {
        return engine.stats();
    }

    /**
     * The counters of each port, so that drops on the auth and the acct port can be told apart.
     *
     * @return {@code auth} and {@code acct} to that port's counters since start
     */
    public java.util.Map<String, RadiusServerStats> statsByPort() {
        java.util.Map<String, RadiusServerStats> byPort = new java.util.LinkedHashMap<>(engine.statsByPort());
        byPort.remove("coa");
        return byPort;
    }

    /**
     * How many handler threads the elastic worker pool has now.
     *
     * @return the count
     */
    public int workerThreads() {
        return engine.workerThreads();
    }

    /**
     * The most recent datagrams that were not answered, and why; oldest first.
     *
     * @return a snapshot, at most {@link Builder#recentDrops(int)} entries
     */
    public List<DroppedPacket> recentDrops() {
        return engine.recentDrops();
    }

    /** The machinery, for this package's tests. */
    ServerEngine engine() {
        return engine;
    }

    /**
     * Forgets answered requests whose cache time has passed by the server's clock, and requests the handler has not
     * answered within {@link Builder#handlerTimeout}. The server does this every second on its own; tests that step
     * a clock call it to see the effect at once.
     */
    public void expireReplyCache() {
        engine.sweep();
    }

    /**
     * Stops listening, lets running handlers finish (up to five seconds) and releases the threads.
     */
    @Override
    public void close() {
        engine.close();
    }

    /** Default for {@link Builder#workers}: the most requests handled at once. */
    public static final int DEFAULT_WORKERS = 256;
    /** Default for {@link Builder#queueCapacity}: requests that may wait for a worker. */
    public static final int DEFAULT_QUEUE_CAPACITY = 4096;
    /** Default for {@link Builder#maxQueueWait}: a request waiting longer is dropped (the client has retried). */
    public static final Duration DEFAULT_MAX_QUEUE_WAIT = Duration.ofSeconds(1);
    /** Default for {@link Builder#replyCacheTtl}: how long a reply is kept to answer retransmissions (RFC 5080). */
    public static final Duration DEFAULT_REPLY_CACHE_TTL = Duration.ofSeconds(10);
    /** Default for {@link Builder#recentDrops}: dropped packets kept for {@link #recentDrops()}. */
    public static final int DEFAULT_RECENT_DROPS = 256;
    /** Default for {@link Builder#handlerTimeout}: longer than any client's whole retry window. */
    public static final Duration DEFAULT_HANDLER_TIMEOUT = Duration.ofSeconds(60);
    /** Default for {@link Builder#handlerThread}: on the reading thread while the handler is fast. */
    public static final HandlerThread DEFAULT_HANDLER_THREAD = HandlerThread.AUTO;

    /**
     * Default for {@link Builder#readers}: one thread reading each port per two processors, at least one and at most
     * four. A reader receives and checks; a fast synchronous handler then runs on it, a slow one on the workers
     * ({@link Builder#handlerThread}).
     *
     * @return the number on this machine
     */
    public static int defaultReaders() {
        return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors() / 2));
    }

    /**
     * Default for {@link Builder#minWorkers}: workers kept even when idle, two or one per processor.
     *
     * @return the number on this machine
     */
    public static int defaultMinWorkers() {
        return Math.max(2, Runtime.getRuntime().availableProcessors());
    }

    /**
     * Configures and starts a {@link RadiusServer}. Not thread-safe.
     */
    public static final class Builder {
        private InetSocketAddress authAddress = new InetSocketAddress(InetAddress.getLoopbackAddress(), 1812);
        private InetSocketAddress acctAddress = new InetSocketAddress(InetAddress.getLoopbackAddress(), 1813);
        private InetSocketAddress coaAddress;
        private final List<RadiusClientDefinition> clients = new ArrayList<>();
        private RadiusHandler handler;
        private int minWorkers = defaultMinWorkers();
        private int workers = DEFAULT_WORKERS;
        private int queueCapacity = DEFAULT_QUEUE_CAPACITY;
        private Duration maxQueueWait = DEFAULT_MAX_QUEUE_WAIT;
        private Duration replyCacheTtl = DEFAULT_REPLY_CACHE_TTL;
        private Clock clock = Clock.systemUTC();
        private RadiusDictionary dictionary = RadiusDictionary.standard();
        private int recentDrops = DEFAULT_RECENT_DROPS;
        private int readers = defaultReaders();
        private HandlerThread handlerThread = DEFAULT_HANDLER_THREAD;
        private Duration handlerTimeout = DEFAULT_HANDLER_TIMEOUT;

        private Builder() {
        }

        /**
         * Where to listen for Access-Requests.
         *
         * @param address the address; port 0 picks a free port
         * @return this builder
         */
        public Builder authAddress(InetSocketAddress address) {
            this.authAddress = Objects.requireNonNull(address, "address");
            return this;
        }

        /**
         * Where to listen for Accounting-Requests.
         *
         * @param address the address; port 0 picks a free port
         * @return this builder
         */
        public Builder acctAddress(InetSocketAddress address) {
            this.acctAddress = Objects.requireNonNull(address, "address");
            return this;
        }

        /**
         * Also listens for CoA-Request and Disconnect-Request (RFC 5176) — the NAS side, for NAS and BRAS simulators
         * and for gateways of one's own. Their Request Authenticator is checked like an Accounting-Request's; the
         * handler answers with CoA-ACK / CoA-NAK or Disconnect-ACK / Disconnect-NAK, which carry Message-Authenticator.
         * Off by default.
         *
         * @param address the address; port 0 picks a free port (3799 is the IANA port)
         * @return this builder
         */
        public Builder coaAddress(InetSocketAddress address) {
            this.coaAddress = Objects.requireNonNull(address, "address");
            return this;
        }

        /**
         * Accepts requests from a client.
         *
         * @param client the definition
         * @return this builder
         */
        public Builder client(RadiusClientDefinition client) {
            clients.add(Objects.requireNonNull(client, "client"));
            return this;
        }

        /**
         * Billing's handler for Access-Requests and Accounting-Requests. Required.
         *
         * @param handler the handler
         * @return this builder
         */
        public Builder handler(RadiusHandler handler) {
            this.handler = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /**
         * The most threads that run the handler. The pool starts with {@link #minWorkers(int)} threads and grows while
         * requests wait for one — as they do when the handler blocks on billing — up to this bound; it shrinks back
         * when they stop waiting. The bound must cover the request rate times the handler's latency: 10,000 requests
         * per second at 5 ms keep 50 threads busy.
         *
         * @param workers 1 or more; 256 by default
         * @return this builder
         */
        public Builder workers(int workers) {
            if (workers < 1) {
                throw new RadiusException("a RADIUS server needs at least one worker, got " + workers);
            }
            this.workers = workers;
            return this;
        }

        /**
         * How many handler threads the pool keeps when idle.
         *
         * @param count 1 or more; the number of cores (at least 2) by default
         * @return this builder
         */
        public Builder minWorkers(int count) {
            if (count < 1) {
                throw new RadiusException("a RADIUS server keeps at least one worker, got " + count);
            }
            this.minWorkers = count;
            return this;
        }

        /**
         * How many verified requests may wait for a worker; more are shed.
         *
         * @param capacity 1 or more
         * @return this builder
         */
        public Builder queueCapacity(int capacity) {
            if (capacity < 1) {
                throw new RadiusException("the RADIUS request queue holds at least one request, got " + capacity);
            }
            this.queueCapacity = capacity;
            return this;
        }

        /**
         * How long a request may wait for a worker before it is shed. Set it below the clients' retry timeout: an
         * answer that arrives after the client has retried or moved to another server only adds load.
         *
         * @param wait a positive duration
         * @return this builder
         */
        public Builder maxQueueWait(Duration wait) {
            if (wait.isNegative() || wait.isZero()) {
                throw new RadiusException("the queue wait limit is positive, got " + wait);
            }
            this.maxQueueWait = wait;
            return this;
        }

        /**
         * How long answered requests are remembered so that retransmissions get the same reply (RFC 5080 suggests 5
         * to 30 seconds). Set it at least as long as the clients' whole retry window.
         *
         * @param ttl a positive duration
         * @return this builder
         */
        public Builder replyCacheTtl(Duration ttl) {
            if (ttl.isNegative() || ttl.isZero()) {
                throw new RadiusException("the reply cache time is positive, got " + ttl);
            }
            this.replyCacheTtl = ttl;
            return this;
        }

        /**
         * How long a request may stay unanswered by the handler (a billing call that never returns, a stage that
         * never completes) before the server forgets it: until then its retransmissions are dropped as duplicates
         * in progress; afterwards a retransmission is handled anew, and the forgotten request is counted as a
         * handler error and recorded in {@link RadiusServer#recentDrops()}. A reply the handler still makes later
         * is sent, but not cached. Checked every second, by the server's clock.
         *
         * @param timeout a positive duration; {@link RadiusServer#DEFAULT_HANDLER_TIMEOUT} by default
         * @return this builder
         */
        public Builder handlerTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new RadiusException("the handler timeout is positive, got " + timeout);
            }
            this.handlerTimeout = timeout;
            return this;
        }

        /**
         * The clock for receive times, queue waits and cache expiry.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * The dictionary that says which attributes are hidden on the wire.
         *
         * @param dictionary the dictionary
         * @return this builder
         */
        public Builder dictionary(RadiusDictionary dictionary) {
            this.dictionary = Objects.requireNonNull(dictionary, "dictionary");
            return this;
        }

        /**
         * How many drop records {@link RadiusServer#recentDrops()} keeps.
         *
         * @param count 1 or more
         * @return this builder
         */
        public Builder recentDrops(int count) {
            if (count < 1) {
                throw new RadiusException("keep at least one drop record, got " + count);
            }
            this.recentDrops = count;
            return this;
        }

        /**
         * How many sockets and threads read each port (see "Reading the ports" above). More than one needs
         * {@code SO_REUSEPORT} (Linux, the BSDs); where it is missing the server reads each port with one thread and
         * logs a warning.
         *
         * @param count 1 to 64; {@link RadiusServer#defaultReaders()} by default
         * @return this builder
         */
        public Builder readers(int count) {
            if (count < 1 || count > 64) {
                throw new RadiusException("a RADIUS port is read by 1 to 64 threads, got " + count);
            }
            this.readers = count;
            return this;
        }

        /**
         * Which thread runs a synchronous handler: the reading thread while it is fast and the workers otherwise
         * ({@link HandlerThread#AUTO}, the default), always the reading thread, or always a worker. An
         * {@link AsyncRadiusHandler} is started on the reading thread whatever this says.
         *
         * @param thread where the handler runs
         * @return this builder
         */
        public Builder handlerThread(HandlerThread thread) {
            this.handlerThread = Objects.requireNonNull(thread, "thread");
            return this;
        }

        /**
         * Binds the ports and starts the server.
         *
         * @return the running server
         * @throws RadiusException if there is no handler or no client, or a port cannot be bound
         */
        public RadiusServer start() {
            if (handler == null) {
                throw new RadiusException("a RADIUS server needs a handler");
            }
            if (clients.isEmpty()) {
                throw new RadiusException("a RADIUS server needs at least one client definition");
            }
            return new RadiusServer(new ServerEngine(new ServerEngine.Settings(authAddress, acctAddress, coaAddress,
                    List.copyOf(clients), handler, minWorkers, workers, queueCapacity, maxQueueWait, replyCacheTtl, clock,
                    dictionary, recentDrops, readers, handlerThread, handlerTimeout)));
        }
    }
}
