package org.netlever.server;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.netlever.aaa.store.Database;

/**
 * Opens serve's database: an H2 file (closed by serve, not by H2's own shutdown hook), or PostgreSQL through a HikariCP
 * pool of {@code storage.poolSize}; a PostgreSQL that does not answer at start is a configuration problem (exit 2).
 * Stateless.
 */
final class ServeStorage {

    /** How long start-up waits for PostgreSQL to accept a connection before it gives up (exit 2). */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private ServeStorage() {
    }

    /**
     * Opens the configured database.
     *
     * @param config the configuration (its file names the problem)
     * @param closing takes the connection pool, to be closed after the database
     * @return the database
     * @throws ConfigException if PostgreSQL cannot be reached: {@code storage.url}'s problem
     */
    static Database open(ServeConfig config, Consumer<AutoCloseable> closing) {
        ServeConfig.Storage storage = config.storage();
        if (!storage.postgres()) {
            // H2 closes its databases from its own shutdown hook, racing ours: the drain after SIGTERM would find
            // the database gone and lose what it flushes. Our close() shuts H2 down after everything is flushed.
            String url = storage.url().toUpperCase(Locale.ROOT).contains("DB_CLOSE_ON_EXIT") ? storage.url()
                    : storage.url() + ";DB_CLOSE_ON_EXIT=FALSE";
            return Database.h2(url, storage.durability());
        }
        HikariConfig hikari = pool(storage);
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(hikari);
        } catch (RuntimeException e) {
            throw new ConfigException(List.of(new ConfigProblem(config.file().toString(), "storage.url",
                    "cannot connect to " + withoutParameters(storage.url()) + ": " + rootMessage(e))));
        }
        closing.accept(pool);   // closed after the database, which leaves a data source it was given open
        return Database.of(pool);
    }

    /** The connection pool's settings for a PostgreSQL storage. */
    static HikariConfig pool(ServeConfig.Storage storage) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("netlever-storage");
        hikari.setJdbcUrl(storage.url());
        if (!storage.user().isEmpty()) {
            hikari.setUsername(storage.user());
        }
        if (!storage.password().isEmpty()) {
            hikari.setPassword(storage.password());
        }
        if (!storage.url().toLowerCase(Locale.ROOT).contains("rewritebatchedinserts")) {
            // pgjdbc sends a batch of INSERTs as multi-row INSERTs: the billing's and the lease store's grouped
            // writes cost PostgreSQL one statement per group instead of one per row (issue 12). The URL may say
            // otherwise.
            hikari.addDataSourceProperty("reWriteBatchedInserts", "true");
        }
        hikari.setMaximumPoolSize(storage.poolSize());
        hikari.setMinimumIdle(Math.min(2, storage.poolSize()));
        // A database that cannot be reached at start is a configuration problem, reported like one (exit 2).
        hikari.setInitializationFailTimeout(CONNECT_TIMEOUT.toMillis());
        hikari.setConnectionTimeout(CONNECT_TIMEOUT.toMillis());
        return hikari;
    }

    /** A JDBC URL without its parameters, which may hold a password. */
    private static String withoutParameters(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }

    /** The innermost cause's message: the driver's own words ("Connection refused", "password authentication"). */
    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
