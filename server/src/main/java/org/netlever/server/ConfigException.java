package org.netlever.server;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A {@code serve} configuration that cannot be used, with every problem found — not just the first. Thread-safe
 * (immutable).
 */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<ConfigProblem> problems;

    /**
     * An exception listing problems.
     *
     * @param problems at least one
     */
    ConfigException(List<ConfigProblem> problems) {
        super(problems.size() + (problems.size() == 1 ? " problem" : " problems") + " in the configuration:\n  "
                + problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n  ")));
        this.problems = List.copyOf(problems);
    }

    /**
     * The problems, in file order.
     *
     * @return the problems
     */
    public List<ConfigProblem> problems() {
        return problems;
    }
}
