package org.netlever.server.billing;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.netlever.aaa.call.CallNumber;
import org.netlever.aaa.tck.CallBillingCompatibilityKit;
import org.netlever.aaa.testing.DatabaseKind;
import org.netlever.server.ServeConfig;

/**
 * The reference billing passes the prepaid billing compatibility kit, on H2 and a real PostgreSQL: every check runs
 * (two instances on one database — the kit's default {@code secondInstance} — top-ups, a limit of calls at once).
 */
@ParameterizedClass(name = "{0}")
@EnumSource(DatabaseKind.class)
class ReferenceBillingCompatibilityTest extends CallBillingCompatibilityKit {

    private static final Duration TTL = Duration.ofMinutes(3);
    private static final int LIMIT = 3;
    private static final ServeConfig.CallTariff TARIFF = new ServeConfig.CallTariff("7383", new BigDecimal("1.50"));

    @Parameter
    DatabaseKind kind;

    private DatabaseKind.TestDatabase testDb;
    private final AtomicInteger accounts = new AtomicInteger();

    @BeforeEach
    void openDatabase() {
        testDb = kind.open();
    }

    @AfterEach
    void closeDatabase() {
        testDb.close();
    }

    private ReferenceBilling billing(Clock clock) {
        return new ReferenceBilling(testDb.database(), clock, Optional.empty(), TTL, OptionalInt.of(LIMIT));
    }

    @Override
    protected Instance newInstance(Clock clock) {
        return Instance.of(billing(clock));
    }

    @Override
    protected CallNumber fundedAccount(BigDecimal balance) {
        int n = accounts.incrementAndGet();
        String phone = "7495100" + String.format("%04d", n);
        billing(clock).load(new ServeConfig.Billing(List.of(), List.of(),
                List.of(new ServeConfig.Subscriber("tck-" + n, Optional.empty(), OptionalInt.empty(), "dynamic",
                        Optional.of(phone), balance, Optional.empty(), Optional.empty())),
                List.of(TARIFF), List.of()));
        return CallNumber.of(phone);
    }

    @Override
    protected BigDecimal balance(CallNumber account) {
        return billing(clock).balance(subscriber(account)).orElseThrow();
    }

    @Override
    protected boolean topUp(CallNumber account, BigDecimal amount) {
        billing(clock).topUp(subscriber(account), amount);
        return true;
    }

    private static String subscriber(CallNumber account) {
        return "tck-" + Integer.parseInt(account.digits().substring(7));
    }

    @Override
    protected Tariff tariff() {
        return new Tariff(CallNumber.of("73832000000"), TARIFF.perMinute());
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
