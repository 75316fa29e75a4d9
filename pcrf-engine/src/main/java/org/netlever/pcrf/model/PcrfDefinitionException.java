package org.netlever.pcrf.model;

import java.util.List;
import java.util.stream.Collectors;
import org.netlever.pcrf.PcrfException;

/**
 * PCRF definitions that cannot be used, with every problem found — not only the first — each naming its field.
 *
 * <p>Instances are immutable and thread-safe.
 */
public class PcrfDefinitionException extends PcrfException {
    private static final long serialVersionUID = 1L;

    private final transient List<DefinitionProblem> problems;

    /**
     * Creates the exception.
     *
     * @param problems everything that is wrong, at least one
     */
    public PcrfDefinitionException(List<DefinitionProblem> problems) {
        super(problems.size() + " problem" + (problems.size() == 1 ? "" : "s") + " in the PCRF definitions:\n  "
                + problems.stream().map(DefinitionProblem::toString).collect(Collectors.joining("\n  ")));
        this.problems = List.copyOf(problems);
    }

    /**
     * Every problem found.
     *
     * @return an unmodifiable list
     */
    public List<DefinitionProblem> problems() {
        return problems;
    }
}
