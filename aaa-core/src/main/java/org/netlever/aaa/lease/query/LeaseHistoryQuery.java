package org.netlever.aaa.lease.query;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import org.netlever.aaa.ip.Ipv4Address;

/**
 * Which lease history entries to read, newest first (by time recorded, then id): every filter given must match;
 * {@code before} is the key the previous page ended at.
 *
 * <p>Immutable and thread-safe.
 *
 * @param ip only this address's entries
 * @param subscriberId only entries whose holder (after the change) is this subscriber
 * @param from only entries recorded at or after this
 * @param to only entries recorded before this
 * @param before only entries below this key (the previous page's last)
 * @param limit the most entries
 */
public record LeaseHistoryQuery(Optional<Ipv4Address> ip, Optional<String> subscriberId, Optional<Instant> from,
        Optional<Instant> to, Optional<LogKey> before, int limit) {

    /** Checks that nothing is missing, {@code from} is before {@code to} and the limit is 1 to 10,001. */
    public LeaseHistoryQuery {
        Objects.requireNonNull(ip, "ip");
        Objects.requireNonNull(subscriberId, "subscriberId");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(before, "before");
        QueryLimits.checkRange(from, to);
        QueryLimits.check(limit);
    }

    /**
     * A query for the newest {@code limit} entries, to narrow with the builder.
     *
     * @param limit the most entries
     * @return a builder
     */
    public static Builder limit(int limit) {
        return new Builder(limit);
    }

    /** Builds a {@link LeaseHistoryQuery}; every filter is optional. Not thread-safe. */
    public static final class Builder {
        private final int limit;
        private Ipv4Address ip;
        private String subscriberId;
        private Instant from;
        private Instant to;
        private LogKey before;

        private Builder(int limit) {
            this.limit = limit;
        }

        /** @param value the address @return this builder */
        public Builder ip(Ipv4Address value) {
            this.ip = value;
            return this;
        }

        /** @param value the subscriber @return this builder */
        public Builder subscriber(String value) {
            this.subscriberId = value;
            return this;
        }

        /** @param value recorded at or after @return this builder */
        public Builder from(Instant value) {
            this.from = value;
            return this;
        }

        /** @param value recorded before @return this builder */
        public Builder to(Instant value) {
            this.to = value;
            return this;
        }

        /** @param value the previous page's last time and id @return this builder */
        public Builder before(LogKey value) {
            this.before = value;
            return this;
        }

        /** @return the query */
        public LeaseHistoryQuery build() {
            return new LeaseHistoryQuery(Optional.ofNullable(ip), Optional.ofNullable(subscriberId),
                    Optional.ofNullable(from), Optional.ofNullable(to),
                    Optional.ofNullable(before), limit);
        }
    }
}
