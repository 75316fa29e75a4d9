package org.netlever.pcrf;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.netlever.aaa.store.Database;
import org.netlever.aaa.testing.MutableClock;

/**
 * Issue 10, "order in the PCRF": the transition an interim causes is stored before the Accounting-Response, before
 * the CoA that announces it, and before any answer to the BRAS that shows it (a service grant, a session's state).
 * The store is held in the middle of its write (the fence is asked inside the write transaction) while the engine is
 * asked; nothing may come out until the write is released.
 */
class StoredBeforeAnsweredTest {

    private static final ZoneId YEKT = ZoneId.of("Asia/Yekaterinburg");
    private static final String USER = "79139001234";
    private static final String DOMAIN = "Auto1_test.Sibir.OTT.root";

    private static AccountingUpdate update(long seconds) {
        return new AccountingUpdate(seconds == 0 ? AccountingUpdate.Kind.START : AccountingUpdate.Kind.INTERIM, "s1",
                USER, "limit2h1Gb", "bras-1", Duration.ofSeconds(seconds), 0, 0, true);
    }

    @Test
    void transition_heldInTheStore_noAnswerNoCoaUntilStored() throws Exception {
        MutableClock clock = new MutableClock(ZonedDateTime.of(LocalDateTime.parse("2026-11-23T09:00"), YEKT)
                .toInstant());
        AtomicBoolean hold = new AtomicBoolean();
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<BrasNotifier.ReauthRequest> told = new CopyOnWriteArrayList<>();
        try (Database db = Database.h2InMemory();
                PcrfEngine engine = PcrfEngine.builder(db, Seed.definitions()).clock(clock).notifier(told::add)
                        .fence(transaction -> {
                            if (hold.get()) {
                                held.countDown();
                                try {
                                    release.await();
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                            }
                            return true;
                        }).build().start()) {
            engine.attach(USER, DOMAIN, "limitTP");
            engine.account(update(0));
            int stepBefore = engine.currentService(USER).orElseThrow().quota().step();

            hold.set(true);
            // S3.7: two hours used up the time quota of step 0; the transition waits in the held write.
            java.util.concurrent.atomic.AtomicReference<Thread> accountant = new java.util.concurrent.atomic
                    .AtomicReference<>();
            CompletableFuture<AccountingResult> accounting = CompletableFuture.supplyAsync(() -> {
                accountant.set(Thread.currentThread());
                return engine.account(update(7200));
            });
            assertThat(held.await(10, TimeUnit.SECONDS)).as("the store's write began").isTrue();
            // The held write may be another change (the timer's); the transition is applied in memory and waits for
            // the store once the accounting thread waits.
            org.netlever.aaa.testing.Await.until("the accounting waits for the store", () -> accountant.get() != null
                    && accountant.get().getState() == Thread.State.WAITING);
            CompletableFuture<Optional<ServiceGrant>> grant = CompletableFuture.supplyAsync(
                    () -> engine.currentService(USER));
            CompletableFuture<SubscriberState> session = CompletableFuture.supplyAsync(
                    () -> engine.attach(USER, DOMAIN, "limitTP"));

            // Nothing may leave while the change is not stored: give each answer ample time to (wrongly) appear.
            assertThat(grant).as("service grant").failsWithin(Duration.ofMillis(500))
                    .withThrowableOfType(TimeoutException.class);
            assertThat(accounting.isDone()).as("Accounting-Response").isFalse();
            assertThat(session.isDone()).as("session authorization").isFalse();
            assertThat(told).as("services-reauth CoA").isEmpty();

            hold.set(false);
            release.countDown();
            assertThat(accounting.get(10, TimeUnit.SECONDS).transition()).isPresent();
            assertThat(grant.get(10, TimeUnit.SECONDS).orElseThrow().quota().step())
                    .as("the grant shows the stored transition").isEqualTo(stepBefore + 1);
            assertThat(session.get(10, TimeUnit.SECONDS).step()).isEqualTo(stepBefore + 1);
        }
    }
}
