package org.netlever.aaa.call;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.netlever.aaa.radius.AttributeType;
import org.netlever.aaa.radius.RadiusException;

/**
 * Where the call data of S2.2–S2.7 travels in RADIUS attributes, on both sides: {@link CallAaaHandler} reads requests
 * and writes replies with it, {@link CallControl} writes requests and reads replies with it.
 *
 * <p>ECSS-10's own key names are not public. The defaults ({@link #eltexSmg()}) follow the closest documented layout,
 * the {@code xpgk-*} keys and {@code CallManagement:} reply commands of Eltex SMG gateways, carried in
 * {@code Eltex-AVPair} (read from {@code Cisco-AVPair} too, where SMG puts them in accounting):
 *
 * <table>
 *   <caption>Default keys</caption>
 *   <tr><th>Data</th><th>Where</th></tr>
 *   <tr><td>request kind (S2.2 or S2.3)</td><td>{@code xpgk-request-type=number} (routing) /
 *       {@code xpgk-request-type=check_call} (authorization); absent means authorization</td></tr>
 *   <tr><td>numbers A and B</td><td>{@code xpgk-src-number-in}, {@code xpgk-dst-number-in}; also
 *       Calling-Station-Id and Called-Station-Id</td></tr>
 *   <tr><td>number attributes</td><td>{@code xpgk-src-<name>}, {@code xpgk-dst-<name>}, e.g.
 *       {@code xpgk-src-numtype=national}</td></tr>
 *   <tr><td>routing context, tag, domain, incoming interface</td><td>{@code xpgk-routing-context},
 *       {@code xpgk-routing-tag}, {@code xpgk-domain}, {@code xpgk-incoming-interface}</td></tr>
 *   <tr><td>attempt number</td><td>{@code xpgk-route-retries} (SMG's; starts at 1)</td></tr>
 *   <tr><td>previous release cause</td><td>{@code xpgk-release-cause=isup:17} ({@code sip:}, {@code isup:},
 *       {@code acp:})</td></tr>
 *   <tr><td>rewritten A, B, tag (reply)</td><td>{@code CallManagement:CgPNin=<number>;numtype=…},
 *       {@code CallManagement:CdPNin=<number>;…}, {@code CallManagement:Tag=<tag>}; the number is the whole new
 *       number</td></tr>
 *   <tr><td>supplementary services (S2.6)</td><td>{@code xpgk-supplementary-service=B:hold}, one pair each</td></tr>
 *   <tr><td>times, conference id, release cause</td><td>Cisco's {@code h323-setup-time}, {@code h323-connect-time},
 *       {@code h323-disconnect-time}, {@code h323-conf-id}, {@code h323-disconnect-cause} (hexadecimal)</td></tr>
 *   <tr><td>credit, limits (replies)</td><td>{@code h323-credit-time} and Session-Timeout; {@code h323-return-code};
 *       Acct-Interim-Interval; a prohibited call gets {@code h323-return-code=7} and a Reply-Message</td></tr>
 * </table>
 *
 * <p>Every key can be changed with {@link #builder()}. Instances are immutable and thread-safe.
 */
public final class CallAttributeMapping {

    private final AttributeType pairType;
    private final List<AttributeType> readPairTypes;
    private final String requestTypeKey;
    private final String routingRequestValue;
    private final String authorizationRequestValue;
    private final String callingNumberKey;
    private final String calledNumberKey;
    private final String callingAttributePrefix;
    private final String calledAttributePrefix;
    private final String routingContextKey;
    private final String tagKey;
    private final String domainKey;
    private final String incomingInterfaceKey;
    private final String attemptKey;
    private final String previousReleaseKey;
    private final String commandPrefix;
    private final String callingCommand;
    private final String calledCommand;
    private final String tagCommand;
    private final String supplementaryServiceKey;
    private final ZoneId timeZone;
    private final Map<String, ZoneId> zoneAbbreviations;
    private final int disconnectCauseRadix;

    private CallAttributeMapping(Builder b) {
        this.pairType = b.pairType;
        this.readPairTypes = List.copyOf(b.readPairTypes);
        this.requestTypeKey = b.requestTypeKey;
        this.routingRequestValue = b.routingRequestValue;
        this.authorizationRequestValue = b.authorizationRequestValue;
        this.callingNumberKey = b.callingNumberKey;
        this.calledNumberKey = b.calledNumberKey;
        this.callingAttributePrefix = b.callingAttributePrefix;
        this.calledAttributePrefix = b.calledAttributePrefix;
        this.routingContextKey = b.routingContextKey;
        this.tagKey = b.tagKey;
        this.domainKey = b.domainKey;
        this.incomingInterfaceKey = b.incomingInterfaceKey;
        this.attemptKey = b.attemptKey;
        this.previousReleaseKey = b.previousReleaseKey;
        this.commandPrefix = b.commandPrefix;
        this.callingCommand = b.callingCommand;
        this.calledCommand = b.calledCommand;
        this.tagCommand = b.tagCommand;
        this.supplementaryServiceKey = b.supplementaryServiceKey;
        this.timeZone = b.timeZone;
        this.zoneAbbreviations = Map.copyOf(b.zoneAbbreviations);
        this.disconnectCauseRadix = b.disconnectCauseRadix;
    }

    /**
     * The default mapping, modelled on Eltex SMG (see the class description).
     *
     * @return the mapping
     */
    public static CallAttributeMapping eltexSmg() {
        return builder().build();
    }

    /**
     * A builder starting from {@link #eltexSmg()}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the AV-pair attribute requests and reply commands are written in */
    public AttributeType pairType() {
        return pairType;
    }

    /** @return the AV-pair attributes keys are read from, in order */
    public List<AttributeType> readPairTypes() {
        return readPairTypes;
    }

    /** @return the key that says what an Access-Request asks */
    public String requestTypeKey() {
        return requestTypeKey;
    }

    /** @return the value of {@link #requestTypeKey()} for routing */
    public String routingRequestValue() {
        return routingRequestValue;
    }

    /** @return the value of {@link #requestTypeKey()} for authorization */
    public String authorizationRequestValue() {
        return authorizationRequestValue;
    }

    /** @return the key of number A */
    public String callingNumberKey() {
        return callingNumberKey;
    }

    /** @return the key of number B */
    public String calledNumberKey() {
        return calledNumberKey;
    }

    /** @return the prefix of A's attribute keys */
    public String callingAttributePrefix() {
        return callingAttributePrefix;
    }

    /** @return the prefix of B's attribute keys */
    public String calledAttributePrefix() {
        return calledAttributePrefix;
    }

    /** @return the key of the routing context */
    public String routingContextKey() {
        return routingContextKey;
    }

    /** @return the key of the context's tag */
    public String tagKey() {
        return tagKey;
    }

    /** @return the key of the domain */
    public String domainKey() {
        return domainKey;
    }

    /** @return the key of the incoming interface */
    public String incomingInterfaceKey() {
        return incomingInterfaceKey;
    }

    /** @return the key of the attempt number */
    public String attemptKey() {
        return attemptKey;
    }

    /** @return the key of the previous attempt's release cause */
    public String previousReleaseKey() {
        return previousReleaseKey;
    }

    /** @return the prefix of reply commands, e.g. {@code CallManagement:} */
    public String commandPrefix() {
        return commandPrefix;
    }

    /** @return the command that rewrites A */
    public String callingCommand() {
        return callingCommand;
    }

    /** @return the command that rewrites B */
    public String calledCommand() {
        return calledCommand;
    }

    /** @return the command that sets the tag */
    public String tagCommand() {
        return tagCommand;
    }

    /** @return the key of a supplementary service */
    public String supplementaryServiceKey() {
        return supplementaryServiceKey;
    }

    /** @return the zone h323 times are written in */
    public ZoneId timeZone() {
        return timeZone;
    }

    /** @return zone abbreviations for reading h323 times, beyond netlever's own table */
    public Map<String, ZoneId> zoneAbbreviations() {
        return zoneAbbreviations;
    }

    /** @return the radix of {@code h323-disconnect-cause}: 16 (Cisco) or 10 */
    public int disconnectCauseRadix() {
        return disconnectCauseRadix;
    }

    /**
     * Builds a {@link CallAttributeMapping}, starting from the defaults. Not thread-safe.
     */
    public static final class Builder {
        private AttributeType pairType = AttributeType.ELTEX_AVPAIR;
        private List<AttributeType> readPairTypes = List.of(AttributeType.ELTEX_AVPAIR, AttributeType.CISCO_AVPAIR);
        private String requestTypeKey = "xpgk-request-type";
        private String routingRequestValue = "number";
        private String authorizationRequestValue = "check_call";
        private String callingNumberKey = "xpgk-src-number-in";
        private String calledNumberKey = "xpgk-dst-number-in";
        private String callingAttributePrefix = "xpgk-src-";
        private String calledAttributePrefix = "xpgk-dst-";
        private String routingContextKey = "xpgk-routing-context";
        private String tagKey = "xpgk-routing-tag";
        private String domainKey = "xpgk-domain";
        private String incomingInterfaceKey = "xpgk-incoming-interface";
        private String attemptKey = "xpgk-route-retries";
        private String previousReleaseKey = "xpgk-release-cause";
        private String commandPrefix = "CallManagement:";
        private String callingCommand = "CgPNin";
        private String calledCommand = "CdPNin";
        private String tagCommand = "Tag";
        private String supplementaryServiceKey = "xpgk-supplementary-service";
        private ZoneId timeZone = ZoneOffset.UTC;
        private final Map<String, ZoneId> zoneAbbreviations = new HashMap<>();
        private int disconnectCauseRadix = 16;

        private Builder() {
        }

        private static String key(String value, String what) {
            Objects.requireNonNull(value, what);
            if (value.isBlank() || value.indexOf('=') >= 0) {
                throw new RadiusException("the " + what + " is a non-blank key without '=', got '" + value + "'");
            }
            return value;
        }

        /**
         * The AV-pair attribute to write (and read first).
         *
         * @param type e.g. {@link AttributeType#CISCO_AVPAIR}
         * @return this builder
         */
        public Builder pairType(AttributeType type) {
            this.pairType = Objects.requireNonNull(type, "type");
            this.readPairTypes = type.equals(AttributeType.CISCO_AVPAIR)
                    ? List.of(AttributeType.CISCO_AVPAIR, AttributeType.ELTEX_AVPAIR)
                    : List.of(type, AttributeType.CISCO_AVPAIR);
            return this;
        }

        /**
         * The request-kind key and its two values.
         *
         * @param key the key
         * @param routing the value for routing requests
         * @param authorization the value for authorization requests
         * @return this builder
         */
        public Builder requestType(String key, String routing, String authorization) {
            this.requestTypeKey = key(key, "request type key");
            this.routingRequestValue = Objects.requireNonNull(routing, "routing");
            this.authorizationRequestValue = Objects.requireNonNull(authorization, "authorization");
            if (routing.equals(authorization)) {
                throw new RadiusException("routing and authorization requests need different values, both are '"
                        + routing + "'");
            }
            return this;
        }

        /**
         * The keys of numbers A and B.
         *
         * @param calling A's key
         * @param called B's key
         * @return this builder
         */
        public Builder numberKeys(String calling, String called) {
            this.callingNumberKey = key(calling, "calling number key");
            this.calledNumberKey = key(called, "called number key");
            return this;
        }

        /**
         * The prefixes of number attribute keys.
         *
         * @param calling A's prefix
         * @param called B's prefix
         * @return this builder
         */
        public Builder numberAttributePrefixes(String calling, String called) {
            this.callingAttributePrefix = key(calling, "calling attribute prefix");
            this.calledAttributePrefix = key(called, "called attribute prefix");
            if (calling.equals(called)) {
                throw new RadiusException("A and B need different attribute prefixes, both are '" + calling + "'");
            }
            return this;
        }

        /**
         * The keys of the routing data.
         *
         * @param context the routing context's key
         * @param tag the tag's key
         * @param domain the domain's key
         * @param incomingInterface the incoming interface's key
         * @param attempt the attempt number's key
         * @param previousRelease the previous release cause's key
         * @return this builder
         */
        public Builder routingKeys(String context, String tag, String domain, String incomingInterface,
                String attempt, String previousRelease) {
            this.routingContextKey = key(context, "routing context key");
            this.tagKey = key(tag, "tag key");
            this.domainKey = key(domain, "domain key");
            this.incomingInterfaceKey = key(incomingInterface, "incoming interface key");
            this.attemptKey = key(attempt, "attempt key");
            this.previousReleaseKey = key(previousRelease, "previous release key");
            return this;
        }

        /**
         * The reply commands.
         *
         * @param prefix e.g. {@code CallManagement:}
         * @param calling the command that rewrites A
         * @param called the command that rewrites B
         * @param tag the command that sets the tag
         * @return this builder
         */
        public Builder commands(String prefix, String calling, String called, String tag) {
            this.commandPrefix = Objects.requireNonNull(prefix, "prefix");
            this.callingCommand = key(calling, "calling command");
            this.calledCommand = key(called, "called command");
            this.tagCommand = key(tag, "tag command");
            return this;
        }

        /**
         * The key of supplementary services.
         *
         * @param key the key
         * @return this builder
         */
        public Builder supplementaryServiceKey(String key) {
            this.supplementaryServiceKey = key(key, "supplementary service key");
            return this;
        }

        /**
         * The zone h323 times are written in (the softswitch's local zone).
         *
         * @param zone the zone
         * @return this builder
         */
        public Builder timeZone(ZoneId zone) {
            this.timeZone = Objects.requireNonNull(zone, "zone");
            return this;
        }

        /**
         * A zone abbreviation used in received h323 times that netlever's own table does not know.
         *
         * @param abbreviation e.g. {@code IST}
         * @param zone what it means here
         * @return this builder
         */
        public Builder zoneAbbreviation(String abbreviation, ZoneId zone) {
            zoneAbbreviations.put(Objects.requireNonNull(abbreviation, "abbreviation"),
                    Objects.requireNonNull(zone, "zone"));
            return this;
        }

        /**
         * The radix of {@code h323-disconnect-cause}.
         *
         * @param radix 16 (Cisco) or 10
         * @return this builder
         */
        public Builder disconnectCauseRadix(int radix) {
            if (radix != 10 && radix != 16) {
                throw new RadiusException("h323-disconnect-cause is in radix 10 or 16, not " + radix);
            }
            this.disconnectCauseRadix = radix;
            return this;
        }

        /**
         * Builds the mapping.
         *
         * @return the mapping
         */
        public CallAttributeMapping build() {
            return new CallAttributeMapping(this);
        }
    }
}
