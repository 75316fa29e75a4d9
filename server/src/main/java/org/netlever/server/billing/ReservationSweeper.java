package org.netlever.server.billing;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives back, at a fixed pace, the credit of reservations whose calls never reported (S2.3): runs
 * {@link ReferenceBilling#sweepExpired} on its own daemon thread, so an account that makes no more calls gets its
 * balance back too. Whether a reservation has expired is the billing's clock's say; the pace is real time. A sweep
 * that fails (the database away) is logged and tried again at the next one.
 *
 * <p>Thread-safe; {@link #close} is idempotent.
 */
public final class ReservationSweeper implements AutoCloseable {

    /** How often {@code netlever serve} sweeps. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(ReservationSweeper.class);

    private final ScheduledExecutorService timer;

    private ReservationSweeper(ReferenceBilling billing, Duration interval) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "netlever-reservation-sweeper");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(() -> {
            try {
                int swept = billing.sweepExpired();
                if (swept > 0) {
                    LOG.info("{} expired call reservations gave their credit back", swept);
                }
            } catch (RuntimeException e) {
                LOG.warn("sweeping expired call reservations failed, trying again in {}: {}", interval,
                        e.toString());
            }
        }, interval.toNanos(), interval.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Starts sweeping a billing's expired reservations.
     *
     * @param billing the billing
     * @param interval the time between two sweeps, positive
     * @return the running sweeper; close it to stop
     * @throws IllegalArgumentException if the interval is not positive
     */
    public static ReservationSweeper start(ReferenceBilling billing, Duration interval) {
        Objects.requireNonNull(billing, "billing");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("a sweep interval is positive, got " + interval);
        }
        return new ReservationSweeper(billing, interval);
    }

    /** Stops sweeping; a sweep under way finishes first. */
    @Override
    public void close() {
        timer.shutdown();
        try {
            timer.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
