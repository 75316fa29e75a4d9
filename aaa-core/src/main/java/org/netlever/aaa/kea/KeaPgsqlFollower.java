package org.netlever.aaa.kea;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.zip.CRC32;

import org.netlever.aaa.dhcp.DhcpEvent;
import org.netlever.aaa.dhcp.EventSource;
import org.netlever.aaa.lease.FollowerPositions;
import org.netlever.aaa.lease.Lease;
import org.netlever.aaa.lease.LeaseService;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows Kea's PostgreSQL lease database ({@code lease-database} {@code "type": "postgresql"}, the schema
 * {@code kea-admin db-init pgsql} makes) and hands every lease change to a {@link LeaseService} once, with the rules of
 * {@link KeaLeaseEvents} (S1.1–S1.3, issue 14).
 *
 * <h2>The outbox</h2>
 * On connecting the follower installs {@link #OUTBOX_SQL} into Kea's database (idempotent; turn it off with
 * {@link Builder#installOutbox(boolean)} and install it yourself): a table {@code netlever_lease4_outbox} and a
 * trigger on {@code lease4} {@code INSERT}, {@code UPDATE} and {@code DELETE} that appends the changed row to it —
 * in the same transaction as Kea's change — and {@code NOTIFY}s channel {@code netlever_lease4}. The follower
 * {@code LISTEN}s (waking at once on a notification, and polling every {@link Builder#pollInterval(Duration)} in case
 * one is missed), reads the outbox in id order, hands the rows' events to the lease service in one durable group,
 * and only then deletes those rows (a notification waits 50 ms for more changes first, so that a busy Kea costs one
 * read and one delete per batch, not per lease; the deletes do not wait for the disk — a row a crash brings back is
 * read again as a duplicate). Nothing is lost while netlever is down: the rows wait in the outbox. A crash
 * between the durable handling and the delete re-reads the rows, whose source event ids (the outbox id and the
 * change's time) make them duplicates. The last id handled is also saved in {@link FollowerPositions}, for the
 * operator's eyes.
 *
 * <p>Kea 2.2 deletes a released lease's row (an {@code op} {@code D} row: a release, or an expiry if the lease had
 * run out at the change's time), updates a reclaimed one to state 2 (expired-reclaimed) when
 * {@code hold-reclaimed-time} is above 0, and inserts or updates a committed one. The trigger stamps each change with
 * the database's {@code now()}, so a release read late is still a release.
 *
 * <h2>Robustness</h2>
 * A row that cannot be read is counted in {@link #parseProblems()}, logged rate-limited, and deleted like a handled
 * one (it can never be read); a lost connection is retried with back-off up to {@link Builder#maxBackoff(Duration)}.
 *
 * <p>Thread-safe: {@link #start()} and {@link #close()} may be called from any thread; the follower reads on a thread
 * of its own.
 */
public final class KeaPgsqlFollower extends KeaFollower {

    /** The SQL the follower installs into Kea's database (a class-path resource next to this class). */
    public static final String OUTBOX_SQL = "kea-pgsql-outbox.sql";
    /** The channel the outbox trigger notifies. */
    public static final String CHANNEL = "netlever_lease4";
    /** How often the outbox is read when no notification came, by default. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);
    /** How many outbox rows are handled in one durable group by default. */
    public static final int DEFAULT_BATCH_SIZE = 500;
    /** The longest wait between reconnections after a failure, by default. */
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(KeaPgsqlFollower.class);
    /** How long a notification waits for more changes before the outbox is read. */
    private static final Duration COALESCE = Duration.ofMillis(50);

    private final String url;
    private final Properties connectionProperties;
    private final String idPrefix;
    private final boolean installOutbox;

    private KeaPgsqlFollower(Builder b) {
        super(b.name != null ? b.name : "kea-pgsql:" + withoutParameters(b.url), b, Duration.ofMillis(100), LOG);
        this.url = b.url;
        this.connectionProperties = new Properties();
        b.user.ifPresent(u -> connectionProperties.setProperty("user", u));
        b.password.ifPresent(p -> connectionProperties.setProperty("password", p));
        this.installOutbox = b.installOutbox;
        CRC32 crc = new CRC32();
        crc.update(name().getBytes(StandardCharsets.UTF_8));
        this.idPrefix = String.format("%08x", crc.getValue());
    }

    private static String withoutParameters(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }

    /**
     * Starts a follower of a Kea PostgreSQL lease database.
     *
     * @param jdbcUrl the database, e.g. {@code jdbc:postgresql://db.example.net/kea}
     * @return a builder
     * @throws IllegalArgumentException if it is not a {@code jdbc:postgresql:} URL
     */
    public static Builder builder(String jdbcUrl) {
        return new Builder(jdbcUrl);
    }

    /**
     * The outbox SQL netlever installs: for an operator who installs it by hand.
     *
     * @return the SQL text
     */
    public static String outboxSql() {
        try (InputStream in = KeaPgsqlFollower.class.getResourceAsStream(OUTBOX_SQL)) {
            if (in == null) {
                throw new IllegalStateException(OUTBOX_SQL + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + OUTBOX_SQL, e);
        }
    }

    @Override
    public void start() {
        runner.start(() -> {
            try (Connection c = DriverManager.getConnection(url, connectionProperties)) {
                prepare(c);
                follow(c);
            }
        });
    }

    private void prepare(Connection c) throws SQLException {
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
            if (installOutbox) {
                c.setAutoCommit(false);
                // One installer at a time (several netlever processes may start together).
                s.execute("SELECT pg_advisory_xact_lock(hashtext('netlever_lease4_outbox'))");
                s.execute(outboxSql());
                c.commit();
                c.setAutoCommit(true);
            }
            // Deleting handled rows need not wait for the disk: rows a crash brings back are read again, and their
            // source event ids make them duplicates. Kea's own commits keep the disk to themselves.
            s.execute("SET synchronous_commit = off");
            s.execute("LISTEN " + CHANNEL);
        }
    }

    private void follow(Connection c) throws SQLException {
        PGConnection pg = c.unwrap(PGConnection.class);
        while (!runner.stopping()) {
            int handled = readBatch(c);
            if (handled == batchSize) {
                continue;
            }
            // Wait for a notification, at most a poll interval; then a moment more, so that the changes Kea commits
            // meanwhile are read in one batch rather than one query and one delete each.
            org.postgresql.PGNotification[] woken = pg.getNotifications((int) Math.max(1, pollInterval.toMillis()));
            if (woken != null && woken.length > 0 && !runner.pause(COALESCE)) {
                return;
            }
        }
    }

    /** Reads and handles up to a batch of outbox rows; deletes them once their events are durable. */
    private int readBatch(Connection c) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement("SELECT id, op, changed_at, address, hwaddr, valid_lifetime, "
                + "expire, subnet_id, hostname, state, user_context FROM netlever_lease4_outbox ORDER BY id LIMIT ?")) {
            q.setInt(1, batchSize);
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    rows.add(Row.of(r));
                }
            }
        }
        if (rows.isEmpty()) {
            return 0;
        }
        int count = leases.inDurableGroup(() -> {
            int n = 0;
            for (Row row : rows) {
                if (handle(row)) {
                    n++;
                }
            }
            return n;
        });
        runner.delivered().addAndGet(count);
        long last = rows.get(rows.size() - 1).id();
        positions.save(name(), "outbox-id=" + last);
        try (PreparedStatement d = c.prepareStatement("DELETE FROM netlever_lease4_outbox WHERE id = ANY (?)")) {
            d.setArray(1, c.createArrayOf("bigint", rows.stream().map(Row::id).toArray()));
            d.executeUpdate();
        }
        return rows.size();
    }

    private boolean handle(Row row) {
        Optional<DhcpEvent> event;
        try {
            KeaLease4 lease = KeaLease4.fromColumns(row.columns());
            boolean deleted = row.op().equals("D");
            Optional<Instant> heldUntil = deleted || lease.validLifetime() == 0
                    ? leases.lease(lease.address()).flatMap(Lease::expiresAt) : Optional.empty();
            String id = idPrefix + ":" + row.id() + ":" + row.changedAt().getEpochSecond() * 1_000_000
                    + row.changedAt().getNano() / 1_000;
            event = KeaLeaseEvents.event(lease, deleted, EventSource.KEA_PGSQL, id, Optional.of(row.changedAt()),
                    heldUntil, clock.instant());
        } catch (RuntimeException e) {
            runner.parseProblems().incrementAndGet();
            problems.warn("follower {}: skipped outbox row {}: {}", name(), row.id(), e.getMessage());
            return false;
        }
        if (event.isEmpty()) {
            return false;
        }
        leases.handle(event.get());
        return true;
    }

    /** One outbox row, its columns as text in {@link KeaLease4#fromColumns}'s forms. */
    private record Row(long id, String op, Instant changedAt, Map<String, String> columns) {
        static Row of(ResultSet r) throws SQLException {
            Map<String, String> columns = new HashMap<>();
            columns.put("address", r.getString("address"));
            byte[] hwaddr = r.getBytes("hwaddr");
            columns.put("hwaddr", hwaddr == null ? "" : HexFormat.of().formatHex(hwaddr));
            columns.put("valid_lifetime", Objects.toString(r.getString("valid_lifetime"), "0"));
            Timestamp expire = r.getTimestamp("expire");
            columns.put("expire", expire == null ? "0" : Long.toString(expire.toInstant().getEpochSecond()));
            columns.put("subnet_id", Objects.toString(r.getString("subnet_id"), "0"));
            columns.put("hostname", Objects.toString(r.getString("hostname"), ""));
            columns.put("state", Objects.toString(r.getString("state"), "0"));
            columns.put("user_context", Objects.toString(r.getString("user_context"), ""));
            return new Row(r.getLong("id"), r.getString("op").trim(), r.getTimestamp("changed_at").toInstant(),
                    columns);
        }
    }

    /**
     * Builds a {@link KeaPgsqlFollower}. Not thread-safe.
     */
    public static final class Builder extends KeaFollowerSettings<Builder> {
        private final String url;
        private Optional<String> user = Optional.empty();
        private Optional<String> password = Optional.empty();
        private boolean installOutbox = true;

        private Builder(String url) {
            super(DEFAULT_POLL_INTERVAL, DEFAULT_BATCH_SIZE, DEFAULT_MAX_BACKOFF);
            Objects.requireNonNull(url, "jdbcUrl");
            if (!url.startsWith("jdbc:postgresql:")) {
                throw new IllegalArgumentException("a Kea PostgreSQL lease database is a jdbc:postgresql: URL, got "
                        + url);
            }
            this.url = url;
        }

        /**
         * The database user; default none (the driver's default).
         *
         * @param value the user
         * @return this builder
         */
        public Builder user(String value) {
            this.user = Optional.of(Objects.requireNonNull(value, "user"));
            return this;
        }

        /**
         * The database password; default none.
         *
         * @param value the password
         * @return this builder
         */
        public Builder password(String value) {
            this.password = Optional.of(Objects.requireNonNull(value, "password"));
            return this;
        }

        /**
         * Whether the follower installs {@link #OUTBOX_SQL} on connecting (it needs the right to create a table,
         * a function and a trigger on {@code lease4}); default {@code true}.
         *
         * @param value whether to install
         * @return this builder
         */
        public Builder installOutbox(boolean value) {
            this.installOutbox = value;
            return this;
        }

        /**
         * Builds the follower (not started).
         *
         * @return the follower
         * @throws NullPointerException if the lease service or positions are not set
         */
        @Override
        public KeaPgsqlFollower build() {
            return new KeaPgsqlFollower(this);
        }
    }
}
