package org.netlever.pcrf.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.netlever.pcrf.PcrfException;

/**
 * Reads {@link PcrfDefinitions} from JSON, reporting every problem with its path. The format (the seed's example is
 * {@code examples/pcrf/limit-2h-1gb.json}):
 *
 * <pre>{@code
 * {
 *   "domains":     [ { "name": "Sibir.OTT.root", "timezone": "Asia/Yekaterinburg" } ],
 *   "urlLists":    [ { "name": "welcome",    "urls":    [ "http://10.10.5.50:9000/eltex_portal/" ] },
 *                    { "name": "white_list", "regexes": [ "^(https|http):\\/\\/eltex-co\\.ru\\/" ] } ],
 *   "services":    [ { "name": "limit2h1Gb", "domain": "root", "trafficClass": "INTERNET",
 *                      "timeQuota": "PT2H", "volumeQuota": 1073741824, "interimInterval": 300,
 *                      "priority": 10, "defaultAction": "permit" },
 *                    { "name": "blocking", "trafficClass": "WELCOME", "interimInterval": "PT5M",
 *                      "defaultAction": { "redirect": "http://10.10.5.50:9000/eltex_portal/access-denied.jsp" },
 *                      "rules": [ { "action": "permit", "list": "welcome" },
 *                                 { "action": "permit", "list": "white_list" } ],
 *                      "cronLimit": "0 0 7 ? * MON-FRI" } ],
 *   "scenarios":   [ { "name": "limit", "steps": [ "limit2h1Gb", "blocking", "again" ] } ],
 *   "tariffPlans": [ { "name": "limitTP", "code": "limitTP", "domain": "root", "scenario": "limit",
 *                      "sessionLifetime": "PT24H" } ]
 * }
 * }</pre>
 *
 * <p>Durations are ISO-8601 strings ({@code PT2H}) or whole seconds; {@code again} as the last step of a scenario
 * sends the subscriber back to step 0 (S3.4); a rule's action is {@code permit}, {@code redirect} (with an optional
 * {@code url}) or {@code deny}; {@code domain} defaults to {@code root}, {@code trafficClass} to {@code INTERNET},
 * {@code interimInterval} to 300 s, {@code priority} to 10, {@code defaultAction} to {@code permit}; time zones are
 * IANA region ids — abbreviations like {@code YEKT} are refused as ambiguous.
 *
 * <p>Stateless and thread-safe.
 */
public final class DefinitionsJson {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ZONE_ID = Pattern.compile("[A-Za-z]+(/[A-Za-z0-9_+\\-]+)+|UTC|Etc/[A-Za-z0-9+\\-]+");

    private DefinitionsJson() {
    }

    /**
     * Reads definitions from a file.
     *
     * @param file the JSON file
     * @return the definitions
     * @throws PcrfDefinitionException listing every problem
     * @throws PcrfException if the file cannot be read
     */
    public static PcrfDefinitions read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in);
        } catch (IOException e) {
            throw new PcrfException("cannot read PCRF definitions from " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads definitions from a stream.
     *
     * @param in the JSON
     * @return the definitions
     * @throws PcrfDefinitionException listing every problem, malformed JSON included
     */
    public static PcrfDefinitions read(InputStream in) {
        JsonNode root;
        try {
            root = JSON.readTree(in);
        } catch (JsonProcessingException e) {
            throw new PcrfDefinitionException(List.of(new DefinitionProblem("(document)", "not valid JSON at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ": "
                    + e.getOriginalMessage())));
        } catch (IOException e) {
            throw new PcrfException("cannot read PCRF definitions: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new PcrfDefinitionException(List.of(new DefinitionProblem("(document)",
                    "a JSON object with domains, urlLists, services, scenarios and tariffPlans")));
        }
        PcrfDefinitions.Builder builder = PcrfDefinitions.builder();
        Reader reader = new Reader(builder);
        reader.known(root, "(document)", "domains", "urlLists", "services", "scenarios", "tariffPlans");
        reader.each(root, "domains", reader::domain);
        reader.each(root, "urlLists", reader::urlList);
        reader.each(root, "services", reader::service);
        reader.each(root, "scenarios", reader::scenario);
        reader.each(root, "tariffPlans", reader::tariffPlan);
        return builder.build();
    }

    private interface Item {
        void read(JsonNode node, String path);
    }

    private static final class Reader {
        private final PcrfDefinitions.Builder builder;

        Reader(PcrfDefinitions.Builder builder) {
            this.builder = builder;
        }

        void problem(String path, String reason) {
            builder.problem(new DefinitionProblem(path, reason));
        }

        /** Reports fields no one reads (a typo would otherwise silently drop a limit); "_…" fields are comments. */
        void known(JsonNode node, String path, String... fields) {
            java.util.Set<String> allowed = java.util.Set.of(fields);
            node.fieldNames().forEachRemaining(field -> {
                if (!field.startsWith("_") && !allowed.contains(field)) {
                    problem(path + "." + field, "unknown field; expected one of " + new java.util.TreeSet<>(allowed));
                }
            });
        }

        void each(JsonNode root, String field, Item item) {
            JsonNode array = root.get(field);
            if (array == null) {
                return;
            }
            if (!array.isArray()) {
                problem(field, "an array");
                return;
            }
            for (int i = 0; i < array.size(); i++) {
                JsonNode node = array.get(i);
                String path = field + "[" + i + "]";
                if (!node.isObject()) {
                    problem(path, "an object");
                    continue;
                }
                item.read(node, path);
            }
        }

        Optional<String> text(JsonNode node, String field, String path, boolean required) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                if (required) {
                    problem(path + "." + field, "missing");
                }
                return Optional.empty();
            }
            if (!value.isTextual() || value.asText().isBlank()) {
                problem(path + "." + field, "a non-empty string, got " + value);
                return Optional.empty();
            }
            return Optional.of(value.asText());
        }

        Optional<Duration> duration(JsonNode node, String field, String path) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                return Optional.empty();
            }
            if (value.isIntegralNumber()) {
                if (value.asLong() < 1) {
                    problem(path + "." + field, "at least 1 second, got " + value.asLong());
                    return Optional.empty();
                }
                return Optional.of(Duration.ofSeconds(value.asLong()));
            }
            if (value.isTextual()) {
                try {
                    Duration d = Duration.parse(value.asText());
                    if (d.isNegative() || d.toSeconds() < 1) {
                        problem(path + "." + field, "at least 1 second, got " + value.asText());
                        return Optional.empty();
                    }
                    return Optional.of(d);
                } catch (DateTimeParseException e) {
                    problem(path + "." + field, "'" + value.asText() + "' is not an ISO-8601 duration such as PT2H");
                    return Optional.empty();
                }
            }
            problem(path + "." + field, "whole seconds or an ISO-8601 duration, got " + value);
            return Optional.empty();
        }

        void domain(JsonNode node, String path) {
            known(node, path, "name", "timezone");
            Optional<String> name = text(node, "name", path, true);
            Optional<String> zone = text(node, "timezone", path, false);
            if (name.isEmpty() || zone.isEmpty()) {
                return;
            }
            if (!ZONE_ID.matcher(zone.get()).matches()) {
                problem(path + ".timezone", "'" + zone.get() + "' is not an IANA region id such as "
                        + "Asia/Yekaterinburg (abbreviations like YEKT are ambiguous)");
                return;
            }
            try {
                builder.domainZone(name.get(), ZoneId.of(zone.get()));
            } catch (DateTimeException e) {
                problem(path + ".timezone", "'" + zone.get() + "' is not a known time zone");
            }
        }

        void urlList(JsonNode node, String path) {
            known(node, path, "name", "urls", "regexes");
            Optional<String> name = text(node, "name", path, true);
            List<String> urls = new ArrayList<>();
            List<Pattern> regexes = new ArrayList<>();
            JsonNode plain = node.get("urls");
            if (plain != null) {
                for (int i = 0; plain.isArray() && i < plain.size(); i++) {
                    if (plain.get(i).isTextual() && !plain.get(i).asText().isBlank()) {
                        urls.add(plain.get(i).asText());
                    } else {
                        problem(path + ".urls[" + i + "]", "a URL string");
                    }
                }
            }
            JsonNode patterns = node.get("regexes");
            if (patterns != null) {
                for (int i = 0; patterns.isArray() && i < patterns.size(); i++) {
                    try {
                        regexes.add(Pattern.compile(patterns.get(i).asText()));
                    } catch (PatternSyntaxException e) {
                        problem(path + ".regexes[" + i + "]", "not a Java regular expression: "
                                + e.getDescription() + " near index " + e.getIndex());
                    }
                }
            }
            if (urls.isEmpty() && regexes.isEmpty() && (plain == null || plain.isEmpty())
                    && (patterns == null || patterns.isEmpty())) {
                problem(path, "a URL list has urls or regexes");
            }
            name.ifPresent(n -> builder.urlList(new UrlList(n, urls, regexes)));
        }

        void service(JsonNode node, String path) {
            Optional<String> name = text(node, "name", path, true);
            if (name.isEmpty()) {
                return;
            }
            String at = "services." + name.get();
            known(node, at, "name", "domain", "trafficClass", "timeQuota", "volumeQuota", "cronLimit",
                    "interimInterval", "priority", "defaultAction", "rules");
            PcrfService.Builder service = PcrfService.builder(name.get());
            text(node, "domain", at, false).ifPresent(service::domain);
            text(node, "trafficClass", at, false).ifPresent(service::trafficClass);
            duration(node, "timeQuota", at).ifPresent(service::timeQuota);
            duration(node, "interimInterval", at).ifPresent(service::interimInterval);
            JsonNode volume = node.get("volumeQuota");
            if (volume != null && !volume.isNull()) {
                if (volume.isIntegralNumber() && volume.asLong() >= 1) {
                    service.volumeQuota(volume.asLong());
                } else {
                    problem(at + ".volumeQuota", "a whole number of octets, at least 1, got " + volume);
                }
            }
            JsonNode priority = node.get("priority");
            if (priority != null) {
                if (priority.isInt()) {
                    service.priority(priority.asInt());
                } else {
                    problem(at + ".priority", "a whole number, got " + priority);
                }
            }
            text(node, "cronLimit", at, false).ifPresent(cron -> {
                try {
                    service.cronLimit(cron);
                } catch (IllegalArgumentException e) {
                    problem(at + ".cronLimit", e.getMessage());
                }
            });
            JsonNode action = node.get("defaultAction");
            if (action != null) {
                if (action.isTextual() && action.asText().equals("permit")) {
                    service.defaultAction(DefaultAction.permit());
                } else if (action.isObject() && action.has("redirect") && action.get("redirect").isTextual()) {
                    service.defaultAction(DefaultAction.redirect(action.get("redirect").asText()));
                } else {
                    problem(at + ".defaultAction", "\"permit\" or {\"redirect\": \"URL\"}, got " + action);
                }
            }
            JsonNode rules = node.get("rules");
            for (int i = 0; rules != null && rules.isArray() && i < rules.size(); i++) {
                JsonNode rule = rules.get(i);
                String rulePath = at + ".rules[" + i + "]";
                known(rule, rulePath, "action", "list", "url");
                Optional<String> list = text(rule, "list", rulePath, true);
                Optional<String> kind = text(rule, "action", rulePath, true);
                if (list.isEmpty() || kind.isEmpty()) {
                    continue;
                }
                RuleAction ruleAction;
                try {
                    ruleAction = RuleAction.valueOf(kind.get().toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    problem(rulePath + ".action", "permit, redirect or deny, got '" + kind.get() + "'");
                    continue;
                }
                service.rule(new UrlRule(ruleAction, list.get(), text(rule, "url", rulePath, false)));
            }
            try {
                builder.service(service.build());
            } catch (IllegalArgumentException e) {
                problem(at, e.getMessage());
            }
        }

        void scenario(JsonNode node, String path) {
            known(node, path, "name", "steps");
            Optional<String> name = text(node, "name", path, true);
            JsonNode steps = node.get("steps");
            if (name.isEmpty()) {
                return;
            }
            if (steps == null || !steps.isArray()) {
                problem("scenarios." + name.get() + ".steps", "an array of service names, optionally ending with "
                        + "\"again\"");
                return;
            }
            List<String> services = new ArrayList<>();
            boolean again = false;
            for (int i = 0; i < steps.size(); i++) {
                String step = steps.get(i).asText();
                if (step.equals("again")) {
                    if (i != steps.size() - 1) {
                        problem("scenarios." + name.get() + ".steps[" + i + "]", "\"again\" can only be the last step");
                    }
                    again = true;
                } else {
                    services.add(step);
                }
            }
            builder.scenario(new Scenario(name.get(), services, again));
        }

        void tariffPlan(JsonNode node, String path) {
            known(node, path, "name", "code", "domain", "scenario", "sessionLifetime");
            Optional<String> name = text(node, "name", path, true);
            Optional<String> code = text(node, "code", path, false).or(() -> name);
            Optional<String> scenario = text(node, "scenario", path, true);
            Optional<Duration> lifetime = duration(node, "sessionLifetime", path);
            if (name.isEmpty() || scenario.isEmpty()) {
                return;
            }
            builder.tariffPlan(new TariffPlan(name.get(), code.get(), text(node, "domain", path, false)
                    .orElse("root"), scenario.get(), lifetime.orElse(Duration.ofHours(24))));
        }
    }
}
