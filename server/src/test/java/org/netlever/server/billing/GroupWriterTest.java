package org.netlever.server.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.netlever.aaa.testing.Await;

/** The group commit under the reference billing's Starts and Stops, without a database. */
class GroupWriterTest {

    /** Doubles requests; holds every group until released; a negative request fails its group, alone too. */
    private static final class Recording implements GroupWriter.Group<Integer, Integer> {
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger writing = new AtomicInteger();
        final AtomicInteger mostAtOnce = new AtomicInteger();
        final AtomicInteger alone = new AtomicInteger();

        @Override
        public List<Optional<Integer>> write(List<Integer> requests) {
            mostAtOnce.accumulateAndGet(writing.incrementAndGet(), Math::max);
            try {
                assertThat(release.await(30, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            } finally {
                writing.decrementAndGet();
            }
            List<Optional<Integer>> out = new ArrayList<>();
            for (int r : requests) {
                if (r < 0) {
                    throw new IllegalArgumentException("group with " + r);
                }
                out.add(r % 10 == 7 ? Optional.empty() : Optional.of(2 * r));   // ...7: left to single
            }
            return out;
        }

        @Override
        public Integer single(Integer request) {
            alone.incrementAndGet();
            if (request < 0) {
                throw new IllegalArgumentException("alone " + request);
            }
            return 2 * request;
        }
    }

    @Test
    void submit_manyAtOnce_writesAtMostTheWritersGroupsAtOnce_andAnswersEachAfterItsGroup() throws Exception {
        Recording group = new Recording();
        GroupWriter<Integer, Integer> writer = new GroupWriter<>("numbers", 2, group);
        int callers = 40;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            results.add(pool.submit(() -> writer.submit(0)));
            Await.until("the first group is being written", () -> group.writing.get() == 1);
            for (int i = 1; i < callers; i++) {
                int request = i;
                results.add(pool.submit(() -> writer.submit(request)));
            }
            Await.until("a second group is being written", () -> group.writing.get() == 2);
            assertThat(results).as("none answered before its group is written").noneMatch(Future::isDone);
            group.release.countDown();
            for (int i = 0; i < callers; i++) {
                assertThat(results.get(i).get(30, TimeUnit.SECONDS)).isEqualTo(2 * i);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(group.mostAtOnce.get()).as("groups written at once").isEqualTo(2);
        assertThat(group.alone.get()).as("the requests the groups left out, written alone").isEqualTo(4);
        long[] counts = writer.counts();
        assertThat(counts[1]).isEqualTo(callers);
        assertThat(counts[0]).as("groups").isLessThan(callers);
    }

    @Test
    void submit_inAGroupThatFails_isWrittenAlone_andOnlyItsOwnFailureReachesItsCaller() throws Exception {
        Recording group = new Recording();
        group.release.countDown();
        GroupWriter<Integer, Integer> writer = new GroupWriter<>("numbers", 1, group);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                int request = i == 3 ? -3 : i;
                results.add(pool.submit(() -> writer.submit(request)));
            }
            for (int i = 0; i < 8; i++) {
                if (i == 3) {
                    Future<Integer> failed = results.get(i);
                    assertThatThrownBy(() -> failed.get(30, TimeUnit.SECONDS)).hasRootCauseMessage("alone -3");
                } else {
                    assertThat(results.get(i).get(30, TimeUnit.SECONDS)).isEqualTo(2 * i);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void submitAsync_manyFromOneThread_areGroupedAndCompletedByTheWriters_noCallerThreadWaits() throws Exception {
        Recording group = new Recording();
        GroupWriter<Integer, Integer> writer = new GroupWriter<>("numbers", 2, group);
        List<java.util.concurrent.CompletableFuture<String>> results = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            int request = i;
            // What the RADIUS server chains on a record: runs on the thread that completes it.
            results.add(writer.submitAsync(request).thenApply(r -> r + " on " + Thread.currentThread().getName()));
            if (i == 0) {
                // Else the first writer may take all 40 before it starts, and the second find none.
                Await.until("the first group is being written", () -> group.writing.get() == 1);
            }
        }
        Await.until("two groups are being written", () -> group.writing.get() == 2);
        assertThat(results).as("none answered before its group is written").noneMatch(Future::isDone);
        group.release.countDown();
        for (int i = 0; i < 40; i++) {
            assertThat(results.get(i).get(30, TimeUnit.SECONDS)).startsWith(2 * i + " on netlever-billing-numbers-");
        }
        assertThat(group.mostAtOnce.get()).as("groups written at once").isEqualTo(2);
        assertThat(writer.counts()[0]).as("groups").isLessThan(40);
    }

    @Test
    void constructor_refusesNoWriters() {
        assertThatThrownBy(() -> new GroupWriter<>("numbers", 0, new Recording()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one writer");
    }
}
