package org.netlever.server;

import java.util.Objects;

/**
 * One thing wrong with a {@code serve} configuration: the file, the field (a dotted path such as
 * {@code bras.clients[0].secretFile}) and the reason. Immutable and thread-safe.
 *
 * @param file the configuration file (or a file it refers to)
 * @param field the field's path, {@code (document)} for the whole file
 * @param reason what is wrong and what is expected
 */
public record ConfigProblem(String file, String field, String reason) {

    /** Checks the fields are present. */
    public ConfigProblem {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
        return file + ": " + field + ": " + reason;
    }
}
