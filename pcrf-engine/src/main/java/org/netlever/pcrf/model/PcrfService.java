package org.netlever.pcrf.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A PCRF service (S3.2): what the BRAS applies to a subscriber on one scenario step — a traffic class (an ACL name on
 * the BRAS), the quotas that end the step (time, volume, a cron limit; S3.3), the accounting interim interval, a
 * priority, a default action and ordered URL-filter rules.
 *
 * <p>Instances are immutable and thread-safe. Build them with {@link #builder(String)}; consistency with other
 * definitions (known URL lists, finite services in scenarios) is checked by {@link PcrfDefinitions}.
 *
 * @param name the service's name, e.g. {@code limit2h1Gb}
 * @param domain the service domain it is defined in, e.g. {@code root}
 * @param trafficClass the BRAS traffic class (ACL), e.g. {@code INTERNET} or {@code WELCOME}
 * @param timeQuota online time allowed on the step, whole seconds
 * @param volumeQuota octets allowed on the step, input and output together
 * @param cronLimit the moments the step ends by the clock
 * @param interimInterval how often the BRAS sends accounting for the service
 * @param priority lower is processed first by the BRAS
 * @param defaultAction what happens to traffic no rule matched
 * @param rules URL-filter rules, in order
 */
public record PcrfService(String name, String domain, String trafficClass, Optional<Duration> timeQuota,
        OptionalLong volumeQuota, Optional<CronLimit> cronLimit, Duration interimInterval, int priority,
        DefaultAction defaultAction, List<UrlRule> rules) {

    /**
     * Checks the values and copies the rules.
     *
     * @throws IllegalArgumentException if a quota or the interval is not positive
     */
    public PcrfService {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(trafficClass, "trafficClass");
        Objects.requireNonNull(timeQuota, "timeQuota");
        Objects.requireNonNull(volumeQuota, "volumeQuota");
        Objects.requireNonNull(cronLimit, "cronLimit");
        Objects.requireNonNull(interimInterval, "interimInterval");
        Objects.requireNonNull(defaultAction, "defaultAction");
        rules = List.copyOf(rules);
        if (timeQuota.isPresent() && (timeQuota.get().isNegative() || timeQuota.get().toSeconds() < 1)) {
            throw new IllegalArgumentException("service " + name + ": the time quota is at least 1 s, got "
                    + timeQuota.get());
        }
        if (volumeQuota.isPresent() && volumeQuota.getAsLong() < 1) {
            throw new IllegalArgumentException("service " + name + ": the volume quota is at least 1 octet, got "
                    + volumeQuota.getAsLong());
        }
        if (interimInterval.isNegative() || interimInterval.toSeconds() < 1) {
            throw new IllegalArgumentException("service " + name + ": the interim interval is at least 1 s, got "
                    + interimInterval);
        }
    }

    /**
     * Whether the service ends by itself (S3.3): it has a time quota, a volume quota or a cron limit.
     *
     * @return {@code true} if a scenario may use it as a step
     */
    public boolean isFinite() {
        return timeQuota.isPresent() || volumeQuota.isPresent() || cronLimit.isPresent();
    }

    /**
     * A builder with domain {@code root}, traffic class {@code INTERNET}, no quotas, a 300 s interim interval,
     * priority 10, permit by default and no rules.
     *
     * @param name the service's name
     * @return a new builder
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /**
     * Builds a {@link PcrfService}. Not thread-safe.
     */
    public static final class Builder {
        private final String name;
        private String domain = "root";
        private String trafficClass = "INTERNET";
        private Optional<Duration> timeQuota = Optional.empty();
        private OptionalLong volumeQuota = OptionalLong.empty();
        private Optional<CronLimit> cronLimit = Optional.empty();
        private Duration interimInterval = Duration.ofSeconds(300);
        private int priority = 10;
        private DefaultAction defaultAction = DefaultAction.permit();
        private final List<UrlRule> rules = new ArrayList<>();

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        /**
         * The service domain.
         *
         * @param value the domain
         * @return this builder
         */
        public Builder domain(String value) {
            this.domain = value;
            return this;
        }

        /**
         * The traffic class.
         *
         * @param value the ACL name
         * @return this builder
         */
        public Builder trafficClass(String value) {
            this.trafficClass = value;
            return this;
        }

        /**
         * A time quota.
         *
         * @param value the online time allowed
         * @return this builder
         */
        public Builder timeQuota(Duration value) {
            this.timeQuota = Optional.of(value);
            return this;
        }

        /**
         * A volume quota.
         *
         * @param octets the octets allowed
         * @return this builder
         */
        public Builder volumeQuota(long octets) {
            this.volumeQuota = OptionalLong.of(octets);
            return this;
        }

        /**
         * A cron limit.
         *
         * @param expression a Quartz cron expression
         * @return this builder
         */
        public Builder cronLimit(String expression) {
            this.cronLimit = Optional.of(new CronLimit(expression));
            return this;
        }

        /**
         * The accounting interim interval.
         *
         * @param value the interval
         * @return this builder
         */
        public Builder interimInterval(Duration value) {
            this.interimInterval = value;
            return this;
        }

        /**
         * The priority.
         *
         * @param value lower is processed first
         * @return this builder
         */
        public Builder priority(int value) {
            this.priority = value;
            return this;
        }

        /**
         * The default action.
         *
         * @param value the action
         * @return this builder
         */
        public Builder defaultAction(DefaultAction value) {
            this.defaultAction = value;
            return this;
        }

        /**
         * Adds a URL-filter rule at the end.
         *
         * @param rule the rule
         * @return this builder
         */
        public Builder rule(UrlRule rule) {
            rules.add(rule);
            return this;
        }

        /**
         * Builds the service.
         *
         * @return the service
         */
        public PcrfService build() {
            return new PcrfService(name, domain, trafficClass, timeQuota, volumeQuota, cronLimit, interimInterval,
                    priority, defaultAction, rules);
        }
    }
}
