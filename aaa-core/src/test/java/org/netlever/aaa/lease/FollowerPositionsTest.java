package org.netlever.aaa.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.netlever.aaa.testing.DatabaseKind;
import org.netlever.aaa.testing.MutableClock;

/** Lease followers' stored read positions (issue 14), on H2 and PostgreSQL. */
@ParameterizedClass(name = "{0}")
@EnumSource(DatabaseKind.class)
class FollowerPositionsTest {

    @Parameter
    DatabaseKind kind;

    private DatabaseKind.TestDatabase testDb;
    private FollowerPositions positions;

    @BeforeEach
    void setUp() {
        testDb = kind.open();
        positions = new FollowerPositions(testDb.database(), new MutableClock(Network.T0));
    }

    @AfterEach
    void tearDown() {
        testDb.close();
    }

    @Test
    void load_neverSaved_isEmpty() {
        assertThat(positions.load("dhcpd-leases:/var/lib/dhcp/dhcpd.leases")).isEmpty();
    }

    @Test
    void save_twice_keepsTheLastPerFollower() {
        positions.save("a", "inode=1;offset=10");
        positions.save("b", "seq=7");
        positions.save("a", "inode=1;offset=250");

        assertThat(positions.load("a")).contains("inode=1;offset=250");
        assertThat(positions.load("b")).contains("seq=7");
    }

    @Test
    void save_tooLong_refusedWithTheFollowerNamed() {
        assertThatThrownBy(() -> positions.save("a", "x".repeat(FollowerPositions.MAX_POSITION_LENGTH + 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("follower a");
        assertThat(positions.load("a")).isEmpty();
    }
}
