package org.netlever.aaa.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.netlever.aaa.store.internal.H2Pool;
import org.netlever.aaa.testing.DatabaseKind;

/**
 * aaa-core as an application on PostgreSQL sees it: H2 is an optional dependency, so these tests load aaa-core and
 * everything else on the test class path except the H2 jar through a class loader of their own (parent: the platform
 * class loader, so nothing is found through the application class loader, which has H2).
 */
class WithoutH2Test {

    private static URLClassLoader withoutH2;

    @BeforeAll
    static void loadWithoutH2() throws MalformedURLException {
        List<URL> urls = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path path = Path.of(entry);
            if (path.getFileName().toString().matches("h2-[0-9.]+\\.jar")) {
                dropped.add(entry);
            } else {
                urls.add(path.toUri().toURL());
            }
        }
        assertThat(dropped).as("the H2 jar on the test class path").hasSize(1);
        withoutH2 = new URLClassLoader("without-h2", urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    }

    @AfterAll
    static void close() throws Exception {
        withoutH2.close();
    }

    private static Class<?> load(String name) throws ClassNotFoundException {
        return Class.forName(name, true, withoutH2);
    }

    @Test
    void loader_withoutH2_loadsAaaCoreButNoH2() throws Exception {
        assertThat(load(Database.class.getName()).getClassLoader()).isSameAs(withoutH2);
        assertThatThrownBy(() -> load("org.h2.jdbcx.JdbcConnectionPool")).isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void h2InMemory_withoutH2_throwsStoreExceptionNamingTheDependency() throws Exception {
        Method h2InMemory = load(Database.class.getName()).getMethod("h2InMemory");

        assertThatThrownBy(() -> h2InMemory.invoke(null))
                .isInstanceOf(InvocationTargetException.class)
                .cause()
                .satisfies(e -> assertThat(e.getClass().getName()).isEqualTo(StoreException.class.getName()))
                .hasMessageStartingWith("cannot open the H2 database jdbc:h2:mem:netlever-")
                .hasMessageContaining("H2 is not on the class path")
                .hasMessageContaining("add com.h2database:h2 (version " + H2Pool.TESTED_VERSION
                        + ", the one netlever is tested with)")
                .hasMessageNotContaining("DB_CLOSE_DELAY")
                .hasCauseInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void of_postgresWithoutH2_migratesAndQueries() throws Exception {
        // The driver from the same loader, as an application without H2 has it.
        DataSource postgres = (DataSource) load("org.postgresql.ds.PGSimpleDataSource").getConstructor().newInstance();
        postgres.getClass().getMethod("setUrl", String.class).invoke(postgres, DatabaseKind.newPostgresUrl());
        postgres.getClass().getMethod("setUser", String.class).invoke(postgres, "postgres");
        Class<?> database = load(Database.class.getName());

        try (AutoCloseable db = (AutoCloseable) database.getMethod("of", DataSource.class).invoke(null, postgres)) {
            assertThat(database.getMethod("dialect").invoke(db)).hasToString("POSTGRESQL");
            // A module's own migration, through the loader that holds the test's scripts.
            database.getMethod("migrate", String.class, ClassLoader.class, String.class)
                    .invoke(db, "test", getClass().getClassLoader(), "migration-test/v1/");
        }
        try (Connection c = postgres.getConnection(); Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("SELECT (SELECT COUNT(*) FROM netlever_schema_history),"
                        + " (SELECT COUNT(*) FROM migration_demo), (SELECT COUNT(*) FROM lease)")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getLong(1)).as("aaa's three migrations and the test's one").isEqualTo(4);
            assertThat(rows.getLong(2)).as("the row the test migration inserts").isEqualTo(1);
            assertThat(rows.getLong(3)).as("aaa's lease table, empty").isZero();
        }
    }
}
