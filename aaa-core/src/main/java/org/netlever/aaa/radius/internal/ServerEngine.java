package org.netlever.aaa.radius.internal;

import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.netlever.aaa.ip.Ipv4Address;
import org.netlever.aaa.radius.PacketCode;
import org.netlever.aaa.radius.RadiusDictionary;
import org.netlever.aaa.radius.RadiusException;
import org.netlever.aaa.radius.RadiusFormatException;
import org.netlever.aaa.radius.RadiusMessage;
import org.netlever.aaa.radius.RadiusPacket;
import org.netlever.aaa.radius.internal.Clients.Client;
import org.netlever.aaa.radius.server.AsyncRadiusHandler;
import org.netlever.aaa.radius.server.DroppedPacket;
import org.netlever.aaa.radius.server.HandlerThread;
import org.netlever.aaa.radius.server.RadiusClientDefinition;
import org.netlever.aaa.radius.server.RadiusHandler;
import org.netlever.aaa.radius.server.RadiusRequest;
import org.netlever.aaa.radius.server.RadiusServerStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RADIUS server's machinery behind {@code RadiusServer}: UDP listeners ({@link UdpListener}, one or more reading
 * threads per port), client lookup and verification ({@link Clients}), RFC 5080 duplicate handling, Status-Server,
 * the bounded worker pool and its sweeps; running the handler and answering is {@link RequestRunner}'s. Thread-safe.
 */
public final class ServerEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("org.netlever.aaa.radius.server");
    /** How often {@link HandlerThread#AUTO} looks for readers held by the handler. */
    private static final long STALL_CHECK_MILLIS = 25;

    /**
     * Everything the engine needs. Immutable and thread-safe.
     *
     * @param authAddress where to listen for Access-Requests
     * @param acctAddress where to listen for Accounting-Requests
     * @param coaAddress where to listen for CoA-Request and Disconnect-Request (the NAS side of RFC 5176), or
     *     {@code null} not to
     * @param clients the client definitions
     * @param handler billing's handler
     * @param minWorkers worker threads kept when idle
     * @param workers the most worker threads
     * @param queueCapacity requests that may wait for a worker
     * @param maxQueueWait how long a request may wait before it is shed
     * @param replyCacheTtl how long answered requests are remembered
     * @param clock the clock
     * @param dictionary the dictionary for hidden attributes
     * @param recentDrops how many drop records to keep
     * @param readers how many sockets and threads read each port (SO_REUSEPORT when more than one)
     * @param handlerThread which thread runs a synchronous handler
     * @param handlerTimeout how long a request may stay unanswered before its duplicate-cache entry is forgotten
     */
    public record Settings(InetSocketAddress authAddress, InetSocketAddress acctAddress, InetSocketAddress coaAddress,
            List<RadiusClientDefinition> clients, RadiusHandler handler, int minWorkers, int workers, int queueCapacity,
            Duration maxQueueWait, Duration replyCacheTtl, Clock clock, RadiusDictionary dictionary,
            int recentDrops, int readers, HandlerThread handlerThread, Duration handlerTimeout) {
    }

    /** The server's ports. */
    enum Port { AUTH, ACCT, COA }

    private final Settings settings;
    private final Clock clock;
    private final RadiusHandler handler;
    private final PacketCodec codec;
    private final Clients clients;
    private final ReplyCache authCache = new ReplyCache();
    private final ReplyCache acctCache = new ReplyCache();
    private final WorkerPool workers;
    private final ScheduledThreadPoolExecutor timer;
    private final UdpListener authListener;
    private final UdpListener acctListener;
    private final UdpListener coaListener;
    private final ReplyCache coaCache = new ReplyCache();
    /** Per port: an authorizer answering from memory runs on the readers while slow accounting writes do not. */
    private final EnumMap<Port, HandlerTiming> timings = timingsByPort();

    private final EnumMap<Port, PortCounters> counters = countersByPort();

    private static EnumMap<Port, HandlerTiming> timingsByPort() {
        EnumMap<Port, HandlerTiming> map = new EnumMap<>(Port.class);
        for (Port port : Port.values()) {
            map.put(port, new HandlerTiming());
        }
        return map;
    }

    private static EnumMap<Port, PortCounters> countersByPort() {
        EnumMap<Port, PortCounters> map = new EnumMap<>(Port.class);
        for (Port port : Port.values()) {
            map.put(port, new PortCounters());
        }
        return map;
    }
    private final DropLog drops;
    private final RequestRunner runner;

    /**
     * Binds the listeners and starts the worker pool.
     *
     * @param settings the settings
     * @throws RadiusException if a port cannot be bound
     */
    public ServerEngine(Settings settings) {
        this.settings = settings;
        this.clock = settings.clock();
        this.handler = settings.handler();
        this.codec = new PacketCodec(settings.dictionary());
        this.drops = new DropLog(LOG, clock, settings.recentDrops());
        this.clients = new Clients(settings.clients(), codec);
        this.workers = new WorkerPool(Math.min(settings.minWorkers(), settings.workers()), settings.workers(),
                settings.queueCapacity(), new DefaultThreadFactory("netlever-radius-worker", true));
        this.runner = new RequestRunner(settings, codec, workers, this::ticks, timings, counters, drops);
        this.timer = new ScheduledThreadPoolExecutor(1, new DefaultThreadFactory("netlever-radius-timer", true));
        int readers = settings.readers() > 1 && !UdpListener.reusePortSupported() ? 1 : settings.readers();
        if (readers < settings.readers()) {
            LOG.warn("SO_REUSEPORT is not supported here: each RADIUS port is read by one thread, not {}",
                    settings.readers());
        }
        UdpListener auth = null;
        UdpListener acct = null;
        UdpListener coa = null;
        try {
            auth = listen(settings.authAddress(), readers, Port.AUTH);
            acct = listen(settings.acctAddress(), readers, Port.ACCT);
            if (settings.coaAddress() != null) {
                coa = listen(settings.coaAddress(), readers, Port.COA);
            }
        } catch (IOException | RuntimeException e) {
            if (auth != null) {
                auth.close();
            }
            if (acct != null) {
                acct.close();
            }
            this.authListener = null;
            this.acctListener = null;
            this.coaListener = null;
            close();
            throw new RadiusException("cannot listen for RADIUS on " + settings.authAddress() + ", "
                    + settings.acctAddress() + (settings.coaAddress() == null ? "" : " and " + settings.coaAddress())
                    + ": " + e.getMessage(), e);
        }
        this.authListener = auth;
        this.acctListener = acct;
        this.coaListener = coa;
        timer.scheduleAtFixedRate(this::sweep, 1, 1, TimeUnit.SECONDS);
        timer.scheduleAtFixedRate(workers::adjust, 100, 100, TimeUnit.MILLISECONDS);
        if (settings.handlerThread() == HandlerThread.AUTO && !(handler instanceof AsyncRadiusHandler)) {
            timer.scheduleAtFixedRate(this::replaceStalledReaders, STALL_CHECK_MILLIS, STALL_CHECK_MILLIS,
                    TimeUnit.MILLISECONDS);
        }
    }

    private void replaceStalledReaders() {
        UdpListener[] listeners = {authListener, acctListener, coaListener};
        for (Port port : Port.values()) {
            UdpListener listener = listeners[port.ordinal()];
            if (listener == null) {
                continue;
            }
            HandlerTiming timing = timings.get(port);
            long[] hold = {0};
            // The hold is set before the new reader starts: what it reads goes to the workers.
            int replaced = listener.replaceStalled(HandlerTiming.STALL_NANOS,
                    () -> hold[0] = hold[0] != 0 ? hold[0] : timing.stalled(ticks()));
            if (replaced > 0) {
                LOG.warn("the RADIUS handler held {} reader(s) of {} for more than {} ms: a new thread reads on, and "
                        + "the handler runs on the workers for the next {} s", replaced, listener.address(),
                        HandlerTiming.STALL_NANOS / 1_000_000, hold[0] / 1_000_000_000L);
            }
        }
    }

    private UdpListener listen(InetSocketAddress address, int readers, Port port) throws IOException {
        return new UdpListener(address, readers, 4 << 20, "netlever-radius-" + port.name().toLowerCase(Locale.ROOT),
                this::ticks, (reader, sender, octets) -> receive(port, reader, sender, octets));
    }

    /** The server's clock in nanoseconds: what handler runs and held readers are timed by. */
    private long ticks() {
        java.time.Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /**
     * The bound authentication address (the real port when 0 was asked for).
     *
     * @return the address
     */
    public InetSocketAddress authAddress() {
        return authListener.address();
    }

    /**
     * The bound accounting address.
     *
     * @return the address
     */
    public InetSocketAddress acctAddress() {
        return acctListener.address();
    }

    /**
     * The bound CoA address, if the server listens for CoA.
     *
     * @return the address, or {@code null}
     */
    public InetSocketAddress coaAddress() {
        return coaListener == null ? null : coaListener.address();
    }

    /**
     * A snapshot of the counters.
     *
     * @return the statistics
     */
    public RadiusServerStats stats() {
        RadiusServerStats sum = new PortCounters().snapshot();
        for (PortCounters c : counters.values()) {
            sum = sum.plus(c.snapshot());
        }
        return sum;
    }

    /**
     * A snapshot of each port's counters, so that drops on the auth and acct ports can be told apart.
     *
     * @return {@code auth}, {@code acct} and {@code coa} to that port's statistics
     */
    public Map<String, RadiusServerStats> statsByPort() {
        Map<String, RadiusServerStats> byPort = new LinkedHashMap<>();
        counters.forEach((port, c) -> byPort.put(port.name().toLowerCase(java.util.Locale.ROOT), c.snapshot()));
        return byPort;
    }

    /**
     * How many worker threads exist now.
     *
     * @return the count
     */
    public int workerThreads() {
        return workers.threads();
    }

    /**
     * The most recent drops, oldest first.
     *
     * @return a copy
     */
    public List<DroppedPacket> recentDrops() {
        return drops.recent();
    }

    /**
     * Forgets answered requests whose cache time is over, and requests unanswered for longer than the handler
     * timeout; the engine also does this every second.
     */
    public void sweep() {
        long now = clock.millis();
        long unansweredSince = now - settings.handlerTimeout().toMillis();
        Port[] ports = Port.values();
        ReplyCache[] caches = {authCache, acctCache, coaCache};
        for (int i = 0; i < caches.length; i++) {
            PortCounters portCounters = counters.get(ports[i]);
            caches[i].sweep(now, unansweredSince, key -> drops.drop(portCounters.handlerErrors,
                    new InetSocketAddress(new Ipv4Address(ReplyCache.address(key)).toInetAddress(),
                            ReplyCache.port(key)), "not answered by the handler within " + settings.handlerTimeout()
                            + ": forgotten, so that a retransmission is handled anew"));
        }
    }

    /**
     * How many datagrams each reader of a port has received, by reader; for tests and diagnostics.
     *
     * @param acct the accounting port rather than the authentication port
     * @return the counts, one per reader
     */
    public long[] datagramsPerReader(boolean acct) {
        return (acct ? acctListener : authListener).readers().stream().mapToLong(UdpListener.Reader::datagrams)
                .toArray();
    }

    /**
     * Handles a datagram as if reader {@code reader} of the authentication ({@code acct} false) or accounting port
     * had received it; the reply leaves from that reader's socket. Tests use it to make a retransmission reach
     * another reader than the original did, which the kernel only does when the readers change.
     *
     * @param acct the accounting port
     * @param reader the reader's index
     * @param sender where the datagram came from
     * @param octets the datagram
     */
    public void receiveOn(boolean acct, int reader, InetSocketAddress sender, byte[] octets) {
        receive(acct ? Port.ACCT : Port.AUTH, (acct ? acctListener : authListener).readers().get(reader), sender,
                octets);
    }

    @Override
    public void close() {
        for (UdpListener listener : new UdpListener[] {authListener, acctListener, coaListener}) {
            if (listener != null) {
                listener.close();
            }
        }
        workers.shutdown();
        try {
            if (!workers.awaitTermination(5)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
        timer.shutdownNow();
    }

    private void receive(Port port, UdpListener.Reader reader, InetSocketAddress sender, byte[] octets) {
        // The arrival time is taken before the datagram is counted, so whoever sees it counted sees its wait start.
        long receivedAt = clock.millis();
        PortCounters c = counters.get(port);
        c.received.increment();
        Client client = clients.find(sender);
        if (client == null) {
            drops.drop(c.unknownClient, sender, "unknown client " + sender.getAddress().getHostAddress());
            return;
        }
        PacketCodec.Framed packet;
        try {
            packet = codec.frame(octets, octets.length);
        } catch (RadiusFormatException e) {
            drops.drop(c.malformed, sender, "malformed packet from client " + client.definition().name()
                    + ": " + e.getMessage());
            return;
        }
        PacketCode code = packet.code();
        if (code.equals(PacketCode.STATUS_SERVER) && port != Port.COA) {
            answerStatusServer(port, reader, sender, client, packet);
            return;
        }
        boolean fits = switch (port) {
            case AUTH -> code.equals(PacketCode.ACCESS_REQUEST);
            case ACCT -> code.equals(PacketCode.ACCOUNTING_REQUEST);
            case COA -> code.equals(PacketCode.COA_REQUEST) || code.equals(PacketCode.DISCONNECT_REQUEST);
        };
        if (!fits) {
            drops.drop(c.unsupportedCode, sender, code.name() + " is not served on the "
                    + (port == Port.AUTH ? "authentication" : port == Port.ACCT ? "accounting" : "CoA") + " port");
            return;
        }
        ReplyCache cache = port == Port.AUTH ? authCache : port == Port.ACCT ? acctCache : coaCache;
        int address = Ipv4Address.of((Inet4Address) sender.getAddress()).bits();
        long key = ReplyCache.key(address, sender.getPort(), packet.identifier());
        ReplyCache.Entry existing = cache.get(key);
        if (existing != null && existing.sameRequest(packet.raw()) && !existing.expired(clock.millis())) {
            byte[] reply = existing.reply();
            if (reply != null) {
                c.duplicatesResent.increment();
                reader.send(reply, sender);
            } else {
                c.duplicatesInProgress.increment();
            }
            return;
        }
        Clients.Refusal refusal = clients.verify(port == Port.AUTH, client, packet, address);
        if (refusal != null) {
            drops.drop(refusal.missingMessageAuthenticator() ? c.missingMessageAuthenticator : c.badAuthenticator,
                    sender, refusal.reason());
            return;
        }
        RadiusPacket revealed;
        try {
            revealed = codec.reveal(packet, packet.authenticator(), client.secret());
        } catch (RadiusFormatException e) {
            drops.drop(c.malformed, sender, "malformed packet from client " + client.definition().name()
                    + ": " + e.getMessage());
            return;
        }
        ReplyCache.Entry entry = new ReplyCache.Entry(packet.authenticator(), receivedAt);
        cache.put(key, entry);
        RadiusRequest request = new RadiusRequest(revealed, client.definition(), sender,
                java.time.Instant.ofEpochMilli(receivedAt));
        runner.run(new RequestRunner.Exchange(port, reader, client, request, cache, key, entry, receivedAt));
    }

    private void answerStatusServer(Port port, UdpListener.Reader reader, InetSocketAddress sender, Client client,
            PacketCodec.Framed packet) {
        if (!packet.hasMessageAuthenticator()) {
            drops.drop(counters.get(port).missingMessageAuthenticator, sender,
                    "Status-Server without Message-Authenticator (RFC 5997)");
            return;
        }
        if (!codec.verifyMessageAuthenticator(packet, packet.authenticator(), client.secret())) {
            drops.drop(counters.get(port).badAuthenticator, sender,
                    "bad Message-Authenticator in Status-Server from client "
                    + client.definition().name());
            return;
        }
        PacketCode replyCode = port == Port.AUTH ? PacketCode.ACCESS_ACCEPT : PacketCode.ACCOUNTING_RESPONSE;
        byte[] reply = codec.encodeReply(new RadiusMessage(replyCode, List.of()), packet.identifier(),
                packet.authenticator(), client.secret(), true);
        counters.get(port).statusServer.increment();
        reader.send(reply, sender);
    }
}
