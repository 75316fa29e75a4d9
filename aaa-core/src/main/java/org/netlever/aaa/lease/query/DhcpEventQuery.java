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
    public static final class Builder extends LogQueryBuilder<Builder> {
        private String outcome;
        private EventSource source;

        private Builder(int limit) {
            super(limit);
        }

        @Override
        Builder self() {
            return this;
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

        /** @return the query */
        public DhcpEventQuery build() {
            return new DhcpEventQuery(Optional.ofNullable(outcome), Optional.ofNullable(source), ip(), subscriberId(),
                    from(), to(), before(), limit);
        }
    }
}
