package org.netlever.server.billing;

import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.netlever.aaa.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the reference billing's call charges in groups: the Stops that arrive while one group is being written wait,
 * and the next of their threads writes them all in one transaction — one batched INSERT of the charge rows, one
 * batched UPDATE of the balances, one commit — instead of a transaction of four statements per Stop. Each caller
 * returns only after the transaction holding its charge has committed, so an Accounting-Response still means the
 * charge is stored. A group that fails as a whole (a charge already stored under its accounting key, a deadlock with
 * another process, a lost connection) is rolled back and each of its charges is written again alone by
 * {@code single}, which keeps the one-Stop semantics: a duplicate is acknowledged without a second charge, any other
 * failure reaches that Stop's caller.
 *
 * <p>Thread-safe.
 */
final class ChargeWriter {

    /** The most charges written in one transaction. */
    static final int MAX_GROUP = 256;

    private static final Logger LOG = LoggerFactory.getLogger(ReferenceBilling.class);

    /** The price the single-Stop path takes: the longest tariff prefix of the called number, else free. */
    private static final String PRICE = "COALESCE((SELECT t.per_minute FROM billing_call_tariff t"
            + " WHERE :called LIKE t.prefix || '%' ORDER BY LENGTH(t.prefix) DESC FETCH FIRST 1 ROWS ONLY), 0)";

    /**
     * One Stop to charge: the started minutes of {@code seconds} at the called number's price, to the account with
     * phone {@code calling}; the call's credit reservation ({@code callId}) is released in the same transaction.
     */
    record Charge(String key, String callId, String calling, String called, long seconds, long minutes,
            OffsetDateTime at) {
    }

    private static final class Pending {
        final Charge charge;
        boolean done;
        RuntimeException failure;

        Pending(Charge charge) {
            this.charge = charge;
        }
    }

    private final Database db;
    private final Consumer<Charge> single;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private boolean writing;
    private long groups;
    private long charges;

    /**
     * @param db the database
     * @param single writes one charge in its own transaction; used when a group fails
     */
    ChargeWriter(Database db, Consumer<Charge> single) {
        this.db = Objects.requireNonNull(db, "db");
        this.single = Objects.requireNonNull(single, "single");
    }

    /**
     * Stores a charge; returns once it is committed.
     *
     * @param charge the charge
     * @throws RuntimeException what writing it alone threw, when its group failed
     */
    void charge(Charge charge) {
        Pending mine = new Pending(charge);
        boolean interrupted = false;
        try {
            synchronized (this) {
                queue.addLast(mine);
            }
            while (true) {
                List<Pending> group;
                synchronized (this) {
                    while (writing && !mine.done) {
                        try {
                            wait();
                        } catch (InterruptedException e) {
                            // The charge may be in the group being written: wait for its commit all the same.
                            interrupted = true;
                        }
                    }
                    if (mine.done) {
                        if (mine.failure != null) {
                            throw mine.failure;
                        }
                        return;
                    }
                    writing = true;
                    group = new ArrayList<>(Math.min(queue.size(), MAX_GROUP));
                    while (!queue.isEmpty() && group.size() < MAX_GROUP) {
                        group.add(queue.removeFirst());
                    }
                }
                try {
                    write(group);
                } finally {
                    synchronized (this) {
                        writing = false;
                        groups++;
                        charges += group.size();
                        notifyAll();
                    }
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Transactions written so far and the charges they held; charges divided by groups is the average group size.
     *
     * @return {groups, charges}
     */
    synchronized long[] counts() {
        return new long[] {groups, charges};
    }

    private void write(List<Pending> group) {
        // One order for every group, so two processes charging the same accounts lock their rows in the same order.
        group.sort(Comparator.comparing((Pending p) -> p.charge.calling()).thenComparing(p -> p.charge.key()));
        int[] inserted;
        try {
            inserted = db.inTransaction(h -> {
                PreparedBatch insert = h.prepareBatch("INSERT INTO billing_call_charge (acct_key, subscriber_id,"
                        + " called, seconds, charge, charged_at) SELECT :key, s.id, :called, :seconds, :minutes * "
                        + PRICE + ", :at FROM billing_subscriber s WHERE s.phone = :calling");
                for (Pending p : group) {
                    Charge c = p.charge;
                    insert.bind("key", c.key()).bind("called", c.called()).bind("seconds", c.seconds())
                            .bind("minutes", c.minutes()).bind("at", c.at()).bind("calling", c.calling()).add();
                }
                int[] rows = insert.execute();
                PreparedBatch update = h.prepareBatch("UPDATE billing_subscriber SET balance = balance"
                        + " - (SELECT c.charge FROM billing_call_charge c WHERE c.acct_key = :key)"
                        + " WHERE phone = :calling");
                boolean any = false;
                for (int i = 0; i < rows.length; i++) {
                    if (rows[i] > 0) {
                        update.bind("key", group.get(i).charge.key()).bind("calling", group.get(i).charge.calling())
                                .add();
                        any = true;
                    }
                }
                if (any) {
                    update.execute();
                }
                // The calls' reservations go with their charges (S2.4): credit held and spent never count twice.
                PreparedBatch release = h.prepareBatch("DELETE FROM billing_call_reservation WHERE call_id = :call");
                for (Pending p : group) {
                    release.bind("call", p.charge.callId()).add();
                }
                release.execute();
                return rows;
            });
        } catch (RuntimeException e) {
            LOG.debug("a group of {} charges failed ({}); writing each alone", group.size(), e.toString());
            for (Pending p : group) {
                try {
                    single.accept(p.charge);
                } catch (RuntimeException alone) {
                    p.failure = alone;
                }
                finish(p);
            }
            return;
        }
        for (int i = 0; i < group.size(); i++) {
            Pending p = group.get(i);
            if (inserted[i] == 0) {
                LOG.warn("Stop for call {} from {}: no account has that phone; not charged", p.charge.key(),
                        p.charge.calling());
            }
            finish(p);
        }
    }

    private synchronized void finish(Pending p) {
        p.done = true;
    }
}
