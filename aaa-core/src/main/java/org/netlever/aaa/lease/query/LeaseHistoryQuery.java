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
    public static final class Builder extends LogQueryBuilder<Builder> {

        private Builder(int limit) {
            super(limit);
        }

        @Override
        Builder self() {
            return this;
        }

        /** @return the query */
        public LeaseHistoryQuery build() {
            return new LeaseHistoryQuery(ip(), subscriberId(), from(), to(), before(), limit);
        }
    }
}
