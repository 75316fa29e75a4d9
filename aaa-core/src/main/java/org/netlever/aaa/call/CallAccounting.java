package org.netlever.aaa.call;

/**
 * Billing's call accounting for a softswitch (S2.4–S2.7). Called by {@link CallAaaHandler} on the RADIUS server's
 * worker pool; implementations must be thread-safe and may block.
 *
 * <p><strong>Idempotency.</strong> Every record carries an {@link AccountingKey}. A softswitch resends a record whose
 * answer it did not get — to the same server, or to the next one after failover — so the same key can arrive more
 * than once, on different servers sharing one billing. Implementations must treat a key they have already recorded
 * as done: acknowledge it without counting it again (and, for Start, answer as before).
 *
 * <p>Throwing sends no Accounting-Response, so the softswitch resends: throw only when the record was not stored.
 */
public interface CallAccounting {

    /**
     * B answered (S2.4).
     *
     * @param start the record
     * @return limits for the call, or {@link StartReply#proceed()}
     * @throws Exception if the record was not stored
     */
    StartReply start(CallStart start) throws Exception;

    /**
     * The call is still going (S2.5). The default does nothing.
     *
     * @param interim the record
     * @throws Exception if the record was not stored
     */
    default void interim(CallInterim interim) throws Exception {
    }

    /**
     * A party used supplementary services (S2.6). The default does nothing.
     *
     * @param update the record
     * @throws Exception if the record was not stored
     */
    default void supplementaryUpdate(SupplementaryUpdate update) throws Exception {
    }

    /**
     * The call ended (S2.7).
     *
     * @param stop the record
     * @throws Exception if the record was not stored
     */
    void stop(CallStop stop) throws Exception;
}
