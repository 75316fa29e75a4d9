package org.netlever.aaa.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.netlever.aaa.testing.DatabaseKind;

class DatabaseTest {

    private static long count(Database db, String sql) {
        return db.withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    private static long versions(Database db, String module) {
        return db.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM netlever_schema_history WHERE module = :m")
                .bind("m", module).mapTo(Long.class).one());
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void open_migratesOnce_andDetectsTheDialect(DatabaseKind kind) {
        try (DatabaseKind.TestDatabase t = kind.open()) {
            Database db = t.database();
            assertThat(db.dialect().name()).isEqualTo(kind.name());
            assertThat(versions(db, "aaa")).isEqualTo(3);
            db.migrate("aaa", Database.class.getClassLoader(), "org/netlever/aaa/store/migrations/");
            assertThat(versions(db, "aaa")).as("applying again changes nothing").isEqualTo(3);
            for (String table : List.of("ip_pool", "lease", "lease_history", "dhcp_event", "nas_sync")) {
                assertThat(count(db, "SELECT COUNT(*) FROM " + table)).isZero();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void migrate_changedScript_refusedWithBothChecksums(DatabaseKind kind) {
        try (DatabaseKind.TestDatabase t = kind.open()) {
            Database db = t.database();
            ClassLoader loader = getClass().getClassLoader();
            db.migrate("test", loader, "migration-test/v1/");
            assertThat(versions(db, "test")).isEqualTo(1);
            assertThatThrownBy(() -> db.migrate("test", loader, "migration-test/changed/"))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("migration test V1 (demo) was changed after it was applied");
            assertThatThrownBy(() -> db.migrate("gappy", loader, "migration-test/gap/"))
                    .isInstanceOf(StoreException.class).hasMessageContaining("jumps from V1 to V3");
            assertThatThrownBy(() -> db.migrate("missing", loader, "migration-test/none/"))
                    .isInstanceOf(StoreException.class).hasMessageContaining("is missing from the class path");
        }
    }

    @Test
    void h2File_reopened_keepsDataAndDoesNotMigrateAgain(@TempDir Path dir) {
        Path file = dir.resolve("netlever");
        try (Database db = Database.h2File(file)) {
            db.inTransaction(h -> h.execute("INSERT INTO netlever_lock (name) VALUES ('probe')"));
        }
        try (Database db = Database.h2File(file)) {
            assertThat(versions(db, "aaa")).isEqualTo(3);
            assertThat(count(db, "SELECT COUNT(*) FROM netlever_lock WHERE name = 'probe'")).isEqualTo(1);
        }
    }

    @Test
    void postgres_concurrentStarters_migrateExactlyOnce() throws Exception {
        try (DatabaseKind.TestDatabase t = DatabaseKind.POSTGRESQL.open()) {
            ExecutorService threads = Executors.newFixedThreadPool(4);
            try {
                List<Callable<Long>> starters = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    starters.add(() -> {
                        t.database().migrate("race", getClass().getClassLoader(), "migration-test/v1/");
                        return versions(t.database(), "race");
                    });
                }
                for (Future<Long> f : threads.invokeAll(starters)) {
                    assertThat(f.get()).isEqualTo(1);
                }
            } finally {
                threads.shutdownNow();
            }
            assertThat(count(t.database(), "SELECT COUNT(*) FROM migration_demo")).as("the script ran once")
                    .isEqualTo(1);
        }
    }

    @Test
    void inTransaction_nonTransientFailure_reportedAsStoreException() {
        try (Database db = Database.h2InMemory()) {
            assertThatThrownBy(() -> db.inTransaction(h -> h.execute("INSERT INTO no_such_table VALUES (1)")))
                    .isInstanceOf(StoreException.class).hasMessageContaining("SQL state 42S02");
        }
    }
}
