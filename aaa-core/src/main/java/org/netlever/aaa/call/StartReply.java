package org.netlever.aaa.call;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.netlever.aaa.radius.RadiusException;

/**
 * Billing's answer to {@link CallStart} (S2.4): it may limit the call's duration, prohibit the call (released at once
 * unless B is on the softswitch's bypass list), and set the interval for Interim-Updates.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param maxDuration the longest the call may last from the answer
 * @param prohibition why the call is prohibited, if it is
 * @param interimInterval how often to send Interim-Updates
 */
public record StartReply(Optional<Duration> maxDuration, Optional<String> prohibition,
        Optional<Duration> interimInterval) {

    /**
     * Checks the durations.
     *
     * @throws RadiusException if a duration is not positive
     */
    public StartReply {
        Objects.requireNonNull(maxDuration, "maxDuration");
        Objects.requireNonNull(prohibition, "prohibition");
        Objects.requireNonNull(interimInterval, "interimInterval");
        maxDuration.ifPresent(d -> positive(d, "maximum duration"));
        interimInterval.ifPresent(d -> positive(d, "interim interval"));
    }

    private static void positive(Duration duration, String what) {
        if (duration.isNegative() || duration.isZero()) {
            throw new RadiusException("a " + what + " is positive, got " + duration);
        }
    }

    /**
     * Let the call go on without limits.
     *
     * @return the reply
     */
    public static StartReply proceed() {
        return new StartReply(Optional.empty(), Optional.empty(), Optional.empty());
    }

    /**
     * Prohibit the call.
     *
     * @param reason why
     * @return the reply
     */
    public static StartReply prohibit(String reason) {
        return new StartReply(Optional.empty(), Optional.of(reason), Optional.empty());
    }

    /**
     * This reply with a maximum duration.
     *
     * @param duration the limit
     * @return a new reply
     */
    public StartReply withMaxDuration(Duration duration) {
        return new StartReply(Optional.of(duration), prohibition, interimInterval);
    }

    /**
     * This reply with an interim interval.
     *
     * @param interval the interval
     * @return a new reply
     */
    public StartReply withInterimInterval(Duration interval) {
        return new StartReply(maxDuration, prohibition, Optional.of(interval));
    }

    /**
     * Whether the call is prohibited.
     *
     * @return {@code true} if prohibited
     */
    public boolean prohibited() {
        return prohibition.isPresent();
    }
}
