package org.netlever.pcrf.model;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.netlever.pcrf.PcrfException;

/**
 * Everything the PCRF engine runs on (S3.1–S3.6): URL lists, services, scenarios, tariff plans and the domain tree,
 * checked together. {@link Builder#build()} reports every problem at once — a scenario step whose service has no
 * finite condition (S3.3), an unknown service, list or scenario, a duplicate name — each with its field.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class PcrfDefinitions {

    private final Map<String, UrlList> urlLists;
    private final Map<String, PcrfService> services;
    private final Map<String, Scenario> scenarios;
    private final Map<String, TariffPlan> tariffPlans;
    private final DomainTree domains;

    private PcrfDefinitions(Builder b) {
        this.urlLists = Map.copyOf(b.urlLists);
        this.services = Map.copyOf(b.services);
        this.scenarios = Map.copyOf(b.scenarios);
        this.tariffPlans = Map.copyOf(b.tariffPlans);
        this.domains = new DomainTree(b.zones);
    }

    /**
     * A builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A URL list by name.
     *
     * @param name the name
     * @return the list, or empty
     */
    public Optional<UrlList> urlList(String name) {
        return Optional.ofNullable(urlLists.get(name));
    }

    /**
     * A service by name.
     *
     * @param name the name
     * @return the service, or empty
     */
    public Optional<PcrfService> service(String name) {
        return Optional.ofNullable(services.get(name));
    }

    /**
     * A scenario by name.
     *
     * @param name the name
     * @return the scenario, or empty
     */
    public Optional<Scenario> scenario(String name) {
        return Optional.ofNullable(scenarios.get(name));
    }

    /**
     * A tariff plan by code.
     *
     * @param code the code
     * @return the plan, or empty
     */
    public Optional<TariffPlan> tariffPlan(String code) {
        return Optional.ofNullable(tariffPlans.get(code));
    }

    /**
     * The service of a scenario step.
     *
     * @param scenario the scenario
     * @param step the step
     * @return the service
     * @throws PcrfException if the step is out of range
     */
    public PcrfService serviceAt(Scenario scenario, int step) {
        if (step < 0 || step >= scenario.steps().size()) {
            throw new PcrfException("scenario " + scenario.name() + " has no step " + step);
        }
        return services.get(scenario.steps().get(step));
    }

    /**
     * The domain tree.
     *
     * @return the tree
     */
    public DomainTree domains() {
        return domains;
    }

    /**
     * All URL lists.
     *
     * @return by name
     */
    public Map<String, UrlList> urlLists() {
        return urlLists;
    }

    /**
     * All services.
     *
     * @return by name
     */
    public Map<String, PcrfService> services() {
        return services;
    }

    /**
     * All scenarios.
     *
     * @return by name
     */
    public Map<String, Scenario> scenarios() {
        return scenarios;
    }

    /**
     * All tariff plans.
     *
     * @return by code
     */
    public Map<String, TariffPlan> tariffPlans() {
        return tariffPlans;
    }

    /**
     * Collects definitions and checks them together. Not thread-safe.
     */
    public static final class Builder {
        private final Map<String, UrlList> urlLists = new LinkedHashMap<>();
        private final Map<String, PcrfService> services = new LinkedHashMap<>();
        private final Map<String, Scenario> scenarios = new LinkedHashMap<>();
        private final Map<String, TariffPlan> tariffPlans = new LinkedHashMap<>();
        private final Map<String, ZoneId> zones = new LinkedHashMap<>();
        private final List<DefinitionProblem> problems = new ArrayList<>();

        private Builder() {
        }

        /**
         * Adds a URL list.
         *
         * @param list the list
         * @return this builder
         */
        public Builder urlList(UrlList list) {
            if (urlLists.putIfAbsent(list.name(), list) != null) {
                problems.add(new DefinitionProblem("urlLists." + list.name(), "defined twice"));
            }
            return this;
        }

        /**
         * Adds a service.
         *
         * @param service the service
         * @return this builder
         */
        public Builder service(PcrfService service) {
            if (services.putIfAbsent(service.name(), service) != null) {
                problems.add(new DefinitionProblem("services." + service.name(), "defined twice"));
            }
            return this;
        }

        /**
         * Adds a scenario.
         *
         * @param scenario the scenario
         * @return this builder
         */
        public Builder scenario(Scenario scenario) {
            if (scenarios.putIfAbsent(scenario.name(), scenario) != null) {
                problems.add(new DefinitionProblem("scenarios." + scenario.name(), "defined twice"));
            }
            return this;
        }

        /**
         * Adds a tariff plan.
         *
         * @param plan the plan
         * @return this builder
         */
        public Builder tariffPlan(TariffPlan plan) {
            if (tariffPlans.putIfAbsent(plan.code(), plan) != null) {
                problems.add(new DefinitionProblem("tariffPlans." + plan.code(), "defined twice"));
            }
            return this;
        }

        /**
         * Sets a domain's time zone.
         *
         * @param domain the dotted domain name
         * @param zone its zone
         * @return this builder
         */
        public Builder domainZone(String domain, ZoneId zone) {
            if (zones.putIfAbsent(Objects.requireNonNull(domain, "domain"), Objects.requireNonNull(zone, "zone"))
                    != null) {
                problems.add(new DefinitionProblem("domains." + domain, "has two time zones"));
            }
            return this;
        }

        /**
         * Records a problem found while reading the definitions (by {@link DefinitionsJson}), to be reported with the
         * rest.
         *
         * @param problem the problem
         * @return this builder
         */
        public Builder problem(DefinitionProblem problem) {
            problems.add(Objects.requireNonNull(problem, "problem"));
            return this;
        }

        /**
         * Checks everything together and builds the definitions.
         *
         * @return the definitions
         * @throws PcrfDefinitionException listing every problem
         */
        public PcrfDefinitions build() {
            List<DefinitionProblem> all = new ArrayList<>(problems);
            for (PcrfService service : services.values()) {
                for (int i = 0; i < service.rules().size(); i++) {
                    String list = service.rules().get(i).list();
                    if (!urlLists.containsKey(list)) {
                        all.add(new DefinitionProblem("services." + service.name() + ".rules[" + i + "].list",
                                "no URL list named '" + list + "'"));
                    }
                }
            }
            for (Scenario scenario : scenarios.values()) {
                if (scenario.steps().isEmpty()) {
                    all.add(new DefinitionProblem("scenarios." + scenario.name() + ".steps", "a scenario has at "
                            + "least one step"));
                }
                for (int i = 0; i < scenario.steps().size(); i++) {
                    String name = scenario.steps().get(i);
                    PcrfService service = services.get(name);
                    String field = "scenarios." + scenario.name() + ".steps[" + i + "]";
                    if (service == null) {
                        all.add(new DefinitionProblem(field, "no service named '" + name + "'"));
                    } else if (!service.isFinite()) {
                        all.add(new DefinitionProblem(field, "service '" + name + "' has no time quota, volume quota "
                                + "or cron limit, so the step could never end (S3.3)"));
                    }
                }
            }
            for (TariffPlan plan : tariffPlans.values()) {
                if (!scenarios.containsKey(plan.scenario())) {
                    all.add(new DefinitionProblem("tariffPlans." + plan.code() + ".scenario", "no scenario named '"
                            + plan.scenario() + "'"));
                }
            }
            if (!all.isEmpty()) {
                throw new PcrfDefinitionException(all);
            }
            return new PcrfDefinitions(this);
        }
    }
}
