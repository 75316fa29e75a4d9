package org.netlever.pcrf.bras;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.netlever.aaa.radius.AttributeType;
import org.netlever.aaa.radius.AvPair;
import org.netlever.aaa.radius.PacketCode;
import org.netlever.aaa.radius.RadiusAttribute;
import org.netlever.aaa.radius.RadiusMessage;
import org.netlever.aaa.radius.client.CoaClient;
import org.netlever.aaa.radius.client.CoaResult;
import org.netlever.aaa.radius.client.RadiusServerDefinition;
import org.netlever.pcrf.BrasNotifier;
import org.netlever.pcrf.PcrfException;

/**
 * The {@link BrasNotifier} over aaa-core's RFC 5176 client (S3.8): for each open session of the subscriber, a
 * CoA-Request with User-Name, Acct-Session-Id and {@code command=services-reauth} (as {@link BrasAttributeMapping}
 * says) to the BRAS the session is on. A CoA-NAK or no answer throws, so the engine retries later.
 *
 * <p>Thread-safe if the BRAS lookup is.
 */
public final class CoaBrasNotifier implements BrasNotifier {

    private final CoaClient client;
    private final Function<String, Optional<RadiusServerDefinition>> bras;
    private final BrasAttributeMapping mapping;

    /**
     * A notifier.
     *
     * @param client the CoA client
     * @param bras the BRAS's CoA endpoint by the NAS a session is on (NAS-IP-Address or NAS-Identifier)
     * @param mapping where the command goes
     */
    public CoaBrasNotifier(CoaClient client, Function<String, Optional<RadiusServerDefinition>> bras,
            BrasAttributeMapping mapping) {
        this.client = Objects.requireNonNull(client, "client");
        this.bras = Objects.requireNonNull(bras, "bras");
        this.mapping = Objects.requireNonNull(mapping, "mapping");
    }

    /**
     * A notifier for a single BRAS, whatever NAS the sessions report.
     *
     * @param client the CoA client
     * @param bras the BRAS's CoA endpoint
     * @return the notifier
     */
    public static CoaBrasNotifier single(CoaClient client, RadiusServerDefinition bras) {
        return new CoaBrasNotifier(client, nas -> Optional.of(bras), BrasAttributeMapping.defaults());
    }

    @Override
    public void servicesReauth(ReauthRequest request) {
        for (OpenSession session : request.sessions()) {
            RadiusServerDefinition target = bras.apply(session.nas()).orElseThrow(() -> new PcrfException(
                    "no CoA endpoint known for NAS " + session.nas() + " (session " + session.sessionId() + ")"));
            RadiusMessage coa = RadiusMessage.of(PacketCode.COA_REQUEST,
                    RadiusAttribute.ofString(AttributeType.USER_NAME, request.subscriberId()),
                    RadiusAttribute.ofString(AttributeType.ACCT_SESSION_ID, session.sessionId()),
                    RadiusAttribute.ofAvPair(mapping.pairType(), AvPair.of(mapping.commandKey(),
                            mapping.reauthCommand())));
            CoaResult result = client.exchange(target, coa);
            if (result instanceof CoaResult.Nak nak) {
                throw new PcrfException("BRAS " + target.name() + " refused services-reauth for "
                        + request.subscriberId() + ": " + nak.errorCause().map(Object::toString).orElse("no Error-Cause"));
            }
            if (result instanceof CoaResult.NoAnswer none) {
                throw new PcrfException("BRAS " + target.name() + " did not answer services-reauth for "
                        + request.subscriberId() + ": " + none.reason());
            }
        }
    }
}
