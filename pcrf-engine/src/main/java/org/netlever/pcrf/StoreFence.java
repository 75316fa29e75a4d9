package org.netlever.pcrf;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Fencing for an engine that may lose ownership of its state to another process (several servers on one database,
 * one of which runs the PCRF): asked inside every transaction that stores the engine's state, before its writes, so
 * an engine that was replaced cannot overwrite what its successor stored. Returning {@code false} refuses the write;
 * the engine then fails every later write with {@link PcrfFencedException} and must be closed.
 *
 * <p>Implementations must be thread-safe; the engine calls it from its store thread.
 */
@FunctionalInterface
public interface StoreFence {

    /** No fencing: the engine is the only one on its database (the default). */
    StoreFence NONE = transaction -> true;

    /**
     * Whether this engine still owns the state.
     *
     * @param transaction the connection, inside the transaction about to write (lock what you read)
     * @return {@code true} to let the write proceed
     * @throws SQLException if the check cannot be made; the write is then retried like any store failure
     */
    boolean owns(Connection transaction) throws SQLException;
}
