package org.netlever.pcrf;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What one accounting record did: the usage it added and, if a quota ran out, the transition it caused.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param usedTime online time the record added (zero for a retransmission or a record out of order)
 * @param usedOctets octets the record added, never negative
 * @param charged whether the usage was charged to the current step (it is not when the session is for another
 *     service than the step's)
 * @param transition the step change it caused, if any
 * @param problems the counters the engine did not believe (empty for a sound record); their growth added nothing
 */
public record AccountingResult(Duration usedTime, long usedOctets, boolean charged, Optional<Transition> transition,
        Set<AccountingProblem> problems) {

    /**
     * Checks that nothing is missing and the usage is not negative.
     *
     * @throws PcrfException if the usage is negative
     */
    public AccountingResult {
        Objects.requireNonNull(usedTime, "usedTime");
        Objects.requireNonNull(transition, "transition");
        Objects.requireNonNull(problems, "problems");
        if (usedTime.isNegative() || usedOctets < 0) {
            throw new PcrfException("accounting usage is never negative, got " + usedTime + " and " + usedOctets
                    + " octets");
        }
        problems = problems.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(problems));
    }
}
