package org.netlever.pcrf.bras;

import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.netlever.aaa.radius.AttributeType;
import org.netlever.aaa.radius.AvPair;
import org.netlever.aaa.radius.PacketCode;
import org.netlever.aaa.radius.RadiusAttribute;
import org.netlever.aaa.radius.RadiusException;
import org.netlever.aaa.radius.RadiusMessage;
import org.netlever.aaa.radius.RadiusPacket;
import org.netlever.aaa.radius.attr.Accounting;
import org.netlever.aaa.radius.attr.AcctStatusType;
import org.netlever.aaa.radius.server.RadiusHandler;
import org.netlever.aaa.radius.server.RadiusReply;
import org.netlever.aaa.radius.server.RadiusRequest;
import org.netlever.pcrf.AccountingUpdate;
import org.netlever.pcrf.NasIdentity;
import org.netlever.pcrf.PcrfEngine;
import org.netlever.pcrf.PcrfException;
import org.netlever.pcrf.ServiceGrant;
import org.netlever.pcrf.SubscriberState;
import org.netlever.pcrf.model.PcrfService;
import org.netlever.pcrf.model.UrlList;
import org.netlever.pcrf.model.UrlRule;

/**
 * The RADIUS front for a BRAS (S3.6–S3.9), served by aaa-core's {@link org.netlever.aaa.radius.server.RadiusServer}:
 *
 * <ul>
 *   <li><b>Session authorization</b>: billing's {@link PlanDirectory} names the subscriber's domain and tariff plan;
 *       the engine attaches it (a new subscriber starts at step 0); the Access-Accept carries the plan's session
 *       lifetime as Session-Timeout, the idle timeout (S3.9) and the current service's name. A subscriber billing does
 *       not know is rejected.</li>
 *   <li><b>Service authorization</b>: the current step's service — traffic class, remaining quota, next reset,
 *       interim interval, default action and redirect URL, URL rules and their lists.</li>
 *   <li><b>Accounting</b> per service session into the engine's reducer; the Accounting-Response goes out once the
 *       usage is stored. The session keeps its NAS-Identifier, NAS-IP-Address and the request's source address, by
 *       which its services-reauth CoA finds the BRAS ({@link CoaBrasNotifier}). A record for an unknown subscriber or without the service name is not acknowledged (it is
 *       counted and recorded by the server as a discard).</li>
 * </ul>
 * Where the data travels is {@link BrasAttributeMapping}.
 *
 * <p>Thread-safe.
 */
public final class BrasHandler implements RadiusHandler {

    /** The Idle-Timeout sent with a session's Access-Accept by default (S3.9). */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(10);

    private final PcrfEngine engine;
    private final PlanDirectory plans;
    private final BrasAttributeMapping mapping;
    private final Duration idleTimeout;

    /**
     * A front with the default mapping and a 10-minute idle timeout (S3.9).
     *
     * @param engine the engine
     * @param plans billing's plan directory
     */
    public BrasHandler(PcrfEngine engine, PlanDirectory plans) {
        this(engine, plans, BrasAttributeMapping.defaults(), DEFAULT_IDLE_TIMEOUT);
    }

    /**
     * A front.
     *
     * @param engine the engine
     * @param plans billing's plan directory
     * @param mapping where the data travels
     * @param idleTimeout the BRAS's idle timeout for sessions (S3.9), sent as Idle-Timeout
     */
    public BrasHandler(PcrfEngine engine, PlanDirectory plans, BrasAttributeMapping mapping, Duration idleTimeout) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.plans = Objects.requireNonNull(plans, "plans");
        this.mapping = Objects.requireNonNull(mapping, "mapping");
        this.idleTimeout = Objects.requireNonNull(idleTimeout, "idleTimeout");
    }

    @Override
    public RadiusReply handle(RadiusRequest request) throws Exception {
        RadiusPacket packet = request.packet();
        if (packet.code().equals(PacketCode.ACCOUNTING_REQUEST)) {
            return accounting(request);
        }
        Optional<String> user = packet.string(AttributeType.USER_NAME);
        if (user.isEmpty()) {
            return reject("no User-Name");
        }
        String kind = pair(packet, mapping.requestKey()).orElse(mapping.sessionRequest());
        if (kind.equals(mapping.serviceRequest())) {
            return service(user.get());
        }
        return session(user.get());
    }

    private Optional<String> pair(RadiusPacket packet, String key) {
        try {
            return packet.avPair(mapping.pairType(), key);
        } catch (RadiusException e) {
            return Optional.empty();
        }
    }

    private RadiusAttribute pair(String key, String value) {
        return RadiusAttribute.ofAvPair(mapping.pairType(), AvPair.of(key, value));
    }

    private static RadiusReply reject(String reason) {
        return RadiusReply.reject(RadiusAttribute.ofString(AttributeType.REPLY_MESSAGE, reason));
    }

    private Optional<SubscriberState> attach(String user) throws Exception {
        Optional<PlanDirectory.Assignment> plan = plans.lookup(user);
        if (plan.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(engine.attach(user, plan.get().domain(), plan.get().tariffCode()));
    }

    private RadiusReply session(String user) throws Exception {
        Optional<SubscriberState> state = attach(user);
        if (state.isEmpty()) {
            return reject("no tariff plan for " + user);
        }
        ServiceGrant grant = engine.currentService(user).orElseThrow();
        Duration lifetime = lifetime(state.get());
        return RadiusReply.accept(Accounting.sessionTimeout(lifetime),
                RadiusAttribute.ofInteger(AttributeType.IDLE_TIMEOUT, idleTimeout.toSeconds()),
                pair(mapping.tariffKey(), state.get().tariffPlan()),
                pair(mapping.serviceKey(), grant.service().name()));
    }

    private Duration lifetime(SubscriberState state) {
        return engine.definitions().tariffPlan(state.tariffPlan()).orElseThrow().sessionLifetime();
    }

    private RadiusReply service(String user) throws Exception {
        Optional<ServiceGrant> grant = engine.currentService(user);
        if (grant.isEmpty()) {
            if (attach(user).isEmpty()) {
                return reject("no tariff plan for " + user);
            }
            grant = engine.currentService(user);
        }
        ServiceGrant g = grant.orElseThrow();
        PcrfService service = g.service();
        RadiusMessage.Builder accept = RadiusMessage.builder(PacketCode.ACCESS_ACCEPT)
                .add(pair(mapping.serviceKey(), service.name()))
                .add(pair(mapping.trafficClassKey(), service.trafficClass()))
                .add(pair(mapping.priorityKey(), Integer.toString(service.priority())))
                .add(Accounting.interimInterval(service.interimInterval()));
        g.quota().remainingTime().ifPresent(t -> accept.add(pair(mapping.quotaTimeKey(), Long.toString(t.toSeconds()))));
        g.quota().remainingVolume().ifPresent(v -> accept.add(pair(mapping.quotaVolumeKey(), Long.toString(v))));
        g.quota().nextCronLocal().ifPresent(c -> accept.add(pair(mapping.quotaCronKey(),
                c.format(DateTimeFormatter.ISO_ZONED_DATE_TIME))));
        accept.add(pair(mapping.defaultActionKey(), service.defaultAction().action().name().toLowerCase(Locale.ROOT)));
        service.defaultAction().redirectUrl().ifPresent(url -> accept.add(pair(mapping.redirectUrlKey(), url)));
        int n = 0;
        for (UrlRule rule : service.rules()) {
            accept.add(pair(mapping.urlRuleKey(), (++n) + ":" + rule.action().name().toLowerCase(Locale.ROOT) + ":"
                    + rule.list()));
        }
        for (UrlList list : g.urlLists()) {
            for (String url : list.urls()) {
                accept.add(pair(mapping.urlListKey(), list.name() + ":" + url));
            }
            for (Pattern regex : list.regexes()) {
                accept.add(pair(mapping.urlListKey(), list.name() + ":~" + regex.pattern()));
            }
        }
        return RadiusReply.of(accept.build());
    }

    private RadiusReply accounting(RadiusRequest request) {
        RadiusPacket packet = request.packet();
        Optional<AcctStatusType> status = Accounting.statusType(packet);
        if (status.isEmpty()) {
            return RadiusReply.discard("no Acct-Status-Type");
        }
        AccountingUpdate.Kind kind;
        if (status.get().equals(AcctStatusType.START)) {
            kind = AccountingUpdate.Kind.START;
        } else if (status.get().equals(AcctStatusType.INTERIM_UPDATE)) {
            kind = AccountingUpdate.Kind.INTERIM;
        } else if (status.get().equals(AcctStatusType.STOP)) {
            kind = AccountingUpdate.Kind.STOP;
        } else {
            return RadiusReply.accountingResponse(java.util.List.of());
        }
        Optional<String> user = packet.string(AttributeType.USER_NAME);
        Optional<String> session = packet.string(AttributeType.ACCT_SESSION_ID);
        Optional<String> service = pair(packet, mapping.serviceKey());
        if (user.isEmpty() || session.isEmpty() || service.isEmpty()) {
            return RadiusReply.discard("accounting without " + (user.isEmpty() ? "User-Name"
                    : session.isEmpty() ? "Acct-Session-Id" : mapping.serviceKey()));
        }
        // Every name the BRAS gave is kept: the CoA endpoint is chosen from them by precedence (NasIdentity).
        NasIdentity nas;
        try {
            nas = new NasIdentity(packet.string(AttributeType.NAS_IDENTIFIER).filter(n -> !n.isBlank()),
                    packet.first(AttributeType.NAS_IP_ADDRESS).map(a -> a.asIpv4().toString()),
                    Optional.of(request.source().getAddress().getHostAddress()));
        } catch (RadiusException e) {
            return RadiusReply.discard("accounting with a NAS-IP-Address that is not an IPv4 address: "
                    + e.getMessage());
        }
        boolean gigawords = packet.has(AttributeType.ACCT_INPUT_GIGAWORDS)
                || packet.has(AttributeType.ACCT_OUTPUT_GIGAWORDS);
        try {
            engine.account(new AccountingUpdate(kind, session.get(), user.get(), service.get(), nas,
                    Accounting.sessionTime(packet).orElse(Duration.ZERO), Accounting.inputOctets(packet).orElse(0),
                    Accounting.outputOctets(packet).orElse(0), gigawords));
        } catch (PcrfException e) {
            return RadiusReply.discard(e.getMessage());
        }
        return RadiusReply.accountingResponse(java.util.List.of());
    }
}
