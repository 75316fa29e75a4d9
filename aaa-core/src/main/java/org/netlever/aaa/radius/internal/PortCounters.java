package org.netlever.aaa.radius.internal;

import java.util.concurrent.atomic.LongAdder;
import org.netlever.aaa.radius.server.RadiusServerStats;

/** One port's counters of what happened to its datagrams. Thread-safe (adders). */
final class PortCounters {
    final LongAdder received = new LongAdder();
    final LongAdder answered = new LongAdder();
    final LongAdder duplicatesResent = new LongAdder();
    final LongAdder duplicatesInProgress = new LongAdder();
    final LongAdder unknownClient = new LongAdder();
    final LongAdder malformed = new LongAdder();
    final LongAdder unsupportedCode = new LongAdder();
    final LongAdder badAuthenticator = new LongAdder();
    final LongAdder missingMessageAuthenticator = new LongAdder();
    final LongAdder statusServer = new LongAdder();
    final LongAdder shed = new LongAdder();
    final LongAdder handlerErrors = new LongAdder();
    final LongAdder discarded = new LongAdder();

    RadiusServerStats snapshot() {
        return new RadiusServerStats(received.sum(), answered.sum(), duplicatesResent.sum(),
                duplicatesInProgress.sum(), unknownClient.sum(), malformed.sum(), unsupportedCode.sum(),
                badAuthenticator.sum(), missingMessageAuthenticator.sum(), statusServer.sum(), shed.sum(),
                handlerErrors.sum(), discarded.sum());
    }
}
