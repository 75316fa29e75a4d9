package org.netlever.pcrf.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.netlever.aaa.testing.Await;
import org.netlever.pcrf.BrasNotifier;
import org.netlever.pcrf.NasIdentity;
import org.netlever.pcrf.ReauthFailure;
import org.netlever.pcrf.ReauthRefusedException;
import org.netlever.pcrf.ReauthRetry;

/** S3.8: reauth dispatch on its own — what a request carries, when a debt is cleared, failures. */
class ReauthDispatcherTest {

    /** Retries come quickly in these tests, three attempts in all. */
    private static final ReauthRetry FAST_RETRY = new ReauthRetry(3, Duration.ofMillis(10), Duration.ofMillis(40));

    private final List<BrasNotifier.ReauthRequest> told = new CopyOnWriteArrayList<>();
    private final List<String> rowsWritten = new CopyOnWriteArrayList<>();

    /** The store's side, committed at once. */
    private final ReauthDispatcher.Stored store = new ReauthDispatcher.Stored() {
        @Override
        public long mark(Subscriber subscriber) {
            return 0;
        }

        @Override
        public void await(long mark) {
        }

        @Override
        public boolean fenced() {
            return false;
        }

        @Override
        public void changed(Subscriber subscriber) {
            rowsWritten.add(subscriber.id + " pending=" + subscriber.reauthPending);
        }
    };

    private static Subscriber withSessions(String... ids) {
        Subscriber s = new Subscriber("79139001234");
        for (String id : ids) {
            s.addSession(new Session(id, s, "limit2h1Gb", NasIdentity.identifier("bras-" + id)));
        }
        return s;
    }

    private static void owe(ReauthDispatcher dispatcher, Subscriber s) {
        synchronized (s) {
            dispatcher.owe(s);
        }
    }

    @Test
    void owe_sendsTheOpenSessions_andClearsTheDebtOnceAcknowledged() {
        Subscriber s = withSessions("a", "b");
        s.stop(s.session("b"), 1);
        try (ReauthDispatcher dispatcher = new ReauthDispatcher(told::add, store, 100, FAST_RETRY, Clock.systemUTC())) {
            owe(dispatcher, s);

            Await.until("the acknowledged request clears the debt", () -> rowsWritten.size() == 1);
            assertThat(told).singleElement().satisfies(r -> {
                assertThat(r.subscriberId()).isEqualTo("79139001234");
                assertThat(r.sessions()).as("a stopped session gets no CoA")
                        .containsExactly(new BrasNotifier.OpenSession("a", "bras-a"));
                assertThat(r.attempt()).isEqualTo(1);
            });
            assertThat(rowsWritten).containsExactly("79139001234 pending=false");
            assertThat(dispatcher.sent()).isEqualTo(1);
            assertThat(dispatcher.queued()).isZero();
        }
    }

    @Test
    void owe_withNoOpenSession_clearsTheDebtWithoutARequest() {
        Subscriber s = withSessions("a");
        s.stop(s.session("a"), 1);
        try (ReauthDispatcher dispatcher = new ReauthDispatcher(told::add, store, 100, FAST_RETRY, Clock.systemUTC())) {
            owe(dispatcher, s);

            Await.until("the debt is cleared", () -> rowsWritten.size() == 1);
            assertThat(told).isEmpty();
            assertThat(dispatcher.sent()).isZero();
        }
    }

    @Test
    void failure_isCountedAndRetriedWithTheNextAttemptNumber() {
        Subscriber s = withSessions("a");
        BrasNotifier nakOnce = request -> {
            told.add(request);
            if (told.size() == 1) {
                throw new IllegalStateException("CoA-NAK");
            }
        };
        try (ReauthDispatcher dispatcher = new ReauthDispatcher(nakOnce, store, 100, FAST_RETRY, Clock.systemUTC())) {
            owe(dispatcher, s);

            Await.until("the retry after the back-off is acknowledged", () -> dispatcher.sent() == 1);
            assertThat(dispatcher.failed()).isEqualTo(1);
            assertThat(told).extracting(BrasNotifier.ReauthRequest::attempt).containsExactly(1, 2);
        }
    }

    @Test
    void changeWhileARequestIsOnTheWire_isNotClearedByThatRequestsAcknowledgement() throws Exception {
        Subscriber s = withSessions("a");
        CountDownLatch onTheWire = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        BrasNotifier slow = request -> {
            told.add(request);
            if (told.size() == 1) {
                onTheWire.countDown();
                assertThat(release.await(30, TimeUnit.SECONDS)).isTrue();
            }
        };
        try (ReauthDispatcher dispatcher = new ReauthDispatcher(slow, store, 100, FAST_RETRY, Clock.systemUTC())) {
            owe(dispatcher, s);
            assertThat(onTheWire.await(30, TimeUnit.SECONDS)).isTrue();
            owe(dispatcher, s);
            release.countDown();

            Await.until("the newer change gets its own request", () -> dispatcher.sent() == 2);
            Await.until("and only that one clears the debt", () -> !rowsWritten.isEmpty());
            assertThat(rowsWritten).containsExactly("79139001234 pending=false");
        }
    }

    private static BrasNotifier refusing(List<BrasNotifier.ReauthRequest> told, ReauthFailure failure,
            OptionalInt cause) {
        return request -> {
            told.add(request);
            throw new ReauthRefusedException(request.subscriberId(), List.of(new ReauthRefusedException.Refusal(
                    request.sessions().get(0).sessionId(), failure, cause, "BRAS bras-a sent CoA-NAK")));
        };
    }

    @Test
    void sessionGone_closesThatSession_clearsTheDebt_andIsCountedByCause() {
        Subscriber s = withSessions("a", "b");
        try (ReauthDispatcher dispatcher = new ReauthDispatcher(refusing(told, ReauthFailure.SESSION_GONE,
                OptionalInt.of(503)), store, 100, FAST_RETRY, Clock.systemUTC())) {
            owe(dispatcher, s);

            Await.until("the outcome is settled", () -> rowsWritten.size() == 1);
            synchronized (s) {
                assertThat(s.session("a").isOpen()).as("RFC 5176 503: the BRAS has no such session").isFalse();
                assertThat(s.session("b").isOpen()).isTrue();
                assertThat(s.reauthPending).as("not retried").isFalse();
                assertThat(s.reauthProblem.failure()).isEqualTo(ReauthFailure.SESSION_GONE);
            }
            assertThat(dispatcher.failures()).containsEntry(ReauthFailure.SESSION_GONE, 1L);
            assertThat(dispatcher.errorCauses()).containsExactly(Map.entry(503, 1L));
            assertThat(told).hasSize(1);
        }
    }

    @Test
    void refusedOrNoEndpoint_isRecordedAndCounted_notRetried() {
        for (ReauthFailure failure : List.of(ReauthFailure.REFUSED, ReauthFailure.NO_ENDPOINT)) {
            Subscriber s = withSessions("a");
            rowsWritten.clear();
            try (ReauthDispatcher dispatcher = new ReauthDispatcher(refusing(told, failure, OptionalInt.empty()),
                    store, 100, FAST_RETRY, Clock.systemUTC())) {
                owe(dispatcher, s);

                Await.until("the outcome is settled", () -> rowsWritten.size() == 1);
                synchronized (s) {
                    assertThat(s.reauthPending).as(failure + ": not retried").isFalse();
                    assertThat(s.session("a").isOpen()).isTrue();
                    assertThat(s.reauthProblem.failure()).isEqualTo(failure);
                }
                assertThat(dispatcher.failures()).containsEntry(failure, 1L);
                assertThat(dispatcher.errorCauses()).isEmpty();
            }
        }
    }

    @Test
    void transientFailures_areRetriedUpToTheBound_thenGivenUp() {
        Subscriber s = withSessions("a");
        try (ReauthDispatcher dispatcher = new ReauthDispatcher(refusing(told, ReauthFailure.TRANSIENT,
                OptionalInt.of(506)), store, 100, FAST_RETRY, Clock.systemUTC())) {
            owe(dispatcher, s);

            Await.until("given up", () -> dispatcher.failures().get(ReauthFailure.GAVE_UP) == 1);
            assertThat(told).extracting(BrasNotifier.ReauthRequest::attempt).containsExactly(1, 2, 3);
            assertThat(dispatcher.failures()).containsEntry(ReauthFailure.TRANSIENT, 3L);
            assertThat(dispatcher.errorCauses()).containsExactly(Map.entry(506, 3L));
            synchronized (s) {
                assertThat(s.reauthPending).isFalse();
                assertThat(s.reauthProblem.failure()).isEqualTo(ReauthFailure.GAVE_UP);
            }
            assertThat(rowsWritten).containsExactly("79139001234 pending=false");
        }
    }

    @Test
    void queued_countsEveryRequestWaitingForARetry() {
        ReauthRetry slow = new ReauthRetry(2, Duration.ofMinutes(1), Duration.ofMinutes(1));
        try (ReauthDispatcher dispatcher = new ReauthDispatcher(request -> {
            throw new java.io.IOException("no answer");
        }, store, 100, slow, Clock.systemUTC())) {
            for (int i = 0; i < 3; i++) {
                Subscriber s = new Subscriber("7913900000" + i);
                s.addSession(new Session("a", s, "limit2h1Gb", NasIdentity.identifier("bras-a")));
                owe(dispatcher, s);
            }

            Await.until("three CoA owed, each waiting a minute for its retry", () -> dispatcher.failed() == 3
                    && dispatcher.queued() == 3);
        }
    }

    @Test
    void queued_countsRequestsWaitingForTheirTurnUnderTheRate() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch onTheWire = new CountDownLatch(1);
        try (ReauthDispatcher dispatcher = new ReauthDispatcher(request -> {
            onTheWire.countDown();
            assertThat(release.await(30, TimeUnit.SECONDS)).isTrue();
        }, store, 1, FAST_RETRY, Clock.systemUTC())) {
            for (int i = 0; i < 3; i++) {
                Subscriber s = new Subscriber("7913900000" + i);
                s.addSession(new Session("a", s, "limit2h1Gb", NasIdentity.identifier("bras-a")));
                owe(dispatcher, s);
            }
            assertThat(onTheWire.await(30, TimeUnit.SECONDS)).isTrue();

            // One a second: while the first is on the wire, the other two wait for their turn.
            assertThat(dispatcher.queued()).isEqualTo(2);
            release.countDown();
            Await.until("all sent", () -> dispatcher.sent() == 3 && dispatcher.queued() == 0);
        }
    }
}
