package org.netlever.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.netlever.aaa.kea.KeaMemfileFollower;
import org.netlever.aaa.lease.FollowerPositions;
import org.netlever.aaa.lease.LeaseFollower;
import org.netlever.aaa.lease.LeaseService;

/**
 * The Kea entries of {@code followers}: {@code type: kea-memfile} (Kea's memfile lease CSV). Defaults are the
 * library's constants. Not thread-safe: one per read; the records it makes are immutable and thread-safe.
 */
final class KeaFollowerSection {

    /** {@code type} of a Kea memfile follower. */
    static final String MEMFILE = "kea-memfile";

    /** The fields of a {@code kea-memfile} entry. */
    static final List<String> MEMFILE_FIELDS = List.of("type", "name", "leaseFile", "pollInterval", "batchSize",
            "maxBackoff");

    private final ConfigFields f;

    KeaFollowerSection(ConfigFields f) {
        this.f = f;
    }

    /** Whether this section reads entries of a type. */
    static boolean handles(String type) {
        return MEMFILE.equals(type);
    }

    /** Every field an entry of this section's types may have. */
    static List<String> fields() {
        return MEMFILE_FIELDS;
    }

    /** One entry of a type {@link #handles} says yes to; null (with problems recorded) if it is wrong. */
    ServeConfig.Follower follower(JsonNode item, String at) {
        f.known(item, at, MEMFILE_FIELDS.toArray(String[]::new));
        Optional<String> name = f.text(item, at, "name");
        String leaseFile = f.required(item, at, "leaseFile");
        Duration poll = f.duration(item, at, "pollInterval", KeaMemfileFollower.DEFAULT_POLL_INTERVAL);
        int batch = f.integer(item, at, "batchSize", KeaMemfileFollower.DEFAULT_BATCH_SIZE, 1, 100_000);
        Duration backoff = f.duration(item, at, "maxBackoff", KeaMemfileFollower.DEFAULT_MAX_BACKOFF);
        if (leaseFile == null) {
            return null;
        }
        KeaMemfile config = new KeaMemfile(f.resolve(leaseFile), name, poll, batch, backoff);
        try {
            config.builder();
        } catch (IllegalArgumentException e) {
            f.problem(at, e.getMessage());
            return null;
        }
        return config;
    }

    /**
     * A {@code kea-memfile} follower.
     *
     * @param leaseFile the CSV Kea's {@code lease-database.name} says
     * @param name the follower's name (the key of its stored position), default {@code kea-memfile:<path>}
     * @param pollInterval how often the file is looked at
     * @param batchSize rows per durable group
     * @param maxBackoff the longest wait between retries after a failure
     */
    record KeaMemfile(Path leaseFile, Optional<String> name, Duration pollInterval, int batchSize,
            Duration maxBackoff) implements ServeConfig.Follower {

        KeaMemfile {
            Objects.requireNonNull(leaseFile, "leaseFile");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(pollInterval, "pollInterval");
            Objects.requireNonNull(maxBackoff, "maxBackoff");
        }

        @Override
        public String type() {
            return MEMFILE;
        }

        KeaMemfileFollower.Builder builder() {
            KeaMemfileFollower.Builder b = KeaMemfileFollower.builder(leaseFile).pollInterval(pollInterval)
                    .batchSize(batchSize).maxBackoff(maxBackoff);
            name.ifPresent(b::name);
            return b;
        }

        @Override
        public LeaseFollower start(LeaseService leases, FollowerPositions positions, Clock clock) {
            KeaMemfileFollower follower = builder().leases(leases).positions(positions).clock(clock).build();
            follower.start();
            return follower;
        }

        @Override
        public long parseProblems(LeaseFollower follower) {
            return ((KeaMemfileFollower) follower).parseProblems();
        }
    }
}
