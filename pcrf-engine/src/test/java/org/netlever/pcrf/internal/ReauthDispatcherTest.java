package org.netlever.pcrf.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.netlever.aaa.testing.Await;
import org.netlever.pcrf.BrasNotifier;

/** S3.8: reauth dispatch on its own — what a request carries, when a debt is cleared, failures. */
class ReauthDispatcherTest {

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
            s.addSession(new Session(id, s, "limit2h1Gb", "bras-" + id));
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
        try (ReauthDispatcher dispatcher = new ReauthDispatcher(told::add, store, 100)) {
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
        try (ReauthDispatcher dispatcher = new ReauthDispatcher(told::add, store, 100)) {
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
        try (ReauthDispatcher dispatcher = new ReauthDispatcher(nakOnce, store, 100)) {
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
        try (ReauthDispatcher dispatcher = new ReauthDispatcher(slow, store, 100)) {
            owe(dispatcher, s);
            assertThat(onTheWire.await(30, TimeUnit.SECONDS)).isTrue();
            owe(dispatcher, s);
            release.countDown();

            Await.until("the newer change gets its own request", () -> dispatcher.sent() == 2);
            Await.until("and only that one clears the debt", () -> !rowsWritten.isEmpty());
            assertThat(rowsWritten).containsExactly("79139001234 pending=false");
        }
    }
}
