package org.netlever.aaa.lease;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.jdbi.v3.core.Handle;
import org.netlever.aaa.dhcp.DhcpEvent;
import org.netlever.aaa.dhcp.DhcpEventType;
import org.netlever.aaa.dhcp.EventSource;
import org.netlever.aaa.ip.IpPool;
import org.netlever.aaa.ip.Ipv4Address;
import org.netlever.aaa.lease.LeaseOutcome.RejectReason;
import org.netlever.aaa.lease.LeaseOutcome.UnchangedReason;
import org.netlever.aaa.lease.internal.DhcpEventTable;
import org.netlever.aaa.lease.internal.DhcpEventTable.EventRow;
import org.netlever.aaa.lease.internal.Jdbc;
import org.netlever.aaa.lease.internal.LeaseHistoryTable;
import org.netlever.aaa.lease.internal.LeaseTable;
import org.netlever.aaa.lease.internal.NasSyncTable;
import org.netlever.aaa.store.Database;
import org.netlever.aaa.store.StoreException;
import org.netlever.device.Device;
import org.netlever.device.DeviceResolver;
import org.netlever.device.Resolution;
import org.netlever.option82.MacAddress;
import org.netlever.option82.RelayAgentInformation;

/**
 * Keeps subscribers' dynamic leases from DHCP events (S1.2–S1.8): authorizes a commit by Option 82, records or frees
 * the lease, logs every event, and queues the NAS sync.
 *
 * <h2>Commit (S1.3–S1.7)</h2>
 * <ol>
 *   <li>Resolve the device from Option 82 and the relay address (giaddr) with the device's own manager
 *       ({@link DeviceResolver}): by MAC, serial, TR-101 host name, relay address and interface, or relay address,
 *       as the manager says its model sends. An unregistered device, an unrecognised format, a valid option with no
 *       location ({@link RejectReason#NO_LOCATION}), two devices with one key ({@link RejectReason#AMBIGUOUS_DEVICE})
 *       or a missing port is rejected with its reason (S1.5).</li>
 *   <li>Take the accounts bound to the device — filtered by port only when the device's manager says it serves
 *       several subscribers by port (a switch, not a PON ONU) (S1.6, S1.7). None is {@link LeaseOutcome.NoSubscriber};
 *       more than one is {@link LeaseOutcome.AmbiguousSubscriber}: netlever never lets "the first row" win.</li>
 *   <li>Check the account gets dynamic addresses, may have access, and that the address lies in a pool of the
 *       account's kind.</li>
 *   <li>Record the lease, in one transaction with the address's row locked: a free address is
 *       {@linkplain LeaseOutcome.Assigned assigned}; the same subscriber and MAC again is a
 *       {@linkplain LeaseOutcome.Renewed renewal} (idempotent: only the times move); another holder's address is
 *       {@linkplain LeaseOutcome.Reassigned reassigned}, with both ends in the history.</li>
 * </ol>
 * A commit without Option 82 — a unicast renewal — renews the address's existing lease when the MAC matches; with no
 * lease to renew it is rejected ({@link RejectReason#NO_OPTION82}), not mistaken for an unknown device.
 *
 * <h2>Release, expiry, decline (S1.2)</h2>
 * Keyed by address: the lease is freed when the event's MAC, if it has one, is the lease's; freeing a free address
 * changes nothing ({@link UnchangedReason#NOT_HELD}), so servers that report one release twice are harmless.
 *
 * <h2>Guarantees</h2>
 * An address is never held twice: the database's primary key forbids it, and a race between two commits is resolved
 * by retrying the loser's transaction. An event older than the address's last change is {@link UnchangedReason#STALE}
 * (a retransmission from the lever's spool cannot undo a newer change). Every change is appended to the lease history
 * in the same transaction, so the history replays to the lease table; every event, accepted or not, is in the event
 * log; every change to who holds an address queues a NAS sync in the same transaction, so it survives a crash (see
 * {@link NasSyncWorker}). Renewals update the lease's times without a history row or a NAS sync, as nothing the NAS
 * needs has changed.
 *
 * <p>Thread-safe: call it from as many threads as the database has connections.
 */
public final class LeaseService {

    private final ConcurrentHashMap<String, LongAdder> outcomeCounts = new ConcurrentHashMap<>();
    private final Map<RejectReason, LongAdder> rejectionCounts = new EnumMap<>(RejectReason.class);
    private final Database db;
    private final DeviceResolver resolver;
    private final SubscriberDirectory subscribers;
    private final IpPools pools;
    private final Clock clock;

    private LeaseService(Builder b) {
        this.db = b.db;
        this.resolver = Objects.requireNonNull(b.resolver, "devices (a DeviceResolver) must be set");
        this.subscribers = Objects.requireNonNull(b.subscribers, "subscribers must be set");
        this.clock = b.clock;
        this.pools = b.pools != null ? b.pools : new IpPools(b.db, b.clock);
        for (RejectReason reason : RejectReason.values()) {
            rejectionCounts.put(reason, new LongAdder());
        }
    }

    /**
     * Starts a lease service on a database.
     *
     * @param db the database
     * @return a builder
     */
    public static Builder builder(Database db) {
        return new Builder(db);
    }

    /**
     * The pools this service checks addresses against.
     *
     * @return the pools
     */
    public IpPools pools() {
        return pools;
    }

    /**
     * Handles an event of any type.
     *
     * @param event the event
     * @return what was done, never {@code null}
     */
    public LeaseOutcome handle(DhcpEvent event) {
        LeaseOutcome outcome = handleOnce(event);
        count(outcome);
        return outcome;
    }

    /**
     * Runs {@code work} — several {@link #handle} calls answered by one acknowledgement, such as a lever batch — and
     * returns once all of their changes are durable: one wait for the disk for the lot ({@link
     * Database#inDurableGroup}). Acknowledge nothing of {@code work} before it returns.
     *
     * @param work the events' handling
     * @param <R> its result
     * @return what {@code work} returned
     */
    public <R> R inDurableGroup(java.util.function.Supplier<R> work) {
        return db.inDurableGroup(work);
    }

    private LeaseOutcome handleOnce(DhcpEvent event) {
        Optional<LeaseOutcome> duplicate = duplicateOf(event);
        if (duplicate.isPresent()) {
            // The first delivery may have committed in another thread that still waits for the disk: answer the
            // duplicate only once that commit is durable too.
            db.awaitDurable();
            return duplicate.get();
        }
        try {
            return event.type() == DhcpEventType.COMMIT ? commit(event) : free(event);
        } catch (StoreException e) {
            // Another process (or thread) handled the same event id at the same moment: its transaction won, ours
            // was rolled back by the unique event id, so the event took effect once.
            if (Jdbc.isUniqueViolation(e)) {
                LeaseOutcome first = duplicateOf(event).orElseThrow(() -> e);
                db.awaitDurable();
                return first;
            }
            throw e;
        }
    }

    private void count(LeaseOutcome outcome) {
        String label = outcome instanceof LeaseOutcome.Unchanged u
                ? "unchanged_" + u.reason().name().toLowerCase(Locale.ROOT) : outcome.label();
        outcomeCounts.computeIfAbsent(label, k -> new LongAdder()).increment();
        if (outcome instanceof LeaseOutcome.Rejected r) {
            rejectionCounts.get(r.reason()).increment();
        }
    }

    /**
     * How many events this service has rejected since it was built, by reason: for metrics, so that an operator sees
     * at once, say, relays that send Option 82 without a location. Counts this process only.
     *
     * @return a snapshot with every reason, most of them 0
     */
    public Map<RejectReason, Long> rejectionCounts() {
        Map<RejectReason, Long> snapshot = new EnumMap<>(RejectReason.class);
        rejectionCounts.forEach((reason, adder) -> snapshot.put(reason, adder.sum()));
        return snapshot;
    }

    /**
     * How many events this service has handled since it was built, by outcome label ({@code assigned},
     * {@code renewed}, {@code rejected}, {@code unchanged_duplicate}, …): for metrics. Counts this process only; the
     * event log has every process's events.
     *
     * @return a snapshot of the counts
     */
    public Map<String, Long> outcomeCounts() {
        Map<String, Long> snapshot = new TreeMap<>();
        outcomeCounts.forEach((label, adder) -> snapshot.put(label, adder.sum()));
        return snapshot;
    }

    /** The outcome for an event whose (source, event id) is already in the event log. */
    private Optional<LeaseOutcome> duplicateOf(DhcpEvent event) {
        if (event.sourceEventId().isEmpty()) {
            return Optional.empty();
        }
        return db.withHandle(h -> DhcpEventTable.eventBySourceId(h, event.source(), event.sourceEventId().get()))
                .map(first -> new LeaseOutcome.Unchanged(first.id(), LeaseOutcome.UnchangedReason.DUPLICATE,
                        "event " + event.sourceEventId().get() + " from " + event.source().label()
                                + " was already handled at " + first.receivedAt() + ": " + first.outcome()));
    }

    /**
     * Handles a commit (S1.3).
     *
     * @param event a commit
     * @return what was done
     * @throws IllegalArgumentException if the event is not a commit
     */
    public LeaseOutcome commit(DhcpEvent event) {
        if (event.type() != DhcpEventType.COMMIT) {
            throw new IllegalArgumentException("not a commit: " + event);
        }
        Instant now = clock.instant();
        Optional<RelayAgentInformation> option82 = event.option82();
        if (option82.isEmpty() && event.decodedLocation().isEmpty()) {
            return db.inTransaction(h -> renewWithoutOption82(h, event, now));
        }
        Resolution resolution = option82.isPresent()
                ? resolver.resolve(option82.get(), event.relayAddress().map(Ipv4Address::toInetAddress))
                : resolver.resolveDecoded(event.decodedLocation().orElseThrow());
        if (resolution instanceof Resolution.Rejected r) {
            return reject(event, now, RejectReason.valueOf(r.reason().name()), r.detail(),
                    r.device().map(Device::id).orElse(null), null);
        }
        Resolution.Resolved resolved = (Resolution.Resolved) resolution;
        Device device = resolved.device();
        OptionalInt port = resolved.subscriberPort();
        List<Subscriber> candidates = port.isPresent() ? subscribers.findByDevicePort(device, port.getAsInt())
                : subscribers.findByDevice(device);
        String where = device.id() + (port.isPresent() ? " port " + port.getAsInt() : "");
        if (candidates.isEmpty()) {
            long id = record(event, now, "no-subscriber", "no subscriber is bound to " + where, null, device.id());
            return new LeaseOutcome.NoSubscriber(id, device, port);
        }
        if (candidates.size() > 1) {
            List<String> ids = candidates.stream().map(Subscriber::id).toList();
            long id = record(event, now, "ambiguous-subscriber", ids.size() + " subscribers are bound to " + where
                    + ": " + ids, null, device.id());
            return new LeaseOutcome.AmbiguousSubscriber(id, device, port, ids);
        }
        Subscriber subscriber = candidates.get(0);
        if (!subscriber.dynamicIp()) {
            return reject(event, now, RejectReason.NOT_DYNAMIC_IP, "subscriber " + subscriber.id()
                    + " does not get addresses by DHCP", device.id(), subscriber.id());
        }
        if (!subscriber.accessAllowed()) {
            return reject(event, now, RejectReason.ACCESS_DENIED, "subscriber " + subscriber.id()
                    + " may not have access now", device.id(), subscriber.id());
        }
        Optional<IpPool> pool = pools.poolOf(event.ip());
        if (pool.isEmpty() || !pool.get().kind().equals(subscriber.poolKind())) {
            return reject(event, now, RejectReason.IP_NOT_IN_POOL, event.ip() + (pool.isEmpty() ? " is in no pool"
                    : " is in pool " + pool.get().id() + " of kind " + pool.get().kind()) + "; subscriber "
                    + subscriber.id() + " takes addresses from pools of kind " + subscriber.poolKind(),
                    device.id(), subscriber.id());
        }
        return db.inTransaction(h -> assign(h, event, now, subscriber, device, port, pool.get()));
    }

    private LeaseOutcome assign(Handle h, DhcpEvent event, Instant now, Subscriber subscriber, Device device,
            OptionalInt port, IpPool pool) {
        Optional<Lease> current = LeaseTable.lockLease(h, event.ip());
        if (current.isPresent() && event.occurredAt().isBefore(current.get().eventAt())) {
            return stale(h, event, now, current.get(), device.id(), subscriber.id());
        }
        Optional<Instant> expires = event.leaseTime().map(t -> event.occurredAt().plus(t));
        if (current.isEmpty()) {
            Lease lease = new Lease(event.ip(), subscriber.id(), event.clientMac(), LeaseOrigin.DHCP, pool.id(),
                    Optional.of(device.id()), port, now, now, expires, event.occurredAt());
            LeaseTable.insertLease(h, lease);
            long id = record(h, event, now, "assigned", null, subscriber.id(), device.id());
            LeaseHistoryTable.appendHistory(h, LeaseAction.ASSIGN, lease, null, null, id, now);
            NasSyncTable.queueNasSync(h, subscriber.id(), event.ip(), NasChange.ASSIGNED.label(), now);
            return new LeaseOutcome.Assigned(id, lease);
        }
        Lease held = current.get();
        boolean sameHolder = held.subscriberId().equals(subscriber.id()) && held.mac().equals(event.clientMac());
        Lease lease = new Lease(event.ip(), subscriber.id(), event.clientMac(), LeaseOrigin.DHCP, pool.id(),
                Optional.of(device.id()), port, sameHolder ? held.createdAt() : now, now,
                expires.or(held::expiresAt), event.occurredAt());
        LeaseTable.updateLease(h, lease);
        if (sameHolder) {
            long id = record(h, event, now, "renewed", null, subscriber.id(), device.id());
            return new LeaseOutcome.Renewed(id, lease);
        }
        long id = record(h, event, now, "reassigned", "from subscriber " + held.subscriberId()
                + held.mac().map(m -> " mac " + m).orElse(""), subscriber.id(), device.id());
        LeaseHistoryTable.appendHistory(h, LeaseAction.REASSIGN, lease, held.subscriberId(), held.mac().orElse(null),
                id, now);
        NasSyncTable.queueNasSync(h, subscriber.id(), event.ip(), NasChange.ASSIGNED.label(), now);
        if (!held.subscriberId().equals(subscriber.id())) {
            NasSyncTable.queueNasSync(h, held.subscriberId(), event.ip(), NasChange.FREED.label(), now);
        }
        return new LeaseOutcome.Reassigned(id, lease, held.subscriberId(), held.mac());
    }

    private LeaseOutcome renewWithoutOption82(Handle h, DhcpEvent event, Instant now) {
        Optional<Lease> current = LeaseTable.lockLease(h, event.ip());
        if (current.isEmpty()) {
            String detail = "commit of " + event.ip() + " has no Option 82 (a unicast renewal?) and no lease holds "
                    + "the address, so there is nothing to renew and nothing to authorize by";
            long id = record(h, event, now, "rejected", RejectReason.NO_OPTION82 + ": " + detail, null, null);
            return new LeaseOutcome.Rejected(id, RejectReason.NO_OPTION82, detail);
        }
        Lease held = current.get();
        if (event.occurredAt().isBefore(held.eventAt())) {
            return stale(h, event, now, held, held.deviceId().orElse(null), held.subscriberId());
        }
        if (macDiffers(event, held)) {
            return macMismatch(h, event, now, held);
        }
        Lease lease = new Lease(held.ip(), held.subscriberId(), held.mac(), held.origin(), held.poolId(),
                held.deviceId(), held.devicePort(), held.createdAt(), now,
                event.leaseTime().map(t -> event.occurredAt().plus(t)).or(held::expiresAt), event.occurredAt());
        LeaseTable.updateLease(h, lease);
        long id = record(h, event, now, "renewed", null, held.subscriberId(), held.deviceId().orElse(null));
        return new LeaseOutcome.Renewed(id, lease);
    }

    /**
     * Handles a release, expiry or decline (S1.2): frees the address when the event's MAC, if any, is the lease's.
     *
     * @param event a release, expiry or decline
     * @return what was done
     * @throws IllegalArgumentException if the event is a commit
     */
    public LeaseOutcome free(DhcpEvent event) {
        if (!event.type().frees()) {
            throw new IllegalArgumentException("not a release, expiry or decline: " + event);
        }
        Instant now = clock.instant();
        return db.inTransaction(h -> {
            Optional<Lease> current = LeaseTable.lockLease(h, event.ip());
            if (current.isEmpty()) {
                String detail = event.ip() + " is not held";
                long id = record(h, event, now, "unchanged", UnchangedReason.NOT_HELD + ": " + detail, null, null);
                return new LeaseOutcome.Unchanged(id, UnchangedReason.NOT_HELD, detail);
            }
            Lease held = current.get();
            if (event.occurredAt().isBefore(held.eventAt())) {
                return stale(h, event, now, held, held.deviceId().orElse(null), held.subscriberId());
            }
            if (event.type() != DhcpEventType.DECLINE && macDiffers(event, held)) {
                return macMismatch(h, event, now, held);
            }
            LeaseAction action = switch (event.type()) {
                case RELEASE -> LeaseAction.RELEASE;
                case EXPIRY -> LeaseAction.EXPIRE;
                default -> LeaseAction.DECLINE;
            };
            LeaseTable.deleteLease(h, held.ip());
            long id = record(h, event, now, "freed", null, held.subscriberId(), held.deviceId().orElse(null));
            Lease freed = new Lease(held.ip(), held.subscriberId(), held.mac(), held.origin(), held.poolId(),
                    held.deviceId(), held.devicePort(), held.createdAt(), held.renewedAt(), held.expiresAt(),
                    event.occurredAt());
            LeaseHistoryTable.appendHistory(h, action, freed, null, null, id, now);
            NasSyncTable.queueNasSync(h, held.subscriberId(), held.ip(), NasChange.FREED.label(), now);
            return new LeaseOutcome.Freed(id, freed, action);
        });
    }

    private static boolean macDiffers(DhcpEvent event, Lease held) {
        return event.clientMac().isPresent() && held.mac().isPresent() && !event.clientMac().equals(held.mac());
    }

    private LeaseOutcome macMismatch(Handle h, DhcpEvent event, Instant now, Lease held) {
        String detail = event.ip() + " is held by subscriber " + held.subscriberId() + " with mac "
                + held.mac().map(MacAddress::toString).orElse("?") + ", not " + event.clientMac().orElseThrow()
                + "; the lease is kept";
        long id = record(h, event, now, "rejected", RejectReason.MAC_MISMATCH + ": " + detail, held.subscriberId(),
                held.deviceId().orElse(null));
        return new LeaseOutcome.Rejected(id, RejectReason.MAC_MISMATCH, detail);
    }

    private LeaseOutcome stale(Handle h, DhcpEvent event, Instant now, Lease held, String deviceId,
            String subscriberId) {
        String detail = "event of " + event.occurredAt() + " is older than the lease's last change at "
                + held.eventAt();
        long id = record(h, event, now, "unchanged", UnchangedReason.STALE + ": " + detail, subscriberId, deviceId);
        return new LeaseOutcome.Unchanged(id, UnchangedReason.STALE, detail);
    }

    private LeaseOutcome reject(DhcpEvent event, Instant now, RejectReason reason, String detail, String deviceId,
            String subscriberId) {
        long id = record(event, now, "rejected", reason + ": " + detail, subscriberId, deviceId);
        return new LeaseOutcome.Rejected(id, reason, detail);
    }

    private long record(DhcpEvent event, Instant now, String outcome, String reason, String subscriberId,
            String deviceId) {
        return db.inTransaction(h -> record(h, event, now, outcome, reason, subscriberId, deviceId));
    }

    private static long record(Handle h, DhcpEvent e, Instant now, String outcome, String reason, String subscriberId,
            String deviceId) {
        return DhcpEventTable.recordEvent(h, new EventRow(now, e.occurredAt(), e.source(),
                e.sourceEventId().orElse(null), e.type(), e.ip(), e.clientMac().orElse(null),
                e.option82().map(RelayAgentInformation::toHex).orElse(null), outcome, reason, subscriberId, deviceId,
                null));
    }

    /**
     * Records input that could not be made into an event — a malformed lever request — so that it is not lost
     * (S1.5). The lever endpoint calls this before answering 400.
     *
     * @param source where it came from
     * @param raw the request as received
     * @param reason why it could not be understood
     * @return the rejection, with its event log row
     */
    public LeaseOutcome.Rejected recordInvalidInput(EventSource source, String raw, String reason) {
        Instant now = clock.instant();
        long id = db.inTransaction(h -> DhcpEventTable.recordEvent(h, new EventRow(now, null, source, null, null, null,
                null, null, "rejected", RejectReason.INVALID_INPUT + ": " + reason, null, null, raw)));
        LeaseOutcome.Rejected rejected = new LeaseOutcome.Rejected(id, RejectReason.INVALID_INPUT, reason);
        count(rejected);
        return rejected;
    }

    // ------------------------------------------------------------------------------------------------------ queries

    /**
     * The lease on an address.
     *
     * @param ip the address
     * @return the lease, or empty if it is free
     */
    public Optional<Lease> lease(Ipv4Address ip) {
        return db.withHandle(h -> LeaseTable.findLease(h, ip));
    }

    /**
     * A subscriber's leases.
     *
     * @param subscriberId the subscriber
     * @return the leases, by address
     */
    public List<Lease> leasesOf(String subscriberId) {
        return db.withHandle(h -> LeaseTable.leasesOf(h, subscriberId));
    }

    /**
     * Every lease.
     *
     * @return the leases, by address
     */
    public List<Lease> allLeases() {
        return db.withHandle(LeaseTable::allLeases);
    }

    /**
     * An address's history, oldest first.
     *
     * @param ip the address
     * @param limit the most entries (the newest)
     * @return the entries
     */
    public List<LeaseHistoryEntry> history(Ipv4Address ip, int limit) {
        return db.withHandle(h -> LeaseHistoryTable.history(h, ip, null, limit));
    }

    /**
     * A subscriber's history, oldest first.
     *
     * @param subscriberId the subscriber
     * @param limit the most entries (the newest)
     * @return the entries
     */
    public List<LeaseHistoryEntry> historyOf(String subscriberId, int limit) {
        return db.withHandle(h -> LeaseHistoryTable.history(h, null, subscriberId, limit));
    }

    /**
     * The whole history, oldest first.
     *
     * @param limit the most entries (the newest)
     * @return the entries
     */
    public List<LeaseHistoryEntry> history(int limit) {
        return db.withHandle(h -> LeaseHistoryTable.history(h, null, null, limit));
    }

    /**
     * The newest events in the event log.
     *
     * @param limit the most events
     * @return the events, newest first
     */
    public List<RecordedEvent> recentEvents(int limit) {
        return db.withHandle(h -> DhcpEventTable.events(h, null, limit));
    }

    /**
     * The newest events for an address.
     *
     * @param ip the address
     * @param limit the most events
     * @return the events, newest first
     */
    public List<RecordedEvent> events(Ipv4Address ip, int limit) {
        return db.withHandle(h -> DhcpEventTable.events(h, ip, limit));
    }

    /**
     * Builds a {@link LeaseService}. Not thread-safe.
     */
    public static final class Builder {
        private final Database db;
        private DeviceResolver resolver;
        private SubscriberDirectory subscribers;
        private IpPools pools;
        private Clock clock = Clock.systemUTC();

        private Builder(Database db) {
            this.db = Objects.requireNonNull(db, "db");
        }

        /**
         * Sets how devices are found (required).
         *
         * @param value the resolver over billing's devices and the registered managers
         * @return this builder
         */
        public Builder devices(DeviceResolver value) {
            this.resolver = Objects.requireNonNull(value, "devices");
            return this;
        }

        /**
         * Sets billing's subscribers (required).
         *
         * @param value the directory
         * @return this builder
         */
        public Builder subscribers(SubscriberDirectory value) {
            this.subscribers = Objects.requireNonNull(value, "subscribers");
            return this;
        }

        /**
         * Sets the pools (default: the pools in the same database).
         *
         * @param value the pools
         * @return this builder
         */
        public Builder pools(IpPools value) {
            this.pools = Objects.requireNonNull(value, "pools");
            return this;
        }

        /**
         * Sets the clock (default: the system clock, UTC).
         *
         * @param value the clock
         * @return this builder
         */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * Builds the service.
         *
         * @return the service
         * @throws NullPointerException if the devices or subscribers were not set
         */
        public LeaseService build() {
            return new LeaseService(this);
        }
    }
}
