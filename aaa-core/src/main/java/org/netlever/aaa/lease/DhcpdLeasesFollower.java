package org.netlever.aaa.lease;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.netlever.aaa.RateLimitedLog;
import org.netlever.aaa.dhcp.DhcpEvent;
import org.netlever.aaa.dhcp.DhcpEventException;
import org.netlever.aaa.dhcp.DhcpdLease;
import org.netlever.aaa.dhcp.DhcpdLeasesParser;
import org.netlever.aaa.dhcp.EventSource;
import org.netlever.aaa.lease.internal.FilePosition;
import org.netlever.aaa.lease.internal.LeaseFileCursor;
import org.netlever.aaa.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows ISC dhcpd's lease file, {@code dhcpd.leases}, and hands every lease record dhcpd appends to a
 * {@link LeaseService} as a {@link DhcpEvent} from {@link EventSource#DHCPD_LEASES} (issue 14, S1.1–S1.3) — no process
 * per lease, nothing to configure in dhcpd beyond {@code stash-agent-options true} for unicast renewals to keep
 * their Option 82. {@link DhcpdLease} says how binding states become events and how the source event id makes a
 * record read twice a duplicate.
 *
 * <h2>Following</h2>
 * The file is polled every {@link Builder#pollInterval(Duration) poll interval} ({@value #DEFAULT_POLL_MILLIS} ms by
 * default): whatever complete records were appended are parsed ({@link DhcpdLeasesParser}; a record still being
 * written is read at the next poll), handled in one {@linkplain LeaseService#inDurableGroup durable group} per
 * {@linkplain Builder#batchSize batch}, and then the position — the file's identity (device and inode), the offset
 * after the last record handled and a checksum of the bytes before it — is saved in {@link FollowerPositions}.
 *
 * <h2>Rewrites</h2>
 * About hourly, and at its start, dhcpd writes a new file under the same name and renames the old one to
 * {@code dhcpd.leases~}. The follower notices the new identity, reads the old file (still open) to its end, then the
 * new one from its start: the new file repeats every lease's latest record, which the event ids make duplicates, so
 * nothing is lost or doubled. After a restart the follower resumes in the file its position names — the current one
 * or, if dhcpd rewrote it meanwhile, {@code dhcpd.leases~}, finished from the saved offset before the new file is
 * read from its start. If the position is found in neither (dhcpd rewrote twice while netlever was stopped, or the
 * position was taken in another file that reused the inode), {@code dhcpd.leases~} and the current file are read
 * from their starts: events of the file in between are then known only by the leases' latest records.
 *
 * <h2>Failures</h2>
 * A record that cannot be read, or that cannot be tied to an address, is counted by reason ({@link #problems()}),
 * logged rate-limited and skipped — it never stops the follower and never gives access. A missing file, a read
 * error or a lost database is logged and retried with back-off (doubling from the poll interval up to
 * {@link Builder#maxBackoff(Duration)}), re-reading from the saved position.
 *
 * <p>Thread-safe: reads on a thread of its own; {@link #start()}, {@link #close()} and the counters may be used from
 * any thread.
 */
public final class DhcpdLeasesFollower implements LeaseFollower {

    /** The default poll interval in milliseconds. */
    public static final long DEFAULT_POLL_MILLIS = 200;
    /** The default poll interval. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(DEFAULT_POLL_MILLIS);
    /** The default longest wait between retries after a failure. */
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(30);
    /** The default number of records handled per durable group and saved position. */
    public static final int DEFAULT_BATCH_SIZE = 256;
    /** The suffix dhcpd gives the previous lease file when it rewrites it. */
    public static final String BACKUP_SUFFIX = "~";

    private static final Logger LOG = LoggerFactory.getLogger(DhcpdLeasesFollower.class);
    private static final int CHUNK = 1024 * 1024;

    private final Path file;
    private final Path backup;
    private final String name;
    private final LeaseService leases;
    private final FollowerPositions positions;
    private final Duration pollInterval;
    private final Duration maxBackoff;
    private final int batchSize;
    private final RateLimitedLog problemLog;
    private final AtomicLong delivered = new AtomicLong();
    private final ConcurrentHashMap<String, LongAdder> problems = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    private Thread thread;
    private boolean closed;

    private DhcpdLeasesFollower(Builder b) {
        this.file = b.file;
        this.backup = b.file.resolveSibling(b.file.getFileName() + BACKUP_SUFFIX);
        this.name = b.name != null ? b.name : "dhcpd-leases:" + b.file;
        this.leases = b.leases;
        this.positions = b.positions;
        this.pollInterval = b.pollInterval;
        this.maxBackoff = b.maxBackoff;
        this.batchSize = b.batchSize;
        this.problemLog = new RateLimitedLog(LOG, 20, b.clock);
    }

    /**
     * Starts a follower.
     *
     * @param leasesFile dhcpd's lease file ({@code -lf}, Debian: {@code /var/lib/dhcp/dhcpd.leases})
     * @param leases where to deliver the events
     * @param positions where to keep the read position
     * @return a builder
     */
    public static Builder builder(Path leasesFile, LeaseService leases, FollowerPositions positions) {
        return new Builder(leasesFile, leases, positions);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void start() {
        synchronized (lock) {
            if (thread != null || closed) {
                throw new IllegalStateException("follower " + name + " was already started or closed");
            }
            thread = new Thread(this::run, "dhcpd-leases-follower");
            thread.setDaemon(true);
            thread.start();
        }
    }

    @Override
    public long eventsDelivered() {
        return delivered.get();
    }

    /**
     * Records skipped since the start, by reason: {@code unreadable} (a statement that is not a readable lease, or a
     * truncated end of a finished file), {@code not-an-event} (a binding state such as {@code bootp} that stands for
     * no event), {@code untimed} (no time to place the lease change), {@code unhandled} (the lease service refused
     * the event with an error other than the database's), {@code io} and {@code store} (read or database failures,
     * retried).
     *
     * @return a snapshot of the counts
     */
    public Map<String, Long> problems() {
        Map<String, Long> snapshot = new TreeMap<>();
        problems.forEach((reason, n) -> snapshot.put(reason, n.sum()));
        return snapshot;
    }

    /**
     * Records that could not be read or made into events since the start ({@code unreadable}, {@code untimed}).
     *
     * @return the count
     */
    public long parseProblems() {
        return count("unreadable") + count("untimed");
    }

    private long count(String reason) {
        LongAdder n = problems.get(reason);
        return n == null ? 0 : n.sum();
    }

    @Override
    public void close() {
        Thread t;
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
            t = thread;
        }
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(Duration.ofSeconds(30).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private boolean closed() {
        synchronized (lock) {
            return closed;
        }
    }

    /** Sleeps unless closed; returns whether to go on. */
    private boolean pause(Duration d) {
        synchronized (lock) {
            long until = System.nanoTime() + d.toNanos();
            while (!closed) {
                long left = until - System.nanoTime();
                if (left <= 0) {
                    return true;
                }
                try {
                    lock.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return false;
        }
    }

    // --------------------------------------------------------------------------------------------------- reading

    private void run() {
        LeaseFileCursor cursor = null;
        Duration backoff = pollInterval;
        while (!closed()) {
            try {
                if (cursor == null) {
                    cursor = resume();
                }
                if (cursor != null) {
                    cursor = follow(cursor);
                }
                backoff = pollInterval;
                if (!pause(pollInterval)) {
                    break;
                }
            } catch (IOException | RuntimeException e) {
                problem(e instanceof IOException ? "io" : "store", "dhcpd.leases follower {}: {}; retrying in {} "
                        + "from the saved position", name, e.toString(), backoff);
                if (cursor != null) {
                    cursor.close();
                    cursor = null;
                }
                if (!pause(backoff)) {
                    break;
                }
                backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
            }
        }
        if (cursor != null) {
            cursor.close();
        }
    }

    /** Opens the file the saved position names, or the start of what is there; null if there is no file yet. */
    private LeaseFileCursor resume() throws IOException {
        Optional<String> saved = positions.load(name);
        Optional<FilePosition> position = saved.flatMap(FilePosition::parse);
        if (saved.isPresent() && position.isEmpty()) {
            problemLog.warn("dhcpd.leases follower {}: stored position '{}' is not one; reading {} from its start",
                    name, saved.get(), file);
        }
        LeaseFileCursor current = open(file, false);
        if (position.isEmpty()) {
            return current;
        }
        if (current != null && position.get().matches(current.identity(), current.channel())) {
            current.offset(position.get().offset());
            return current;
        }
        LeaseFileCursor previous = open(backup, true);
        if (previous == null) {
            return current;
        }
        if (current != null) {
            current.close();
        }
        if (position.get().matches(previous.identity(), previous.channel())) {
            previous.offset(position.get().offset());
            LOG.info("dhcpd.leases follower {}: dhcpd rewrote {} while netlever was stopped; finishing {} from offset "
                    + "{}", name, file, backup, previous.offset());
        } else {
            LOG.warn("dhcpd.leases follower {}: the saved position ({}) is in neither {} nor {}; reading both from "
                    + "their starts (their events are duplicates where netlever had them)", name, position.get(),
                    file, backup);
        }
        return previous;
    }

    private LeaseFileCursor open(Path path, boolean previous) throws IOException {
        Optional<LeaseFileCursor> cursor = LeaseFileCursor.open(path, previous);
        if (cursor.isEmpty() && !previous) {
            problemLog.warn("dhcpd.leases follower {}: {} does not exist (yet); waiting for dhcpd", name, path);
        }
        return cursor.orElse(null);
    }

    /** Reads what was appended; moves to the next file after a rewrite. */
    private LeaseFileCursor follow(LeaseFileCursor cursor) throws IOException {
        if (cursor.previous()) {
            if (!read(cursor, true)) {
                return cursor;
            }
            cursor.close();
            LeaseFileCursor next = open(file, false);
            if (next != null) {
                save(next, 0);
            }
            return next;
        }
        if (cursor.channel().size() < cursor.offset()) {
            LOG.warn("dhcpd.leases follower {}: {} shrank below offset {}; reading it from its start", name, file,
                    cursor.offset());
            cursor.offset(0);
        }
        read(cursor, false);
        Optional<String> now = FilePosition.identity(file);
        if (now.isEmpty() || now.get().equals(cursor.identity())) {
            return cursor;
        }
        // dhcpd renamed this file away and wrote a new one: finish this one, then start the new one.
        if (!read(cursor, true)) {
            return cursor;
        }
        cursor.close();
        LOG.info("dhcpd.leases follower {}: dhcpd rewrote {}; following the new file", name, file);
        LeaseFileCursor next = open(file, false);
        if (next != null) {
            save(next, 0);
        }
        return next;
    }

    /**
     * Reads from the cursor's offset to the file's end; {@code last}: the file will not grow (renamed away).
     * Returns whether it got to the end (not stopped by {@link #close()}).
     */
    private boolean read(LeaseFileCursor cursor, boolean last) throws IOException {
        while (!closed()) {
            long size = cursor.channel().size();
            long available = size - cursor.offset();
            if (available <= 0) {
                return true;
            }
            int length = (int) Math.min(available, CHUNK);
            ByteBuffer buffer = ByteBuffer.allocate(length);
            while (buffer.hasRemaining() && cursor.channel().read(buffer, cursor.offset() + buffer.position()) > 0) {
                // read what is there
            }
            byte[] data = buffer.array();
            int got = buffer.position();
            DhcpdLeasesParser.Result result = DhcpdLeasesParser.parse(data, 0, got, last && got == available);
            if (!deliver(cursor, result)) {
                return false;
            }
            if (result.consumed() == 0) {
                return true;
            }
            cursor.offset(cursor.offset() + result.consumed());
        }
        return false;
    }

    /** Handles the records batch by batch, saving the position after each; false if stopped by close(). */
    private boolean deliver(LeaseFileCursor cursor, DhcpdLeasesParser.Result result) throws IOException {
        int from = 0;
        int saved = 0;
        var items = result.items();
        while (from < items.size()) {
            if (closed()) {
                return false;
            }
            int to = Math.min(items.size(), from + batchSize);
            var batch = items.subList(from, to);
            leases.inDurableGroup(() -> {
                batch.forEach(this::handle);
                return null;
            });
            saved = batch.get(batch.size() - 1).end();
            save(cursor, cursor.offset() + saved);
            from = to;
        }
        if (result.consumed() > saved) {
            save(cursor, cursor.offset() + result.consumed());
        }
        return true;
    }

    private void handle(DhcpdLeasesParser.Item item) {
        if (item.problem().isPresent()) {
            problem("unreadable", "dhcpd.leases follower {}: skipped: {}", name, item.problem().get());
            return;
        }
        DhcpdLease lease = item.lease().orElseThrow();
        Optional<DhcpEvent> event;
        try {
            // A free record is a release if it ends the lease held for the address early (see DhcpdLease).
            Optional<java.time.Instant> heldUntil = lease.bindingState().equals("free")
                    ? leases.lease(lease.ip()).flatMap(Lease::expiresAt) : Optional.empty();
            event = lease.toEvent(EventSource.DHCPD_LEASES, heldUntil);
        } catch (DhcpEventException e) {
            problem("untimed", "dhcpd.leases follower {}: skipped lease {}: {}", name, lease.ip(), e.getMessage());
            return;
        }
        if (event.isEmpty()) {
            problems.computeIfAbsent("not-an-event", k -> new LongAdder()).increment();
            return;
        }
        try {
            leases.handle(event.get());
        } catch (StoreException e) {
            throw e; // the database: retried from the saved position
        } catch (RuntimeException e) {
            problem("unhandled", "dhcpd.leases follower {}: lease {} could not be handled, skipped: {}", name,
                    lease.ip(), e.toString());
            return;
        }
        delivered.incrementAndGet();
    }

    private void problem(String reason, String format, Object... arguments) {
        problems.computeIfAbsent(reason, k -> new LongAdder()).increment();
        problemLog.warn(format, arguments);
    }

    private void save(LeaseFileCursor cursor, long offset) throws IOException {
        positions.save(name, FilePosition.at(cursor.identity(), cursor.channel(), offset).toString());
    }

    /**
     * Builds a {@link DhcpdLeasesFollower}. Not thread-safe.
     */
    public static final class Builder {
        private final Path file;
        private final LeaseService leases;
        private final FollowerPositions positions;
        private String name;
        private Duration pollInterval = DEFAULT_POLL_INTERVAL;
        private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private Clock clock = Clock.systemUTC();

        private Builder(Path file, LeaseService leases, FollowerPositions positions) {
            this.file = Objects.requireNonNull(file, "leasesFile").toAbsolutePath().normalize();
            this.leases = Objects.requireNonNull(leases, "leases");
            this.positions = Objects.requireNonNull(positions, "positions");
        }

        /**
         * The follower's name, the key of its stored position.
         *
         * @param value 1 to 200 characters; default {@code dhcpd-leases:} and the file's absolute path
         * @return this builder
         */
        public Builder name(String value) {
            Objects.requireNonNull(value, "name");
            if (value.isEmpty() || value.length() > 200) {
                throw new IllegalArgumentException("a follower name has 1 to 200 characters, got " + value.length());
            }
            this.name = value;
            return this;
        }

        /**
         * How often the file is checked for new records and for a rewrite.
         *
         * @param value 10 ms to 1 minute; default {@link #DEFAULT_POLL_INTERVAL}
         * @return this builder
         */
        public Builder pollInterval(Duration value) {
            if (value.compareTo(Duration.ofMillis(10)) < 0 || value.compareTo(Duration.ofMinutes(1)) > 0) {
                throw new IllegalArgumentException("poll interval must be 10 ms to 1 minute, got " + value);
            }
            this.pollInterval = value;
            return this;
        }

        /**
         * The longest wait between retries after a read or database failure.
         *
         * @param value at least the poll interval, at most 1 hour; default {@link #DEFAULT_MAX_BACKOFF}
         * @return this builder
         */
        public Builder maxBackoff(Duration value) {
            if (value.isNegative() || value.isZero() || value.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException("max back-off must be positive and at most 1 hour, got " + value);
            }
            this.maxBackoff = value;
            return this;
        }

        /**
         * How many records are handled per durable group, before the position is saved.
         *
         * @param value 1 to 10000; default {@value #DEFAULT_BATCH_SIZE}
         * @return this builder
         */
        public Builder batchSize(int value) {
            if (value < 1 || value > 10_000) {
                throw new IllegalArgumentException("batch size must be 1 to 10000, got " + value);
            }
            this.batchSize = value;
            return this;
        }

        /**
         * The clock of the rate-limited log.
         *
         * @param value the clock; default the system's
         * @return this builder
         */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * Builds the follower (not started).
         *
         * @return the follower
         * @throws IllegalArgumentException if the max back-off is shorter than the poll interval
         */
        public DhcpdLeasesFollower build() {
            if (maxBackoff.compareTo(pollInterval) < 0) {
                throw new IllegalArgumentException("max back-off " + maxBackoff + " is shorter than the poll interval "
                        + pollInterval);
            }
            return new DhcpdLeasesFollower(this);
        }
    }
}
