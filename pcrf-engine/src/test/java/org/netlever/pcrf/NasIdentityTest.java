package org.netlever.pcrf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** S3.8: the names a session's BRAS is known by, their CoA precedence, and the retry bound's back-off. */
class NasIdentityTest {

    @Test
    void candidates_areIdentifierThenAddressThenSource_eachOnce() {
        NasIdentity nas = new NasIdentity(Optional.of("esr-1"), Optional.of("192.0.2.1"), Optional.of("192.0.2.1"));

        assertThat(nas.candidates()).containsExactly("esr-1", "192.0.2.1");
        assertThat(new NasIdentity(Optional.empty(), Optional.empty(), Optional.of("198.51.100.7")).candidates())
                .containsExactly("198.51.100.7");
        assertThat(nas).hasToString("esr-1/192.0.2.1/192.0.2.1");
    }

    @Test
    void constructor_noNameOrABlankOne_isRefused() {
        assertThatThrownBy(() -> new NasIdentity(Optional.empty(), Optional.empty(), Optional.empty()))
                .isInstanceOf(PcrfException.class).hasMessageContaining("got none");
        assertThatThrownBy(() -> new NasIdentity(Optional.of(" "), Optional.empty(), Optional.of("192.0.2.1")))
                .isInstanceOf(PcrfException.class).hasMessageContaining("not blank");
    }

    @Test
    void reauthRetry_backoffDoublesUpToTheMaximum_andBoundsAreChecked() {
        ReauthRetry retry = new ReauthRetry(10, Duration.ofSeconds(1), Duration.ofSeconds(5));

        assertThat(retry.backoffAfter(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(retry.backoffAfter(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(retry.backoffAfter(3)).isEqualTo(Duration.ofSeconds(4));
        assertThat(retry.backoffAfter(4)).isEqualTo(Duration.ofSeconds(5));
        assertThat(retry.backoffAfter(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(5));
        assertThatThrownBy(() -> new ReauthRetry(0, Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .isInstanceOf(PcrfException.class).hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> new ReauthRetry(1, Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(PcrfException.class).hasMessageContaining("initialBackoff");
        assertThatThrownBy(() -> new ReauthRetry(1, Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(PcrfException.class).hasMessageContaining("maxBackoff");
    }
}
