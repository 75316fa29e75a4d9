package org.netlever.pcrf.bras;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import org.netlever.aaa.radius.AttributeType;
import org.netlever.aaa.radius.AvPair;
import org.netlever.aaa.radius.ErrorCause;
import org.netlever.aaa.radius.PacketCode;
import org.netlever.aaa.radius.RadiusAttribute;
import org.netlever.aaa.radius.RadiusMessage;
import org.netlever.aaa.radius.client.CoaClient;
import org.netlever.aaa.radius.client.CoaResult;
import org.netlever.aaa.radius.client.RadiusServerDefinition;
import org.netlever.pcrf.BrasNotifier;
import org.netlever.pcrf.NasIdentity;
import org.netlever.pcrf.ReauthFailure;
import org.netlever.pcrf.ReauthRefusedException;

/**
 * The {@link BrasNotifier} over aaa-core's RFC 5176 client (S3.8): for each open session of the subscriber, a
 * CoA-Request with User-Name, Acct-Session-Id and {@code command=services-reauth} (as {@link BrasAttributeMapping}
 * says) to the BRAS the session is on.
 *
 * <p><b>Which endpoint.</b> The session's NAS names are looked up in precedence order — NAS-Identifier, then
 * NAS-IP-Address, then the address its accounting came from ({@link NasIdentity#candidates()}) — and the first
 * name with an endpoint wins; if none has one, the endpoint named {@code *} (if any). A session with no endpoint at
 * all is {@link ReauthFailure#NO_ENDPOINT}.
 *
 * <p><b>What an answer means</b> (RFC 5176 section 3.6): CoA-ACK succeeds; CoA-NAK with Error-Cause 503
 * Session-Context-Not-Found is {@link ReauthFailure#SESSION_GONE}; 506 Resources-Unavailable, 507 Request-Initiated
 * and no answer are {@link ReauthFailure#TRANSIENT}; any other Error-Cause, or none, is
 * {@link ReauthFailure#REFUSED}. Every session is tried; those that did not succeed are thrown together as a
 * {@link ReauthRefusedException}.
 *
 * <p>Thread-safe if the endpoint lookup is.
 */
public final class CoaBrasNotifier implements BrasNotifier {

    /** The endpoint name that stands for any NAS. */
    public static final String ANY_NAS = "*";

    private final CoaClient client;
    private final Function<String, Optional<RadiusServerDefinition>> bras;
    private final BrasAttributeMapping mapping;

    /**
     * A notifier.
     *
     * @param client the CoA client
     * @param bras a BRAS's CoA endpoint by one of its names exactly (a NAS-Identifier, a NAS-IP-Address or a source
     *     address in dotted form), or by {@link #ANY_NAS}
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

    /**
     * The endpoint for a NAS, by the documented precedence.
     *
     * @param nas the session's NAS
     * @return the endpoint, or empty if none is known
     */
    public Optional<RadiusServerDefinition> endpoint(NasIdentity nas) {
        for (String name : nas.candidates()) {
            Optional<RadiusServerDefinition> found = bras.apply(name);
            if (found.isPresent()) {
                return found;
            }
        }
        return bras.apply(ANY_NAS);
    }

    @Override
    public void servicesReauth(ReauthRequest request) {
        List<ReauthRefusedException.Refusal> refusals = new ArrayList<>();
        for (OpenSession session : request.sessions()) {
            Optional<RadiusServerDefinition> target = endpoint(session.nas());
            if (target.isEmpty()) {
                refusals.add(new ReauthRefusedException.Refusal(session.sessionId(), ReauthFailure.NO_ENDPOINT,
                        OptionalInt.empty(), "no CoA endpoint is configured for NAS " + session.nas()
                                + " (names tried: " + String.join(", ", session.nas().candidates()) + ", "
                                + ANY_NAS + ")"));
                continue;
            }
            RadiusMessage coa = RadiusMessage.of(PacketCode.COA_REQUEST,
                    RadiusAttribute.ofString(AttributeType.USER_NAME, request.subscriberId()),
                    RadiusAttribute.ofString(AttributeType.ACCT_SESSION_ID, session.sessionId()),
                    RadiusAttribute.ofAvPair(mapping.pairType(), AvPair.of(mapping.commandKey(),
                            mapping.reauthCommand())));
            CoaResult result = client.exchange(target.get(), coa);
            if (result instanceof CoaResult.Nak nak) {
                Optional<ErrorCause> cause = nak.errorCause();
                refusals.add(new ReauthRefusedException.Refusal(session.sessionId(), failure(cause),
                        cause.map(c -> OptionalInt.of((int) c.value())).orElse(OptionalInt.empty()),
                        "BRAS " + target.get().name() + " sent CoA-NAK, "
                                + cause.map(Object::toString).orElse("no Error-Cause")));
            } else if (result instanceof CoaResult.NoAnswer none) {
                refusals.add(new ReauthRefusedException.Refusal(session.sessionId(), ReauthFailure.TRANSIENT,
                        OptionalInt.empty(), "BRAS " + target.get().name() + " did not answer: " + none.reason()));
            }
        }
        if (!refusals.isEmpty()) {
            throw new ReauthRefusedException(request.subscriberId(), refusals);
        }
    }

    /** What a CoA-NAK's Error-Cause means for the session (RFC 5176 section 3.6). */
    static ReauthFailure failure(Optional<ErrorCause> cause) {
        if (cause.isEmpty()) {
            return ReauthFailure.REFUSED;
        }
        ErrorCause c = cause.get();
        if (c.equals(ErrorCause.SESSION_CONTEXT_NOT_FOUND)) {
            return ReauthFailure.SESSION_GONE;
        }
        if (c.equals(ErrorCause.RESOURCES_UNAVAILABLE) || c.equals(ErrorCause.REQUEST_INITIATED)) {
            return ReauthFailure.TRANSIENT;
        }
        return ReauthFailure.REFUSED;
    }
}
