package org.netlever.aaa.call;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Billing's call authorization for a softswitch (S2.3). Called by {@link CallAaaHandler} on the RADIUS server's
 * worker pool; implementations must be thread-safe and may block.
 *
 * <p><strong>Prepaid credit.</strong> A billing that limits calls by a balance follows this contract, which
 * {@code org.netlever.aaa.tck.CallBillingCompatibilityKit} (the aaa-core test-jar) checks:
 * <ul>
 *   <li><em>Reserve.</em> An {@link AuthorizationDecision.Accept} with a credit time holds, against the account, the
 *       credit that time costs, for the call {@link AuthorizationRequest#callId()} names — the Acct-Session-Id its
 *       accounting records will carry. Calls of one account at once share its balance: the credit held for them never
 *       exceeds what the balance pays for, however many servers authorize at the same moment. A paid call is
 *       accepted only with a credit time. An account may limit how many of its calls are held at once; a call over
 *       the limit is rejected with {@link org.netlever.aaa.radius.attr.H323ReturnCode#ACCOUNT_IN_USE}.</li>
 *   <li><em>Resent.</em> The softswitch resends an Access-Request it got no answer to, to the same server or the
 *       next: a request for a call already holding credit is answered as before, without holding more.</li>
 *   <li><em>Confirm, resize, settle.</em> {@link CallAccounting#start} confirms the reservation for as long as the
 *       credit lasts; {@link CallAccounting#answerInterim} may extend it (money came in) or cut it (other charges
 *       took the balance), and then holds what it answered, as the reservation did — down to a prohibition when
 *       nothing is left; {@link CallAccounting#stop} charges what the call cost, once per {@link AccountingKey}, and
 *       returns the rest — also for a call that was never answered.</li>
 *   <li><em>Start without authorization.</em> With the softswitch's authorization stage off (S2.1) a Start finds no
 *       reservation: it reserves as an authorization would, with the same sharing and limit, and answers the credit
 *       as the maximum duration, or prohibits the call (S2.4). No paid call goes unlimited.</li>
 *   <li><em>Expire.</em> A reservation whose call never reports (no Start, no Stop: the call failed before the answer
 *       and the softswitch does not report unsuccessful calls, or the records were lost) is released on its own
 *       after a time the billing sets; a confirmed one not before its credit time has run out.</li>
 * </ul>
 *
 * <p>{@link CallAaaHandler} calls {@link #authorizeAsync}, whose default runs {@link #authorize} on the RADIUS
 * server's worker pool; a billing that decides in groups overrides it to complete the decision when its group
 * commits, holding no thread per request (see {@link CallAccounting}).
 */
@FunctionalInterface
public interface CallAuthorizer {

    /**
     * Decides whether A may call B.
     *
     * @param request the call
     * @return the decision
     * @throws Exception to send no answer (the softswitch retries or fails over)
     */
    AuthorizationDecision authorize(AuthorizationRequest request) throws Exception;

    /**
     * {@link #authorize} without blocking the caller; must not block. The default runs it on {@code blocking}.
     *
     * @param request the call
     * @param blocking where blocking work runs
     * @return the decision; completed exceptionally to send no answer
     */
    default CompletionStage<AuthorizationDecision> authorizeAsync(AuthorizationRequest request, Executor blocking) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return authorize(request);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }, blocking);
    }
}
