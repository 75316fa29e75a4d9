package org.netlever.aaa.lease;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.netlever.device.Resolution;

class LeaseOutcomeTest {

    @Test
    void everyDeviceRejection_hasALeaseRejectReasonOfTheSameName() {
        // LeaseService maps Resolution.Reason to RejectReason by name; a new device reason must get a lease reason.
        assertThat(Arrays.stream(LeaseOutcome.RejectReason.values()).map(Enum::name))
                .containsAll(Arrays.stream(Resolution.Reason.values()).map(Enum::name).toList());
    }

    @Test
    void labels_areDistinct_andChangedMeansTheLeaseTableMoved() {
        assertThat(new LeaseOutcome.Unchanged(1, LeaseOutcome.UnchangedReason.NOT_HELD, "x").changed()).isFalse();
        assertThat(new LeaseOutcome.Rejected(1, LeaseOutcome.RejectReason.NO_PORT, "x").label()).isEqualTo("rejected");
    }
}
