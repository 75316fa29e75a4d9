package org.netlever.pcrf.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.netlever.pcrf.AccountingProblem;
import org.netlever.pcrf.AccountingUpdate;
import org.netlever.pcrf.NasIdentity;
import org.netlever.pcrf.PcrfException;

/** S3.7: the accounting reducer on its own — unsigned counters, wraps, late records, and counters not believed. */
class AccountingReducerTest {

    /** 8 kbit/s: 1000 octets a second, so allowances are easy to count. */
    private final AccountingReducer slow = new AccountingReducer(8_000);
    private final AccountingReducer tenGigabit = new AccountingReducer(10_000_000_000L);
    private final Subscriber subscriber = new Subscriber("79139001234");

    private Session session(long seconds, long input, long output) {
        Session session = new Session("s1", subscriber, "limit2h1Gb", NasIdentity.identifier("bras-1"));
        session.seconds = seconds;
        session.input = input;
        session.output = output;
        return session;
    }

    @Test
    void reduce_soundRecord_addsTheDifferencesAndMovesTheCounters() {
        Session session = session(300, 1_000, 2_000);

        AccountingReducer.Usage usage = slow.reduce(session, 600, 11_000, 22_000, true);

        assertThat(usage).isEqualTo(new AccountingReducer.Usage(300, 30_000, java.util.Set.of()));
        assertThat(session.seconds).isEqualTo(600);
        assertThat(session.input).isEqualTo(11_000);
        assertThat(session.output).isEqualTo(22_000);
    }

    @Test
    void reduce_issue13GigawordsOf0x7FFFFFFF_isFasterThanTheLineAndAddsNothing() {
        // Issue 13: 968,884,224 bytes left of 1 GiB (104,857,600 used), then both Gigawords at 0x7FFFFFFF.
        Session session = session(300, 26_214_400, 78_643_200);
        long absurd = 0x7FFFFFFFL << 32;

        AccountingReducer.Usage usage = tenGigabit.reduce(session, 600, absurd, absurd, true);

        assertThat(usage.problems()).containsExactly(AccountingProblem.FASTER_THAN_LINE_RATE);
        assertThat(usage.seconds()).isZero();
        assertThat(usage.octets()).isZero();
        assertThat(session.seconds).as("the record moves nothing").isEqualTo(300);
        assertThat(session.input).isEqualTo(26_214_400);
        assertThat(session.output).isEqualTo(78_643_200);
        assertThat(AccountingReducer.debit(968_884_224L, usage.octets())).isEqualTo(968_884_224L);
    }

    @Test
    void reduce_countersAtTheTopOfTheUnsignedRange_areCountersNotNegatives() {
        Session session = session(0, 0, 0);
        long top = -1L;   // 2^64 - 1: Gigawords and Octets both 0xFFFFFFFF

        assertThat(tenGigabit.reduce(session, 60, top, top, true).problems())
                .containsExactly(AccountingProblem.FASTER_THAN_LINE_RATE);
        AccountingReducer unlimited = new AccountingReducer(Long.MAX_VALUE);
        Session near = session(0, Long.MIN_VALUE, 0);   // 2^63 octets so far
        AccountingReducer.Usage usage = unlimited.reduce(near, 1, Long.MIN_VALUE + 5, 7, true);
        assertThat(usage.octets()).as("unsigned growth past 2^63").isEqualTo(12);
        assertThat(usage.problems()).isEmpty();
    }

    @Test
    void reduce_growthAtExactlyTheLineRate_isBelieved_oneOctetMoreIsNot() {
        // 9 seconds since the last record believed, plus one for rounding: 10,000 octets a direction.
        assertThat(slow.reduce(session(100, 0, 0), 109, 10_000, 10_000, true).octets()).isEqualTo(20_000);
        assertThat(slow.reduce(session(100, 0, 0), 109, 10_001, 0, true).problems())
                .containsExactly(AccountingProblem.FASTER_THAN_LINE_RATE);
        assertThat(slow.reduce(session(100, 0, 0), 100, 1_000, 0, true).octets())
                .as("a record at the same second may still carry a second's worth").isEqualTo(1_000);
    }

    @Test
    void reduce_32BitCounterThatGoesDown_wrapped() {
        Session session = session(60, 4_294_000_000L, 0);

        AccountingReducer.Usage usage = tenGigabit.reduce(session, 120, 1_000_000L, 0, false);

        assertThat(usage.octets()).isEqualTo(1_000_000L + (1L << 32) - 4_294_000_000L);
        assertThat(session.input).isEqualTo(1_000_000L);
    }

    @Test
    void reduce_64BitCounterThatGoesDown_isBackwardsAndAddsNothing() {
        Session withGigawords = session(60, 5_000_000, 0);
        assertThat(tenGigabit.reduce(withGigawords, 120, 4_000_000, 9_000, true).problems())
                .containsExactly(AccountingProblem.COUNTER_BACKWARDS);
        assertThat(withGigawords.output).as("the other direction does not move either").isZero();
        assertThat(withGigawords.seconds).isEqualTo(60);

        Session past32Bits = session(60, 5L << 32, 0);
        assertThat(tenGigabit.reduce(past32Bits, 120, 1_000, 0, false).problems())
                .as("a counter already past 2^32 cannot wrap at 2^32")
                .containsExactly(AccountingProblem.COUNTER_BACKWARDS);
    }

    @Test
    void reduce_lateRecords_addNothingAndAreNoProblem() {
        Session session = session(600, 60_000, 60_000);

        assertThat(slow.reduce(session, 300, 30_000, 30_000, true)).as("an older interim")
                .isEqualTo(AccountingReducer.Usage.NONE);
        assertThat(slow.reduce(session, 600, 60_000, 60_000, true)).as("a retransmission")
                .isEqualTo(AccountingReducer.Usage.NONE);
        assertThat(slow.reduce(session, 600, 59_000, 60_000, false)).as("lower at the same second: late, no wrap")
                .isEqualTo(AccountingReducer.Usage.NONE);
        assertThat(session.input).isEqualTo(60_000);
    }

    @Test
    void reduce_afterAGlitch_countsFromTheLastRecordBelieved() {
        Session session = session(300, 100_000, 0);
        slow.reduce(session, 600, -1L, 0, true);
        slow.reduce(session, 900, 50_000, 0, true);

        AccountingReducer.Usage usage = slow.reduce(session, 1200, 400_000, 0, true);

        assertThat(usage.octets()).isEqualTo(300_000);
        assertThat(usage.seconds()).as("the time the glitches did not charge").isEqualTo(900);
    }

    @Test
    void sessionFor_startOfAStoppedSession_reopensItWithItsCounters() {
        AccountingUpdate start = new AccountingUpdate(AccountingUpdate.Kind.START, "s1", subscriber.id, "limit2h1Gb",
                "bras-1", Duration.ZERO, 0, 0, true);
        Session first = AccountingReducer.sessionFor(subscriber, start);
        first.seconds = 600;
        first.input = 5_000;
        subscriber.stop(first, 1_000);
        assertThat(subscriber.sessionCount()).isZero();

        Session again = AccountingReducer.sessionFor(subscriber, start);

        assertThat(again).isSameAs(first);
        assertThat(again.isOpen()).isTrue();
        assertThat(again.input).isEqualTo(5_000);
        assertThat(subscriber.sessionCount()).isEqualTo(1);
    }

    @Test
    void debit_neverRaisesARemainingQuota() {
        assertThat(AccountingReducer.debit(1_000, 400)).isEqualTo(600);
        assertThat(AccountingReducer.debit(1_000, Long.MAX_VALUE)).isZero();
        assertThat(AccountingReducer.debit(1_000, 0)).isEqualTo(1_000);
        assertThat(AccountingReducer.debit(-5, 10)).as("already used up stays where it is").isEqualTo(-5);
        assertThat(AccountingReducer.debit(Subscriber.NONE, 10)).as("no limit stays no limit")
                .isEqualTo(Subscriber.NONE);
    }

    @Test
    void allowance_saturates() {
        assertThat(new AccountingReducer(Long.MAX_VALUE).allowance(Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
        assertThat(slow.allowance(0)).isEqualTo(1_000);
    }

    @Test
    void lineRateBelowAnOctetASecond_isRefused() {
        assertThatThrownBy(() -> new AccountingReducer(7)).isInstanceOf(PcrfException.class)
                .hasMessageContaining("at least 8 bits per second");
    }
}
