package org.netlever.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.netlever.aaa.lease.DhcpdLeasesFollower;
import org.netlever.aaa.lease.FollowerPositions;
import org.netlever.aaa.lease.LeaseFollower;
import org.netlever.aaa.lease.LeaseService;

/**
 * A {@code followers:} entry of type {@value #TYPE}: ISC dhcpd's lease file, followed by {@link DhcpdLeasesFollower}
 * (issue 14). Its defaults are the library's. Not thread-safe: one per read.
 */
final class DhcpdFollowerSection {

    /** The entry's {@code type}. */
    static final String TYPE = "dhcpd-leases";
    /** The entry's fields. */
    static final String[] FIELDS = {"type", "file", "name", "pollInterval", "maxBackoff", "batchSize"};

    private final ConfigFields f;

    DhcpdFollowerSection(ConfigFields f) {
        this.f = f;
    }

    /** Reads an entry; null (with the problems recorded) if it is not valid. */
    DhcpdLeases follower(JsonNode node, String at) {
        f.known(node, at, FIELDS);
        Optional<String> file = Optional.ofNullable(f.required(node, at, "file"));
        Optional<String> name = f.text(node, at, "name");
        if (name.isPresent() && name.get().length() > 200) {
            f.problem(at + ".name", "at most 200 characters");
        }
        Duration poll = f.duration(node, at, "pollInterval", DhcpdLeasesFollower.DEFAULT_POLL_INTERVAL);
        if (poll.compareTo(Duration.ofMillis(10)) < 0 || poll.compareTo(Duration.ofMinutes(1)) > 0) {
            f.problem(at + ".pollInterval", "10ms to 1m, got " + poll);
        }
        Duration maxBackoff = f.duration(node, at, "maxBackoff", DhcpdLeasesFollower.DEFAULT_MAX_BACKOFF);
        if (maxBackoff.compareTo(poll) < 0 || maxBackoff.compareTo(Duration.ofHours(1)) > 0) {
            f.problem(at + ".maxBackoff", "at least pollInterval (" + poll + ") and at most 1h, got " + maxBackoff);
        }
        int batchSize = f.integer(node, at, "batchSize", DhcpdLeasesFollower.DEFAULT_BATCH_SIZE, 1, 10_000);
        return file.map(path -> new DhcpdLeases(f.resolve(path), name, poll, maxBackoff, batchSize)).orElse(null);
    }

    /**
     * Settings of a {@link DhcpdLeasesFollower}.
     *
     * <p>Immutable and thread-safe.
     *
     * @param file dhcpd's lease file, absolute
     * @param name the follower's name (its stored position's key), or empty for the default
     * @param pollInterval how often the file is checked
     * @param maxBackoff the longest wait between retries after a failure
     * @param batchSize records per durable group and saved position
     */
    record DhcpdLeases(Path file, Optional<String> name, Duration pollInterval, Duration maxBackoff, int batchSize)
            implements ServeConfig.Follower {
        /** Checks the fields. */
        DhcpdLeases {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(pollInterval, "pollInterval");
            Objects.requireNonNull(maxBackoff, "maxBackoff");
        }

        @Override
        public String type() {
            return TYPE;
        }

        @Override
        public LeaseFollower start(LeaseService leases, FollowerPositions positions, Clock clock) {
            DhcpdLeasesFollower.Builder b = DhcpdLeasesFollower.builder(file, leases, positions)
                    .pollInterval(pollInterval).maxBackoff(maxBackoff).batchSize(batchSize).clock(clock);
            name.ifPresent(b::name);
            DhcpdLeasesFollower follower = b.build();
            follower.start();
            return follower;
        }

        /** Records skipped, by any reason ({@link DhcpdLeasesFollower#problems()}), and failures retried. */
        @Override
        public long parseProblems(LeaseFollower follower) {
            return ((DhcpdLeasesFollower) follower).problems().values().stream().mapToLong(Long::longValue).sum();
        }
    }
}
