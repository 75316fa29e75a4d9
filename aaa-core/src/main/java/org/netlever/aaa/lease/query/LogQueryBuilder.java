package org.netlever.aaa.lease.query;

import java.time.Instant;
import java.util.Optional;

import org.netlever.aaa.ip.Ipv4Address;

/**
 * What the builders of the log queries ({@link DhcpEventQuery}, {@link LeaseHistoryQuery}) share: the size, the
 * address and subscriber filters, the time window and the key the previous page ended at. Only this package's
 * builders extend it.
 *
 * <p>Not thread-safe.
 *
 * @param <B> the builder
 */
public abstract class LogQueryBuilder<B extends LogQueryBuilder<B>> {
    final int limit;
    private Ipv4Address ip;
    private String subscriberId;
    private Instant from;
    private Instant to;
    private LogKey before;

    LogQueryBuilder(int limit) {
        this.limit = limit;
    }

    abstract B self();

    /** @param value only rows for this address @return this builder */
    public B ip(Ipv4Address value) {
        this.ip = value;
        return self();
    }

    /** @param value only rows of this subscriber @return this builder */
    public B subscriber(String value) {
        this.subscriberId = value;
        return self();
    }

    /** @param value only rows at or after this time @return this builder */
    public B from(Instant value) {
        this.from = value;
        return self();
    }

    /** @param value only rows before this time @return this builder */
    public B to(Instant value) {
        this.to = value;
        return self();
    }

    /** @param value the previous page's last time and id @return this builder */
    public B before(LogKey value) {
        this.before = value;
        return self();
    }

    Optional<Ipv4Address> ip() {
        return Optional.ofNullable(ip);
    }

    Optional<String> subscriberId() {
        return Optional.ofNullable(subscriberId);
    }

    Optional<Instant> from() {
        return Optional.ofNullable(from);
    }

    Optional<Instant> to() {
        return Optional.ofNullable(to);
    }

    Optional<LogKey> before() {
        return Optional.ofNullable(before);
    }
}
