package org.netlever.aaa.kea;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.netlever.aaa.dhcp.DhcpEvent;
import org.netlever.aaa.dhcp.DhcpEventType;
import org.netlever.aaa.dhcp.EventSource;
import org.netlever.aaa.ip.Ipv4Address;
import org.netlever.aaa.ip.Ipv4Network;
import org.netlever.aaa.kea.internal.KeaCsv;
import org.netlever.aaa.kea.internal.LeaseFile;
import org.netlever.aaa.lease.Lease;
import org.netlever.aaa.lease.LeaseOrigin;
import org.netlever.aaa.lease.LeaseService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows Kea's memfile lease file ({@code lease-database} {@code "type": "memfile"}, e.g.
 * {@code /var/lib/kea/kea-leases4.csv}) and hands every lease change to a {@link LeaseService} once, with the rules of
 * {@link KeaLeaseEvents} (S1.1–S1.3, issue 14). Kea appends a row for every change — a commit or renewal, a release
 * (the lease with valid lifetime 0), an expiry (state 2, or valid lifetime 0 with {@code hold-reclaimed-time} 0), a
 * decline (state 1) — and syncs nothing itself, so the follower reads only whole lines. Turn on
 * {@code store-extended-info} in Kea so that commits carry the Option 82 billing needs.
 *
 * <h2>Lease File Cleanup</h2>
 * Every {@code lfc-interval} Kea renames {@code F} to {@code F.2}, starts a new {@code F}, and {@code kea-lfc} merges
 * {@code F.1} and {@code F.2} into a new {@code F.1} (through {@code F.output} and {@code F.completed}) and removes
 * {@code F.2}. The follower keeps the renamed file open, reads it to its end and goes on with the new {@code F} from
 * its start. Its position is the file's identity (device and inode) and an offset, saved after the events before it
 * are handled and durable; on start it resumes in whichever of {@code F.1}, {@code F.2}, {@code F} still is that
 * file, then reads those after it. If a cleanup consumed the file while netlever was stopped, it re-reads
 * {@code F.1}, {@code F.2} and {@code F} from their starts: the source event ids (address, expire, valid lifetime,
 * state and MAC of the row) make the rows already handled duplicates. A lease committed before the stop and freed
 * while stopped, both rows then compacted away by the cleanup, has no row left to read: with
 * {@link Builder#servedNetworks} the follower then frees, once it has read every file to its end, each lease netlever
 * holds in those networks, last reported by a Kea memfile follower, that no row of the files has any more (Kea
 * compacts away only leases it no longer has); the free is a release, or an expiry if the lease had run out, with
 * source event id {@code lfc/<address>/<renewed>}. Until that reading is done the reconciliation is pending in the
 * stored positions, so a failure or a stop in between starts it again from the files' starts. Without
 * {@code servedNetworks} (the default: netlever cannot tell which leases this Kea alone hands out) such a free is
 * lost — the address is freed by the next commit for it; keep {@code lfc-interval} longer than netlever's longest
 * stop then.
 *
 * <h2>Robustness</h2>
 * A row that cannot be read (not Kea's columns, a malformed Option 82 in the user context …) is counted in
 * {@link #parseProblems()}, logged rate-limited and skipped; a missing file or a store that fails is retried with
 * back-off up to {@link Builder#maxBackoff(Duration)}. Nothing in a row grants access by itself: a commit is
 * authorized by its Option 82 through the lease service.
 *
 * <p>Thread-safe: {@link #start()} and {@link #close()} may be called from any thread; the follower reads on a thread
 * of its own.
 */
public final class KeaMemfileFollower extends KeaFollower {

    /** How often the file is looked at for new rows by default. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(200);
    /** How many rows are handled in one durable group by default (one wait for the disk). */
    public static final int DEFAULT_BATCH_SIZE = 500;
    /** The longest wait between retries after a failure, by default. */
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(KeaMemfileFollower.class);

    private final Path file;
    private final List<Ipv4Network> served;
    /** Addresses of every row read since a lost position, while a reconciliation is pending; else null. */
    private Set<Integer> seen;

    private KeaMemfileFollower(Builder b) {
        super(b.name != null ? b.name : "kea-memfile:" + b.file.toAbsolutePath().normalize(), b, b.pollInterval,
                LOG);
        this.file = b.file;
        this.served = List.copyOf(b.served);
    }

    /**
     * Starts a follower of a Kea memfile lease file.
     *
     * @param leaseFile the file Kea's {@code lease-database} {@code name} says
     * @return a builder
     */
    public static Builder builder(Path leaseFile) {
        return new Builder(leaseFile);
    }

    @Override
    public void start() {
        runner.start(this::follow);
    }

    private boolean stopping() {
        return runner.stopping();
    }

    private boolean pause(Duration d) {
        return runner.pause(d);
    }

    /** Opens the files to read from the stored position and follows them until stopped or a failure. */
    private void follow() throws IOException {
        Deque<Path> queue = new ArrayDeque<>();
        LeaseFile current = resume(queue);
        try {
            while (!stopping()) {
                if (current == null) {
                    if (queue.isEmpty()) {
                        if (LeaseFile.identityOf(file).isEmpty()) {
                            // Kea has not written the file yet.
                            if (!pause(pollInterval)) {
                                return;
                            }
                            continue;
                        }
                        queue.add(file);
                    }
                    current = LeaseFile.open(queue.poll(), 0);
                }
                boolean live = current.path().equals(file);
                boolean renamed = live && !LeaseFile.identityOf(file).map(current.identity()::equals).orElse(false);
                int handled = readBatch(current, !live || renamed);
                if (handled == batchSize) {
                    continue;
                }
                if (!live || renamed) {
                    // An older file, or the live one Kea renamed to F.2: finished; go on with the next.
                    current.close();
                    current = null;
                    if (renamed && queue.isEmpty()) {
                        queue.add(file);
                    }
                    continue;
                }
                if (seen != null) {
                    reconcile();
                }
                if (!pause(pollInterval)) {
                    return;
                }
            }
        } finally {
            if (current != null) {
                current.close();
            }
        }
    }

    /**
     * Opens the file the stored position is in, at the position, and queues those after it (oldest first: F.1, F.2,
     * F); with no position, or its file gone, queues them all from their starts.
     */
    private LeaseFile resume(Deque<Path> queue) throws IOException {
        List<Path> all = new ArrayList<>();
        for (String suffix : new String[] {".1", ".2", ""}) {
            Path p = file.resolveSibling(file.getFileName() + suffix);
            if (LeaseFile.identityOf(p).isPresent()) {
                all.add(p);
            }
        }
        Optional<Position> position = positions.load(name()).flatMap(Position::parse);
        if (position.isEmpty()) {
            queue.addAll(all);
            return null;
        }
        boolean pending = !served.isEmpty() && positions.load(reconcileKey()).filter(PENDING::equals).isPresent();
        Position at = position.get();
        for (int i = 0; i < all.size() && !pending; i++) {
            if (!LeaseFile.identityOf(all.get(i)).orElse("").equals(at.identity())) {
                continue;
            }
            LeaseFile f = LeaseFile.open(all.get(i), 0);
            if (f.lineBeforeIs(at.offset(), at.fingerprint())) {
                f.seek(at.offset());
                queue.addAll(all.subList(i + 1, all.size()));
                return f;
            }
            f.close();
        }
        if (!served.isEmpty()) {
            // kea-lfc may be between deleting F.1 and F.2 and renaming F.completed to F.1: read that too.
            Path completed = file.resolveSibling(file.getFileName() + ".completed");
            if (LeaseFile.identityOf(completed).isPresent()) {
                all.add(0, completed);
            }
            positions.save(reconcileKey(), PENDING);
            seen = new HashSet<>();
        }
        LOG.warn("follower {}: the file of its stored position {} is gone (a Lease File Cleanup ran while netlever "
                + "was stopped){}; re-reading {} from their starts, rows already handled are duplicates", name(), at,
                pending ? " or a reconciliation after one is pending" : "", all);
        queue.addAll(all);
        return null;
    }

    private static final String PENDING = "pending";

    private String reconcileKey() {
        return name() + "#reconcile";
    }

    /**
     * Every file read to its end after a lost position: frees the leases in the served networks, last reported by a
     * Kea memfile follower, that no row has any more.
     */
    private void reconcile() {
        Instant now = clock.instant();
        List<String> freed = new ArrayList<>();
        for (Lease lease : leases.allLeases()) {
            Ipv4Address ip = lease.ip();
            if (lease.origin() != LeaseOrigin.DHCP || seen.contains(ip.bits())
                    || served.stream().noneMatch(n -> n.contains(ip))) {
                continue;
            }
            boolean fromKeaMemfile = leases.events(ip, 1).stream().findFirst()
                    .filter(e -> e.source() == EventSource.KEA_MEMFILE).isPresent();
            if (!fromKeaMemfile) {
                continue;
            }
            Optional<Instant> ranOut = lease.expiresAt().filter(until -> !until.isAfter(now));
            DhcpEvent.Builder free = ranOut.isPresent()
                    ? DhcpEvent.builder(DhcpEventType.EXPIRY, ip, EventSource.KEA_MEMFILE, ranOut.get())
                    : DhcpEvent.builder(DhcpEventType.RELEASE, ip, EventSource.KEA_MEMFILE, now);
            lease.mac().ifPresent(free::clientMac);
            leases.handle(free.sourceEventId("lfc/" + ip + "/" + lease.renewedAt().getEpochSecond()).build());
            freed.add(ip.toString());
        }
        positions.save(reconcileKey(), "done");
        seen = null;
        if (!freed.isEmpty()) {
            LOG.warn("follower {}: {} lease(s) no row of {} has any more (freed in Kea and compacted away by a Lease "
                    + "File Cleanup while netlever was stopped) are freed: {}", name(), freed.size(), file,
                    freed.size() > 20 ? freed.subList(0, 20) + " …" : freed);
        }
    }

    /** Reads and handles up to a batch of rows; saves the position after them once they are durable. */
    private int readBatch(LeaseFile f, boolean finalRead) throws IOException {
        List<LeaseFile.Line> lines = f.read(batchSize, finalRead);
        if (lines.isEmpty()) {
            return 0;
        }
        List<String> header = f.header();
        int count = leases.inDurableGroup(() -> {
            int n = 0;
            for (LeaseFile.Line line : lines) {
                if (handle(header, line)) {
                    n++;
                }
            }
            return n;
        });
        runner.delivered().addAndGet(count);
        LeaseFile.Line last = lines.get(lines.size() - 1);
        positions.save(name(), new Position(f.identity(), last.offsetAfter(), LeaseFile.fingerprint(last.text()))
                .toString());
        return lines.size();
    }

    private boolean handle(List<String> header, LeaseFile.Line line) {
        if (line.overlong()) {
            problem("a line longer than a Kea lease row", line.text());
            return false;
        }
        if (line.text().isEmpty() || line.text().startsWith("address,")) {
            return false;
        }
        Optional<DhcpEvent> event;
        try {
            KeaLease4 row = KeaLease4.fromColumns(KeaCsv.columns(header, line.text()));
            if (seen != null) {
                seen.add(row.address().bits());
            }
            Optional<Instant> heldUntil = row.validLifetime() == 0
                    ? leases.lease(row.address()).flatMap(Lease::expiresAt) : Optional.empty();
            event = KeaLeaseEvents.event(row, row.validLifetime() == 0, EventSource.KEA_MEMFILE, eventId(row),
                    Optional.empty(), heldUntil, clock.instant());
        } catch (RuntimeException e) {
            problem(e.getMessage(), line.text());
            return false;
        }
        if (event.isEmpty()) {
            return false;
        }
        leases.handle(event.get());
        return true;
    }

    private void problem(String what, String line) {
        runner.parseProblems().incrementAndGet();
        String shown = line.length() > 200 ? line.substring(0, 200) + "…" : line;
        problems.warn("follower {}: skipped a row of {}: {} — {}", name(), file, what, shown);
    }

    /** A deterministic id of the row: what Kea wrote, so that a row read twice is the same event. */
    static String eventId(KeaLease4 row) {
        String mac = row.hwaddr().map(m -> m.toString().replace(":", "")).orElse("-");
        return (row.address() + "/" + row.expire() + "/" + row.validLifetime() + "/" + row.state() + "/" + mac)
                .toLowerCase(Locale.ROOT);
    }

    /**
     * A stored position: the file's identity, the offset after the last row handled, and that row's fingerprint
     * (inodes are reused: the identity alone does not prove it is the same file).
     */
    private record Position(String identity, long offset, String fingerprint) {
        static Optional<Position> parse(String text) {
            String[] parts = text.split("\t");
            if (parts.length != 3) {
                return Optional.empty();
            }
            try {
                return Optional.of(new Position(parts[0], Long.parseLong(parts[1]), parts[2]));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }

        @Override
        public String toString() {
            return identity + "\t" + offset + "\t" + fingerprint;
        }
    }

    /**
     * Builds a {@link KeaMemfileFollower}. Not thread-safe.
     */
    public static final class Builder extends KeaFollowerSettings<Builder> {
        private final Path file;
        private List<Ipv4Network> served = List.of();

        private Builder(Path file) {
            super(DEFAULT_POLL_INTERVAL, DEFAULT_BATCH_SIZE, DEFAULT_MAX_BACKOFF);
            this.file = Objects.requireNonNull(file, "leaseFile");
        }

        /**
         * The networks this Kea alone hands out leases in: after a Lease File Cleanup consumed the stored position
         * while netlever was stopped, a lease netlever holds in them, last reported by a Kea memfile follower, that
         * no row of the files has any more is freed (see "Lease File Cleanup" above). Empty by default: such a free
         * is then lost. Name only networks no other DHCP server leases in.
         *
         * @param networks the networks; empty for none
         * @return this builder
         */
        public Builder servedNetworks(List<Ipv4Network> networks) {
            this.served = List.copyOf(networks);
            return this;
        }

        /**
         * Builds the follower (not started).
         *
         * @return the follower
         * @throws NullPointerException if the lease service or positions are not set
         */
        @Override
        public KeaMemfileFollower build() {
            return new KeaMemfileFollower(this);
        }
    }
}
