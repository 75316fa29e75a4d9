package org.netlever.aaa.call;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Billing's call accounting for a softswitch (S2.4–S2.7). Called by {@link CallAaaHandler} on the RADIUS server's
 * worker pool; implementations must be thread-safe and may block.
 *
 * <p><strong>Idempotency.</strong> Every record carries an {@link AccountingKey}. A softswitch resends a record whose
 * answer it did not get — to the same server, or to the next one after failover — so the same key can arrive more
 * than once, on different servers sharing one billing. Implementations must treat a key they have already recorded
 * as done: acknowledge it without counting it again (and, for Start, answer as before).
 *
 * <p><strong>Prepaid credit.</strong> Start, Interim-Update and Stop confirm, resize and settle the credit an
 * authorization reserved for the call, as {@link CallAuthorizer} describes; the records find it by their call id
 * (Acct-Session-Id).
 *
 * <p>Throwing sends no Accounting-Response, so the softswitch resends: throw only when the record was not stored.
 *
 * <p><strong>Without a thread per record.</strong> {@link CallAaaHandler} calls the {@code …Async} methods; their
 * defaults run the blocking method above on the executor they are given (the RADIUS server's worker pool), so an
 * implementation of the blocking methods alone behaves as it always did. An implementation that stores records in
 * groups overrides them to queue the record and complete the stage when its group commits: the request then holds
 * no thread while it waits, and its answer is sent by the committing thread. The {@code …Async} methods must not
 * block; completing a stage exceptionally is throwing.
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
     * The call is still going (S2.5), when {@link #answerInterim} is not overridden. The default does nothing.
     *
     * @param interim the record
     * @throws Exception if the record was not stored
     */
    default void interim(CallInterim interim) throws Exception {
    }

    /**
     * The call is still going (S2.5), and billing may change its limits: {@link CallAaaHandler} calls this, and sends
     * the answer in the Accounting-Response as it does Start's (S2.4). The answer's maximum duration counts from the
     * answer, as Start's does, so it extends or cuts the call (Session-Timeout and {@code h323-credit-time}); a
     * prohibition asks the softswitch to release the call now. A resent record (same key) may be answered as before.
     *
     * <p>The default records the update with {@link #interim} and changes nothing ({@link StartReply#proceed()}), so
     * an implementation written before this method keeps working.
     *
     * @param interim the record
     * @return the call's limits from now on, or {@link StartReply#proceed()} to leave them as they are
     * @throws Exception if the record was not stored
     */
    default StartReply answerInterim(CallInterim interim) throws Exception {
        interim(interim);
        return StartReply.proceed();
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
     * The call ended (S2.7): charge it, once per key, and release what its authorization reserved — for an
     * unanswered call too.
     *
     * @param stop the record
     * @throws Exception if the record was not stored
     */
    void stop(CallStop stop) throws Exception;

    /**
     * {@link #start} without blocking the caller. The default runs it on {@code blocking}.
     *
     * @param start the record
     * @param blocking where blocking work runs
     * @return the limits for the call, when the record is stored
     */
    default CompletionStage<StartReply> startAsync(CallStart start, Executor blocking) {
        return onExecutor(() -> start(start), blocking);
    }

    /**
     * {@link #answerInterim} without blocking the caller. The default runs it on {@code blocking}.
     *
     * @param interim the record
     * @param blocking where blocking work runs
     * @return the call's limits from now on, when the record is stored
     */
    default CompletionStage<StartReply> answerInterimAsync(CallInterim interim, Executor blocking) {
        return onExecutor(() -> answerInterim(interim), blocking);
    }

    /**
     * {@link #supplementaryUpdate} without blocking the caller. The default runs it on {@code blocking}.
     *
     * @param update the record
     * @param blocking where blocking work runs
     * @return completed when the record is stored
     */
    default CompletionStage<Void> supplementaryUpdateAsync(SupplementaryUpdate update, Executor blocking) {
        return onExecutor(() -> {
            supplementaryUpdate(update);
            return null;
        }, blocking);
    }

    /**
     * {@link #stop} without blocking the caller. The default runs it on {@code blocking}.
     *
     * @param stop the record
     * @param blocking where blocking work runs
     * @return completed when the record is stored
     */
    default CompletionStage<Void> stopAsync(CallStop stop, Executor blocking) {
        return onExecutor(() -> {
            stop(stop);
            return null;
        }, blocking);
    }

    /** Blocking work that may throw, on an executor, as a stage. */
    private static <T> CompletionStage<T> onExecutor(java.util.concurrent.Callable<T> work, Executor blocking) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return work.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }, blocking);
    }
}
