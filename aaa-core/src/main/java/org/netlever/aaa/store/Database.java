package org.netlever.aaa.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.UUID;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcConnectionPool;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
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
 * <pre>{@code
 * Database embedded = Database.h2InMemory();                 // tests, demos
 * Database file = Database.h2File(Path.of("/var/lib/netlever/netlever"));
 * Database production = Database.of(pooledPostgresDataSource); // bring your own pool
 * }</pre>
 *
 * <p>Thread-safe: jdbi and the connection pool are; share one instance per database.
 */
public final class Database implements AutoCloseable {

    private final Jdbi jdbi;
    private final Dialect dialect;
    private final AutoCloseable owned;

    private Database(DataSource dataSource, AutoCloseable owned) {
        this.jdbi = Jdbi.create(Objects.requireNonNull(dataSource, "dataSource"));
        this.owned = owned;
        try (Connection c = dataSource.getConnection()) {
            this.dialect = Dialect.of(c.getMetaData().getDatabaseProductName());
        } catch (SQLException e) {
            throw new StoreException("cannot connect to the database: " + e.getMessage(), e);
        }
        SchemaMigrator.migrate(jdbi, dialect, "aaa", Database.class.getClassLoader(),
                "org/netlever/aaa/store/migrations/");
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
        return new Database(dataSource, null);
    }

    /**
     * A private in-memory H2 database that lives until {@link #close()}; each call creates a new one.
     *
     * @return the database
     */
    public static Database h2InMemory() {
        return h2("jdbc:h2:mem:netlever-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    }

    /**
     * An H2 database in a file, created if absent ({@code file} without the {@code .mv.db} suffix).
     *
     * @param file the database file's path, without suffix
     * @return the database
     */
    public static Database h2File(Path file) {
        return h2("jdbc:h2:file:" + file.toAbsolutePath());
    }

    /**
     * An H2 database at a JDBC URL, pooled.
     *
     * @param url a {@code jdbc:h2:} URL
     * @return the database
     */
    public static Database h2(String url) {
        JdbcConnectionPool pool = JdbcConnectionPool.create(url, "sa", "");
        pool.setMaxConnections(64);
        AutoCloseable shutdown = () -> {
            try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                s.execute("SHUTDOWN");
            } finally {
                pool.dispose();
            }
        };
        try {
            return new Database(pool, shutdown);
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
        return Retry.onTransientConflict(() -> jdbi.inTransaction(work));
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
    }

    /**
     * Closes the connection pool if this instance created it ({@link #h2InMemory()}, {@link #h2File(Path)},
     * {@link #h2(String)}); an in-memory database is gone afterwards.
     */
    @Override
    public void close() {
        if (owned != null) {
            try {
                owned.close();
            } catch (Exception e) {
                throw new StoreException("cannot close the database: " + e.getMessage(), e);
            }
        }
    }
}
