package org.netlever.pcrf.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.netlever.pcrf.AccountingUpdate;

/**
 * S3.7 / S3.8 as properties of the accounting reducer on its own (jqwik: each failure is shrunk and printed with
 * its seed). A subscriber's sessions, run through the same calls as the engine ({@link AccountingReducer#sessionFor},
 * {@link AccountingReducer#reduce}, {@link Subscriber#stop}), debit one remaining quota.
 *
 * <ul>
 *   <li>A BRAS's true sessions — Start, Interims and Stop whose counters grow no faster than the line, with or without
 *       Gigawords (32-bit counters that wrap) — delivered with duplicates, reordering, lost Interims and absurd
 *       records in between, and sessions that end and start again under new Acct-Session-Ids: every octet and second
 *       is counted exactly once.</li>
 *   <li>Arbitrary records — any session time, counters anywhere in the unsigned 64-bit range, Stops and Starts again
 *       of the same Acct-Session-Id: usage is never negative, the remaining quota never grows, and what is charged is
 *       exactly what the sessions' believed counters add up to.</li>
 * </ul>
 */
class AccountingReducerPropertiesTest {

    private static final long WRAP = 1L << 32;
    private static final long[] EXTREMES = {0, 1, (1L << 31), WRAP - 1, WRAP, 0x7FFFFFFFL << 32,
        (0x7FFFFFFFL << 32) | 0xFFFFFFFFL, Long.MAX_VALUE, Long.MIN_VALUE, -2, -1};

    /** One Interim period of a true session: seconds, and the share of the line each direction used (per mille). */
    record Step(int seconds, int inputPerMille, int outputPerMille) {
    }

    /** A true session's shape. */
    record Shape(boolean gigawords, List<Step> steps) {
    }

    /** What the BRAS (or the network) does next; {@code a} picks a session, {@code b} a record. */
    record Op(int code, int a, int b) {
    }

    record Story(long bytesPerSecond, List<Shape> sessions, List<Op> ops, long quota) {
    }

    @Provide
    Arbitrary<Story> stories() {
        Arbitrary<Step> step = Combinators.combine(Arbitraries.integers().between(1, 900),
                Arbitraries.integers().between(0, 1000), Arbitraries.integers().between(0, 1000)).as(Step::new);
        Arbitrary<Shape> shape = Combinators.combine(Arbitraries.of(true, false),
                step.list().ofMinSize(1).ofMaxSize(8)).as(Shape::new);
        Arbitrary<Op> op = Combinators.combine(Arbitraries.integers().between(0, 4),
                Arbitraries.integers().between(0, 1000), Arbitraries.integers().between(0, 1000)).as(Op::new);
        return Combinators.combine(Arbitraries.of(1_000L, 125_000L, 1_250_000_000L),
                shape.list().ofMinSize(1).ofMaxSize(3), op.list().ofMaxSize(40),
                Arbitraries.longs().between(1, 1L << 42)).as(Story::new);
    }

    /** A true session: its records in order, the last a Stop, and the true totals. */
    private static final class Truth {
        final String id;
        final boolean gigawords;
        final List<AccountingUpdate> records = new ArrayList<>();
        final boolean[] delivered;
        int next;
        long seconds;
        long input;
        long output;

        Truth(String id, Shape shape, long bytesPerSecond) {
            this.id = id;
            this.gigawords = shape.gigawords();
            records.add(record(AccountingUpdate.Kind.START));
            for (int i = 0; i < shape.steps().size(); i++) {
                Step step = shape.steps().get(i);
                seconds += step.seconds();
                input += growth(bytesPerSecond, step.seconds(), step.inputPerMille());
                output += growth(bytesPerSecond, step.seconds(), step.outputPerMille());
                records.add(record(i == shape.steps().size() - 1 ? AccountingUpdate.Kind.STOP
                        : AccountingUpdate.Kind.INTERIM));
            }
            delivered = new boolean[records.size()];
        }

        /** No faster than the line; without Gigawords, under 2^32 a period so that every wrap is one wrap. */
        private long growth(long bytesPerSecond, int periodSeconds, int perMille) {
            long octets = bytesPerSecond * periodSeconds / 1000 * perMille;
            return gigawords ? octets : Math.min(octets, WRAP - 1);
        }

        private AccountingUpdate record(AccountingUpdate.Kind kind) {
            return new AccountingUpdate(kind, id, "79139001234", "limit2h1Gb", "bras-1", Duration.ofSeconds(seconds),
                    gigawords ? input : input % WRAP, gigawords ? output : output % WRAP, gigawords);
        }
    }

    /** The subscriber's side: the engine's calls, and what they charged. */
    private static final class Ledger {
        final Subscriber subscriber = new Subscriber("79139001234");
        final AccountingReducer reducer;
        long remainingOctets;
        long remainingSeconds;
        long octets;
        long seconds;
        int problems;
        long millis;

        Ledger(long bytesPerSecond, long quota) {
            this.reducer = new AccountingReducer(bytesPerSecond * 8);
            this.remainingOctets = quota;
            this.remainingSeconds = quota;
        }

        void account(AccountingUpdate u) {
            Session session = AccountingReducer.sessionFor(subscriber, u);
            AccountingReducer.Usage usage = reducer.reduce(session, u);
            if (u.kind() == AccountingUpdate.Kind.STOP) {
                subscriber.stop(session, ++millis);
            }
            assertThat(usage.seconds()).as("time used by %s", u).isNotNegative();
            assertThat(usage.octets()).as("octets used by %s", u).isNotNegative();
            long octetsBefore = remainingOctets;
            long secondsBefore = remainingSeconds;
            remainingOctets = AccountingReducer.debit(remainingOctets, usage.octets());
            remainingSeconds = AccountingReducer.debit(remainingSeconds, usage.seconds());
            assertThat(remainingOctets).as("remaining volume after %s", u).isLessThanOrEqualTo(octetsBefore);
            assertThat(remainingSeconds).as("remaining time after %s", u).isLessThanOrEqualTo(secondsBefore);
            octets += usage.octets();
            seconds += usage.seconds();
            problems += usage.problems().isEmpty() ? 0 : 1;
        }
    }

    @Property(tries = 400)
    void trueSessions_duplicatedReorderedLostAndInterleavedWithAbsurdRecords_countEveryOctetOnce(
            @ForAll("stories") Story story) {
        List<Truth> sessions = new ArrayList<>();
        for (int i = 0; i < story.sessions().size(); i++) {
            sessions.add(new Truth("s" + i, story.sessions().get(i), story.bytesPerSecond()));
        }
        Ledger ledger = new Ledger(story.bytesPerSecond(), story.quota());
        int absurd = 0;
        for (Op op : story.ops()) {
            Truth t = sessions.get(op.a() % sessions.size());
            // Without Gigawords every record arrives in order at least once (a 32-bit counter's wraps are only
            // unambiguous between neighbours); with them, records may also come early or get lost.
            int code = !t.gigawords && (op.code() == 2 || op.code() == 3) ? 0 : op.code();
            switch (code) {
                case 0 -> inOrder(t, ledger);
                case 1 -> {
                    List<AccountingUpdate> sent = new ArrayList<>();
                    for (int i = 0; i < t.records.size(); i++) {
                        if (t.delivered[i]) {
                            sent.add(t.records.get(i));
                        }
                    }
                    if (!sent.isEmpty()) {
                        ledger.account(sent.get(op.b() % sent.size()));
                    }
                }
                case 2 -> {
                    int i = t.next + op.b() % Math.max(1, t.records.size() - t.next);
                    if (i < t.records.size()) {
                        t.delivered[i] = true;
                        ledger.account(t.records.get(i));
                    }
                }
                case 3 -> {
                    if (t.next < t.records.size() - 1) {
                        t.next++;   // lost for good; never the Stop
                    }
                }
                default -> {
                    ledger.account(absurd(t, story.bytesPerSecond(), op));
                    absurd++;
                }
            }
        }
        for (Truth t : sessions) {
            while (t.next < t.records.size()) {
                inOrder(t, ledger);
            }
        }

        long octets = 0;
        long seconds = 0;
        for (Truth t : sessions) {
            octets += t.input + t.output;
            seconds += t.seconds;
        }
        assertThat(ledger.octets).as("every octet counted once").isEqualTo(octets);
        assertThat(ledger.seconds).as("every second counted once").isEqualTo(seconds);
        assertThat(ledger.remainingOctets).isEqualTo(Math.max(0, story.quota() - octets));
        assertThat(ledger.problems).as("only absurd records are problems").isLessThanOrEqualTo(absurd);
    }

    private static void inOrder(Truth t, Ledger ledger) {
        while (t.next < t.records.size() && t.delivered[t.next]) {
            t.next++;
        }
        if (t.next < t.records.size()) {
            t.delivered[t.next] = true;
            ledger.account(t.records.get(t.next++));
        }
    }

    /** A record no line could produce: above anything believable at its second in one direction or both. */
    private static AccountingUpdate absurd(Truth t, long bytesPerSecond, Op op) {
        AccountingUpdate at = t.records.get(op.b() % t.records.size());
        long seconds = at.sessionTime().toSeconds();
        long floor = Math.max(t.input, t.output) + bytesPerSecond * (seconds + 1) + 1;
        long value = op.b() % 2 == 0 ? floor : Math.max(floor, EXTREMES[op.b() % EXTREMES.length]);
        if (op.b() % 3 == 0) {
            value = -1;   // 2^64 - 1, as an unsigned counter
        }
        long input = op.a() % 3 != 1 ? value : 0;
        long output = op.a() % 3 != 0 ? value : 0;
        return new AccountingUpdate(AccountingUpdate.Kind.INTERIM, t.id, "79139001234", "limit2h1Gb", "bras-1",
                Duration.ofSeconds(seconds), input, output, true);
    }

    /** An arbitrary record: session, kind, time and counters from anywhere, extremes included. */
    record AnyRecord(int session, AccountingUpdate.Kind kind, int seconds, long input, long output,
            boolean gigawords) {
    }

    @Provide
    Arbitrary<List<AnyRecord>> arbitraryRecords() {
        Arbitrary<Long> counter = Arbitraries.oneOf(Arbitraries.longs().between(0, 4_000_000),
                Arbitraries.of(EXTREMES[0], EXTREMES[1], EXTREMES[2], EXTREMES[3], EXTREMES[4], EXTREMES[5],
                        EXTREMES[6], EXTREMES[7], EXTREMES[8], EXTREMES[9], EXTREMES[10]),
                Arbitraries.longs());
        return Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.of(AccountingUpdate.Kind.class),
                Arbitraries.integers().between(0, 3000), counter, counter, Arbitraries.of(true, false))
                .as(AnyRecord::new).list().ofMaxSize(60);
    }

    @Property(tries = 400)
    void arbitraryRecords_neverAddQuota_andChargeExactlyWhatTheBelievedCountersAddUpTo(
            @ForAll("arbitraryRecords") List<AnyRecord> records) {
        long bytesPerSecond = 1_000;
        Ledger ledger = new Ledger(bytesPerSecond, 1L << 40);
        for (AnyRecord r : records) {
            ledger.account(new AccountingUpdate(r.kind(), "s" + r.session(), "79139001234", "limit2h1Gb", "bras-1",
                    Duration.ofSeconds(r.seconds()), r.input(), r.output(), r.gigawords()));
        }
        long seconds = 0;
        long octets = 0;
        if (ledger.subscriber.open != null) {
            for (Session session : ledger.subscriber.open) {
                seconds += session.seconds;
                octets += session.input + session.output;
            }
        }
        assertThat(ledger.seconds).as("time counted once: what the believed session times add up to")
                .isEqualTo(seconds);
        // Each believed record adds its counters' differences; a wrap adds 2^32 on top. So the octets charged are
        // the believed counters' sum, up to whole wraps.
        assertThat(Long.remainderUnsigned(ledger.octets - octets, WRAP)).as("octets counted once, up to wraps")
                .isZero();
        if (records.stream().allMatch(AnyRecord::gigawords)) {
            assertThat(ledger.octets).as("with Gigawords there are no wraps").isEqualTo(octets);
        }
        assertThat(ledger.octets).as("no more than the line carried").isLessThanOrEqualTo(
                2 * bytesPerSecond * (3000 + 1) * Math.max(1, records.size()));
    }

    @Property(tries = 100)
    void sessionsAcrossARestart_keepTheirCounters(@ForAll("stories") Story story) {
        // The sessions column round trip (a restart of the engine) in the middle of a story changes nothing.
        Ledger ledger = new Ledger(story.bytesPerSecond(), story.quota());
        Map<String, Truth> sessions = new HashMap<>();
        for (int i = 0; i < story.sessions().size(); i++) {
            sessions.put("s" + i, new Truth("s" + i, story.sessions().get(i), story.bytesPerSecond()));
        }
        for (Truth t : sessions.values()) {
            for (int i = 0; i < t.records.size() / 2; i++) {
                ledger.account(t.records.get(i));
            }
        }
        Subscriber restarted = new Subscriber(ledger.subscriber.id);
        restarted.decodeSessions(ledger.subscriber.encodeSessions(), 0, UnaryOperator.identity());
        assertThat(restarted.encodeSessions()).isEqualTo(ledger.subscriber.encodeSessions());
        for (Truth t : sessions.values()) {
            Session before = ledger.subscriber.session(t.id);
            Session after = restarted.session(t.id);
            if (before == null) {
                assertThat(after).isNull();
                continue;
            }
            assertThat(after.seconds).isEqualTo(before.seconds);
            assertThat(after.input).isEqualTo(before.input);
            assertThat(after.output).isEqualTo(before.output);
            assertThat(after.isOpen()).isEqualTo(before.isOpen());
        }
    }
}
