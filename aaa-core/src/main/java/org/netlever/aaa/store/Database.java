package org.netlever.aaa.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.netlever.aaa.store.internal.GroupCommit;
import org.netlever.aaa.store.internal.H2Pool;
import org.netlever.aaa.store.internal.Retry;
import org.netlever.aaa.store.internal.SchemaMigrator;

/**
 * netlever's own tables — leases, lease history, IP pools, the DHCP event log, the NAS-sync queue — in H2 (embedded,
 * the default) or PostgreSQL (production), reached through jdbi.
 *
 * <p>Creating a {@code Database} migrates the schema: versioned SQL scripts shipped in the jar are applied in order,
 * each once, recorded with a checksum in {@code netlever_schema_history}; a script that changed after it was applied
 * stops start-up with a {@link StoreException}. Several processes starting at once against one PostgreSQL take turns
 * (an advisory lock). Uniqueness is enforced by the database's keys, never by a read-then-write check.
 *
 * <h2>Durability</h2>
 * When {@link #inTransaction} returns, the transaction is on disk — netlever acknowledges nothing before that:
 * <ul>
 *   <li><b>PostgreSQL</b>: its commit returns after its write-ahead log is flushed (the server's defaults
 *       {@code synchronous_commit = on}, {@code fsync = on}, which netlever leaves alone). A killed netlever or a
 *       power loss costs nothing acknowledged. A server run with {@code synchronous_commit = off} can lose up to three
 *       times its {@code wal_writer_delay} (600 ms by default) of commits in a power loss or server crash.</li>
 *   <li><b>H2 file</b> ({@link #h2File(Path)}, {@link #h2(String)}, or {@link #of(DataSource)} on an H2 file URL):
 *       H2 alone writes commits to its file every 500 ms in the background, so a killed process would lose the last
 *       half second. netlever writes the file before {@code inTransaction} returns, by {@link Durability#SYNC}
 *       (the default: written and {@code fsync}ed — survives a killed process and a power loss) or
 *       {@link Durability#WRITE} (written to the operating system — survives a killed process; a power loss can lose
 *       the last seconds). Transactions committing at the same time share one write (group commit); where one
 *       acknowledgement covers many transactions, {@link #inDurableGroup} waits once for all of them.</li>
 *   <li><b>H2 in memory</b>: gone with the process, by design.</li>
 * </ul>
 * {@link #withHandle} is for reads; a write made through it, or on a connection of {@link #jdbi()} outside
 * {@code inTransaction}, is durable only after {@link #awaitDurable()}.
 *
 * <pre>{@code
 * Database embedded = Database.h2InMemory();                 // tests, demos
 * Database file = Database.h2File(Path.of("/var/lib/netlever/netlever"));
 * Database production = Database.of(pooledPostgresDataSource); // bring your own pool
 * }</pre>
 *
 * <p>H2 is an optional dependency of netlever-aaa-core: an application on PostgreSQL need not have it, and one that
 * uses the {@code h2*} factories adds {@code com.h2database:h2}; without it they throw a {@link StoreException} that
 * says so.
 *
 * <p>Thread-safe: jdbi and the connection pool are; share one instance per database.
 */
public final class Database implements AutoCloseable {

    /** The durability of H2 file databases unless told otherwise: {@link Durability#SYNC}. */
    public static final Durability DEFAULT_DURABILITY = Durability.SYNC;

    /** Transactions of this thread that skip the wait for the disk, inside {@link #inDurableGroup}. */
    private final ThreadLocal<int[]> group = ThreadLocal.withInitial(() -> new int[1]);
    private final Jdbi jdbi;
    private final Dialect dialect;
    private final AutoCloseable owned;
    private final GroupCommit groupCommit;

    private Database(DataSource dataSource, AutoCloseable owned, Durability durability) {
        this.jdbi = Jdbi.create(Objects.requireNonNull(dataSource, "dataSource"));
        this.owned = owned;
        Objects.requireNonNull(durability, "durability");
        String url;
        try (Connection c = dataSource.getConnection()) {
            this.dialect = Dialect.of(c.getMetaData().getDatabaseProductName());
            url = Optional.ofNullable(c.getMetaData().getURL()).orElse("");
        } catch (SQLException e) {
            throw new StoreException("cannot connect to the database: " + e.getMessage(), e);
        }
        this.groupCommit = dialect == Dialect.H2 && !url.toLowerCase(Locale.ROOT).startsWith("jdbc:h2:mem:")
                ? new GroupCommit(dataSource, durability) : null;
        SchemaMigrator.migrate(jdbi, dialect, "aaa", Database.class.getClassLoader(),
                "org/netlever/aaa/store/migrations/");
        awaitDurable();
    }

    /**
     * A database on a data source the application already has (a connection pool), migrated to netlever's current
     * schema. The caller keeps ownership of the data source; {@link #close()} leaves it open.
     *
     * @param dataSource an H2 or PostgreSQL data source, preferably pooled
     * @return the database
     * @throws StoreException if the database cannot be reached, is neither H2 nor PostgreSQL, or cannot be migrated
     */
    public static Database of(DataSource dataSource) {
        return of(dataSource, DEFAULT_DURABILITY);
    }

    /**
     * A database on a data source the application already has, with the given durability where it is an H2 file
     * database (PostgreSQL and in-memory H2 ignore it). The caller keeps ownership of the data source.
     *
     * @param dataSource an H2 or PostgreSQL data source, preferably pooled; for an H2 file, an administrator's
     *     (H2's {@code CHECKPOINT} needs the right)
     * @param durability what an H2 file commit must reach before it returns
     * @return the database
     * @throws StoreException if the database cannot be reached, is neither H2 nor PostgreSQL, or cannot be migrated
     */
    public static Database of(DataSource dataSource, Durability durability) {
        return new Database(dataSource, null, durability);
    }

    /**
     * A private in-memory H2 database that lives until {@link #close()}; each call creates a new one.
     *
     * @return the database
     * @throws StoreException if H2 is not on the class path, or the database cannot be opened or migrated
     */
    public static Database h2InMemory() {
        return h2("jdbc:h2:mem:netlever-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    }

    /**
     * An H2 database in a file, created if absent ({@code file} without the {@code .mv.db} suffix), every commit
     * written and {@code fsync}ed before it returns ({@link Durability#SYNC}).
     *
     * @param file the database file's path, without suffix
     * @return the database
     * @throws StoreException if H2 is not on the class path, or the database cannot be opened or migrated
     */
    public static Database h2File(Path file) {
        return h2File(file, DEFAULT_DURABILITY);
    }

    /**
     * An H2 database in a file, created if absent, with the given durability.
     *
     * @param file the database file's path, without suffix
     * @param durability what a commit must reach before it returns
     * @return the database
     * @throws StoreException if H2 is not on the class path, or the database cannot be opened or migrated
     */
    public static Database h2File(Path file, Durability durability) {
        return h2("jdbc:h2:file:" + file.toAbsolutePath(), durability);
    }

    /**
     * An H2 database at a JDBC URL, pooled; a file database's commits are written and {@code fsync}ed before they
     * return ({@link Durability#SYNC}).
     *
     * @param url a {@code jdbc:h2:} URL
     * @return the database
     * @throws StoreException if H2 is not on the class path, or the database cannot be opened or migrated
     */
    public static Database h2(String url) {
        return h2(url, DEFAULT_DURABILITY);
    }

    /**
     * An H2 database at a JDBC URL, pooled, with the given durability for a file database.
     *
     * @param url a {@code jdbc:h2:} URL
     * @param durability what a file database's commit must reach before it returns
     * @return the database
     * @throws StoreException if H2 is not on the class path, or the database cannot be opened or migrated
     */
    public static Database h2(String url, Durability durability) {
        H2Pool pool = H2Pool.open(url, 64);
        try {
            return new Database(pool.dataSource(), pool, durability);
        } catch (RuntimeException e) {
            pool.dispose();
            throw e;
        }
    }

    /**
     * The jdbi instance over the database, for modules that add their own tables (the PCRF engine) and for
     * integrators' reports.
     *
     * @return jdbi
     */
    public Jdbi jdbi() {
        return jdbi;
    }

    /**
     * Which database this is.
     *
     * @return the dialect
     */
    public Dialect dialect() {
        return dialect;
    }

    /**
     * Runs {@code work} in a transaction at the database's default isolation, READ COMMITTED on both H2 and
     * PostgreSQL (a data source configured otherwise must not be used), running it again — in a fresh transaction — when the
     * database reports a transient conflict: a unique-key race between two inserts, a deadlock, a serialization
     * failure or a lock timeout. {@code work} must therefore have no effects outside the transaction.
     *
     * @param work the transaction body
     * @param <R> its result
     * @return what {@code work} returned
     * @throws StoreException if the conflict persists after 20 attempts, or the database fails otherwise
     */
    public <R> R inTransaction(HandleCallback<R, RuntimeException> work) {
        // READ COMMITTED is the default of both H2 and PostgreSQL; asking jdbi to set it would cost two extra commands
        // per transaction (set, then restore).
        boolean announce = groupCommit != null && group.get()[0] == 0;
        if (!announce) {
            return Retry.onTransientConflict(() -> jdbi.inTransaction(work));
        }
        groupCommit.begin();
        R result;
        try {
            result = Retry.onTransientConflict(() -> jdbi.inTransaction(work));
        } catch (RuntimeException | Error e) {
            groupCommit.abandon();
            throw e;
        }
        groupCommit.await(true);
        return result;
    }

    /**
     * Runs {@code work}, in which this thread's {@link #inTransaction} calls return as soon as they commit, and
     * returns once all of them are durable: one wait for the disk instead of one per transaction. For work answered
     * by one acknowledgement — a batch of lease events, answered by one HTTP 200. Nothing inside {@code work} may be
     * acknowledged to anyone before this method returns. Groups may nest; the outermost one waits.
     *
     * @param work the transactions
     * @param <R> its result
     * @return what {@code work} returned, once its commits are durable
     * @throws StoreException if the commits cannot be made durable
     */
    public <R> R inDurableGroup(Supplier<R> work) {
        int[] depth = group.get();
        boolean announce = depth[0] == 0 && groupCommit != null;
        if (announce) {
            groupCommit.begin();
        }
        depth[0]++;
        R result;
        try {
            result = work.get();
        } catch (RuntimeException | Error e) {
            if (announce) {
                groupCommit.abandon();
            }
            throw e;
        } finally {
            depth[0]--;
        }
        if (announce) {
            groupCommit.await(true);
        }
        return result;
    }

    /**
     * Returns once every transaction committed before the call is as durable as this database promises: for an H2
     * file database, written (and with {@link Durability#SYNC} forced to the device) — shared with any other thread
     * waiting at the same time; for PostgreSQL and in-memory H2 at once. Inside {@link #inDurableGroup} the wait is
     * the group's, at its end.
     *
     * @throws StoreException if the database cannot be written
     */
    public void awaitDurable() {
        if (groupCommit != null && group.get()[0] == 0) {
            groupCommit.await(false);
        }
    }

    /**
     * How the group commit has done so far: disk writes made and waits served; both zero for a database that needs
     * none (PostgreSQL, in-memory H2). Waits divided by writes is the average group size. For metrics.
     *
     * @return the counts
     */
    public DurabilityCounts durabilityCounts() {
        return groupCommit == null ? new DurabilityCounts(0, 0)
                : new DurabilityCounts(groupCommit.writes(), groupCommit.requests());
    }

    /**
     * Counts of the group commit. Immutable and thread-safe.
     *
     * @param writes disk writes (H2 {@code CHECKPOINT}s) made
     * @param waits times a caller waited for its commit to be durable
     */
    public record DurabilityCounts(long writes, long waits) {
    }

    /**
     * Runs {@code work} on a connection outside any transaction, for reads.
     *
     * @param work what to do with the handle
     * @param <R> its result
     * @return what {@code work} returned
     */
    public <R> R withHandle(HandleCallback<R, RuntimeException> work) {
        try {
            return jdbi.withHandle(work);
        } catch (RuntimeException e) {
            throw Retry.translate("read", e);
        }
    }

    /**
     * Applies another module's migrations, kept apart from netlever's own by module name.
     *
     * @param module a short name, e.g. {@code pcrf}
     * @param loader the class loader holding the scripts
     * @param directory the resource directory with {@code index} and the {@code V<n>__<description>.sql} scripts it
     *     lists
     * @throws StoreException if a script fails or an applied one has changed
     */
    public void migrate(String module, ClassLoader loader, String directory) {
        SchemaMigrator.migrate(jdbi, dialect, module, loader, directory);
        awaitDurable();
    }

    /**
     * Closes the connection pool if this instance created it ({@link #h2InMemory()}, {@link #h2File(Path)},
     * {@link #h2(String)}); an in-memory database is gone afterwards. A data source given to {@link #of(DataSource)}
     * stays open, the connection the group commit borrowed returned to it.
     */
    @Override
    public void close() {
        if (groupCommit != null) {
            groupCommit.close();
        }
        if (owned != null) {
            try {
                owned.close();
            } catch (Exception e) {
                throw new StoreException("cannot close the database: " + e.getMessage(), e);
            }
        }
    }
}
