package org.netlever.aaa.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import org.junit.jupiter.api.Test;

class H2PoolTest {

    @Test
    void testedVersion_isTheH2TheBuildResolves() throws Exception {
        // The version the missing-H2 message names must be the one the tests ran on: bump both together.
        try (H2Pool pool = H2Pool.open("jdbc:h2:mem:", 1); Connection c = pool.dataSource().getConnection()) {
            assertThat(c.getMetaData().getDriverVersion()).startsWith(H2Pool.TESTED_VERSION + " ");
        }
    }
}
