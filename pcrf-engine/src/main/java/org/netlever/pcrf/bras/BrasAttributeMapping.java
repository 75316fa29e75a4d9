package org.netlever.pcrf.bras;

import java.util.Objects;
import org.netlever.aaa.radius.AttributeType;
import org.netlever.pcrf.PcrfException;

/**
 * Where the PCRF data travels in the RADIUS packets between the BRAS and netlever — the one place an integrator
 * changes to match their BRAS without code. Eltex's exact BRAS attribute names are not public; the defaults
 * ({@link #defaults()}) carry everything as {@code key=value} pairs of {@code Eltex-AVPair}:
 *
 * <table>
 *   <caption>Default keys</caption>
 *   <tr><th>Packet</th><th>Keys</th></tr>
 *   <tr><td>Access-Request</td><td>{@code pcrf-request=session} (session authorization, the default when absent)
 *       or {@code pcrf-request=service} (service authorization); User-Name is the subscriber</td></tr>
 *   <tr><td>Access-Accept, session</td><td>Session-Timeout (the tariff plan's session lifetime), Idle-Timeout,
 *       {@code tariff-plan=limitTP}, {@code service-name=limit2h1Gb}</td></tr>
 *   <tr><td>Access-Accept, service</td><td>{@code service-name}, {@code traffic-class}, {@code priority},
 *       {@code quota-time} (seconds left), {@code quota-volume} (octets left), {@code quota-cron} (the next reset,
 *       ISO-8601 with offset and zone), {@code default-action=permit|redirect}, {@code redirect-url},
 *       {@code url-rule=<n>:<permit|redirect|deny>:<list>} in order, {@code url-list=<list>:<entry>} (a regex entry
 *       starts with {@code ~}); Acct-Interim-Interval</td></tr>
 *   <tr><td>Accounting-Request</td><td>{@code service-name} of the service session; Acct-Session-Id, Acct-Status-Type,
 *       Acct-Session-Time, Acct-Input/Output-Octets and -Gigawords</td></tr>
 *   <tr><td>CoA-Request to the BRAS</td><td>{@code command=services-reauth}, User-Name, Acct-Session-Id</td></tr>
 * </table>
 *
 * <p>Instances are immutable and thread-safe; {@link #builder()} and {@link #toBuilder()} change keys by name.
 */
public final class BrasAttributeMapping {

    private final AttributeType pairType;
    private final String requestKey;
    private final String sessionRequest;
    private final String serviceRequest;
    private final String serviceKey;
    private final String tariffKey;
    private final String trafficClassKey;
    private final String priorityKey;
    private final String quotaTimeKey;
    private final String quotaVolumeKey;
    private final String quotaCronKey;
    private final String defaultActionKey;
    private final String redirectUrlKey;
    private final String urlRuleKey;
    private final String urlListKey;
    private final String commandKey;
    private final String reauthCommand;

    private BrasAttributeMapping(Builder b) {
        this.pairType = Objects.requireNonNull(b.pairType, "pairType");
        this.requestKey = key(b.requestKey, "requestKey");
        this.sessionRequest = key(b.sessionRequest, "sessionRequest");
        this.serviceRequest = key(b.serviceRequest, "serviceRequest");
        this.serviceKey = key(b.serviceKey, "serviceKey");
        this.tariffKey = key(b.tariffKey, "tariffKey");
        this.trafficClassKey = key(b.trafficClassKey, "trafficClassKey");
        this.priorityKey = key(b.priorityKey, "priorityKey");
        this.quotaTimeKey = key(b.quotaTimeKey, "quotaTimeKey");
        this.quotaVolumeKey = key(b.quotaVolumeKey, "quotaVolumeKey");
        this.quotaCronKey = key(b.quotaCronKey, "quotaCronKey");
        this.defaultActionKey = key(b.defaultActionKey, "defaultActionKey");
        this.redirectUrlKey = key(b.redirectUrlKey, "redirectUrlKey");
        this.urlRuleKey = key(b.urlRuleKey, "urlRuleKey");
        this.urlListKey = key(b.urlListKey, "urlListKey");
        this.commandKey = key(b.commandKey, "commandKey");
        this.reauthCommand = key(b.reauthCommand, "reauthCommand");
        if (sessionRequest.equals(serviceRequest)) {
            throw new PcrfException("session and service requests need different values, both are '"
                    + sessionRequest + "'");
        }
    }

    private static String key(String key, String what) {
        if (key == null || key.isBlank() || key.indexOf('=') >= 0) {
            throw new PcrfException("a BRAS mapping key is non-blank and has no '=', got '" + key + "' for " + what);
        }
        return key;
    }

    private static final BrasAttributeMapping DEFAULTS = new Builder().pairType(AttributeType.ELTEX_AVPAIR)
            .requestKey("pcrf-request").sessionRequest("session").serviceRequest("service").serviceKey("service-name")
            .tariffKey("tariff-plan").trafficClassKey("traffic-class").priorityKey("priority")
            .quotaTimeKey("quota-time").quotaVolumeKey("quota-volume").quotaCronKey("quota-cron")
            .defaultActionKey("default-action").redirectUrlKey("redirect-url").urlRuleKey("url-rule")
            .urlListKey("url-list").commandKey("command").reauthCommand("services-reauth").build();

    /**
     * The default mapping described above.
     *
     * @return the mapping
     */
    public static BrasAttributeMapping defaults() {
        return DEFAULTS;
    }

    /**
     * This mapping with another AV-pair attribute.
     *
     * @param type e.g. {@link AttributeType#CISCO_AVPAIR}
     * @return a new mapping
     */
    public BrasAttributeMapping withPairType(AttributeType type) {
        return toBuilder().pairType(type).build();
    }

    /**
     * The part: the AV-pair attribute, {@code Eltex-AVPair} by default.
     *
     * @return it
     */
    public AttributeType pairType() {
        return pairType;
    }

    /**
     * The part: the key that tells a service authorization from a session authorization.
     *
     * @return it
     */
    public String requestKey() {
        return requestKey;
    }

    /**
     * The part: its value for session authorization.
     *
     * @return it
     */
    public String sessionRequest() {
        return sessionRequest;
    }

    /**
     * The part: its value for service authorization.
     *
     * @return it
     */
    public String serviceRequest() {
        return serviceRequest;
    }

    /**
     * The part: the key of the service name.
     *
     * @return it
     */
    public String serviceKey() {
        return serviceKey;
    }

    /**
     * The part: the key of the tariff plan.
     *
     * @return it
     */
    public String tariffKey() {
        return tariffKey;
    }

    /**
     * The part: the key of the traffic class.
     *
     * @return it
     */
    public String trafficClassKey() {
        return trafficClassKey;
    }

    /**
     * The part: the key of the priority.
     *
     * @return it
     */
    public String priorityKey() {
        return priorityKey;
    }

    /**
     * The part: the key of the remaining time.
     *
     * @return it
     */
    public String quotaTimeKey() {
        return quotaTimeKey;
    }

    /**
     * The part: the key of the remaining volume.
     *
     * @return it
     */
    public String quotaVolumeKey() {
        return quotaVolumeKey;
    }

    /**
     * The part: the key of the next cron moment.
     *
     * @return it
     */
    public String quotaCronKey() {
        return quotaCronKey;
    }

    /**
     * The part: the key of the default action.
     *
     * @return it
     */
    public String defaultActionKey() {
        return defaultActionKey;
    }

    /**
     * The part: the key of the default redirect URL.
     *
     * @return it
     */
    public String redirectUrlKey() {
        return redirectUrlKey;
    }

    /**
     * The part: the key of a URL rule.
     *
     * @return it
     */
    public String urlRuleKey() {
        return urlRuleKey;
    }

    /**
     * The part: the key of a URL list entry.
     *
     * @return it
     */
    public String urlListKey() {
        return urlListKey;
    }

    /**
     * The part: the key of the CoA command.
     *
     * @return it
     */
    public String commandKey() {
        return commandKey;
    }

    /**
     * The part: the CoA command's value, {@code services-reauth}.
     *
     * @return it
     */
    public String reauthCommand() {
        return reauthCommand;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BrasAttributeMapping m && pairType.equals(m.pairType) && requestKey.equals(m.requestKey) && sessionRequest.equals(m.sessionRequest) && serviceRequest.equals(m.serviceRequest) && serviceKey.equals(m.serviceKey) && tariffKey.equals(m.tariffKey) && trafficClassKey.equals(m.trafficClassKey) && priorityKey.equals(m.priorityKey) && quotaTimeKey.equals(m.quotaTimeKey) && quotaVolumeKey.equals(m.quotaVolumeKey) && quotaCronKey.equals(m.quotaCronKey) && defaultActionKey.equals(m.defaultActionKey) && redirectUrlKey.equals(m.redirectUrlKey) && urlRuleKey.equals(m.urlRuleKey) && urlListKey.equals(m.urlListKey) && commandKey.equals(m.commandKey) && reauthCommand.equals(m.reauthCommand);
    }

    @Override
    public int hashCode() {
        return Objects.hash(pairType, requestKey, sessionRequest, serviceRequest, serviceKey, tariffKey, trafficClassKey, priorityKey, quotaTimeKey, quotaVolumeKey, quotaCronKey, defaultActionKey, redirectUrlKey, urlRuleKey, urlListKey, commandKey, reauthCommand);
    }

    @Override
    public String toString() {
        return "BrasAttributeMapping[pairType=" + pairType + ", requestKey=" + requestKey + ", serviceKey="
                + serviceKey + ", commandKey=" + commandKey + "=" + reauthCommand + "]";
    }

    /**
     * A builder starting from {@link #defaults()}, for changing some keys by name.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return defaults().toBuilder();
    }

    /**
     * A builder starting from this mapping.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.pairType = pairType;
        b.requestKey = requestKey;
        b.sessionRequest = sessionRequest;
        b.serviceRequest = serviceRequest;
        b.serviceKey = serviceKey;
        b.tariffKey = tariffKey;
        b.trafficClassKey = trafficClassKey;
        b.priorityKey = priorityKey;
        b.quotaTimeKey = quotaTimeKey;
        b.quotaVolumeKey = quotaVolumeKey;
        b.quotaCronKey = quotaCronKey;
        b.defaultActionKey = defaultActionKey;
        b.redirectUrlKey = redirectUrlKey;
        b.urlRuleKey = urlRuleKey;
        b.urlListKey = urlListKey;
        b.commandKey = commandKey;
        b.reauthCommand = reauthCommand;
        return b;
    }

    /**
     * Builds a {@link BrasAttributeMapping} from the defaults with some parts changed; {@link #build} checks them.
     * Not thread-safe.
     */
    public static final class Builder {
        private AttributeType pairType;
        private String requestKey;
        private String sessionRequest;
        private String serviceRequest;
        private String serviceKey;
        private String tariffKey;
        private String trafficClassKey;
        private String priorityKey;
        private String quotaTimeKey;
        private String quotaVolumeKey;
        private String quotaCronKey;
        private String defaultActionKey;
        private String redirectUrlKey;
        private String urlRuleKey;
        private String urlListKey;
        private String commandKey;
        private String reauthCommand;

        private Builder() {
        }

        /**
         * Sets the AV-pair attribute.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder pairType(AttributeType value) {
            this.pairType = value;
            return this;
        }

        /**
         * Sets the key that tells a service authorization from a session authorization.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder requestKey(String value) {
            this.requestKey = value;
            return this;
        }

        /**
         * Sets its value for session authorization.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder sessionRequest(String value) {
            this.sessionRequest = value;
            return this;
        }

        /**
         * Sets its value for service authorization.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder serviceRequest(String value) {
            this.serviceRequest = value;
            return this;
        }

        /**
         * Sets the key of the service name.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder serviceKey(String value) {
            this.serviceKey = value;
            return this;
        }

        /**
         * Sets the key of the tariff plan.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder tariffKey(String value) {
            this.tariffKey = value;
            return this;
        }

        /**
         * Sets the key of the traffic class.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder trafficClassKey(String value) {
            this.trafficClassKey = value;
            return this;
        }

        /**
         * Sets the key of the priority.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder priorityKey(String value) {
            this.priorityKey = value;
            return this;
        }

        /**
         * Sets the key of the remaining time.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder quotaTimeKey(String value) {
            this.quotaTimeKey = value;
            return this;
        }

        /**
         * Sets the key of the remaining volume.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder quotaVolumeKey(String value) {
            this.quotaVolumeKey = value;
            return this;
        }

        /**
         * Sets the key of the next cron moment.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder quotaCronKey(String value) {
            this.quotaCronKey = value;
            return this;
        }

        /**
         * Sets the key of the default action.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder defaultActionKey(String value) {
            this.defaultActionKey = value;
            return this;
        }

        /**
         * Sets the key of the default redirect URL.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder redirectUrlKey(String value) {
            this.redirectUrlKey = value;
            return this;
        }

        /**
         * Sets the key of a URL rule.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder urlRuleKey(String value) {
            this.urlRuleKey = value;
            return this;
        }

        /**
         * Sets the key of a URL list entry.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder urlListKey(String value) {
            this.urlListKey = value;
            return this;
        }

        /**
         * Sets the key of the CoA command.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder commandKey(String value) {
            this.commandKey = value;
            return this;
        }

        /**
         * Sets the CoA command's value.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder reauthCommand(String value) {
            this.reauthCommand = value;
            return this;
        }

        /**
         * Builds the mapping.
         *
         * @return the mapping
         * @throws PcrfException if a key is blank or contains {@code =}, or the two request values are the same
         */
        public BrasAttributeMapping build() {
            return new BrasAttributeMapping(this);
        }
    }
}
