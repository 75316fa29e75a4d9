package org.netlever.pcrf.read;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Which transitions {@link PcrfReads#transitions} lists, newest first, and from where.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param subscriberId only this subscriber's
 * @param from only those at or after this moment
 * @param to only those before this moment
 * @param before only those older than this position, the previous page's last
 */
public record TransitionFilter(Optional<String> subscriberId, Optional<Instant> from, Optional<Instant> to,
        Optional<Position> before) {

    /**
     * Where a page of transitions ended: the last one's time and number (the list's order, newest first).
     *
     * <p>Immutable and thread-safe.
     *
     * @param at its time
     * @param id its number
     */
    public record Position(Instant at, long id) {
        /** Checks that nothing is missing. */
        public Position {
            Objects.requireNonNull(at, "at");
        }
    }

    /** Every transition from the newest. */
    public static final TransitionFilter ALL = new TransitionFilter(Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty());

    /** Checks that nothing is missing. */
    public TransitionFilter {
        Objects.requireNonNull(subscriberId, "subscriberId");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(before, "before");
    }
}
