package org.netlever.aaa.lease.query;

/**
 * The bounds every query's {@code limit} is checked against. Not API beyond this package's records.
 *
 * <p>Thread-safe (no state).
 */
final class QueryLimits {

    /** The most rows one query returns: the API's largest page and one more, to tell whether more follow. */
    static final int MAX_LIMIT = 10_001;

    private QueryLimits() {
    }

    static int check(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit is 1 to " + MAX_LIMIT + ", got " + limit);
        }
        return limit;
    }

    static void checkRange(java.util.Optional<java.time.Instant> from, java.util.Optional<java.time.Instant> to) {
        if (from.isPresent() && to.isPresent() && !from.get().isBefore(to.get())) {
            throw new IllegalArgumentException("from (" + from.get() + ") must be before to (" + to.get() + ")");
        }
    }
}
