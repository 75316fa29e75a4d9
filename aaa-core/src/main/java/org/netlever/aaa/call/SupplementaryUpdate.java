package org.netlever.aaa.call;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.netlever.aaa.radius.RadiusException;
import org.netlever.aaa.radius.attr.ConfId;

/**
 * A supplementary-service Update (S2.6): A or B used services during the call. The softswitch sends it only when
 * {@code send_ss_notification} is on.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param key the record's idempotency key
 * @param callId the Acct-Session-Id
 * @param confId the {@code h323-conf-id}, if sent
 * @param calling number A
 * @param called number B
 * @param services the services used, at least one
 * @param at when (Event-Timestamp, or the receive time)
 * @param unparsed optional attributes that did not parse, as sent ({@link AttributePolicy#LENIENT})
 */
public record SupplementaryUpdate(AccountingKey key, String callId, Optional<ConfId> confId, CallNumber calling,
        CallNumber called, List<SupplementaryService> services, Instant at, List<UnparsedAttribute> unparsed) {

    /**
     * Checks that nothing is missing and copies the services.
     *
     * @throws RadiusException if there is no service
     */
    public SupplementaryUpdate {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(confId, "confId");
        Objects.requireNonNull(calling, "calling");
        Objects.requireNonNull(called, "called");
        Objects.requireNonNull(at, "at");
        services = List.copyOf(services);
        if (services.isEmpty()) {
            throw new RadiusException("a supplementary-service update names at least one service");
        }
        unparsed = List.copyOf(unparsed);
    }

    /**
     * A record with every attribute parsed.
     *
     * @param key see the record
     * @param callId see the record
     * @param confId see the record
     * @param calling see the record
     * @param called see the record
     * @param services see the record
     * @param at see the record
     */
    public SupplementaryUpdate(AccountingKey key, String callId, Optional<ConfId> confId, CallNumber calling,
            CallNumber called, List<SupplementaryService> services, Instant at) {
        this(key, callId, confId, calling, called, services, at, List.of());
    }
}
