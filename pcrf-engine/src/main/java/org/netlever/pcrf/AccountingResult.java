package org.netlever.pcrf;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What one accounting record did: the usage it added and, if a quota ran out, the transition it caused.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param usedTime online time the record added (zero for a retransmission or a record out of order)
 * @param usedOctets octets the record added
 * @param charged whether the usage was charged to the current step (it is not when the session is for another
 *     service than the step's)
 * @param transition the step change it caused, if any
 */
public record AccountingResult(Duration usedTime, long usedOctets, boolean charged, Optional<Transition> transition) {

    /** Checks that nothing is missing. */
    public AccountingResult {
        Objects.requireNonNull(usedTime, "usedTime");
        Objects.requireNonNull(transition, "transition");
    }
}
