package org.netlever.aaa.store.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcConnectionPool;
import org.netlever.aaa.store.StoreException;

/**
 * H2's connection pool for the databases {@code Database.h2*} create: the one class of netlever's main code that
 * names an H2 class. H2 is an optional dependency of aaa-core — PostgreSQL users go without it — so {@link #open}
 * looks H2 up by name first and, when it is missing, says which dependency to add instead of failing with
 * {@link NoClassDefFoundError}. Not API.
 *
 * <p>Thread-safe, as H2's pool is.
 */
public final class H2Pool implements AutoCloseable {

    /** The H2 release netlever is built and tested with: the root pom's {@code h2.version} (H2PoolTest holds it). */
    public static final String TESTED_VERSION = "2.4.240";

    private final JdbcConnectionPool pool;

    private H2Pool(JdbcConnectionPool pool) {
        this.pool = pool;
    }

    /**
     * A pool of connections to an H2 database, as user {@code sa} without password.
     *
     * @param url a {@code jdbc:h2:} URL
     * @param maxConnections the most connections open at once
     * @return the pool
     * @throws StoreException if H2 is not on the class path
     */
    public static H2Pool open(String url, int maxConnections) {
        try {
            Class.forName("org.h2.jdbcx.JdbcConnectionPool", false, H2Pool.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            // The URL up to its first setting: where, without whatever settings (a password) follow.
            throw new StoreException("cannot open the H2 database " + url.split(";", 2)[0]
                    + ": H2 is not on the class path. H2 is an optional dependency of netlever-aaa-core; add "
                    + "com.h2database:h2 (version " + TESTED_VERSION + ", the one netlever is tested with) to the "
                    + "application, or open PostgreSQL with Database.of(dataSource), which needs no H2", e);
        }
        JdbcConnectionPool pool = JdbcConnectionPool.create(url, "sa", "");
        pool.setMaxConnections(maxConnections);
        return new H2Pool(pool);
    }

    /**
     * The pool as a data source.
     *
     * @return the data source
     */
    public DataSource dataSource() {
        return pool;
    }

    /** Closes the pool and leaves the database as it is: after it failed to open. */
    public void dispose() {
        pool.dispose();
    }

    /**
     * Shuts the database down — an in-memory one is gone afterwards — and closes the pool.
     *
     * @throws SQLException if the shutdown fails; the pool is closed all the same
     */
    @Override
    public void close() throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("SHUTDOWN");
        } finally {
            pool.dispose();
        }
    }
}
