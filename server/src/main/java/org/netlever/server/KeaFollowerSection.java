package org.netlever.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.netlever.aaa.ip.Ipv4Network;
import org.netlever.aaa.kea.KeaFollower;
import org.netlever.aaa.kea.KeaFollowerSettings;
import org.netlever.aaa.kea.KeaMemfileFollower;
import org.netlever.aaa.kea.KeaPgsqlFollower;
import org.netlever.aaa.lease.FollowerPositions;
import org.netlever.aaa.lease.LeaseFollower;
import org.netlever.aaa.lease.LeaseService;

/**
 * The Kea entries of {@code followers}: {@code type: kea-memfile} (Kea's memfile lease CSV) and
 * {@code type: kea-pgsql} (Kea's PostgreSQL lease database, through netlever's outbox). Defaults are the
 * library's constants. Not thread-safe: one per read; the records it makes are immutable and thread-safe.
 */
final class KeaFollowerSection {

    /** {@code type} of a Kea memfile follower. */
    static final String MEMFILE = "kea-memfile";

    /** {@code type} of a Kea PostgreSQL follower. */
    static final String PGSQL = "kea-pgsql";

    /** The fields of a {@code kea-memfile} entry. */
    static final List<String> MEMFILE_FIELDS = List.of("type", "name", "leaseFile", "pollInterval", "batchSize",
            "maxBackoff", "servedNetworks");
    /** The fields of a {@code kea-pgsql} entry. */
    static final List<String> PGSQL_FIELDS = List.of("type", "name", "url", "user", "passwordFile", "installOutbox",
            "pollInterval", "batchSize", "maxBackoff");

    /** A Kea entry: its library builder makes, starts and counts the follower. */
    interface KeaEntry extends ServeConfig.Follower {
        /** The library's builder with this entry's settings. */
        KeaFollowerSettings<?> builder();

        @Override
        default LeaseFollower start(LeaseService leases, FollowerPositions positions, Clock clock) {
            KeaFollower follower = builder().leases(leases).positions(positions).clock(clock).build();
            follower.start();
            return follower;
        }

        @Override
        default long parseProblems(LeaseFollower follower) {
            return ((KeaFollower) follower).parseProblems();
        }
    }

    private final ConfigFields f;

    KeaFollowerSection(ConfigFields f) {
        this.f = f;
    }

    /** Whether this section reads entries of a type. */
    static boolean handles(String type) {
        return MEMFILE.equals(type) || PGSQL.equals(type);
    }

    /** Every field an entry of this section's types may have. */
    static List<String> fields() {
        java.util.Set<String> all = new java.util.LinkedHashSet<>(MEMFILE_FIELDS);
        all.addAll(PGSQL_FIELDS);
        return List.copyOf(all);
    }

    /** One entry of a type {@link #handles} says yes to; null (with problems recorded) if it is wrong. */
    ServeConfig.Follower follower(JsonNode item, String at) {
        return PGSQL.equals(f.text(item, at, "type").orElse("")) ? pgsql(item, at) : memfile(item, at);
    }

    private ServeConfig.Follower pgsql(JsonNode item, String at) {
        f.known(item, at, PGSQL_FIELDS.toArray(String[]::new));
        Optional<String> name = f.text(item, at, "name");
        String url = f.required(item, at, "url");
        Optional<String> user = f.text(item, at, "user");
        Optional<String> password = f.text(item, at, "passwordFile")
                .map(file -> f.secretText(at + ".passwordFile", file));
        boolean install = bool(item, at, "installOutbox", true);
        Duration poll = f.duration(item, at, "pollInterval", KeaPgsqlFollower.DEFAULT_POLL_INTERVAL);
        int batch = f.integer(item, at, "batchSize", KeaPgsqlFollower.DEFAULT_BATCH_SIZE, 1, 100_000);
        Duration backoff = f.duration(item, at, "maxBackoff", KeaPgsqlFollower.DEFAULT_MAX_BACKOFF);
        if (url == null) {
            return null;
        }
        return checked(new KeaPgsql(url, name, user, password, install, poll, batch, backoff), at);
    }

    /** The entry, if the library takes its settings (the ranges are the library's); else null and a problem. */
    private ServeConfig.Follower checked(KeaEntry entry, String at) {
        try {
            entry.builder();
            return entry;
        } catch (IllegalArgumentException e) {
            f.problem(at, e.getMessage());
            return null;
        }
    }

    private boolean bool(JsonNode item, String at, String field, boolean fallback) {
        JsonNode value = item.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isBoolean()) {
            f.problem(at + "." + field, "true or false, got '" + value.asText() + "'");
            return fallback;
        }
        return value.booleanValue();
    }

    private ServeConfig.Follower memfile(JsonNode item, String at) {
        f.known(item, at, MEMFILE_FIELDS.toArray(String[]::new));
        Optional<String> name = f.text(item, at, "name");
        String leaseFile = f.required(item, at, "leaseFile");
        Duration poll = f.duration(item, at, "pollInterval", KeaMemfileFollower.DEFAULT_POLL_INTERVAL);
        int batch = f.integer(item, at, "batchSize", KeaMemfileFollower.DEFAULT_BATCH_SIZE, 1, 100_000);
        Duration backoff = f.duration(item, at, "maxBackoff", KeaMemfileFollower.DEFAULT_MAX_BACKOFF);
        List<Ipv4Network> served = new java.util.ArrayList<>();
        List<String> networks = f.texts(item, at, "servedNetworks");
        for (int i = 0; i < networks.size(); i++) {
            try {
                served.add(Ipv4Network.parse(networks.get(i)));
            } catch (RuntimeException e) {
                f.problem(at + ".servedNetworks[" + i + "]", "an IPv4 network such as 198.51.100.0/24, got '"
                        + networks.get(i) + "'");
            }
        }
        if (leaseFile == null) {
            return null;
        }
        return checked(new KeaMemfile(f.resolve(leaseFile), name, poll, batch, backoff, served), at);
    }

    /**
     * A {@code kea-memfile} follower.
     *
     * @param leaseFile the CSV Kea's {@code lease-database.name} says
     * @param name the follower's name (the key of its stored position), default {@code kea-memfile:<path>}
     * @param pollInterval how often the file is looked at
     * @param batchSize rows per durable group
     * @param maxBackoff the longest wait between retries after a failure
     * @param servedNetworks the networks this Kea alone leases in: leases a cleanup compacted away while netlever
     *     was stopped are freed there
     */
    record KeaMemfile(Path leaseFile, Optional<String> name, Duration pollInterval, int batchSize,
            Duration maxBackoff, List<Ipv4Network> servedNetworks) implements KeaEntry {

        KeaMemfile {
            servedNetworks = List.copyOf(servedNetworks);
            Objects.requireNonNull(leaseFile, "leaseFile");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(pollInterval, "pollInterval");
            Objects.requireNonNull(maxBackoff, "maxBackoff");
        }

        @Override
        public String type() {
            return MEMFILE;
        }

        @Override
        public KeaMemfileFollower.Builder builder() {
            KeaMemfileFollower.Builder b = KeaMemfileFollower.builder(leaseFile).pollInterval(pollInterval)
                    .batchSize(batchSize).maxBackoff(maxBackoff).servedNetworks(servedNetworks);
            name.ifPresent(b::name);
            return b;
        }
    }

    /**
     * A {@code kea-pgsql} follower.
     *
     * @param url Kea's lease database, a {@code jdbc:postgresql:} URL
     * @param name the follower's name, default {@code kea-pgsql:<url>}
     * @param user the database user, if any
     * @param password the password read from {@code passwordFile}, if any; never printed
     * @param installOutbox whether netlever installs its outbox table and trigger on connecting
     * @param pollInterval how long to wait for a notification before reading the outbox anyway
     * @param batchSize outbox rows per durable group
     * @param maxBackoff the longest wait between reconnections
     */
    record KeaPgsql(String url, Optional<String> name, Optional<String> user, Optional<String> password,
            boolean installOutbox, Duration pollInterval, int batchSize, Duration maxBackoff)
            implements KeaEntry {

        KeaPgsql {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
            Objects.requireNonNull(pollInterval, "pollInterval");
            Objects.requireNonNull(maxBackoff, "maxBackoff");
        }

        @Override
        public String type() {
            return PGSQL;
        }

        @Override
        public KeaPgsqlFollower.Builder builder() {
            KeaPgsqlFollower.Builder b = KeaPgsqlFollower.builder(url).installOutbox(installOutbox)
                    .pollInterval(pollInterval).batchSize(batchSize).maxBackoff(maxBackoff);
            name.ifPresent(b::name);
            user.ifPresent(b::user);
            password.ifPresent(b::password);
            return b;
        }

        @Override
        public String toString() {
            return "KeaPgsql[url=" + url + ", name=" + name + ", user=" + user + ", password="
                    + password.map(p -> "(set)").orElse("(none)") + ", installOutbox=" + installOutbox
                    + ", pollInterval=" + pollInterval + ", batchSize=" + batchSize + ", maxBackoff=" + maxBackoff
                    + "]";
        }
    }
}
