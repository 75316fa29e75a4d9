package org.netlever.aaa.call;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.netlever.aaa.radius.RadiusException;

/**
 * How a softswitch uses RADIUS for its calls (S2.1–S2.7): which stages are on, the bypass list, whether
 * supplementary-service Updates and Stops for unanswered calls are sent, and where the interim interval comes from.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param routing whether calls are routed over RADIUS (S2.2)
 * @param authorization whether calls are authorized over RADIUS (S2.3)
 * @param accounting whether calls are accounted over RADIUS (S2.4–S2.7)
 * @param bypass {@code if_radius_unavaliable}: numbers that go through whatever RADIUS says
 * @param sendSsNotification {@code send_ss_notification}: send supplementary-service Updates (S2.6)
 * @param unsuccessfulCallInfo {@code unsuccessful_call_info}: send a Stop for calls never answered (S2.7)
 * @param fixedInterimInterval a fixed interim interval; empty to take it from the Start reply (ECSS's
 *     {@code interim_interval = server_configured})
 * @param interimEnabled whether Interim-Updates are sent at all ({@code interim_interval = disabled} turns them off)
 */
public record CallPolicy(boolean routing, boolean authorization, boolean accounting, BypassList bypass,
        boolean sendSsNotification, boolean unsuccessfulCallInfo, Optional<Duration> fixedInterimInterval,
        boolean interimEnabled) {

    /**
     * Checks the interval.
     *
     * @throws RadiusException if the fixed interval is not positive
     */
    public CallPolicy {
        Objects.requireNonNull(bypass, "bypass");
        Objects.requireNonNull(fixedInterimInterval, "fixedInterimInterval");
        if (fixedInterimInterval.isPresent() && (fixedInterimInterval.get().isNegative()
                || fixedInterimInterval.get().isZero())) {
            throw new RadiusException("an interim interval is positive, got " + fixedInterimInterval.get());
        }
    }

    /**
     * All three stages on, no bypass list, no supplementary-service Updates, no Stops for unanswered calls, the
     * interim interval from the server.
     *
     * @return the policy
     */
    public static CallPolicy defaults() {
        return new CallPolicy(true, true, true, BypassList.none(), false, false, Optional.empty(), true);
    }

    /**
     * This policy with a bypass list.
     *
     * @param list the list
     * @return a new policy
     */
    public CallPolicy withBypass(BypassList list) {
        return new CallPolicy(routing, authorization, accounting, list, sendSsNotification, unsuccessfulCallInfo,
                fixedInterimInterval, interimEnabled);
    }

    /**
     * This policy with {@code send_ss_notification} set.
     *
     * @param value the setting
     * @return a new policy
     */
    public CallPolicy withSendSsNotification(boolean value) {
        return new CallPolicy(routing, authorization, accounting, bypass, value, unsuccessfulCallInfo,
                fixedInterimInterval, interimEnabled);
    }

    /**
     * This policy with {@code unsuccessful_call_info} set.
     *
     * @param value the setting
     * @return a new policy
     */
    public CallPolicy withUnsuccessfulCallInfo(boolean value) {
        return new CallPolicy(routing, authorization, accounting, bypass, sendSsNotification, value,
                fixedInterimInterval, interimEnabled);
    }

    /**
     * This policy with stages switched on or off (S2.1).
     *
     * @param routingOn routing
     * @param authorizationOn authorization
     * @param accountingOn accounting
     * @return a new policy
     */
    public CallPolicy withStages(boolean routingOn, boolean authorizationOn, boolean accountingOn) {
        return new CallPolicy(routingOn, authorizationOn, accountingOn, bypass, sendSsNotification,
                unsuccessfulCallInfo, fixedInterimInterval, interimEnabled);
    }

    /**
     * This policy with a fixed interim interval.
     *
     * @param interval the interval
     * @return a new policy
     */
    public CallPolicy withFixedInterimInterval(Duration interval) {
        return new CallPolicy(routing, authorization, accounting, bypass, sendSsNotification, unsuccessfulCallInfo,
                Optional.of(interval), true);
    }

    /**
     * This policy without Interim-Updates.
     *
     * @return a new policy
     */
    public CallPolicy withoutInterimUpdates() {
        return new CallPolicy(routing, authorization, accounting, bypass, sendSsNotification, unsuccessfulCallInfo,
                Optional.empty(), false);
    }
}
