package org.netlever.pcrf.internal;

import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.netlever.aaa.RateLimitedLog;
import org.netlever.pcrf.AccountingProblem;
import org.netlever.pcrf.AccountingUpdate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The accounting records whose counters were not believed (S3.7): counted by problem (for a metric) and logged at a
 * limited rate with the session, the NAS and the counters sent and kept. Thread-safe.
 */
final class AccountingProblems {

    private static final Logger LOG = LoggerFactory.getLogger("org.netlever.pcrf");
    /** Lines a minute at most. */
    static final int LOG_LINES_PER_MINUTE = 10;

    private final Map<AccountingProblem, LongAdder> counts = new EnumMap<>(AccountingProblem.class);
    private final RateLimitedLog log;

    AccountingProblems(Clock clock) {
        for (AccountingProblem problem : AccountingProblem.values()) {
            counts.put(problem, new LongAdder());
        }
        this.log = new RateLimitedLog(LOG, LOG_LINES_PER_MINUTE, clock);
    }

    /** Records a record's problems; call with the subscriber's monitor held (the session is read). */
    void record(AccountingUpdate u, Session session, AccountingReducer.Usage usage) {
        for (AccountingProblem problem : usage.problems()) {
            counts.get(problem).increment();
        }
        log.warn("Accounting {} of session {} of {} from {}: counters not believed ({}) at {} s: input {}, output {} "
                + "octets; kept input {} and output {} octets at {} s; the record charges nothing", u.kind(), u.sessionId(),
                u.subscriberId(), u.nas(), usage.problems(), u.sessionTime().toSeconds(),
                Long.toUnsignedString(u.inputOctets()), Long.toUnsignedString(u.outputOctets()),
                Long.toUnsignedString(session.input), Long.toUnsignedString(session.output),
                session.seconds);
    }

    /** Every problem with its count since start, zero included. */
    Map<AccountingProblem, Long> counts() {
        Map<AccountingProblem, Long> snapshot = new EnumMap<>(AccountingProblem.class);
        counts.forEach((problem, count) -> snapshot.put(problem, count.sum()));
        return snapshot;
    }
}
