package org.netlever.pcrf.softwlc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.netlever.pcrf.PcrfEngine;
import org.netlever.pcrf.PcrfException;
import org.netlever.pcrf.ResetMoment;
import org.netlever.pcrf.SubscriberSeed;
import org.netlever.pcrf.model.PcrfDefinitions;
import org.netlever.pcrf.model.PcrfService;
import org.netlever.pcrf.model.Scenario;
import org.netlever.pcrf.model.TariffPlan;

/**
 * Brings Eltex SoftWLC's stored PCRF state into netlever (S3.7): the {@code mongoexport} output of its {@code pcrf}
 * database's {@code scripts} collection (per subscriber: {@code user_name}, {@code domain}, the scenario's
 * {@code title} and the {@code step}) and {@code service} collection (per subscriber: {@code user_domain} and a
 * {@code service_list} of services, each with its {@code service_domain} and what is left: {@code quota_time} in
 * seconds, {@code quota_volume} in octets, {@code quota_cron} the next reset moment), one JSON document a line, in
 * MongoDB Extended JSON v2 relaxed or canonical ({@code {"$numberLong":"7200"}}) form.
 *
 * <p>How the documents become netlever state ({@link PcrfEngine#seed}):
 * <ul>
 *   <li>The {@code title} is the scenario's name (netlever's definitions name scenarios alike, e.g. {@code limit});
 *       the subscriber is put on the tariff plan that binds that scenario — the only one, or the one named with
 *       {@link Builder#tariffPlan}.</li>
 *   <li>The {@code step} is the current step. SoftWLC counts {@code again} as a step of its own (the step after the
 *       last, e.g. step 2 of {@code limit}): a subscriber there is imported on step 0 with every limit armed afresh,
 *       which is where SoftWLC sends it next.</li>
 *   <li>Each service's values go to the steps with that service; {@code quota_cron} is read by
 *       {@link ResetMoment#parse(String, Map)} — ISO-8601 or {@code 06/24/2019 - 07:00:00 YEKT} — with the
 *       installation's abbreviations ({@link Builder#zones}) first. A limit with no value in the export is armed
 *       afresh, as is every limit of a subscriber with no {@code service} document. A reset moment that is already
 *       past fires at the engine's next cron round.</li>
 *   <li>Liberal and exact: a document that cannot be read, refers to a scenario, plan or service the definitions do
 *       not have (or a service of another {@code service_domain}), or has a value that does not fit (negative, more
 *       than the service's quota, a limit the service does not have, a zone not known) is skipped with its line,
 *       {@code user_name} and reason — the subscriber's other document with it — and the rest is imported.</li>
 *   <li>Idempotent: a subscriber netlever already has is kept as it is (reported as kept) unless
 *       {@link Builder#overwrite}; importing the same export twice changes nothing the second time.</li>
 * </ul>
 *
 * <p>Instances are immutable and thread-safe; a run reads its sources and talks to the engine from the calling thread.
 */
public final class SoftWlcImport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PcrfDefinitions definitions;
    private final Map<String, ZoneId> zones;
    private final Map<String, String> plans;
    private final boolean overwrite;
    private final boolean dryRun;

    private SoftWlcImport(Builder b) {
        this.definitions = b.definitions;
        this.zones = Map.copyOf(b.zones);
        this.plans = Map.copyOf(b.plans);
        this.overwrite = b.overwrite;
        this.dryRun = b.dryRun;
    }

    /**
     * A builder over the definitions the subscribers' scenarios are looked up in.
     *
     * @param definitions the engine's definitions
     * @return a new builder
     */
    public static Builder builder(PcrfDefinitions definitions) {
        return new Builder(definitions);
    }

    /**
     * Imports two export files.
     *
     * @param engine where the state goes
     * @param scripts the {@code scripts} collection's export
     * @param services the {@code service} collection's export
     * @return the report
     * @throws PcrfException if a file cannot be read
     */
    public ImportReport run(PcrfEngine engine, Path scripts, Path services) {
        try (Reader a = Files.newBufferedReader(scripts, StandardCharsets.UTF_8);
                Reader b = Files.newBufferedReader(services, StandardCharsets.UTF_8)) {
            return run(engine, scripts.getFileName().toString(), a, services.getFileName().toString(), b);
        } catch (IOException | UncheckedIOException e) {
            throw new PcrfException("cannot read the SoftWLC export " + scripts + " / " + services + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Imports two exports.
     *
     * @param engine where the state goes
     * @param scriptsName the scripts export's name in the report
     * @param scripts the {@code scripts} collection's export
     * @param servicesName the service export's name in the report
     * @param services the {@code service} collection's export
     * @return the report
     * @throws UncheckedIOException if a source cannot be read
     */
    public ImportReport run(PcrfEngine engine, String scriptsName, Reader scripts, String servicesName,
            Reader services) {
        Objects.requireNonNull(engine, "engine");
        List<ImportReport.Skipped> skipped = new ArrayList<>();
        Map<String, Script> byUser = new LinkedHashMap<>();
        for (Doc doc : read(scriptsName, scripts, skipped)) {
            try {
                Script script = new Script(doc, ExtendedJson.text(doc.node, "user_name"),
                        ExtendedJson.text(doc.node, "domain"), ExtendedJson.text(doc.node, "title"),
                        ExtendedJson.integer(doc.node, "step"));
                if (byUser.putIfAbsent(script.userName, script) != null) {
                    skipped.add(doc.skip(script.userName, "a second scripts document for this user_name (the first "
                            + "is on line " + byUser.get(script.userName).doc.line + ", imported if nothing else "
                            + "is wrong with it)"));
                }
            } catch (IllegalArgumentException e) {
                skipped.add(doc.skip(userName(doc.node), e.getMessage()));
            }
        }
        Map<String, Doc> serviceDocs = new HashMap<>();
        for (Doc doc : read(servicesName, services, skipped)) {
            String user = userName(doc.node);
            if (user.isEmpty()) {
                skipped.add(doc.skip("", "'user_name' is missing or not a string"));
            } else if (serviceDocs.putIfAbsent(user, doc) != null) {
                skipped.add(doc.skip(user, "a second service document for this user_name (the first is on line "
                        + serviceDocs.get(user).line + ")"));
            } else if (!byUser.containsKey(user)) {
                skipped.add(doc.skip(user, "no scripts document for this user_name, so no scenario or step"));
            }
        }
        List<ImportReport.Imported> imported = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        for (Script script : byUser.values()) {
            Doc serviceDoc = serviceDocs.get(script.userName);
            Doc blamed = script.doc;
            try {
                TariffPlan plan = plan(script);
                Scenario scenario = definitions.scenario(plan.scenario()).orElseThrow();
                SubscriberSeed seed;
                if (script.step == scenario.steps().size() && scenario.again()) {
                    seed = fresh(script, plan, scenario, 0);
                } else if (script.step < 0 || script.step >= scenario.steps().size()) {
                    throw new IllegalArgumentException("step " + script.step + " is not a step of scenario '"
                            + scenario.name() + "' (0 to " + (scenario.steps().size() - (scenario.again() ? 0 : 1))
                            + (scenario.again() ? ", the last being again" : "") + ")");
                } else if (serviceDoc == null) {
                    seed = fresh(script, plan, scenario, (int) script.step);
                } else {
                    blamed = serviceDoc;
                    seed = seed(script, serviceDoc, plan, scenario);
                }
                SubscriberSeed.Outcome outcome = dryRun ? engine.checkSeed(seed, overwrite)
                        : engine.seed(seed, overwrite);
                if (outcome == SubscriberSeed.Outcome.KEPT) {
                    kept.add(script.userName);
                } else {
                    imported.add(new ImportReport.Imported(script.userName, plan.code(), seed.step()));
                }
            } catch (IllegalArgumentException | PcrfException e) {
                skipped.add(blamed.skip(script.userName, e.getMessage()));
                if (serviceDoc != null && blamed != serviceDoc) {
                    skipped.add(serviceDoc.skip(script.userName, "not imported with its scripts document (line "
                            + script.doc.line + ")"));
                }
            }
        }
        skipped.sort(java.util.Comparator.comparing(ImportReport.Skipped::source, (x, y) ->
                x.equals(y) ? 0 : x.equals(scriptsName) ? -1 : 1).thenComparingInt(ImportReport.Skipped::line));
        return new ImportReport(dryRun, imported, kept, skipped);
    }

    private TariffPlan plan(Script script) {
        if (definitions.scenario(script.title).isEmpty()) {
            throw new IllegalArgumentException("scenario '" + script.title + "' is not in the definitions (they have "
                    + String.join(", ", new java.util.TreeSet<>(definitions.scenarios().keySet())) + ")");
        }
        String code = plans.get(script.title);
        if (code != null) {
            return definitions.tariffPlan(code).orElseThrow();
        }
        List<TariffPlan> binding = definitions.tariffPlans().values().stream()
                .filter(p -> p.scenario().equals(script.title)).toList();
        if (binding.size() != 1) {
            throw new IllegalArgumentException(binding.isEmpty()
                    ? "no tariff plan binds scenario '" + script.title + "'"
                    : "tariff plans " + binding.stream().map(TariffPlan::code).sorted()
                            .collect(Collectors.joining(", ")) + " all bind scenario '" + script.title
                            + "'; name the one to use for it");
        }
        return binding.get(0);
    }

    private static SubscriberSeed fresh(Script script, TariffPlan plan, Scenario scenario, int step) {
        return new SubscriberSeed(script.userName, script.domain, plan.code(), step,
                java.util.Collections.nCopies(scenario.steps().size(), SubscriberSeed.StepSeed.FRESH));
    }

    private SubscriberSeed seed(Script script, Doc doc, TariffPlan plan, Scenario scenario) {
        String domain = ExtendedJson.text(doc.node, "user_domain");
        if (!domain.equals(script.domain)) {
            throw new IllegalArgumentException("user_domain '" + domain + "' is not the scripts document's domain '"
                    + script.domain + "' (line " + script.doc.line + ")");
        }
        JsonNode list = doc.node.get("service_list");
        if (list == null || !list.isObject()) {
            throw new IllegalArgumentException("'service_list' is missing or not an object");
        }
        List<SubscriberSeed.StepSeed> steps = new ArrayList<>(
                java.util.Collections.nCopies(scenario.steps().size(), SubscriberSeed.StepSeed.FRESH));
        for (Map.Entry<String, JsonNode> entry : list.properties()) {
            String name = entry.getKey();
            JsonNode values = entry.getValue();
            if (!scenario.steps().contains(name)) {
                throw new IllegalArgumentException("service '" + name + "' is not in scenario '" + scenario.name()
                        + "' (" + String.join(", ", scenario.steps()) + ")");
            }
            if (!values.isObject()) {
                throw new IllegalArgumentException("service '" + name + "' is not an object: " + values);
            }
            PcrfService service = definitions.service(name).orElseThrow();
            if (values.has("service_domain")
                    && !ExtendedJson.text(values, "service_domain").equals(service.domain())) {
                throw new IllegalArgumentException("service '" + name + "' is of service_domain '"
                        + values.get("service_domain").asText() + "', netlever's is of '" + service.domain() + "'");
            }
            SubscriberSeed.StepSeed step;
            try {
                step = new SubscriberSeed.StepSeed(optional(values, "quota_time"), optional(values, "quota_volume"),
                        values.has("quota_cron") ? Optional.of(cron(values)) : Optional.empty());
            } catch (IllegalArgumentException | PcrfException e) {
                throw new IllegalArgumentException("service '" + name + "': " + e.getMessage(), e);
            }
            for (int k = 0; k < scenario.steps().size(); k++) {
                if (scenario.steps().get(k).equals(name)) {
                    steps.set(k, step);
                }
            }
        }
        int step = (int) script.step;
        return new SubscriberSeed(script.userName, script.domain, plan.code(), step, steps);
    }

    private Instant cron(JsonNode values) {
        return ResetMoment.parse(ExtendedJson.text(values, "quota_cron"), zones).instant();
    }

    private static OptionalLong optional(JsonNode node, String field) {
        return node.has(field) ? OptionalLong.of(ExtendedJson.integer(node, field)) : OptionalLong.empty();
    }

    private static String userName(JsonNode node) {
        JsonNode name = node.get("user_name");
        return name != null && name.isTextual() ? name.asText() : "";
    }

    /** Reads a JSON-lines export; a line that is not a JSON object is reported and left out. */
    private static List<Doc> read(String source, Reader in, List<ImportReport.Skipped> skipped) {
        List<Doc> docs = new ArrayList<>();
        BufferedReader lines = in instanceof BufferedReader b ? b : new BufferedReader(in);
        try {
            String text;
            int line = 0;
            while ((text = lines.readLine()) != null) {
                line++;
                if (line == 1 && text.startsWith("\uFEFF")) {
                    text = text.substring(1);
                }
                if (text.isBlank()) {
                    continue;
                }
                try {
                    JsonNode node = JSON.readTree(text);
                    if (node.isObject()) {
                        docs.add(new Doc(source, line, node));
                    } else {
                        skipped.add(new ImportReport.Skipped(source, line, "", text.strip().startsWith("[")
                                ? "a JSON array: export one document a line (mongoexport without --jsonArray)"
                                : "not a JSON document: " + abbreviate(text)));
                    }
                } catch (JsonProcessingException e) {
                    skipped.add(new ImportReport.Skipped(source, line, "", "not JSON: "
                            + e.getOriginalMessage()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return docs;
    }

    private static String abbreviate(String text) {
        String t = text.strip();
        return t.length() <= 60 ? t : t.substring(0, 60) + "…";
    }

    /** A document and where it is. */
    private record Doc(String source, int line, JsonNode node) {
        ImportReport.Skipped skip(String userName, String reason) {
            return new ImportReport.Skipped(source, line, userName, reason);
        }
    }

    /** A scripts document, read. */
    private record Script(Doc doc, String userName, String domain, String title, long step) {
    }

    /**
     * Configures a {@link SoftWlcImport}. Not thread-safe.
     */
    public static final class Builder {
        private final PcrfDefinitions definitions;
        private final Map<String, ZoneId> zones = new HashMap<>();
        private final Map<String, String> plans = new HashMap<>();
        private boolean overwrite;
        private boolean dryRun;

        private Builder(PcrfDefinitions definitions) {
            this.definitions = Objects.requireNonNull(definitions, "definitions");
        }

        /**
         * The installation's zone abbreviations for {@code quota_cron}, consulted before netlever's own (exact
         * spelling), e.g. {@code NOVT -> Asia/Novosibirsk}.
         *
         * @param value the table
         * @return this builder
         */
        public Builder zones(Map<String, ZoneId> value) {
            value.forEach((k, v) -> zones.put(Objects.requireNonNull(k, "abbreviation"), Objects.requireNonNull(v,
                    "zone")));
            return this;
        }

        /**
         * The tariff plan subscribers of a scenario are put on, when several plans bind it.
         *
         * @param scenario the scenario's name (SoftWLC's {@code title})
         * @param tariffCode the plan's code
         * @return this builder
         * @throws PcrfException if the definitions have no such plan, or it binds another scenario
         */
        public Builder tariffPlan(String scenario, String tariffCode) {
            TariffPlan plan = definitions.tariffPlan(tariffCode)
                    .orElseThrow(() -> new PcrfException("no tariff plan with code '" + tariffCode + "'"));
            if (!plan.scenario().equals(scenario)) {
                throw new PcrfException("tariff plan '" + tariffCode + "' binds scenario '" + plan.scenario()
                        + "', not '" + scenario + "'");
            }
            plans.put(scenario, tariffCode);
            return this;
        }

        /**
         * Whether subscribers netlever already has get the export's state (unless they have open sessions); by
         * default they keep theirs.
         *
         * @param value true to overwrite
         * @return this builder
         */
        public Builder overwrite(boolean value) {
            this.overwrite = value;
            return this;
        }

        /**
         * Whether to check everything and store nothing.
         *
         * @param value true for a dry run
         * @return this builder
         */
        public Builder dryRun(boolean value) {
            this.dryRun = value;
            return this;
        }

        /**
         * The import.
         *
         * @return the import
         */
        public SoftWlcImport build() {
            return new SoftWlcImport(this);
        }
    }
}
