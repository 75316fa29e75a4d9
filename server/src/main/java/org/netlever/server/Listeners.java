package org.netlever.server;

import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.netlever.aaa.radius.server.RadiusClientDefinition;
import org.netlever.aaa.radius.server.RadiusHandler;
import org.netlever.aaa.radius.server.RadiusServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts serve's listeners so that an address that cannot be bound (in use, not this host's) is a configuration
 * problem naming the field and the address, never a stack trace. Immutable; thread-safe.
 */
final class Listeners {

    private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);

    private final ServeConfig config;

    Listeners(ServeConfig config) {
        this.config = config;
    }

    /**
     * Starts a RADIUS listener pair with the shared dictionary and its tuning.
     *
     * @throws ConfigException if a port cannot be bound: names {@code <section>.auth} or {@code .acct}
     */
    RadiusServer radius(String section, ServeConfig.Radius radius, RadiusHandler handler, Clock clock) {
        RadiusServer.Builder builder = RadiusServer.builder().authAddress(radius.auth()).acctAddress(radius.acct())
                .handler(handler).clock(clock).dictionary(config.radius().dictionary())
                .workers(radius.tuning().pool().workers()).minWorkers(radius.tuning().pool().minWorkers())
                .queueCapacity(radius.tuning().pool().queueCapacity())
                .maxQueueWait(radius.tuning().pool().maxQueueWait())
                .replyCacheTtl(radius.tuning().replyCacheTtl()).recentDrops(radius.tuning().recentDrops())
                .readers(radius.tuning().readers()).handlerThread(radius.tuning().handlerThread())
                .handlerTimeout(radius.tuning().handlerTimeout());
        for (RadiusClientDefinition client : radius.clients()) {
            builder.client(client);
        }
        try {
            return builder.start();
        } catch (RuntimeException e) {
            Optional<String> reason = bindFailure(e);
            if (reason.isEmpty()) {
                throw e;
            }
            // One exception for both ports: find the one that cannot be bound, by trying it.
            for (String port : List.of("auth", "acct")) {
                InetSocketAddress address = port.equals("auth") ? radius.auth() : radius.acct();
                Optional<String> probed = probeUdp(address);
                if (probed.isPresent()) {
                    throw cannotListen(section + "." + port, address, probed.get(), e);
                }
            }
            throw cannotListen(section + ".auth", radius.auth(), reason.get() + " (auth " + text(radius.auth())
                    + " or acct " + text(radius.acct()) + ")", e);
        }
    }

    /** Starts a listener; a bind failure becomes a configuration problem naming the field and the address. */
    <T> T listening(String field, InetSocketAddress address, Supplier<T> start) {
        try {
            return start.get();
        } catch (RuntimeException e) {
            Optional<String> reason = bindFailure(e);
            if (reason.isEmpty()) {
                throw e;
            }
            throw cannotListen(field, address, reason.get(), e);
        }
    }

    private ConfigException cannotListen(String field, InetSocketAddress address, String reason, Exception e) {
        LOG.debug("{}: cannot listen on {}", field, address, e);
        return new ConfigException(List.of(new ConfigProblem(config.file().toString(), field,
                "cannot listen on " + text(address) + ": " + reason)));
    }

    /** The operating system's reason, if a socket could not be bound somewhere under {@code e}. */
    private static Optional<String> bindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketException socket) {
                return Optional.of(socket.getMessage() == null ? socket.getClass().getSimpleName()
                        : socket.getMessage());
            }
        }
        return Optional.empty();
    }

    private static Optional<String> probeUdp(InetSocketAddress address) {
        try {
            new DatagramSocket(address).close();
            return Optional.empty();
        } catch (SocketException e) {
            return Optional.of(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    /** An address as {@code host:port}. */
    static String text(InetSocketAddress address) {
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }
}
