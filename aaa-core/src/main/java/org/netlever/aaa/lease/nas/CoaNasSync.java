package org.netlever.aaa.lease.nas;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.netlever.aaa.ip.Ipv4Address;
import org.netlever.aaa.lease.Lease;
import org.netlever.aaa.lease.NasChange;
import org.netlever.aaa.lease.NasSync;
import org.netlever.aaa.lease.NasSyncRequest;
import org.netlever.aaa.radius.AttributeType;
import org.netlever.aaa.radius.ErrorCause;
import org.netlever.aaa.radius.PacketCode;
import org.netlever.aaa.radius.RadiusAttribute;
import org.netlever.aaa.radius.RadiusException;
import org.netlever.aaa.radius.RadiusMessage;
import org.netlever.aaa.radius.client.CoaClient;
import org.netlever.aaa.radius.client.CoaResult;
import org.netlever.aaa.radius.client.RadiusServerDefinition;
import org.netlever.aaa.radius.client.ServerKind;

/**
 * The RADIUS CoA implementation of the lease module's {@link NasSync} hook (S1.8): pushes a subscriber's lease
 * changes to the NAS with RFC 5176.
 *
 * <ul>
 *   <li>For every address the subscriber holds now: a CoA-Request with {@code User-Name} (the subscriber id),
 *       {@code Framed-IP-Address} and the subscriber's rate limits, as billing's tariff function builds them (a
 *       {@code Cisco-AVPair} QoS policy, a {@code Filter-Id}, a vendor rate-limit attribute…).</li>
 *   <li>For every freed address the subscriber no longer holds: a Disconnect-Request with {@code User-Name} and
 *       {@code Framed-IP-Address}. A Disconnect-NAK with Error-Cause 503 (Session-Context-Not-Found) counts as
 *       done: the session is already gone.</li>
 * </ul>
 * Any other NAK, or no answer, throws, so {@link org.netlever.aaa.lease.NasSyncWorker} retries the request later;
 * the requests carry the current state, so repeating them is harmless.
 *
 * <p>Thread-safe if the tariff function is.
 */
public final class CoaNasSync implements NasSync {

    private final CoaClient client;
    private final RadiusServerDefinition nas;
    private final Function<String, List<RadiusAttribute>> rateLimits;

    /**
     * A hook that sends to one NAS.
     *
     * @param client the CoA client
     * @param nas the NAS, of kind {@link ServerKind#DYNAMIC_AUTHORIZATION}
     * @param rateLimits billing's tariff: the attributes that set a subscriber's rate limits, by subscriber id
     */
    public CoaNasSync(CoaClient client, RadiusServerDefinition nas, Function<String, List<RadiusAttribute>> rateLimits) {
        this.client = Objects.requireNonNull(client, "client");
        this.nas = Objects.requireNonNull(nas, "nas");
        this.rateLimits = Objects.requireNonNull(rateLimits, "rateLimits");
        if (nas.kind() != ServerKind.DYNAMIC_AUTHORIZATION) {
            throw new RadiusException("NAS " + nas.name() + " is of kind " + nas.kind()
                    + "; CoA goes to a DYNAMIC_AUTHORIZATION server");
        }
    }

    @Override
    public void sync(NasSyncRequest request) {
        String subscriber = request.subscriberId();
        Set<Ipv4Address> held = new HashSet<>();
        List<RadiusAttribute> limits = request.leases().isEmpty() ? List.of()
                : List.copyOf(rateLimits.apply(subscriber));
        for (Lease lease : request.leases()) {
            held.add(lease.ip());
            RadiusMessage coa = RadiusMessage.builder(PacketCode.COA_REQUEST)
                    .string(AttributeType.USER_NAME, subscriber)
                    .add(RadiusAttribute.ofIpv4(AttributeType.FRAMED_IP_ADDRESS, lease.ip()))
                    .addAll(limits)
                    .build();
            expectAck(client.exchange(nas, coa), "CoA-Request for " + subscriber + " at " + lease.ip(), false);
        }
        List<Ipv4Address> freed = new ArrayList<>();
        for (NasSyncRequest.Change change : request.changes()) {
            if (change.kind() == NasChange.FREED && !held.contains(change.ip()) && !freed.contains(change.ip())) {
                freed.add(change.ip());
            }
        }
        for (Ipv4Address ip : freed) {
            RadiusMessage disconnect = RadiusMessage.builder(PacketCode.DISCONNECT_REQUEST)
                    .string(AttributeType.USER_NAME, subscriber)
                    .add(RadiusAttribute.ofIpv4(AttributeType.FRAMED_IP_ADDRESS, ip))
                    .build();
            expectAck(client.exchange(nas, disconnect), "Disconnect-Request for " + subscriber + " at " + ip, true);
        }
    }

    private void expectAck(CoaResult result, String what, boolean goneIsDone) {
        if (result instanceof CoaResult.Ack) {
            return;
        }
        if (result instanceof CoaResult.Nak nak) {
            if (goneIsDone && nak.errorCause().filter(ErrorCause.SESSION_CONTEXT_NOT_FOUND::equals).isPresent()) {
                return;
            }
            throw new RadiusException(what + " refused by NAS " + nas.name() + ": "
                    + nak.errorCause().map(ErrorCause::toString).orElse("no Error-Cause"));
        }
        throw new RadiusException(what + " not answered by NAS " + nas.name() + ": "
                + ((CoaResult.NoAnswer) result).reason());
    }
}
