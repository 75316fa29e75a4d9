package org.netlever.pcrf.model;

import java.util.List;
import java.util.Objects;

/**
 * A PCRF scenario (S3.4): services handed out as steps 0, 1, … top to bottom; with {@code again}, the step after the
 * last sends the subscriber back to step 0 with every step's limits re-armed. Without it, the last step is kept once
 * reached (its limits re-armed when they run out).
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param name the scenario's name, e.g. {@code limit}
 * @param steps the services' names, step 0 first
 * @param again whether the scenario starts over after its last step
 */
public record Scenario(String name, List<String> steps, boolean again) {

    /** Copies the steps. */
    public Scenario {
        Objects.requireNonNull(name, "name");
        steps = List.copyOf(steps);
    }

    /**
     * The step after another.
     *
     * @param step the current step
     * @return the next step, 0 after the last with {@code again}, the last step itself otherwise
     */
    public int next(int step) {
        if (step + 1 < steps.size()) {
            return step + 1;
        }
        return again ? 0 : step;
    }
}
