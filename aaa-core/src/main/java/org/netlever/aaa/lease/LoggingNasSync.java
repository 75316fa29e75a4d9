package org.netlever.aaa.lease;

import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link NasSync} that only logs, at INFO on logger {@code org.netlever.aaa.lease.LoggingNasSync}: for
 * deployments whose NAS learns addresses another way, and for trying netlever out.
 *
 * <p>Thread-safe (stateless).
 */
public final class LoggingNasSync implements NasSync {

    private static final Logger LOG = LoggerFactory.getLogger(LoggingNasSync.class);

    /** Creates the hook. */
    public LoggingNasSync() {
    }

    @Override
    public void sync(NasSyncRequest request) {
        LOG.info("nas sync: subscriber {} now holds [{}] after {} (attempt {})", request.subscriberId(),
                request.leases().stream().map(l -> l.ip().toString()).collect(Collectors.joining(", ")),
                request.changes().stream().map(c -> c.kind().label() + " " + c.ip()).collect(Collectors.joining(", ")),
                request.attempt());
    }
}
