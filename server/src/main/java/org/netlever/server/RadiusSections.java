package org.netlever.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.netlever.aaa.call.AttributePolicy;
import org.netlever.aaa.call.CallAttributeMapping;
import org.netlever.aaa.radius.AttributeDefinition;
import org.netlever.aaa.radius.AttributeType;
import org.netlever.aaa.radius.RadiusDictionary;
import org.netlever.aaa.radius.RadiusSecret;
import org.netlever.aaa.radius.client.RadiusServerDefinition;
import org.netlever.aaa.radius.server.HandlerThread;
import org.netlever.aaa.radius.server.MessageAuthenticatorPolicy;
import org.netlever.aaa.radius.server.RadiusClientDefinition;
import org.netlever.aaa.radius.server.RadiusServer;
import org.netlever.pcrf.bras.BrasAttributeMapping;
import org.netlever.pcrf.bras.BrasHandler;
import org.netlever.server.ServeConfig.Bras;
import org.netlever.server.ServeConfig.CoaEndpoint;
import org.netlever.server.ServeConfig.Radius;
import org.netlever.server.ServeConfig.RadiusCommon;
import org.netlever.server.ServeConfig.RadiusTuning;
import org.netlever.server.ServeConfig.WorkerPool;
import org.netlever.server.ServeConfig.Softswitch;

/**
 * The RADIUS sections of a configuration — {@code radius}, {@code softswitch}, {@code bras} — and the CoA endpoints
 * {@code bras.coa} and {@code nasSync.coa} share. Every default is the library's. Not thread-safe: one per read.
 */
final class RadiusSections {

    private final ConfigFields f;

    RadiusSections(ConfigFields f) {
        this.f = f;
    }

    /** {@code radius}: the dictionary files; the curated dictionary alone if none or if one cannot be loaded. */
    RadiusCommon common(JsonNode node) {
        f.known(node, "radius", "dictionaries");
        List<Path> files = new ArrayList<>();
        List<String> names = f.texts(node, "radius", "dictionaries");
        for (int i = 0; i < names.size(); i++) {
            Path file = f.resolve(names.get(i));
            Optional<String> unreadable = ConfigFields.unreadable(file);
            if (unreadable.isPresent()) {
                f.problem("radius.dictionaries[" + i + "]", "cannot read " + file + ": " + unreadable.get());
            } else {
                files.add(file);
            }
        }
        RadiusDictionary dictionary = RadiusDictionary.standard();
        if (!files.isEmpty()) {
            try {
                dictionary = RadiusDictionary.standardWith(files);
            } catch (RuntimeException e) {
                f.problem("radius.dictionaries", e.getMessage());
            }
        }
        return new RadiusCommon(files, dictionary);
    }

    /** {@code softswitch}: listeners, the interim interval answered to Starts, the call attribute mapping. */
    Softswitch softswitch(JsonNode node, RadiusDictionary dictionary) {
        Radius radius = radius(node, "softswitch", 1812, 1813, List.of("attributePolicy"), "interimInterval",
                "mapping");
        Map<String, AttributePolicy> policies = new HashMap<>();
        JsonNode clients = node.get("clients");
        for (int i = 0; clients != null && clients.isArray() && i < clients.size(); i++) {
            // radius() has reported a client that is not a mapping or has no name.
            JsonNode item = clients.get(i);
            if (item.isObject() && item.path("name").isTextual()) {
                policies.put(item.get("name").asText(), f.enumeration(item, "softswitch.clients[" + i + "]",
                        "attributePolicy", AttributePolicy.class, AttributePolicy.LENIENT, "LENIENT (an optional "
                                + "attribute that does not parse is kept with the record, counted and logged) or "
                                + "STRICT (it refuses the request)"));
            }
        }
        Optional<Duration> interim = node.get("interimInterval") == null ? Optional.empty()
                : Optional.of(f.duration(node, "softswitch", "interimInterval", Duration.ofMinutes(1)));
        CallAttributeMapping mapping = callMapping(f.object(node, "softswitch", "mapping"), dictionary);
        return radius == null || mapping == null ? null : new Softswitch(radius, interim, mapping, policies);
    }

    /** {@code bras}: listeners, CoA endpoints, the Idle-Timeout and the PCRF attribute mapping. */
    Bras bras(JsonNode node, RadiusDictionary dictionary) {
        Radius radius = radius(node, "bras", 11812, 11813, List.of(), "coa", "idleTimeout", "mapping");
        List<CoaEndpoint> coa = f.each(node, "bras", "coa", (item, at) -> coaEndpoint(item, at, true));
        if (node.get("coa") == null || node.get("coa").isEmpty()) {
            f.problem("bras.coa", "at least one CoA endpoint (nas, address, secretFile) for services-reauth");
        }
        Set<String> nasNames = new HashSet<>();
        for (int i = 0; i < coa.size(); i++) {
            if (coa.get(i) != null && !nasNames.add(coa.get(i).nas())) {
                f.problem("bras.coa", "nas '" + coa.get(i).nas() + "' is listed twice: a NAS name selects one "
                        + "CoA endpoint");
            }
        }
        Duration idle = f.duration(node, "bras", "idleTimeout", BrasHandler.DEFAULT_IDLE_TIMEOUT);
        BrasAttributeMapping mapping = brasMapping(f.object(node, "bras", "mapping"), dictionary);
        return radius == null || mapping == null ? null : new Bras(radius, coa, idle, mapping);
    }

    private Radius radius(JsonNode node, String path, int authPort, int acctPort, List<String> clientFields,
            String... more) {
        List<String> fields = new ArrayList<>(List.of("auth", "acct", "clients", "tuning"));
        fields.addAll(List.of(more));
        f.known(node, path, fields.toArray(String[]::new));
        InetSocketAddress auth = f.address(node, path, "auth", "127.0.0.1:" + authPort);
        InetSocketAddress acct = f.address(node, path, "acct", "127.0.0.1:" + acctPort);
        List<RadiusClientDefinition> clients = new ArrayList<>();
        Set<String> names = new HashSet<>();
        f.each(node, path, "clients", (item, at) -> {
            List<String> known = new ArrayList<>(List.of("name", "address", "secretFile", "messageAuthenticator"));
            known.addAll(clientFields);
            f.known(item, at, known.toArray(String[]::new));
            String name = f.required(item, at, "name");
            String address = f.required(item, at, "address");
            String secret = f.text(item, at, "secretFile").map(file -> f.secretText(at + ".secretFile", file))
                    .orElse(null);
            if (item.get("secretFile") == null) {
                f.problem(at + ".secretFile", "required: the file holding the RADIUS shared secret");
            }
            MessageAuthenticatorPolicy policy = f.enumeration(item, at, "messageAuthenticator",
                    MessageAuthenticatorPolicy.class, RadiusClientDefinition.DEFAULT_MESSAGE_AUTHENTICATOR,
                    "REQUIRE (Access-Requests without Message-Authenticator are dropped), AUTO (required once the"
                            + " client has sent one) or OFF (legacy equipment only)");
            if (name != null && !names.add(name)) {
                f.problem(at + ".name", "'" + name + "' is listed twice");
            }
            if (name != null && address != null && secret != null) {
                try {
                    clients.add(RadiusClientDefinition.of(name, address, secret, policy));
                } catch (RuntimeException e) {
                    f.problem(at, e.getMessage());
                }
            }
            return null;
        });
        if (node.get("clients") == null || node.get("clients").isEmpty()) {
            f.problem(path + ".clients", "at least one RADIUS client (name, address, secretFile)");
        }
        RadiusTuning tuning = tuning(f.object(node, path, "tuning"), path + ".tuning");
        // A bad address is already a problem; no config is built then.
        return auth == null || acct == null || tuning == null ? null : new Radius(auth, acct, clients, tuning);
    }

    private RadiusTuning tuning(JsonNode node, String path) {
        f.known(node, path, "workers", "minWorkers", "queueCapacity", "maxQueueWait", "replyCacheTtl", "recentDrops",
                "readers", "handlerThread", "handlerTimeout");
        RadiusTuning defaults = RadiusTuning.defaults();
        int workers = f.integer(node, path, "workers", defaults.pool().workers(), 1, 65_536);
        int minWorkers = f.integer(node, path, "minWorkers", Math.min(RadiusServer.defaultMinWorkers(), workers), 1,
                65_536);
        if (minWorkers > workers) {
            f.problem(path + ".minWorkers", "at most workers (" + workers + "), got " + minWorkers);
            return null;
        }
        WorkerPool pool = new WorkerPool(workers, minWorkers,
                f.integer(node, path, "queueCapacity", defaults.pool().queueCapacity(), 1, 1_048_576),
                f.duration(node, path, "maxQueueWait", defaults.pool().maxQueueWait()));
        return new RadiusTuning(pool, f.integer(node, path, "readers", defaults.readers(), 1, 64),
                f.enumeration(node, path, "handlerThread", HandlerThread.class, defaults.handlerThread(),
                        "AUTO (on the reading thread while the handler is fast, on the workers otherwise), READER"
                                + " (always on the reading thread: handlers that never wait) or WORKERS (always handed"
                                + " to a worker)"),
                f.duration(node, path, "handlerTimeout", defaults.handlerTimeout()),
                f.duration(node, path, "replyCacheTtl", defaults.replyCacheTtl()),
                f.integer(node, path, "recentDrops", defaults.recentDrops(), 0, 65_536));
    }

    /** A CoA endpoint: {@code bras.coa[i]} (with {@code nas}) or {@code nasSync.coa} (without). */
    CoaEndpoint coaEndpoint(JsonNode item, String at, boolean withNas) {
        List<String> fields = new ArrayList<>(List.of("address", "secretFile", "retries", "retryTimeout"));
        if (withNas) {
            fields.add("nas");
        }
        f.known(item, at, fields.toArray(String[]::new));
        String nas = withNas ? f.required(item, at, "nas") : "*";
        InetSocketAddress address = item.get("address") == null ? null : f.address(item, at, "address", null);
        if (address != null && address.getPort() == 0) {
            f.problem(at + ".address", "a port from 1 to 65535 (3799 by RFC 5176), got 0");
            address = null;
        }
        if (item.get("address") == null) {
            f.problem(at + ".address", "required: the CoA host:port (3799 by RFC 5176)");
        }
        String secret = f.required(item, at, "secretFile");
        String text = secret == null ? null : f.secretText(at + ".secretFile", secret);
        int retries = f.integer(item, at, "retries", RadiusServerDefinition.DEFAULT_RETRY_COUNT, 1, 100);
        Duration retryTimeout = f.duration(item, at, "retryTimeout", RadiusServerDefinition.DEFAULT_RETRY_TIMEOUT);
        if (nas == null || address == null || text == null) {
            return null;
        }
        try {
            return new CoaEndpoint(nas, address, RadiusSecret.of(text), retries, retryTimeout);
        } catch (RuntimeException e) {
            f.problem(at + ".secretFile", e.getMessage());
            return null;
        }
    }

    /** {@code softswitch.mapping}: each group as the builder takes it, missing parts from the defaults. */
    private CallAttributeMapping callMapping(JsonNode node, RadiusDictionary dictionary) {
        String path = "softswitch.mapping";
        f.known(node, path, "pairType", "requestType", "numberKeys", "numberAttributePrefixes", "routingKeys",
                "commands", "supplementaryServiceKey", "timeZone", "zoneAbbreviations", "disconnectCauseRadix");
        CallAttributeMapping d = CallAttributeMapping.eltexSmg();
        CallAttributeMapping.Builder b = CallAttributeMapping.builder();
        int before = f.problems().size();
        attempt(path + ".pairType", () -> pairType(node, path, dictionary).ifPresent(b::pairType));
        JsonNode request = group(node, path, "requestType", "key", "routing", "authorization");
        attempt(path + ".requestType", () -> b.requestType(
                key(request, path + ".requestType", "key", d.requestTypeKey()),
                key(request, path + ".requestType", "routing", d.routingRequestValue()),
                key(request, path + ".requestType", "authorization", d.authorizationRequestValue())));
        JsonNode numbers = group(node, path, "numberKeys", "calling", "called");
        attempt(path + ".numberKeys", () -> b.numberKeys(key(numbers, path + ".numberKeys", "calling",
                d.callingNumberKey()), key(numbers, path + ".numberKeys", "called", d.calledNumberKey())));
        JsonNode prefixes = group(node, path, "numberAttributePrefixes", "calling", "called");
        String at = path + ".numberAttributePrefixes";
        attempt(at, () -> b.numberAttributePrefixes(key(prefixes, at, "calling", d.callingAttributePrefix()),
                key(prefixes, at, "called", d.calledAttributePrefix())));
        JsonNode routing = group(node, path, "routingKeys", "context", "tag", "domain", "incomingInterface",
                "attempt", "previousRelease");
        String r = path + ".routingKeys";
        attempt(r, () -> b.routingKeys(key(routing, r, "context", d.routingContextKey()),
                key(routing, r, "tag", d.tagKey()), key(routing, r, "domain", d.domainKey()),
                key(routing, r, "incomingInterface", d.incomingInterfaceKey()),
                key(routing, r, "attempt", d.attemptKey()), key(routing, r, "previousRelease", d.previousReleaseKey())));
        JsonNode commands = group(node, path, "commands", "prefix", "calling", "called", "tag");
        String c = path + ".commands";
        attempt(c, () -> b.commands(key(commands, c, "prefix", d.commandPrefix()),
                key(commands, c, "calling", d.callingCommand()), key(commands, c, "called", d.calledCommand()),
                key(commands, c, "tag", d.tagCommand())));
        attempt(path + ".supplementaryServiceKey", () -> b.supplementaryServiceKey(key(node, path,
                "supplementaryServiceKey", d.supplementaryServiceKey())));
        if (node.get("timeZone") != null) {
            ZoneId zone = f.parsed(node, path, "timeZone", ZoneId::of);
            if (zone != null) {
                b.timeZone(zone);
            }
        }
        JsonNode zones = f.object(node, path, "zoneAbbreviations");
        zones.fieldNames().forEachRemaining(abbreviation -> {
            ZoneId zone = f.parsed(zones, path + ".zoneAbbreviations", abbreviation, ZoneId::of);
            if (zone != null) {
                b.zoneAbbreviation(abbreviation, zone);
            }
        });
        int radix = f.integer(node, path, "disconnectCauseRadix", d.disconnectCauseRadix(), 10, 16);
        attempt(path + ".disconnectCauseRadix", () -> b.disconnectCauseRadix(radix));
        return f.problems().size() > before ? null : b.build();
    }

    /** {@code bras.mapping}: any of {@link BrasAttributeMapping}'s parts by name, the rest from the defaults. */
    private BrasAttributeMapping brasMapping(JsonNode node, RadiusDictionary dictionary) {
        String path = "bras.mapping";
        f.known(node, path, "pairType", "requestKey", "sessionRequest", "serviceRequest", "serviceKey", "tariffKey",
                "trafficClassKey", "priorityKey", "quotaTimeKey", "quotaVolumeKey", "quotaCronKey", "defaultActionKey",
                "redirectUrlKey", "urlRuleKey", "urlListKey", "commandKey", "reauthCommand");
        BrasAttributeMapping d = BrasAttributeMapping.defaults();
        int before = f.problems().size();
        BrasAttributeMapping.Builder b = d.toBuilder()
                .requestKey(key(node, path, "requestKey", d.requestKey()))
                .sessionRequest(key(node, path, "sessionRequest", d.sessionRequest()))
                .serviceRequest(key(node, path, "serviceRequest", d.serviceRequest()))
                .serviceKey(key(node, path, "serviceKey", d.serviceKey()))
                .tariffKey(key(node, path, "tariffKey", d.tariffKey()))
                .trafficClassKey(key(node, path, "trafficClassKey", d.trafficClassKey()))
                .priorityKey(key(node, path, "priorityKey", d.priorityKey()))
                .quotaTimeKey(key(node, path, "quotaTimeKey", d.quotaTimeKey()))
                .quotaVolumeKey(key(node, path, "quotaVolumeKey", d.quotaVolumeKey()))
                .quotaCronKey(key(node, path, "quotaCronKey", d.quotaCronKey()))
                .defaultActionKey(key(node, path, "defaultActionKey", d.defaultActionKey()))
                .redirectUrlKey(key(node, path, "redirectUrlKey", d.redirectUrlKey()))
                .urlRuleKey(key(node, path, "urlRuleKey", d.urlRuleKey()))
                .urlListKey(key(node, path, "urlListKey", d.urlListKey()))
                .commandKey(key(node, path, "commandKey", d.commandKey()))
                .reauthCommand(key(node, path, "reauthCommand", d.reauthCommand()));
        pairType(node, path, dictionary).ifPresent(b::pairType);
        if (f.problems().size() > before) {
            return null;
        }
        try {
            return b.build();
        } catch (RuntimeException e) {
            f.problem(path, e.getMessage());
            return null;
        }
    }

    /** An AV-pair attribute by its dictionary name; it must carry text. */
    private Optional<AttributeType> pairType(JsonNode node, String path, RadiusDictionary dictionary) {
        if (node.get("pairType") == null) {
            return Optional.empty();
        }
        String name = f.required(node, path, "pairType");
        if (name == null) {
            return Optional.empty();
        }
        Optional<AttributeType> type = dictionary.definition(name)
                .filter(def -> def.dataType() == AttributeDefinition.DataType.STRING)
                .map(AttributeDefinition::type);
        if (type.isEmpty()) {
            f.problem(path + ".pairType", dictionary.definition(name).isPresent()
                    ? "'" + name + "' does not carry text; an AV-pair attribute is a string"
                    : "no attribute '" + name + "' in the RADIUS dictionary (add a file to radius.dictionaries)");
        }
        return type;
    }

    /** A nested group of a mapping, checked for unknown fields. */
    private JsonNode group(JsonNode node, String path, String field, String... fields) {
        JsonNode group = f.object(node, path, field);
        f.known(group, path + "." + field, fields);
        return group;
    }

    /** A key (or value) of a mapping, the default when absent. */
    private String key(JsonNode node, String path, String field, String fallback) {
        return f.text(node, path, field).orElse(fallback);
    }

    /** Runs a builder step, turning the builder's refusal into a problem at {@code field}. */
    private void attempt(String field, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            f.problem(field, e.getMessage());
        }
    }
}
