package org.netlever.aaa.call.prepaid;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.netlever.aaa.call.CallNumber;
import org.netlever.aaa.tck.CallBillingCompatibilityKit;

/**
 * The in-memory prepaid billing passes the compatibility kit: every check runs (two instances share a store, it
 * takes top-ups, it limits calls at once) and none fails. {@link CallBillingKitSelfTest} runs its flawed variants.
 */
class InMemoryPrepaidBillingKitTest extends CallBillingCompatibilityKit {

    static final Duration TTL = Duration.ofMinutes(3);
    static final int LIMIT = 3;
    private static final BigDecimal PER_MINUTE = new BigDecimal("1.50");

    private final InMemoryPrepaidBilling.Store store = new InMemoryPrepaidBilling.Store();
    private final AtomicInteger accounts = new AtomicInteger();

    InMemoryPrepaidBillingKitTest() {
        store.price("7383", PER_MINUTE);
    }

    /** The rules this billing breaks: none. */
    Set<InMemoryPrepaidBilling.Flaw> flaws() {
        return Set.of();
    }

    @Override
    protected Instance newInstance(Clock clock) {
        return Instance.of(new InMemoryPrepaidBilling(store, clock, TTL, OptionalInt.of(LIMIT), flaws()));
    }

    @Override
    protected CallNumber fundedAccount(BigDecimal balance) {
        String phone = String.format("7495100%04d", accounts.incrementAndGet());
        store.account(phone, balance);
        return CallNumber.of(phone);
    }

    @Override
    protected BigDecimal balance(CallNumber account) {
        return store.balance(account.digits());
    }

    @Override
    protected boolean topUp(CallNumber account, BigDecimal amount) {
        store.topUp(account.digits(), amount);
        return true;
    }

    @Override
    protected Tariff tariff() {
        return new Tariff(CallNumber.of("73832000000"), PER_MINUTE);
    }

    @Override
    protected Duration reservationTtl() {
        return TTL;
    }

    @Override
    protected OptionalInt maxConcurrentCalls() {
        return OptionalInt.of(LIMIT);
    }
}
