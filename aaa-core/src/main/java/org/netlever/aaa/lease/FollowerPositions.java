package org.netlever.aaa.lease;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import org.netlever.aaa.store.Database;

/**
 * The stored read positions of {@link LeaseFollower}s: one opaque text per follower name (a file's identity and
 * offset, a database sequence number …), in table {@code lease_follower_position}. A follower saves its position
 * after the events before it are handled; a crash between the two re-reads those events, which their source event
 * ids make duplicates — so the position may lag, never run ahead.
 *
 * <p>Thread-safe.
 */
public final class FollowerPositions {

    /** Longest position text stored. */
    public static final int MAX_POSITION_LENGTH = 4000;

    private final Database db;
    private final Clock clock;

    /**
     * Positions in a database (migrated by {@link Database}).
     *
     * @param db the database
     * @param clock stamps {@code updated_at}
     */
    public FollowerPositions(Database db, Clock clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The position a follower saved last.
     *
     * @param follower the follower's name
     * @return its position, or empty if it never saved one
     */
    public Optional<String> load(String follower) {
        Objects.requireNonNull(follower, "follower");
        return db.withHandle(h -> h.createQuery("SELECT position FROM lease_follower_position WHERE follower = :f")
                .bind("f", follower).mapTo(String.class).findOne());
    }

    /**
     * Saves a follower's position, replacing the one before.
     *
     * @param follower the follower's name, at most 200 characters
     * @param position its position, at most {@value #MAX_POSITION_LENGTH} characters
     * @throws IllegalArgumentException if either is too long
     */
    public void save(String follower, String position) {
        Objects.requireNonNull(follower, "follower");
        Objects.requireNonNull(position, "position");
        if (follower.length() > 200) {
            throw new IllegalArgumentException("follower name longer than 200 characters: " + follower);
        }
        if (position.length() > MAX_POSITION_LENGTH) {
            throw new IllegalArgumentException("position of follower " + follower + " longer than "
                    + MAX_POSITION_LENGTH + " characters");
        }
        Timestamp now = Timestamp.from(clock.instant());
        db.inTransaction(h -> {
            int updated = h.createUpdate("UPDATE lease_follower_position SET position = :p, updated_at = :t "
                    + "WHERE follower = :f").bind("p", position).bind("t", now).bind("f", follower).execute();
            if (updated == 0) {
                h.createUpdate("INSERT INTO lease_follower_position (follower, position, updated_at) "
                        + "VALUES (:f, :p, :t)").bind("f", follower).bind("p", position).bind("t", now).execute();
            }
            return null;
        });
    }
}
