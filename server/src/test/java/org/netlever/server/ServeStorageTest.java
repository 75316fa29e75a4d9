package org.netlever.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.netlever.aaa.store.Durability;

/** The PostgreSQL pool serve opens (issue 12: grouped writes are one statement per group). */
class ServeStorageTest {

    private static ServeConfig.Storage postgres(String url) {
        return new ServeConfig.Storage(url, "netlever", "", Durability.SYNC, 8);
    }

    @Test
    void pool_postgres_sendsBatchedInsertsAsMultiRowInserts() {
        assertThat(ServeStorage.pool(postgres("jdbc:postgresql://192.0.2.5/netlever")).getDataSourceProperties())
                .containsEntry("reWriteBatchedInserts", "true");
    }

    @Test
    void pool_urlThatSetsItItself_isLeftAsTheOperatorSaid() {
        assertThat(ServeStorage.pool(postgres("jdbc:postgresql://192.0.2.5/netlever?reWriteBatchedInserts=false"))
                .getDataSourceProperties()).doesNotContainKey("reWriteBatchedInserts");
    }

    @Test
    void pool_takesTheConfiguredSizeAndUser() {
        var pool = ServeStorage.pool(postgres("jdbc:postgresql://192.0.2.5/netlever"));
        assertThat(pool.getMaximumPoolSize()).isEqualTo(8);
        assertThat(pool.getUsername()).isEqualTo("netlever");
    }
}
