package org.netlever.aaa.call;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.netlever.aaa.radius.AvPair;
import org.netlever.aaa.radius.RadiusException;

/**
 * A softswitch's request to route a call (S2.2): the current numbers A and B with their attributes, the routing
 * context and its tag, the domain, the incoming interface, the attempt number and, on re-routing, why the previous
 * attempt failed.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param callId the call's session id (Acct-Session-Id)
 * @param calling number A
 * @param called number B
 * @param routingContext the name of the current routing context
 * @param tag the context's {@code tag} value
 * @param domain the (virtual PBX) domain
 * @param incomingInterface the interface the call came in on
 * @param attempt the routing attempt, 1 for the first, more on re-routing
 * @param previousRelease the release cause of the previous attempt, on re-routing
 * @param pairs every AV pair of the request, in order, including keys netlever has no field for
 * @param unparsed optional attributes that did not parse, as sent ({@link AttributePolicy#LENIENT})
 */
public record RouteRequest(String callId, CallNumber calling, CallNumber called, Optional<String> routingContext,
        Optional<String> tag, Optional<String> domain, Optional<String> incomingInterface, int attempt,
        Optional<ReleaseCause> previousRelease, List<AvPair> pairs, List<UnparsedAttribute> unparsed) {

    /**
     * Checks the fields.
     *
     * @throws RadiusException if the attempt is below 1
     */
    public RouteRequest {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(calling, "calling");
        Objects.requireNonNull(called, "called");
        Objects.requireNonNull(routingContext, "routingContext");
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(incomingInterface, "incomingInterface");
        Objects.requireNonNull(previousRelease, "previousRelease");
        if (attempt < 1) {
            throw new RadiusException("the routing attempt starts at 1, got " + attempt);
        }
        pairs = List.copyOf(pairs);
        unparsed = List.copyOf(unparsed);
    }

    /**
     * A record with every attribute parsed.
     *
     * @param callId see the record
     * @param calling see the record
     * @param called see the record
     * @param routingContext see the record
     * @param tag see the record
     * @param domain see the record
     * @param incomingInterface see the record
     * @param attempt see the record
     * @param previousRelease see the record
     * @param pairs see the record
     */
    public RouteRequest(String callId, CallNumber calling, CallNumber called, Optional<String> routingContext,
            Optional<String> tag, Optional<String> domain, Optional<String> incomingInterface, int attempt,
            Optional<ReleaseCause> previousRelease, List<AvPair> pairs) {
        this(callId, calling, called, routingContext, tag, domain, incomingInterface, attempt, previousRelease, pairs,
                List.of());
    }
}
