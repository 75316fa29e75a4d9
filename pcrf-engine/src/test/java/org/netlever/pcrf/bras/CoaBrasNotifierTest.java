package org.netlever.pcrf.bras;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.netlever.aaa.radius.ErrorCause;
import org.netlever.pcrf.ReauthFailure;

/** S3.8, RFC 5176 section 3.6: what a CoA-NAK's Error-Cause means for the session. */
class CoaBrasNotifierTest {

    @Test
    void failure_byErrorCause() {
        assertThat(CoaBrasNotifier.failure(Optional.of(ErrorCause.SESSION_CONTEXT_NOT_FOUND)))
                .isEqualTo(ReauthFailure.SESSION_GONE);
        assertThat(CoaBrasNotifier.failure(Optional.of(ErrorCause.RESOURCES_UNAVAILABLE)))
                .isEqualTo(ReauthFailure.TRANSIENT);
        assertThat(CoaBrasNotifier.failure(Optional.of(ErrorCause.REQUEST_INITIATED)))
                .isEqualTo(ReauthFailure.TRANSIENT);
        assertThat(CoaBrasNotifier.failure(Optional.of(ErrorCause.ADMINISTRATIVELY_PROHIBITED)))
                .isEqualTo(ReauthFailure.REFUSED);
        assertThat(CoaBrasNotifier.failure(Optional.of(ErrorCause.valueOf(999)))).isEqualTo(ReauthFailure.REFUSED);
        assertThat(CoaBrasNotifier.failure(Optional.empty())).as("a NAK without a cause").isEqualTo(
                ReauthFailure.REFUSED);
    }
}
