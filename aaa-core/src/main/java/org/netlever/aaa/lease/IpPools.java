package org.netlever.aaa.lease;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.BiConsumer;

import org.jdbi.v3.core.Handle;
import org.netlever.aaa.ip.IpPool;
import org.netlever.aaa.ip.IpPoolException;
import org.netlever.aaa.ip.Ipv4Address;
import org.netlever.aaa.ip.PoolExhaustedException;
import org.netlever.aaa.lease.internal.IpPoolTable;
import org.netlever.aaa.lease.internal.LeaseHistoryTable;
import org.netlever.aaa.lease.internal.LeaseTable;
import org.netlever.aaa.store.Database;
import org.netlever.aaa.store.StoreException;

/**
 * The IP pools netlever hands addresses out of, stored in its database, and the allocator for addresses billing
 * assigns itself (RADIUS {@code Framed-IP-Address}, static use).
 *
 * <p>Pools must not overlap: {@link #add(IpPool)} checks under a database lock, so two processes adding pools at once
 * cannot both succeed with overlapping ranges. A pool with leases cannot be removed. {@link #poolOf(Ipv4Address)} —
 * asked for every DHCP commit — reads a snapshot held in memory, reloaded after this instance changes pools and at
 * least every {@code refreshInterval} (5 seconds unless configured), so changes made by another process are seen
 * within that interval.
 *
 * <p>{@link #allocate(String, String)} hands out the lowest free address of a pool. Allocations from one pool are
 * serialised by a lock on the pool's row; that an address is never handed out twice — also against a DHCP commit
 * for the same address — rests on the lease table's primary key, the loser of a race retrying with the next free one.
 *
 * <p>Thread-safe.
 */
public final class IpPools {

    private static final IpPool[] NONE = new IpPool[0];

    private final Database db;
    private final Clock clock;
    private final Duration refreshInterval;
    private volatile Snapshot snapshot = new Snapshot(NONE, Instant.MIN);

    private record Snapshot(IpPool[] byFirst, Instant loadedAt) {
    }

    /**
     * Pools in a database, reloaded at least every 5 seconds.
     *
     * @param db the database
     * @param clock the clock
     */
    public IpPools(Database db, Clock clock) {
        this(db, clock, Duration.ofSeconds(5));
    }

    /**
     * Pools in a database.
     *
     * @param db the database
     * @param clock the clock
     * @param refreshInterval how stale the in-memory snapshot may get
     */
    public IpPools(Database db, Clock clock, Duration refreshInterval) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.refreshInterval = Objects.requireNonNull(refreshInterval, "refreshInterval");
    }

    /**
     * Adds a pool.
     *
     * @param pool the pool
     * @return the pool
     * @throws IpPoolException if its id is taken or its range overlaps another pool's
     */
    public IpPool add(IpPool pool) {
        Objects.requireNonNull(pool, "pool");
        db.inTransaction(h -> {
            IpPoolTable.lockAll(h);
            for (IpPool existing : IpPoolTable.pools(h)) {
                if (existing.id().equals(pool.id())) {
                    throw new IpPoolException("pool id " + pool.id() + " is taken by " + existing);
                }
                if (existing.overlaps(pool)) {
                    throw new IpPoolException(pool + " overlaps " + existing);
                }
            }
            IpPoolTable.insertPool(h, pool, clock.instant());
            return null;
        });
        reload();
        return pool;
    }

    /**
     * Removes a pool that has no leases.
     *
     * @param id the pool id
     * @return whether a pool was removed
     * @throws IpPoolException if addresses of the pool are still held
     */
    public boolean remove(String id) {
        boolean removed = db.inTransaction(h -> {
            IpPoolTable.lockAll(h);
            long held = LeaseTable.countInPool(h, id);
            if (held > 0) {
                throw new IpPoolException("pool " + id + " still has " + held + " lease(s); free them first");
            }
            return IpPoolTable.deletePool(h, id);
        });
        reload();
        return removed;
    }

    /**
     * Adds a pool or replaces the one with its id, and runs {@code also} in the same transaction (to record the change
     * beside it), given the pool it replaced. A pool that holds leases keeps its addresses: its network, range and
     * VLAN may not change while it does (its gateway, kind and description may); free its leases first, or add a new
     * pool. Replacing a pool with an equal one changes nothing and runs {@code also} all the same.
     *
     * @param pool the pool
     * @param also work for the same transaction, given the replaced pool (empty when the pool is new)
     * @return the pool it replaced, or empty
     * @throws IpPoolException if its range overlaps another pool's, or it would move the addresses of held leases
     */
    public Optional<IpPool> put(IpPool pool, BiConsumer<Handle, Optional<IpPool>> also) {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(also, "also");
        Optional<IpPool> replaced = db.inTransaction(h -> {
            IpPoolTable.lockAll(h);
            Optional<IpPool> before = Optional.empty();
            for (IpPool existing : IpPoolTable.pools(h)) {
                if (existing.id().equals(pool.id())) {
                    before = Optional.of(existing);
                } else if (existing.overlaps(pool)) {
                    throw new IpPoolException(pool + " overlaps " + existing);
                }
            }
            if (before.isPresent() && !before.get().equals(pool)) {
                IpPool old = before.get();
                boolean moves = !old.network().equals(pool.network()) || !old.first().equals(pool.first())
                        || !old.last().equals(pool.last()) || !old.vlan().equals(pool.vlan());
                long held = LeaseTable.countInPool(h, old.id());
                if (moves && held > 0) {
                    throw new IpPoolException("pool " + old.id() + " still has " + held + " lease(s): its addresses"
                            + " cannot change until they are freed (or add a new pool)");
                }
                IpPoolTable.updatePool(h, pool);
            } else if (before.isEmpty()) {
                IpPoolTable.insertPool(h, pool, clock.instant());
            }
            also.accept(h, before);
            return before;
        });
        reload();
        return replaced;
    }

    /**
     * Removes a pool that has no leases, and runs {@code also} in the same transaction, given the removed pool.
     *
     * @param id the pool id
     * @param also work for the same transaction, given the removed pool; not run when there is none
     * @return the removed pool, or empty when there was none
     * @throws IpPoolException if addresses of the pool are still held
     */
    public Optional<IpPool> remove(String id, BiConsumer<Handle, IpPool> also) {
        Objects.requireNonNull(also, "also");
        Optional<IpPool> removed = db.inTransaction(h -> {
            IpPoolTable.lockAll(h);
            Optional<IpPool> pool = IpPoolTable.pools(h).stream().filter(p -> p.id().equals(id)).findFirst();
            if (pool.isEmpty()) {
                return pool;
            }
            long held = LeaseTable.countInPool(h, id);
            if (held > 0) {
                throw new IpPoolException("pool " + id + " still has " + held + " lease(s); free them first");
            }
            IpPoolTable.deletePool(h, id);
            also.accept(h, pool.get());
            return pool;
        });
        reload();
        return removed;
    }

    /**
     * Every pool, by first address.
     *
     * @return the pools, fresh from the database
     */
    public List<IpPool> all() {
        return db.withHandle(IpPoolTable::pools);
    }

    /**
     * The pool with this id.
     *
     * @param id the pool id
     * @return the pool, or empty
     */
    public Optional<IpPool> find(String id) {
        return Arrays.stream(current().byFirst()).filter(p -> p.id().equals(id)).findFirst();
    }

    /**
     * The pool whose range holds the address.
     *
     * @param ip the address
     * @return the pool, or empty if the address is in none
     */
    public Optional<IpPool> poolOf(Ipv4Address ip) {
        IpPool[] pools = current().byFirst();
        int lo = 0;
        int hi = pools.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            IpPool p = pools[mid];
            if (ip.compareTo(p.first()) < 0) {
                hi = mid - 1;
            } else if (ip.compareTo(p.last()) > 0) {
                lo = mid + 1;
            } else {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * Reloads the in-memory snapshot now.
     */
    public void reload() {
        IpPool[] pools = db.withHandle(IpPoolTable::pools).toArray(NONE);
        snapshot = new Snapshot(pools, clock.instant());
    }

    private Snapshot current() {
        Snapshot s = snapshot;
        if (s.loadedAt().plus(refreshInterval).isBefore(clock.instant()) || s.loadedAt().equals(Instant.MIN)) {
            reload();
            s = snapshot;
        }
        return s;
    }

    /**
     * Hands out the lowest free address of a pool to a subscriber, recording it as an allocated lease.
     *
     * @param poolId the pool
     * @param subscriberId the subscriber
     * @return the lease
     * @throws IpPoolException if there is no such pool
     * @throws PoolExhaustedException if every address of the pool is held
     */
    public Lease allocate(String poolId, String subscriberId) {
        Objects.requireNonNull(subscriberId, "subscriberId");
        IpPool pool = find(poolId).or(() -> {
            reload();
            return find(poolId);
        }).orElseThrow(() -> new IpPoolException("no pool with id " + poolId));
        return db.inTransaction(h -> {
            // Allocations from one pool take turns: without this, concurrent callers all pick the same lowest free
            // address and all but one retry. DHCP commits do not take this lock; a race with one of them is still
            // caught by the primary key and retried.
            IpPoolTable.lockPool(h, pool.id());
            Ipv4Address free = lowestFree(h, pool);
            Instant now = clock.instant();
            Lease lease = new Lease(free, subscriberId, Optional.empty(), LeaseOrigin.ALLOCATED, pool.id(),
                    Optional.empty(), OptionalInt.empty(), now, now, Optional.empty(), now);
            LeaseTable.insertLease(h, lease);
            LeaseHistoryTable.appendHistory(h, LeaseAction.ALLOCATE, lease, null, null, null, now);
            return lease;
        });
    }

    private static Ipv4Address lowestFree(Handle h, IpPool pool) {
        if (!LeaseTable.isHeld(h, pool.first())) {
            return pool.first();
        }
        Optional<Long> gap = LeaseTable.firstFreeAfterHeld(h, pool.first(), pool.last());
        if (gap.isEmpty() || gap.get() > pool.last().toUnsigned()) {
            throw new PoolExhaustedException("pool " + pool.id() + " has no free address: all " + pool.size()
                    + " are held");
        }
        return Ipv4Address.ofUnsigned(gap.get());
    }

    /**
     * Gives back an allocated address.
     *
     * @param ip the address
     * @param subscriberId the subscriber it was allocated to
     * @return whether the subscriber held it and it was freed
     * @throws StoreException if the database fails
     */
    public boolean free(Ipv4Address ip, String subscriberId) {
        return db.inTransaction(h -> {
            Optional<Lease> lease = LeaseTable.lockLease(h, ip);
            if (lease.isEmpty() || !lease.get().subscriberId().equals(subscriberId)
                    || lease.get().origin() != LeaseOrigin.ALLOCATED) {
                return false;
            }
            LeaseTable.deleteLease(h, ip);
            LeaseHistoryTable.appendHistory(h, LeaseAction.FREE, lease.get(), null, null, null, clock.instant());
            return true;
        });
    }
}
