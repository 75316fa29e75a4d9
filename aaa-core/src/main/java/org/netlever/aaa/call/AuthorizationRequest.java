package org.netlever.aaa.call;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.netlever.aaa.radius.AvPair;
import org.netlever.aaa.radius.attr.ConfId;

/**
 * A softswitch asking whether A may call B (S2.3), after routing and before the call goes to B.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param callId the call's session id (Acct-Session-Id)
 * @param confId the conference id, if the softswitch sent one
 * @param calling number A
 * @param called number B
 * @param userName the User-Name the softswitch sent (the account), if any
 * @param domain the domain
 * @param pairs every AV pair of the request, in order
 * @param unparsed optional attributes that did not parse, as sent ({@link AttributePolicy#LENIENT})
 */
public record AuthorizationRequest(String callId, Optional<ConfId> confId, CallNumber calling, CallNumber called,
        Optional<String> userName, Optional<String> domain, List<AvPair> pairs, List<UnparsedAttribute> unparsed) {

    /** Checks that nothing is missing and copies the pairs. */
    public AuthorizationRequest {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(confId, "confId");
        Objects.requireNonNull(calling, "calling");
        Objects.requireNonNull(called, "called");
        Objects.requireNonNull(userName, "userName");
        Objects.requireNonNull(domain, "domain");
        pairs = List.copyOf(pairs);
        unparsed = List.copyOf(unparsed);
    }

    /**
     * A record with every attribute parsed.
     *
     * @param callId see the record
     * @param confId see the record
     * @param calling see the record
     * @param called see the record
     * @param userName see the record
     * @param domain see the record
     * @param pairs see the record
     */
    public AuthorizationRequest(String callId, Optional<ConfId> confId, CallNumber calling, CallNumber called,
            Optional<String> userName, Optional<String> domain, List<AvPair> pairs) {
        this(callId, confId, calling, called, userName, domain, pairs, List.of());
    }
}
