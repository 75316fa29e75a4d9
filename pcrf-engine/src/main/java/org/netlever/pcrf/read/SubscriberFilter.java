package org.netlever.pcrf.read;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Which subscribers {@link PcrfReads#subscribers} lists, and from where: every filter given must hold.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param subscriberId only this subscriber
 * @param domain only this service domain (exactly)
 * @param step only subscribers on this step
 * @param reauthPendingOnly only subscribers owed a services-reauth
 * @param after only positions after this one (the previous page's last)
 */
public record SubscriberFilter(Optional<String> subscriberId, Optional<String> domain, OptionalInt step,
        boolean reauthPendingOnly, OptionalLong after) {

    /** Every subscriber from the first. */
    public static final SubscriberFilter ALL = new SubscriberFilter(Optional.empty(), Optional.empty(),
            OptionalInt.empty(), false, OptionalLong.empty());

    /** Checks that nothing is missing. */
    public SubscriberFilter {
        Objects.requireNonNull(subscriberId, "subscriberId");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(after, "after");
        if (step.isPresent() && step.getAsInt() < 0) {
            throw new IllegalArgumentException("step is not negative, got " + step.getAsInt());
        }
    }

    /** @param value the subscriber @return this filter for one subscriber */
    public SubscriberFilter withSubscriber(String value) {
        return new SubscriberFilter(Optional.of(value), domain, step, reauthPendingOnly, after);
    }

    /** @param value the domain @return this filter for one domain */
    public SubscriberFilter withDomain(String value) {
        return new SubscriberFilter(subscriberId, Optional.of(value), step, reauthPendingOnly, after);
    }

    /** @param value the step @return this filter for one step */
    public SubscriberFilter withStep(int value) {
        return new SubscriberFilter(subscriberId, domain, OptionalInt.of(value), reauthPendingOnly, after);
    }

    /** @return this filter for subscribers owed a services-reauth */
    public SubscriberFilter reauthPending() {
        return new SubscriberFilter(subscriberId, domain, step, true, after);
    }

    /** @param position the previous page's last position @return this filter from after it */
    public SubscriberFilter after(long position) {
        return new SubscriberFilter(subscriberId, domain, step, reauthPendingOnly, OptionalLong.of(position));
    }
}
