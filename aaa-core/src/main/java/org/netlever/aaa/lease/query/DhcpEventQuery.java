package org.netlever.aaa.lease.query;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.netlever.aaa.dhcp.EventSource;
import org.netlever.aaa.ip.Ipv4Address;

/**
 * Which rows of the DHCP event log to read, newest first (by time received, then id): every filter given must
 * match; {@code before} is the key the previous page ended at.
 *
 * <p>Immutable and thread-safe.
 *
 * @param outcome only events with this outcome, one of {@link #OUTCOMES}
 * @param source only events from this source
 * @param ip only events for this address
 * @param subscriberId only events attributed to this subscriber
 * @param from only events received at or after this
 * @param to only events received before this
 * @param before only rows below this key (the previous page's last)
 * @param limit the most rows
 */
public record DhcpEventQuery(Optional<String> outcome, Optional<EventSource> source, Optional<Ipv4Address> ip,
        Optional<String> subscriberId, Optional<Instant> from, Optional<Instant> to, Optional<LogKey> before,
        int limit) {

    /** The outcomes the event log records ({@link org.netlever.aaa.lease.LeaseOutcome#label()}). */
    public static final List<String> OUTCOMES = List.of("assigned", "renewed", "reassigned", "freed", "unchanged",
            "no-subscriber", "ambiguous-subscriber", "rejected");

    /** Checks that nothing is missing, the outcome is known, {@code from} is before {@code to}, limit 1 to 10,001. */
    public DhcpEventQuery {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(ip, "ip");
        Objects.requireNonNull(subscriberId, "subscriberId");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(before, "before");
        if (outcome.isPresent() && !OUTCOMES.contains(outcome.get())) {
            throw new IllegalArgumentException("outcome is one of " + String.join(", ", OUTCOMES) + ", got '"
                    + outcome.get() + "'");
        }
        QueryLimits.checkRange(from, to);
        QueryLimits.check(limit);
    }

    /**
     * A query for the newest {@code limit} rows, to narrow with the builder.
     *
     * @param limit the most rows
     * @return a builder
     */
    public static Builder limit(int limit) {
        return new Builder(limit);
    }

    /** Builds a {@link DhcpEventQuery}; every filter is optional. Not thread-safe. */
    public static final class Builder {
        private final int limit;
        private String outcome;
        private EventSource source;
        private Ipv4Address ip;
        private String subscriberId;
        private Instant from;
        private Instant to;
        private LogKey before;

        private Builder(int limit) {
            this.limit = limit;
        }

        /** @param value the outcome label @return this builder */
        public Builder outcome(String value) {
            this.outcome = value;
            return this;
        }

        /** @param value the source @return this builder */
        public Builder source(EventSource value) {
            this.source = value;
            return this;
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

        /** @param value received at or after @return this builder */
        public Builder from(Instant value) {
            this.from = value;
            return this;
        }

        /** @param value received before @return this builder */
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
        public DhcpEventQuery build() {
            return new DhcpEventQuery(Optional.ofNullable(outcome), Optional.ofNullable(source),
                    Optional.ofNullable(ip), Optional.ofNullable(subscriberId), Optional.ofNullable(from),
                    Optional.ofNullable(to), Optional.ofNullable(before), limit);
        }
    }
}
