package org.netlever.aaa.call;

import java.util.Objects;
import java.util.Optional;

/**
 * A new call as the softswitch sees it before routing: numbers A and B and the routing data S2.2 sends.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param calling number A
 * @param called number B
 * @param routingContext the routing context's name
 * @param tag the context's tag
 * @param domain the domain
 * @param incomingInterface the interface the call came in on
 */
public record CallSetup(CallNumber calling, CallNumber called, Optional<String> routingContext, Optional<String> tag,
        Optional<String> domain, Optional<String> incomingInterface) {

    /** Checks that nothing is missing. */
    public CallSetup {
        Objects.requireNonNull(calling, "calling");
        Objects.requireNonNull(called, "called");
        Objects.requireNonNull(routingContext, "routingContext");
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(incomingInterface, "incomingInterface");
    }

    /**
     * A call from A to B with no routing data.
     *
     * @param calling A
     * @param called B
     * @return the setup
     */
    public static CallSetup of(String calling, String called) {
        return new CallSetup(CallNumber.of(calling), CallNumber.of(called), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    /**
     * This setup with routing data.
     *
     * @param context the routing context
     * @param contextTag the tag
     * @param domainName the domain
     * @param incoming the incoming interface
     * @return a new setup
     */
    public CallSetup withRouting(String context, String contextTag, String domainName, String incoming) {
        return new CallSetup(calling, called, Optional.of(context), Optional.of(contextTag), Optional.of(domainName),
                Optional.of(incoming));
    }
}
